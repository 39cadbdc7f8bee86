"""The threshold ``λ*``: the exact no-payment optimum of a symmetric instance (Section 5).

On a symmetric instance there is an optimal dual with ``λ(i, j) = λ`` for all
``i ≠ j`` (Proposition 2), and the partial Lagrangian becomes (Corollary 1,
equation (3))

.. math::

    \\mathcal L_λ(φ) = \\sum_{θ,i} μ_θ φ_θ(i) (s_θ(i) + nλ\\, r_θ(i)) - λ C,
    \\qquad C = \\sum_θ μ_θ \\sum_j r_θ(j).

Scaling: ``λ`` is the multiplier of one persuasiveness constraint exactly as
:mod:`persuasion.lp` writes it (:attr:`persuasion.Solution.multipliers`); the
weight on the receiver's payoff is ``w = nλ``.  The λ-scaled welfare
maximizer ``φ^λ`` (Definition 4) recommends an action maximizing
``s + nλ r``.  A symmetric scheme is persuasive iff the receiver's expected
payoff from following is at least ``C/n`` (Lemma 1), and that payoff grows
with ``λ`` (Lemma 2) while the sender's falls (Lemma 3).

``φ^λ`` only changes at finitely many *breakpoints*, the ``λ`` at which two
payoff pairs tie: ``nλ = (s_p − s_q)/(r_q − r_p)``.  :func:`threshold_optimum`
enumerates them in exact arithmetic, finds ``λ*`` — the smallest ``λ ≥ 0``
at which ``φ^λ`` with ties broken in the receiver's favour is persuasive —
and mixes, at ``λ*``, the tie-breaking in the sender's favour (not persuasive)
with the one in the receiver's favour (persuasive) so that persuasiveness
binds.  The mixture maximizes ``𝓛_{λ*}`` and satisfies complementary
slackness, so it is optimal; Proposition 3's ``φ^{λ*}`` with *uniform*
tie-breaking is not, in general (see the chapter "The lens of duality").
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
import sympy as sp

from ..exact import rational
from ..model import Instance
from ..rational import as_weight
from .lagrangian import _require_symmetric
from .weighted import ExactSolution, PayoffTable, exact_solution, mixture, weighted_scheme


def welfare_maximizer(
    instance: Instance, lam: Any, *, ties: str = "uniform", exact: bool = False
) -> np.ndarray:
    """``φ^λ`` of Definition 4: recommend an action maximizing ``s + nλ r``.

    ``ties="uniform"`` is Definition 4 verbatim; ``"receiver"`` / ``"sender"``
    give the schemes just above / just below ``λ`` (see
    :func:`persuasion.weighted_scheme`).
    """
    if not isinstance(instance, Instance):
        raise ValueError(f"instance must be a persuasion.Instance, got {type(instance).__name__}")
    value = as_weight("lam", lam)
    if value < 0:
        raise ValueError(f"lam must be non-negative, got {lam!r}")
    return weighted_scheme(instance, instance.n_actions * value, ties=ties, exact=exact)


def _breakpoint_weights(table: PayoffTable) -> list[Fraction]:
    """``0`` and every positive ``w`` at which two payoff pairs tie in ``s + w r``."""
    points = {Fraction(0)}
    pairs = list(zip(table.s, table.r, strict=True))
    for s_p, r_p in pairs:
        for s_q, r_q in pairs:
            if r_q > r_p and s_p > s_q:
                points.add((s_p - s_q) / (r_q - r_p))
    return sorted(points)


def breakpoints(instance: Instance) -> list[sp.Rational]:
    """The multipliers ``λ ≥ 0`` (``0`` included) at which ``φ^λ`` may change, exactly."""
    instance = _require_symmetric(instance)
    n = instance.n_actions
    return [rational(w / n) for w in _breakpoint_weights(PayoffTable(instance))]


@dataclass(frozen=True)
class LambdaPath:
    """Sender and receiver payoffs of ``φ^λ`` along ``λ`` (Lemmas 2 and 3), exactly.

    Attributes
    ----------
    multipliers: the breakpoints ``λ_0 = 0 < λ_1 < … < λ_K``.
    sender_at, receiver_at: payoffs of ``φ^{λ_k}`` (uniform ties) at each breakpoint.
    sender_after, receiver_after: payoffs of ``φ^λ`` for ``λ`` in ``(λ_k, λ_{k+1})``
        (``(λ_K, ∞)`` for the last), where the scheme is constant.
    level: ``C/n``; a symmetric scheme is persuasive iff its receiver payoff is
        at least ``level`` (Lemma 1).
    threshold: ``λ*``.
    """

    multipliers: tuple[sp.Rational, ...]
    sender_at: tuple[sp.Rational, ...]
    receiver_at: tuple[sp.Rational, ...]
    sender_after: tuple[sp.Rational, ...]
    receiver_after: tuple[sp.Rational, ...]
    level: sp.Rational
    threshold: sp.Rational
    n_actions: int

    def dual_function(self, lam: Any) -> sp.Rational:
        """``g(λ) = max_φ 𝓛_λ(φ) = E[max_i s + nλ r] − λC`` (equation (3)), exactly.

        ``g`` is convex and piecewise linear; its minimum over ``λ ≥ 0`` is the
        no-payment optimum, attained at ``λ*``.
        """
        value = as_weight("lam", lam)
        if value < 0:
            raise ValueError(f"lam must be non-negative, got {lam!r}")
        points = [Fraction(str(x)) for x in self.multipliers]
        k = bisect.bisect_right(points, value) - 1
        lam_r, n = rational(value), self.n_actions
        return self.sender_after[k] + lam_r * n * (self.receiver_after[k] - self.level)


def lambda_path(instance: Instance) -> LambdaPath:
    """Exact payoffs of ``φ^λ`` at and between every breakpoint, and ``λ*``."""
    instance = _require_symmetric(instance)
    table = PayoffTable(instance)
    n = instance.n_actions
    weights = _breakpoint_weights(table)
    at = [table.payoffs(table.argmax(w, "uniform")) for w in weights]
    after = [table.payoffs(table.argmax(w, "receiver")) for w in weights]
    level = table.receiver_total() / n
    k = next(k for k, (_, receiver) in enumerate(after) if receiver >= level)
    return LambdaPath(
        multipliers=tuple(rational(w / n) for w in weights),
        sender_at=tuple(rational(s) for s, _ in at),
        receiver_at=tuple(rational(r) for _, r in at),
        sender_after=tuple(rational(s) for s, _ in after),
        receiver_after=tuple(rational(r) for _, r in after),
        level=rational(level),
        threshold=rational(weights[k] / n),
        n_actions=n,
    )


def threshold_optimum(instance: Instance) -> ExactSolution:
    """The exact no-payment optimum of a symmetric instance through ``λ*`` (Section 5).

    1. Enumerate the breakpoints ``w = nλ`` of ``s + w r`` exactly.
    2. ``λ*`` is the smallest breakpoint at which ``φ^λ`` with ties broken in
       the receiver's favour (the scheme just above ``λ``) is persuasive, i.e.
       its receiver payoff ``R⁺`` is at least ``C/n`` (Lemmas 1–2); a binary
       search, since ``R⁺`` grows with ``λ``.
    3. If ``λ* = 0`` the answer is the sender's ex-post choice with ties broken
       in the receiver's favour.  Otherwise the sender-favoured tie-breaking
       at ``λ*`` (the scheme just below, receiver payoff ``R⁻ < C/n``) and the
       receiver-favoured one are mixed with probability
       ``α = (C/n − R⁻)/(R⁺ − R⁻)`` on the latter, so that persuasiveness binds.

    Returns an :class:`~persuasion.duality.ExactSolution` with ``multiplier``
    ``λ*``, ``weight`` ``nλ*`` and ``mixing`` ``α``; its ``exact_value`` equals
    :func:`persuasion.duality.lagrangian_bound` at the symmetric dual ``λ*``
    (an exact certificate of optimality).  Raises ``ValueError`` unless the
    instance is symmetric (:meth:`persuasion.Instance.is_symmetric`).
    """
    instance = _require_symmetric(instance)
    table = PayoffTable(instance)
    n = instance.n_actions
    weights = _breakpoint_weights(table)
    level = table.receiver_total() / n

    def receiver_above(k: int) -> Fraction:
        return table.payoffs(table.argmax(weights[k], "receiver"))[1]

    low, high = 0, len(weights) - 1       # receiver_above(high) ≥ level: the receiver's argmax
    while low < high:
        middle = (low + high) // 2
        if receiver_above(middle) >= level:
            high = middle
        else:
            low = middle + 1
    w = weights[low]
    plus = table.argmax(w, "receiver")
    if low == 0:
        scheme = mixture([plus], [Fraction(1)])
        return exact_solution(
            instance, scheme, "none", payment_model="none", multiplier=Fraction(0),
            regime="λ* = 0: the sender's ex-post choice, ties in the receiver's favour",
        )
    minus = table.argmax(w, "sender")
    r_minus, r_plus = table.payoffs(minus)[1], table.payoffs(plus)[1]
    alpha = (level - r_minus) / (r_plus - r_minus)
    scheme = mixture([minus, plus], [1 - alpha, alpha])
    return exact_solution(
        instance, scheme, "none", payment_model="none", multiplier=w / n,
        regime="λ* > 0: sender- and receiver-favoured tie-breaking mixed at λ*",
        mixing=alpha,
    )
