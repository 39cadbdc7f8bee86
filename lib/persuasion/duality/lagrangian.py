"""The lens of duality: partial Lagrangian, dual-adjusted payoffs, symmetry (Section 3).

Lagrangifying the persuasiveness constraints of LP-General-with-Payments with
multipliers ``λ(i, j) ≥ 0`` gives the partial Lagrangian of Observation 2,
equation (1):

.. math::

    \\mathcal L_λ(φ, P) = \\sum_{θ,i} μ_θ φ_θ(i) (s_θ(i) + r^λ_θ(i))
                        + \\sum_i P(i) \\Big(\\sum_{j≠i} λ(i,j) - 1\\Big),
    \\qquad r^λ_θ(i) = \\sum_{j≠i} λ(i,j) (r_θ(i) - r_θ(j))

(Definition 2).  The multipliers are those of the constraints exactly as
:mod:`persuasion.lp` writes them, ``P(i) + Σ_θ μ_θ φ_θ(i)(r_θ(i) − r_θ(j)) ≥ 0``,
so :attr:`persuasion.Solution.multipliers` plugs in directly.

This module holds the pieces every later characterization reuses:

- :func:`dual_adjusted_payoffs`, :func:`lagrangian` and :func:`lagrangian_bound`
  (the dual function ``max_{φ, P ∈ 𝒫} 𝓛_λ``, an upper bound on the optimum for
  every ``λ ≥ 0``, exact in rational arithmetic: a certificate of optimality);
- :func:`check_proposition_1` (the optimal scheme maximizes ``s + r^λ`` state
  by state, complementary slackness);
- :func:`weighted_scheme`: the argmax of ``s + w·r`` state by state with exact
  tie-breaking (Definition 4 with ``w = nλ``; Propositions 4–6);
- :func:`symmetrize` and :func:`is_symmetric_scheme` (Proposition 2);
- :func:`pareto_violations` (ex-post Pareto efficiency, Section 5);
- :class:`ExactSolution`: a :class:`persuasion.Solution` that also carries exact
  rational values, returned by the closed forms of :mod:`persuasion.duality.threshold`
  and :mod:`persuasion.duality.closed_forms`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
import sympy as sp

from ..lp import Solution
from ..model import Instance, check_payment_model
from ..payments import check_scheme, deviation_table, evaluate
from ..rational import as_weight, fractions_or_none, rational
from ..validation import as_finite_array, as_real, check_shape

#: Float tolerance of the dual-feasibility tests of :func:`lagrangian_bound`.
DUAL_TOL = 1e-9


_RATIONAL_TYPES = (int, np.integer, Fraction, sp.Rational)


# ----------------------------------------------------------------------------- helpers
def _check_instance(instance: Any) -> Instance:
    if not isinstance(instance, Instance):
        raise ValueError(f"instance must be a persuasion.Instance, got {type(instance).__name__}")
    return instance


def _is_rational(value: Any) -> bool:
    """Whether every entry of ``value`` is an int, Fraction or SymPy rational (no float)."""
    entries = np.asarray(value, dtype=object).ravel()
    return all(
        isinstance(x, _RATIONAL_TYPES) and not isinstance(x, bool | np.bool_) for x in entries
    )


def check_multipliers(instance: Instance, multipliers: Any) -> tuple[np.ndarray, bool]:
    """``multipliers`` as an ``(n, n)`` array with zero diagonal, and whether it is exact.

    Entries must be finite and non-negative (the diagonal is ignored).  The
    array is a Fraction object array when every entry is rational (ints,
    Fractions, SymPy rationals) and the instance has exact inputs; otherwise a
    float array.
    """
    n = instance.n_actions
    array = as_finite_array("multipliers", multipliers, ndim=2)
    check_shape("multipliers", array, (n, n))
    off = ~np.eye(n, dtype=bool)
    if np.any(array[off] < 0):
        raise ValueError(f"multipliers must be non-negative (smallest {array[off].min():.3g})")
    if _is_rational(multipliers) and instance.exact is not None:
        exact = fractions_or_none(multipliers)
        exact[~off] = Fraction(0)
        return exact, True
    array = np.where(off, array, 0.0)
    return array, False


def symmetric_multipliers(n_actions: int, value: Any) -> np.ndarray:
    """The symmetric dual ``λ(i, j) = value`` for ``i ≠ j`` (Definition 3).

    A Fraction object array when ``value`` is rational, else a float array.
    """
    lam = as_weight("value", value)
    if lam < 0:
        raise ValueError(f"value must be non-negative, got {value!r}")
    if _is_rational(value):
        out = np.full((n_actions, n_actions), lam, dtype=object)
        np.fill_diagonal(out, Fraction(0))
        return out
    return np.where(np.eye(n_actions, dtype=bool), 0.0, float(value))


def _payoffs(instance: Instance, exact: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    if exact:
        return instance.exact_values
    return instance.prior, instance.sender, instance.receiver


def _number(value: Any, exact: bool) -> Any:
    """A result as a SymPy rational (exact mode) or a float."""
    return rational(value) if exact else float(value)


# ----------------------------------------------------------------------------- Observation 2
def dual_adjusted_payoffs(instance: Instance, multipliers: Any) -> np.ndarray:
    """``r^λ_θ(i) = r_θ(i) Σ_{j≠i} λ(i, j) − Σ_{j≠i} λ(i, j) r_θ(j)`` (Definition 2).

    Shape ``(T, n)``; a Fraction object array when the multipliers and the
    instance are rational, else floats.
    """
    instance = _check_instance(instance)
    lam, exact = check_multipliers(instance, multipliers)
    _, _, receiver = _payoffs(instance, exact)
    return receiver * lam.sum(axis=1)[None, :] - receiver.dot(lam.T)


def lagrangian(instance: Instance, scheme: Any, payments: Any, multipliers: Any) -> Any:
    """The partial Lagrangian ``𝓛_λ(φ, P)`` of equation (1) (Observation 2).

    Equals the LP objective plus ``Σ λ(i, j)`` times the slack of each
    persuasiveness constraint.  Exact (SymPy rational) when the instance, the
    scheme, the payments and the multipliers are all rational.
    """
    instance = _check_instance(instance)
    n = instance.n_actions
    check_scheme(instance, scheme)
    pay = as_finite_array("payments", payments, ndim=1)
    check_shape("payments", pay, (n,))
    lam, exact = check_multipliers(instance, multipliers)
    exact = exact and _is_rational(scheme) and _is_rational(payments)
    if not exact:
        lam = np.asarray(lam, dtype=float)
    prior, sender, _ = _payoffs(instance, exact)
    phi = fractions_or_none(scheme) if exact else np.asarray(scheme, dtype=float)
    paid = fractions_or_none(payments) if exact else pay
    adjusted = dual_adjusted_payoffs(instance, lam)
    weighted = phi * prior[:, None]
    value = (weighted * (sender + adjusted)).sum() + paid.dot(lam.sum(axis=1) - 1)
    return _number(value, exact)


def payment_coefficients(multipliers: np.ndarray) -> np.ndarray:
    """``Σ_{j≠i} λ(i, j) − 1``: the coefficient of ``P(i)`` in equation (1)."""
    return multipliers.sum(axis=1) - 1


def lagrangian_bound(instance: Instance, multipliers: Any, payments: str = "none") -> Any:
    """The dual function ``max_{φ, P ∈ 𝒫} 𝓛_λ(φ, P)``: an upper bound on the optimum.

    By weak duality every ``λ ≥ 0`` bounds the value of every persuasive scheme
    with payments in ``𝒫`` (the right-hand side of equation (2)); by strong
    duality (Proposition 1) the bound is tight at an optimal ``λ``.  The
    maximum over ``φ`` picks, state by state, an action maximizing
    ``s + r^λ``; the maximum over ``P`` is ``0`` when the coefficients
    ``Σ_j λ(i, j) − 1`` allow it (none: always; non-negative: all ``≤ 0``;
    budget-balanced: all equal; arbitrary: all ``0``) and ``+∞`` otherwise.

    Returns a SymPy rational (or ``sp.oo``) when the instance and the
    multipliers are rational — then ``bound == value`` of a persuasive scheme
    is an exact certificate of its optimality — and a float (or ``math.inf``,
    feasibility tested to :data:`DUAL_TOL`) otherwise.
    """
    instance = _check_instance(instance)
    model = check_payment_model(payments)
    lam, exact = check_multipliers(instance, multipliers)
    prior, sender, _ = _payoffs(instance, exact)
    coefficients = payment_coefficients(lam)
    tol = 0 if exact else DUAL_TOL
    feasible = {
        "none": True,
        "nonnegative": all(c <= tol for c in coefficients),
        "budget_balanced": all(abs(c - coefficients[0]) <= tol for c in coefficients),
        "arbitrary": all(abs(c) <= tol for c in coefficients),
    }[model]
    if not feasible:
        return sp.oo if exact else math.inf
    adjusted = dual_adjusted_payoffs(instance, lam)
    best = (sender + adjusted).max(axis=1) if not exact else np.array(
        [max(row) for row in sender + adjusted], dtype=object
    )
    return _number(prior.dot(best), exact)


# ----------------------------------------------------------------------------- Proposition 1
@dataclass(frozen=True)
class DualityReport:
    """Numerical check of Proposition 1 for a solution and its multipliers.

    Attributes
    ----------
    support_gap: largest ``max_j (s + r^λ)_θ(j) − (s + r^λ)_θ(i)`` over states of
        positive probability and actions with ``φ_θ(i) > tol``: zero when the
        scheme maximizes ``s + r^λ`` state by state.
    slackness_gap: largest slack ``P(i) + X(i, i) − X(i, j)`` of a persuasiveness
        constraint with ``λ(i, j) > tol``: zero under complementary slackness.
    duality_gap: ``lagrangian_bound − value`` (zero under strong duality).
    holds: all three are within ``tol``.
    """

    support_gap: float
    slackness_gap: float
    duality_gap: float
    holds: bool


def check_proposition_1(solution: Solution, tol: float = 1e-6) -> DualityReport:
    """Check Proposition 1 on an LP solution: its scheme maximizes ``s + r^λ``
    in every state and ``λ(i, j) > 0`` implies indifference (complementary
    slackness), with ``λ`` the solution's multipliers; also strong duality."""
    tol = as_real("tol", tol, low=0)
    if not isinstance(solution, Solution) or not isinstance(solution.instance, Instance):
        raise ValueError("solution must be a persuasion.Solution of a single-receiver Instance")
    instance = solution.instance
    lam = np.asarray(solution.multipliers, dtype=float)
    key = instance.sender + dual_adjusted_payoffs(instance, lam)
    gap = key.max(axis=1, keepdims=True) - key
    support = (solution.scheme > tol) & (instance.prior[:, None] > 0)
    support_gap = float(np.max(np.where(support, gap, 0.0)))
    table = deviation_table(instance.prior, solution.scheme, instance.receiver)
    slack = solution.payments[:, None] + np.diag(table)[:, None] - table
    binding = lam > tol
    slackness_gap = float(np.max(np.abs(np.where(binding, slack, 0.0))))
    bound = lagrangian_bound(instance, lam, solution.payment_model)
    duality_gap = float(bound - solution.value)
    holds = max(support_gap, slackness_gap, abs(duality_gap)) <= tol
    return DualityReport(support_gap, slackness_gap, duality_gap, holds)


# ----------------------------------------------------------------------------- Proposition 2
def _require_symmetric(instance: Any) -> Instance:
    instance = _check_instance(instance)
    if not instance.is_symmetric():
        raise ValueError(
            "instance must be symmetric: an action-types instance (Instance.from_types or "
            "Instance.from_profiles) whose prior and payoffs are invariant under permuting actions"
        )
    return instance


def _orbit_keys(instance: Instance) -> np.ndarray:
    """Key of the orbit of each (state, action) pair under permutations of the actions.

    ``(θ, i)`` and ``(θ', i')`` are in one orbit iff ``θ'`` rearranges ``θ`` and
    ``θ'_{i'} = θ_i``: the key encodes the sorted profile and the action's type.
    """
    types = instance.types
    m = int(types.max()) + 1
    radix = m ** np.arange(instance.n_actions - 1, -1, -1)
    multiset = np.sort(types, axis=1) @ radix
    return multiset[:, None] * m + types


def is_symmetric_scheme(instance: Instance, scheme: Any, tol: float = 1e-9) -> bool:
    """Whether ``scheme`` is symmetric (Definition 3): ``φ_θ(i) = φ_{π(θ)}(π^{-1}(i))``,
    i.e. constant on each orbit of (state, action) pairs."""
    tol = as_real("tol", tol, low=0)
    instance = _require_symmetric(instance)
    phi = check_scheme(instance, scheme)
    _, inverse = np.unique(_orbit_keys(instance), return_inverse=True)
    inverse = inverse.ravel()
    low = np.full(inverse.max() + 1, np.inf)
    high = np.full(inverse.max() + 1, -np.inf)
    np.minimum.at(low, inverse, phi.ravel())
    np.maximum.at(high, inverse, phi.ravel())
    return bool(np.max(high - low) <= tol)


def symmetrize(solution: Solution) -> Solution:
    """Proposition 2: average a solution over all permutations of the actions.

    The scheme becomes ``φ^sym_θ(i) = (1/n!) Σ_π φ_{π(θ)}(π^{-1}(i))`` — the mean
    of ``φ`` over the orbit of ``(θ, i)``, computed orbit by orbit without
    enumerating the ``n!`` permutations — the payments their mean, and the
    multipliers the symmetric ``λ(i, j) = mean_{k≠l} λ(k, l)``.  On a symmetric
    instance the result is again optimal and persuasive (the value is
    recomputed by :func:`persuasion.evaluate`).
    """
    if not isinstance(solution, Solution):
        raise ValueError(f"solution must be a persuasion.Solution, got {type(solution).__name__}")
    instance = _require_symmetric(solution.instance)
    n = instance.n_actions
    _, inverse = np.unique(_orbit_keys(instance), return_inverse=True)
    inverse = inverse.ravel()
    sums = np.bincount(inverse, weights=np.asarray(solution.scheme, dtype=float).ravel())
    scheme = (sums / np.bincount(inverse))[inverse].reshape(instance.n_states, n)
    payments = np.full(n, float(np.mean(solution.payments)))
    off = ~np.eye(n, dtype=bool)
    multipliers = np.where(off, float(np.mean(np.asarray(solution.multipliers)[off])), 0.0)
    check = evaluate(instance, scheme, payments)
    return Solution(
        value=check.sender,
        scheme=scheme,
        payments=payments,
        receiver_value=check.receiver,
        multipliers=multipliers,
        payment_model=solution.payment_model,
        instance=instance,
    )


# ----------------------------------------------------------------------------- Pareto efficiency
def pareto_violations(instance: Instance, scheme: Any, tol: float = 1e-9) -> list[tuple[int, int]]:
    """Recommendations that are not ex-post Pareto efficient (Section 5).

    Returns the pairs ``(θ, i)`` with ``μ_θ > 0`` and ``φ_θ(i) > tol`` for which
    some action ``j`` gives both players at least as much in state ``θ`` and one
    of them strictly more.  An empty list means the scheme is ex-post Pareto
    efficient.
    """
    tol = as_real("tol", tol, low=0)
    instance = _check_instance(instance)
    phi = check_scheme(instance, scheme)
    s, r = instance.sender, instance.receiver
    weak = (s[:, None, :] >= s[:, :, None]) & (r[:, None, :] >= r[:, :, None])
    strict = (s[:, None, :] > s[:, :, None]) | (r[:, None, :] > r[:, :, None])
    dominated = np.any(weak & strict, axis=2)          # [θ, i]: some j dominates i
    bad = dominated & (phi > tol) & (instance.prior[:, None] > 0)
    states, actions = np.nonzero(bad)
    return [(int(t), int(i)) for t, i in zip(states, actions, strict=True)]

