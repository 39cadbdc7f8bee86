"""Closed forms of Props. 7 and 8: budget-balanced and arbitrary payments, N receivers.

With expected payments ``Q_i(1)``, ``Q_i(0)`` that are free but must sum to
zero (budget balance), adding the ``2N`` persuasiveness constraints of
LP-Binary leaves one aggregate constraint, ``E[V(S)] ≥ 0`` with
``V = Σ_{i∈S} g_i(S) − Σ_{i∉S} g_i(S ∪ {i})`` (:func:`obedience_gain`).  Its
single multiplier ``γ* ≥ 0`` minimizes the convex, piecewise-linear dual

.. math::

    D(γ) = \\sum_θ μ_θ \\max_S \\big(f^θ(S) + γ V^θ(S)\\big),

and the optimal scheme recommends maximizers of ``f + γ* V`` (Prop. 7), mixing
between the maximizer with the smallest and the one with the largest ``V``,
with one probability ``t`` for all states, when no single choice satisfies
``E[V] ≥ 0`` with equality (complementary slackness for ``γ* > 0``).  With
arbitrary payments the multiplier is 1 and no mixing is needed (Prop. 8).
Payments follow the payment identity and equation (12).

Everything runs on floats or, with ``exact=True``, on fractions (SymPy results).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from ..errors import SolverError
from ..exact import rational
from ..validation import as_flag
from .externalities import (
    MultiInstance,
    _tables,
    evaluate_multi,
    obedience_gain,
    weighted_virtual_payoff,
)

#: Relative tolerance for ties between float values of ``f + γ V``.
TIE_TOL = 1e-9


@dataclass(frozen=True)
class ClosedFormScheme:
    """A scheme of Prop. 7 or 8 with its payments.

    Attributes
    ----------
    gamma: the multiplier ``γ`` (``γ*`` for Prop. 7, 1 for Prop. 8).
    scheme: shape ``(T, 2**N)``.
    value: the sender's expected utility net of payments.
    lower, upper: shape ``(T,)``; per state the maximizer of ``f + γV`` with the
        smallest and the largest ``V`` (bitmasks).
    mix: probability ``t`` of ``upper`` (``1 − t`` goes to ``lower``).
    Q1, Q0: expected payments ``Q_i(1)``, ``Q_i(0)``.
    p1, p0: payments of equation (12): ``p_i(1) = Q_i(1)/x_i`` when ``i`` is
        recommended 1, ``p_i(0) = Q_i(0)/(1 − x_i)`` when recommended 0.
    """

    gamma: Any
    scheme: np.ndarray
    value: Any
    lower: np.ndarray
    upper: np.ndarray
    mix: Any
    Q1: Any
    Q0: Any
    p1: Any
    p0: Any


def _tolerance(values: np.ndarray, exact: bool) -> Any:
    if exact:
        return 0
    return TIE_TOL * (1.0 + float(np.max(np.abs(values.astype(float)))))


def _extreme_maximizers(
    value: np.ndarray, slope: np.ndarray, tol: Any
) -> tuple[np.ndarray, np.ndarray]:
    """Per row: the maximizers of ``value`` with the smallest and largest ``slope``
    (smallest bitmask among equals)."""
    lower, upper = [], []
    for row_value, row_slope in zip(value, slope, strict=True):
        top = max(row_value)
        ties = [s for s, v in enumerate(row_value) if v >= top - tol]
        lower.append(min(ties, key=lambda s: (row_slope[s], s)))
        upper.append(min(ties, key=lambda s: (-row_slope[s], s)))
    return np.array(lower, dtype=int), np.array(upper, dtype=int)


def _to_output(value: Any, exact: bool) -> Any:
    return rational(value) if exact else float(value)


def gamma_star(instance: MultiInstance, exact: bool = False) -> Any:
    """The multiplier ``γ*`` of Prop. 7: the smallest minimizer over ``γ ≥ 0`` of ``D``.

    ``D`` is convex and piecewise linear; its right slope at ``γ`` is
    ``Σ_θ μ_θ max{V^θ(S) : S maximizes f^θ + γ V^θ}``.  Starting at 0, the
    search jumps from breakpoint to breakpoint of ``D`` (the next ``γ`` at which
    a set of larger ``V`` catches up with a maximizer) until the right slope is
    ``≥ 0``.  Exact (a SymPy rational) when ``exact=True``.
    """
    exact = as_flag("exact", exact)
    prior, sender, *_ = _tables(instance, exact)
    slope_table = obedience_gain(instance, exact)
    keep = np.array([p > 0 for p in prior])
    prior, sender, slope_table = prior[keep], sender[keep], slope_table[keep]
    tol = _tolerance(np.concatenate([sender.ravel(), slope_table.ravel()]), exact)
    gamma = Fraction(0) if exact else 0.0
    while True:
        value = sender + gamma * slope_table
        _, upper = _extreme_maximizers(value, slope_table, tol)
        rows = np.arange(len(upper))
        top = value[rows, upper]
        slope = slope_table[rows, upper]
        if (prior * slope).sum() >= -tol:
            return _to_output(gamma, exact)
        steeper = slope_table > slope[:, None] + tol
        if not steeper.any():
            raise SolverError(
                "budget-balanced LP: no scheme satisfies E[V] ≥ 0 (infeasible)",
                status="infeasible",
            )
        gaps = (top[:, None] - value)[steeper]
        rises = (slope_table - slope[:, None])[steeper]
        gamma = gamma + min(g / r for g, r in zip(gaps, rises, strict=True))


def payment_rule(
    instance: MultiInstance, scheme: Any, Q1: Any, Q0: Any, exact: bool = False
) -> tuple[Any, Any]:
    """Equation (12): per-recommendation payments with expectations ``Q_i(1)``, ``Q_i(0)``.

    ``p_i(1) = Q_i(1)/x_i`` and ``p_i(0) = Q_i(0)/(1 − x_i)`` with
    ``x_i = Pr[i ∈ S]``.  A payment on a recommendation that is never made is
    0; a non-zero ``Q`` on such a recommendation cannot be implemented and
    raises ``ValueError``.
    """
    x = evaluate_multi(instance, scheme, None, exact=exact).x
    out = []
    for name, q_values, probs in (("Q1", Q1, x), ("Q0", Q0, [1 - v for v in x])):
        if len(q_values) != instance.n_receivers:
            raise ValueError(f"{name} must have length {instance.n_receivers}")
        paid = []
        for i, (q, prob) in enumerate(zip(q_values, probs, strict=True)):
            if prob > (0 if exact else 1e-12):
                paid.append(q / prob)
            elif abs(q) > (0 if exact else 1e-9):
                raise ValueError(f"{name}[{i}] = {q} is paid on a recommendation never made")
            else:
                paid.append(0 * q)
        out.append(tuple(paid) if exact else np.array(paid, dtype=float))
    return out[0], out[1]


def _finish(
    instance: MultiInstance,
    gamma: Any,
    lower: np.ndarray,
    upper: np.ndarray,
    mix: Any,
    payments: str,
    exact: bool,
) -> ClosedFormScheme:
    one = Fraction(1) if exact else 1.0
    scheme = np.zeros((instance.n_states, instance.n_subsets), dtype=object if exact else float)
    if exact:
        scheme[:] = Fraction(0)
    rows = np.arange(instance.n_states)
    scheme[rows, lower] = scheme[rows, lower] + (one - mix)
    scheme[rows, upper] = scheme[rows, upper] + mix
    priced = evaluate_multi(instance, scheme, payments, exact=exact)
    if not priced.persuasive:
        raise SolverError(
            "closed-form scheme is not persuasive (numerical trouble)", "numerical trouble"
        )
    p1, p0 = payment_rule(instance, scheme, priced.Q1, priced.Q0, exact=exact)
    return ClosedFormScheme(
        gamma=gamma,
        scheme=scheme,
        value=priced.sender,
        lower=lower,
        upper=upper,
        mix=_to_output(mix, exact),
        Q1=priced.Q1,
        Q0=priced.Q0,
        p1=p1,
        p0=p0,
    )


def budget_balanced_scheme(instance: MultiInstance, exact: bool = False) -> ClosedFormScheme:
    """Prop. 7: the optimal budget-balanced scheme and its payments.

    In every state recommend a maximizer of ``f + γ* V``: the one with the
    largest ``V`` with probability ``t`` and the one with the smallest ``V``
    with probability ``1 − t``, with ``t`` the same in every state: ``t = 0`` if
    the smallest-``V`` choice alone has ``E[V] ≥ 0``; else ``t = 1`` if the
    largest-``V`` choice has ``E[V] ≤ 0`` or ``γ* = 0`` (then ``E[V] ≥ 0``
    there); else the ``t`` with ``E[V] = 0``.  Payments: the cheapest ``Q``
    (payment identity), any surplus paid back equally, then equation (12).
    """
    exact = as_flag("exact", exact)
    gamma = gamma_star(instance, exact)
    prior, sender, *_ = _tables(instance, exact)
    slope_table = obedience_gain(instance, exact)
    g = Fraction(int(gamma.p), int(gamma.q)) if exact else gamma
    tol = _tolerance(np.concatenate([sender.ravel(), slope_table.ravel()]), exact)
    lower, upper = _extreme_maximizers(sender + g * slope_table, slope_table, tol)
    rows = np.arange(instance.n_states)
    low = (prior * slope_table[rows, lower]).sum()
    high = (prior * slope_table[rows, upper]).sum()
    zero, one = (Fraction(0), Fraction(1)) if exact else (0.0, 1.0)
    if low >= -tol:
        mix = zero
    elif g == 0 or high <= tol:
        mix = one
    else:
        mix = -low / (high - low)
    return _finish(instance, gamma, lower, upper, mix, "budget_balanced", exact)


def arbitrary_payment_scheme(instance: MultiInstance, exact: bool = False) -> ClosedFormScheme:
    """Prop. 8: with arbitrary payments recommend, in each state, a maximizer of the
    total payoff ``f + Σ_{i∈S} g_i(S) − Σ_{i∉S} g_i(S ∪ {i})`` (smallest bitmask
    among ties) and charge the cheapest payments ``Q = T``.  For ``N = 1`` this is
    Prop. 4's ``argmax s + 2r``."""
    exact = as_flag("exact", exact)
    table = weighted_virtual_payoff(instance, 1, 1, exact=exact)
    best = np.array([int(np.argmax([v for v in row])) for row in table], dtype=int)
    one = Fraction(1) if exact else 1.0
    return _finish(instance, _to_output(one, exact), best, best, one, "optimal", exact)


def virtual_payoff_maximizers(
    instance: MultiInstance, gamma: Any, exact: bool = False
) -> list[list[int]]:
    """Per state, all bitmasks ``S`` maximizing ``f + γ V`` (ties within tolerance)."""
    table = weighted_virtual_payoff(instance, gamma, gamma, exact=exact)
    tol = _tolerance(table.ravel(), exact)
    return [[s for s, v in enumerate(row) if v >= max(row) - tol] for row in table]
