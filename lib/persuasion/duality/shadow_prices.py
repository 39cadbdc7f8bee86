"""Multipliers as shadow prices, and which of them are prior-free (Sections 3 and 6).

**Shadow prices.**  Relax the persuasiveness constraint of the pair ``(i, j)`` by
``ε ≥ 0`` (no payments):

.. math::

    \\sum_θ μ_θ φ_θ(i) \\bigl(r_θ(i) − r_θ(j)\\bigr) \\ge −ε_{ij}.

By LP duality the optimum ``V(ε)`` is ``min_λ g(λ) + Σ ε_{ij} λ(i, j)`` over
``λ ≥ 0``, with ``g`` the dual function (:func:`~persuasion.duality.lagrangian.
lagrangian_bound`); so ``V(ε) − V(0) = λ(i, j) ε`` for small ``ε`` when the
optimal ``λ`` is unique, and in general the right derivative in the direction
``ε`` is the smallest ``Σ ε_{ij} λ(i, j)`` over optimal duals.  ``λ(i, j)`` is the
sender's marginal value of the receiver's willingness to follow recommendation
``i`` rather than switch to ``j``.  :func:`relaxed_optimum` re-solves the LP and
certifies its value exactly: a rational primal scheme feasible for the relaxed
LP and rational multipliers whose dual bound ``g(λ) + Σ ε λ`` equals its value.

**Prior-free weights.**  With arbitrary payments, every row of an optimal dual is a
distribution over the other actions (Observation 3); the scheme maximizes
``s + r − E_{j∼λ(i,·)} r``.  With two actions the only distribution is
``λ(0, 1) = λ(1, 0) = 1`` (weight 2, Proposition 4) and on symmetric priors the
uniform one ``λ = 1/(n − 1)`` (weight ``n/(n − 1)``, Proposition 5): neither depends
on the prior — a "canonical" dual, as Myerson's virtual values are for single-item
auctions.  :func:`weighted_scheme_gap` measures, on any instance, how much the
scheme "maximize ``s + w r``" with its optimal payments loses against the LP with
arbitrary payments; a prior-free weight exists for a class of instances only if
the gap is zero on all of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import cvxpy as cp
import numpy as np
import scipy.sparse as sps

from ..errors import SolverError
from ..lp import clean_scheme, persuasiveness_matrix, run_lp, solve
from ..model import Instance
from ..payments import deviation_table
from ..rational import rational, to_fraction
from ..validation import as_finite_array, check_shape
from .lagrangian import lagrangian_bound
from .weighted import weighted_scheme

#: Denominator bound when rationalizing HiGHS's primal and dual solutions.
MAX_DENOMINATOR = 10**6


@dataclass(frozen=True)
class RelaxedOptimum:
    """The no-payment optimum with relaxed persuasiveness constraints.

    Attributes
    ----------
    value: the optimum (float).
    exact_value: the optimum as a SymPy rational when certified (primal value equals
        the dual bound, both exact), else ``None``.
    scheme: the optimal scheme (floats).
    multipliers: ``λ(i, j)`` of the relaxed LP's constraints.
    relax: the relaxation ``ε_{ij}`` (shape ``(n, n)``, zero diagonal).
    """

    value: float
    exact_value: Any
    scheme: np.ndarray
    multipliers: np.ndarray
    relax: np.ndarray


def _check_instance(instance: Any) -> Instance:
    if not isinstance(instance, Instance):
        raise ValueError(f"instance must be a persuasion.Instance, got {type(instance).__name__}")
    return instance


def relaxation_matrix(n_actions: int, pair: Any, epsilon: Any) -> np.ndarray:
    """The ``(n, n)`` object array with ``ε`` at ``pair = (i, j)`` and zero elsewhere."""
    try:
        i, j = (int(v) for v in pair)
    except (TypeError, ValueError):
        raise ValueError(f"pair must be two action indices (i, j), got {pair!r}") from None
    if not (0 <= i < n_actions and 0 <= j < n_actions) or i == j:
        raise ValueError(f"pair must be two distinct actions in 0..{n_actions - 1}, got {pair!r}")
    eps = to_fraction(epsilon)
    if eps < 0:
        raise ValueError(f"epsilon must be non-negative, got {epsilon!r}")
    relax = np.full((n_actions, n_actions), Fraction(0), dtype=object)
    relax[i, j] = eps
    return relax


def _rationalize_scheme(scheme: np.ndarray) -> np.ndarray:
    out = np.empty(scheme.shape, dtype=object)
    for t, row in enumerate(scheme):
        fr = [Fraction(float(v)).limit_denominator(MAX_DENOMINATOR) for v in row]
        last = int(np.argmax(row))
        fr[last] = 1 - (sum(fr) - fr[last])
        out[t] = fr
    return out


def relaxed_optimum(instance: Instance, relax: Any) -> RelaxedOptimum:
    """Re-solve the no-payment LP with constraint ``(i, j)`` relaxed by ``relax[i, j] ≥ 0``.

    ``relax`` is an ``(n, n)`` array (diagonal ignored), e.g. from
    :func:`relaxation_matrix`.  With rational inputs the value is certified exactly
    (see the module doc); ``exact_value`` is ``None`` when the rationalized
    certificate does not close (then only ``value`` is reliable).
    """
    instance = _check_instance(instance)
    n, T = instance.n_actions, instance.n_states
    floats = as_finite_array("relax", np.asarray(relax, dtype=float), ndim=2)
    check_shape("relax", floats, (n, n))
    if np.any(floats < 0):
        raise ValueError("relax must be non-negative (a relaxation of the constraints)")
    matrix, pairs = persuasiveness_matrix(instance)
    eps = floats[pairs[:, 0], pairs[:, 1]]
    simplex = sps.kron(sps.eye(T, format="csr"), np.ones((1, n)), format="csr")
    x = cp.Variable(T * n, nonneg=True)
    persuasive = matrix @ x >= -eps
    gain = (instance.prior[:, None] * instance.sender).ravel()
    problem = cp.Problem(cp.Maximize(gain @ x), [persuasive, simplex @ x == 1])
    value = run_lp(problem, "relaxed persuasion LP")
    scheme = clean_scheme(np.asarray(x.value).reshape(T, n))
    multipliers = np.zeros((n, n))
    multipliers[pairs[:, 0], pairs[:, 1]] = np.maximum(np.asarray(persuasive.dual_value), 0.0)
    exact_value = _certify(instance, scheme, multipliers, relax)
    return RelaxedOptimum(value, exact_value, scheme, multipliers, floats)


def _certify(instance: Instance, scheme: np.ndarray, multipliers: np.ndarray, relax: Any) -> Any:
    """Exact value if a rational primal/dual pair closes the duality gap, else ``None``."""
    if instance.exact is None:
        return None
    try:
        eps = np.array([[to_fraction(v) for v in row] for row in np.asarray(relax, dtype=object)])
    except ValueError:
        return None
    prior, sender, receiver = instance.exact
    phi = _rationalize_scheme(scheme)
    table = deviation_table(prior, phi, receiver)
    n = instance.n_actions
    for i in range(n):
        for j in range(n):
            if i != j and table[i, i] - table[i, j] < -eps[i, j]:
                return None
    primal = sum(prior[t] * phi[t, i] * sender[t, i] for t in range(instance.n_states)
                 for i in range(n))
    lam = np.array([[Fraction(float(v)).limit_denominator(MAX_DENOMINATOR) for v in row]
                    for row in multipliers], dtype=object)
    bound = lagrangian_bound(instance, lam, "none")
    bound += sum(lam[i, j] * eps[i, j] for i in range(n) for j in range(n) if i != j)
    if rational(primal) != bound:
        return None
    return bound


@dataclass(frozen=True)
class ShadowPrice:
    """The marginal value of relaxing one persuasiveness constraint.

    Attributes
    ----------
    pair: the constraint ``(i, j)``.
    epsilon: the relaxation used.
    base, relaxed: the optimum without and with the relaxation (SymPy rationals when
        certified, floats otherwise).
    slope: ``(relaxed − base) / ε``.
    multiplier: the LP's ``λ(i, j)`` (float) of the unrelaxed problem.
    """

    pair: tuple[int, int]
    epsilon: Any
    base: Any
    relaxed: Any
    slope: Any
    multiplier: float


def shadow_price(instance: Instance, pair: Any, epsilon: Any) -> ShadowPrice:
    """Re-solve with constraint ``pair`` relaxed by ``epsilon > 0`` and return the slope.

    Compare ``slope`` with ``multiplier``: they agree when ``ε`` is small enough and the
    optimal multiplier of the pair is unique (see the module doc for the general case).
    """
    instance = _check_instance(instance)
    n = instance.n_actions
    relax = relaxation_matrix(n, pair, epsilon)
    eps = relax.max()
    if eps == 0:
        raise ValueError("epsilon must be positive")
    base = relaxed_optimum(instance, relaxation_matrix(n, pair, 0))
    moved = relaxed_optimum(instance, relax)
    exact = base.exact_value is not None and moved.exact_value is not None
    low = base.exact_value if exact else base.value
    high = moved.exact_value if exact else moved.value
    slope = (high - low) / (rational(eps) if exact else float(eps))
    i, j = (int(v) for v in pair)
    return ShadowPrice((i, j), rational(eps) if exact else float(eps), low, high, slope,
                       float(base.multipliers[i, j]))


@dataclass(frozen=True)
class WeightGap:
    """How far "maximize ``s + w r``, optimal payments" is from the optimum.

    Attributes
    ----------
    weight: ``w``.
    scheme_value: exact value of the weighted scheme (uniform ties) with its optimal
        payments (Definition 1), a SymPy rational.
    optimum: the LP optimum with arbitrary payments (float).
    gap: ``optimum − scheme_value`` (float; ``≤ 1e-9`` means the weight is optimal).
    multipliers: the LP's optimal ``λ`` (rows sum to one, Observation 3).
    """

    weight: Any
    scheme_value: Any
    optimum: float
    gap: float
    multipliers: np.ndarray


def weighted_scheme_gap(instance: Instance, weight: Any) -> WeightGap:
    """Compare ``argmax s + weight · r`` (uniform ties, optimal payments) with the LP
    optimum under arbitrary payments (Observation 3; Propositions 4 and 5).

    Needs rational payoffs and prior (the scheme is evaluated exactly).
    """
    instance = _check_instance(instance)
    if instance.exact is None:
        raise ValueError("instance must have rational prior and payoffs for an exact comparison")
    w = to_fraction(weight)
    if w < 0:
        raise ValueError(f"weight must be non-negative, got {weight!r}")
    from ..exact import evaluate_exact

    scheme = weighted_scheme(instance, w, exact=True)
    value = evaluate_exact(instance, scheme, "optimal").sender
    lp = solve(instance, "arbitrary")
    if lp.value - float(value) < -1e-7:
        raise SolverError("weighted scheme beats the LP optimum", status="numerical trouble")
    return WeightGap(rational(w), value, lp.value, lp.value - float(value), lp.multipliers)


def best_weight(instance: Instance) -> tuple[Any, Any]:
    """``(value, w)``: the best "maximize ``s + w r``, optimal payments" over all ``w ≥ 0``.

    The weighted scheme changes only at the breakpoints ``w = (s_θ(a) − s_θ(b)) /
    (r_θ(b) − r_θ(a)) ≥ 0``; it is evaluated exactly at ``0``, at every breakpoint
    (uniform ties) and on both sides of it (midpoints between consecutive breakpoints,
    and one beyond the last), which covers every scheme the family contains.
    """
    instance = _check_instance(instance)
    if instance.exact is None:
        raise ValueError("instance must have rational prior and payoffs for an exact comparison")
    from ..exact import evaluate_exact

    _, s, r = instance.exact
    points = {Fraction(0)}
    for t in range(instance.n_states):
        for a in range(instance.n_actions):
            for b in range(instance.n_actions):
                if r[t, b] != r[t, a]:
                    w = Fraction(s[t, a] - s[t, b]) / Fraction(r[t, b] - r[t, a])
                    if w >= 0:
                        points.add(w)
    ordered = sorted(points)
    middles = {(a + b) / 2 for a, b in zip(ordered[:-1], ordered[1:], strict=True)}
    candidates = set(ordered) | middles
    candidates.add(ordered[-1] + 1)
    best = None
    for w in sorted(candidates):
        value = evaluate_exact(instance, weighted_scheme(instance, w, exact=True), "optimal").sender
        if best is None or value > best[0]:
            best = (value, rational(w))
    return best
