"""Exact regime boundaries of the dichotomy (Proposition 6) along a family of i.i.d. priors.

On a symmetric prior the optimum with non-negative payments is the no-payment
optimum when ``λ* ≤ 1/(n − 1)`` and the ``n/(n − 1)`` scheme with positive payments
otherwise (the precise dichotomy of the payments chapter).  By the corrected
Proposition 3, ``λ* > 1/(n − 1)`` exactly when the receiver-favoured maximizer of
``ξ + (n/(n − 1)) ρ`` is not persuasive, i.e. by Lemma 1 when its receiver payoff
``R⁺`` falls short of ``C/n = ρ·p``.

For i.i.d. action types the receiver payoff of a *priority* scheme — recommend an
action of the highest-ranked type present, uniformly among them — is a polynomial
in the type probabilities: the recommended type is ``t`` with probability

.. math::

    y_t = (1 − P_{<t})^n − (1 − P_{\\le t})^n \\quad \\text{(blocks of tied types share it
    in proportion to } p_t),

with ``P_{<t}`` the probability of the types ranked above ``t``.  When the prior
depends on a parameter, :func:`regime_boundaries` solves ``R⁺ = ρ·p`` for it with
SymPy, which turns a switch point read off a grid into an exact number.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sympy as sp

from ..validation import as_positive_int


def priority_reduced_form(prior: Sequence[Any], ranks: Sequence[Any], n_actions: int) -> list:
    """``y_t``: the probability that the recommended action has type ``t`` (SymPy).

    ``prior`` holds SymPy expressions (or numbers) ``p_t``; ``ranks`` any comparable keys,
    larger first; equal keys form one block, shared in proportion to ``p_t``.
    """
    n = as_positive_int("n_actions", n_actions, minimum=2)
    if len(prior) != len(ranks) or not prior:
        raise ValueError("prior and ranks must be non-empty and of the same length")
    p = [sp.sympify(v) for v in prior]
    keys = sorted(set(ranks), reverse=True)
    y: list = [sp.Integer(0)] * len(p)
    above = sp.Integer(0)
    for key in keys:
        block = [t for t, r in enumerate(ranks) if r == key]
        mass = sum((p[t] for t in block), sp.Integer(0))
        share = (1 - above) ** n - (1 - above - mass) ** n
        for t in block:
            y[t] = sp.simplify(share * p[t] / mass) if len(block) > 1 else share
        above += mass
    return y


def receiver_favoured_payoff(
    prior: Sequence[Any], sender: Sequence[Any], receiver: Sequence[Any], n_actions: int,
    weight: Any,
) -> sp.Expr:
    """``R⁺(w)``: the receiver's payoff under ``argmax ξ + w ρ`` with ties broken in her
    favour (then uniformly), for i.i.d. types with probabilities ``prior`` (SymPy)."""
    w = sp.Rational(weight)
    xi = [sp.Rational(v) for v in sender]
    rho = [sp.Rational(v) for v in receiver]
    if not (len(xi) == len(rho) == len(prior)):
        raise ValueError("prior, sender and receiver must have one entry per type")
    ranks = [(a + w * b, b) for a, b in zip(xi, rho, strict=True)]
    y = priority_reduced_form(prior, ranks, n_actions)
    return sp.expand(sum((b * v for b, v in zip(rho, y, strict=True)), sp.Integer(0)))


def regime_boundaries(
    prior: Sequence[Any], sender: Sequence[Any], receiver: Sequence[Any], n_actions: int,
    parameter: sp.Symbol, interval: tuple[Any, Any] = (0, 1),
) -> list[sp.Expr]:
    """The parameter values in the open ``interval`` where ``λ*`` crosses ``1/(n − 1)``.

    They solve ``R⁺(n/(n − 1)) = ρ·p`` (see the module doc); returned sorted, as exact
    SymPy numbers (radicals when the polynomial allows).
    """
    n = as_positive_int("n_actions", n_actions, minimum=2)
    if not isinstance(parameter, sp.Symbol):
        raise ValueError(f"parameter must be a SymPy symbol, got {parameter!r}")
    low, high = (sp.sympify(v) for v in interval)
    payoff = receiver_favoured_payoff(prior, sender, receiver, n, sp.Rational(n, n - 1))
    level = sum((sp.Rational(b) * sp.sympify(p) for b, p in zip(receiver, prior, strict=True)),
                sp.Integer(0))
    roots = sp.solve(sp.Eq(payoff, level), parameter)
    inside = [r for r in roots if r.is_real and low < r < high]
    return sorted({sp.nsimplify(sp.radsimp(r)) for r in inside}, key=lambda r: float(r))
