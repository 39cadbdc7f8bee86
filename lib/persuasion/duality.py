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
  rational values, returned by the closed forms of :mod:`persuasion.threshold`
  and :mod:`persuasion.closed_forms`.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np
import sympy as sp

from .lp import Solution
from .model import Instance, check_payment_model
from .payments import check_scheme, deviation_table, evaluate, value_of
from .rational import fractions_or_none, rational
from .validation import as_finite_array, as_generator, as_positive_int, check_shape

#: Float tolerance of the dual-feasibility tests of :func:`lagrangian_bound`.
DUAL_TOL = 1e-9

#: Tie-breaking rules of :func:`weighted_scheme`.
TIES = ("uniform", "receiver", "sender")

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


def exact_parts(instance: Instance) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Prior, sender and receiver payoffs as Fraction object arrays.

    ``instance.exact`` when the inputs were rational; otherwise the exact binary
    values of the floats, with the prior rescaled to sum to exactly one (a
    relative change of the order of the float resolution).
    """
    if instance.exact is not None:
        return instance.exact
    prior = np.array([Fraction(float(x)) for x in instance.prior], dtype=object)
    prior = prior / sum(prior)
    to_frac = np.vectorize(lambda x: Fraction(float(x)), otypes=[object])
    return prior, to_frac(instance.sender), to_frac(instance.receiver)


def as_weight(name: str, weight: Any) -> Fraction:
    """A real scalar as an exact Fraction, or ``ValueError`` naming ``name``.

    Ints, Fractions and SymPy rationals are exact.  A float is read as the
    closest fraction with denominator at most ``10**9`` (an error below
    ``10**-9``, far below for most floats), so that ``n / (n - 1)`` computed in
    floating point is taken as exactly ``n/(n-1)`` and its ties are found; pass
    a Fraction to avoid any rounding.
    """
    if isinstance(weight, bool | np.bool_):
        raise ValueError(f"{name} must be a real number, got {weight!r}")
    if isinstance(weight, _RATIONAL_TYPES):
        return Fraction(str(weight)) if isinstance(weight, sp.Rational) else Fraction(weight)
    try:
        value = float(weight)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a real number, got {weight!r}") from None
    if not math.isfinite(value):
        raise ValueError(f"{name} must be finite, got {weight!r}")
    return Fraction(value).limit_denominator(10**9)


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
        return exact_parts(instance)
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


# ----------------------------------------------------------------------------- weighted schemes
class PayoffTable:
    """The distinct payoff pairs ``(s, r)`` of an instance, for exact argmax computations.

    ``pair[θ, i]`` indexes the pair of action ``i`` in state ``θ``; ``s`` and
    ``r`` hold the pairs exactly (Fractions).  Ranking the few distinct pairs
    exactly and comparing integer ranks state by state gives exact argmax sets
    at NumPy speed.  ``group[θ]`` indexes the distinct prior probabilities
    ``mu`` so that probability masses can be summed exactly.
    """

    def __init__(self, instance: Instance) -> None:
        prior, sender, receiver = exact_parts(instance)
        T, n = instance.n_states, instance.n_actions
        floats = np.stack([instance.sender.ravel(), instance.receiver.ravel()], axis=1)
        exact = np.stack([sender.ravel(), receiver.ravel()], axis=1)
        self.pair, first = _distinct(floats, exact)
        self.pair = self.pair.reshape(T, n)
        self.s = [exact[k, 0] for k in first]
        self.r = [exact[k, 1] for k in first]
        self.group, first = _distinct(instance.prior[:, None], prior[:, None])
        self.mu = [prior[k] for k in first]
        self.n_states, self.n_actions = T, n

    def ranks(self, weight: Fraction, ties: str) -> np.ndarray:
        """Dense rank of each pair under ``s + weight·r`` (ties per :data:`TIES`)."""
        def second(k: int) -> Fraction:
            return {"uniform": Fraction(0), "receiver": self.r[k], "sender": self.s[k]}[ties]

        keys = [(self.s[k] + weight * self.r[k], second(k)) for k in range(len(self.s))]
        ordered = sorted(set(keys))
        position = {key: rank for rank, key in enumerate(ordered)}
        return np.array([position[key] for key in keys], dtype=int)

    def argmax(self, weight: Fraction, ties: str) -> np.ndarray:
        """Boolean ``(T, n)`` mask of the actions the weighted scheme may recommend."""
        rank = self.ranks(weight, ties)[self.pair]
        return rank == rank.max(axis=1, keepdims=True)

    def masses(self, mask: np.ndarray) -> list[Fraction]:
        """Exact probability that a chosen action has pair ``k``, when the scheme
        recommends uniformly among ``mask``."""
        n, pairs = self.n_actions, len(self.s)
        count = mask.sum(axis=1)
        rows, cols = np.nonzero(mask)
        code = (self.group[rows] * (n + 1) + count[rows]) * pairs + self.pair[rows, cols]
        tally = np.bincount(code, minlength=len(self.mu) * (n + 1) * pairs)
        tally = tally.reshape(len(self.mu), n + 1, pairs)
        out = []
        for k in range(pairs):
            groups, sizes = np.nonzero(tally[:, :, k])
            terms = (
                self.mu[g] * int(tally[g, c, k]) / int(c)
                for g, c in zip(groups, sizes, strict=True)
            )
            out.append(sum(terms, Fraction(0)))
        return out

    def payoffs(self, mask: np.ndarray) -> tuple[Fraction, Fraction]:
        """Exact (sender, receiver) expected payoffs of the uniform scheme on ``mask``."""
        mass = self.masses(mask)
        return _dot(mass, self.s), _dot(mass, self.r)

    def receiver_total(self) -> Fraction:
        """``C = Σ_θ μ_θ Σ_j r_θ(j)`` (the constant of Corollary 1)."""
        everything = np.ones((self.n_states, self.n_actions), dtype=bool)
        # uniform over all n actions puts mass μ_θ / n on each action
        return self.n_actions * _dot(self.masses(everything), self.r)


def _dot(left: list[Fraction], right: list[Fraction]) -> Fraction:
    return sum((a * b for a, b in zip(left, right, strict=True)), Fraction(0))


def _distinct(floats: np.ndarray, exact: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Indices of distinct rows of ``exact`` (grouped by their floats, verified exactly)."""
    _, first, inverse = np.unique(floats, axis=0, return_index=True, return_inverse=True)
    inverse = inverse.ravel()
    if all(np.all(exact[first][inverse][:, c] == exact[:, c]) for c in range(exact.shape[1])):
        return inverse, first
    seen: dict[tuple, int] = {}
    index = np.array([seen.setdefault(tuple(row), len(seen)) for row in exact], dtype=int)
    first = np.array([np.flatnonzero(index == k)[0] for k in range(len(seen))], dtype=int)
    return index, first


def mixture(masks: list[np.ndarray], weights: list[Fraction]) -> np.ndarray:
    """Exact scheme ``Σ_k weights[k] · uniform(masks[k])`` as a Fraction object array."""
    n = masks[0].shape[1]
    code = np.zeros(masks[0].shape, dtype=np.int64)
    for k, mask in enumerate(masks):
        code += (mask * mask.sum(axis=1, keepdims=True)) * (n + 1) ** k
    values, inverse = np.unique(code, return_inverse=True)
    table = []
    for value in values:
        entry, rest = Fraction(0), int(value)
        for weight in weights:
            size, rest = rest % (n + 1), rest // (n + 1)
            if size:
                entry += weight / size
        table.append(entry)
    return np.array(table, dtype=object)[inverse.reshape(code.shape)]


def weighted_scheme(
    instance: Instance, weight: Any, *, ties: str = "uniform", exact: bool = False
) -> np.ndarray:
    """The scheme recommending, in each state, an action maximizing ``s + weight·r``.

    Ties are broken uniformly among the maximizers (``ties="uniform"``, the
    reading of Definition 4 and Propositions 4–5), or first in the receiver's
    favour (``"receiver"``: the scheme at ``weight + ε``) or in the sender's
    (``"sender"``: the scheme at ``weight − ε``), uniformly among what is left.
    The argmax is computed exactly (see :func:`as_weight` for float weights):
    ``weighted_scheme(instance, Fraction(n, n - 1))`` is Proposition 5's scheme
    and ``weighted_scheme(instance, 2)`` Proposition 4's.

    Returns a ``(T, n)`` float array, or a Fraction object array if ``exact``.
    """
    instance = _check_instance(instance)
    w = as_weight("weight", weight)
    if ties not in TIES:
        raise ValueError(f"ties must be one of {TIES}, got {ties!r}")
    mask = PayoffTable(instance).argmax(w, ties)
    if exact:
        return mixture([mask], [Fraction(1)])
    return mask / mask.sum(axis=1, keepdims=True)


# ----------------------------------------------------------------------------- exact solutions
@dataclass(frozen=True, kw_only=True)
class ExactSolution(Solution):
    """A :class:`persuasion.Solution` computed in rational arithmetic.

    The float fields (``value``, ``scheme``, ``payments``, ...) are those of
    :class:`Solution`; in addition:

    exact_value: the sender's utility net of payments, a SymPy rational.
    exact_scheme: the scheme as a Fraction object array (rows sum to exactly one).
    exact_payments: the expected payments ``P(i)`` as SymPy rationals.
    multiplier: the symmetric multiplier ``λ = λ(i, j)`` behind the scheme (the
        multiplier of the persuasiveness constraints as :mod:`persuasion.lp`
        writes them); the scheme maximizes ``s + weight·r`` with ``weight = nλ``.
    weight: ``nλ``, the weight on the receiver's payoff.
    regime: which characterization produced the scheme.
    mixing: for :func:`persuasion.threshold_optimum` with ``λ* > 0``, the
        probability of the receiver-favoured tie-breaking at ``λ*`` (see there);
        ``None`` otherwise.
    """

    exact_value: sp.Rational
    exact_scheme: np.ndarray = field(repr=False)
    exact_payments: tuple[sp.Rational, ...]
    multiplier: sp.Rational
    weight: sp.Rational
    regime: str
    mixing: sp.Rational | None = None


_NUMERATOR = np.frompyfunc(lambda x: x.numerator, 1, 1)
_DENOMINATOR = np.frompyfunc(lambda x: x.denominator, 1, 1)


def _as_integers(values: np.ndarray) -> tuple[np.ndarray, int]:
    """Fractions (or ints) as ``(integers, d)`` with ``values == integers / d``, ``d`` the
    lcm of the denominators; the integers are Python ints in an object array."""
    values = np.asarray(values, dtype=object)
    denominators = _DENOMINATOR(values)
    scale = math.lcm(*set(denominators.ravel().tolist()))
    return _NUMERATOR(values) * (scale // denominators), scale


def _exact_value_of(instance: Instance, scheme: np.ndarray, payments: str) -> Any:
    """:func:`persuasion.payments.value_of` in exact arithmetic, run on integers.

    Prior, payoffs and scheme are scaled to integers by their common
    denominators, so that every quantity of ``value_of`` is an integer multiple
    of ``1 / (d_prior d_payoffs d_scheme)``; int64 when that cannot overflow,
    Python ints otherwise.  Much faster than Fractions on large instances and
    exactly equal.  Returns an Evaluation whose numbers are Fractions.
    """
    prior, sender, receiver = exact_parts(instance)
    a, d_prior = _as_integers(prior)
    payoffs, d_payoffs = _as_integers(np.stack([sender, receiver]))
    c, d_scheme = _as_integers(np.asarray(scheme, dtype=object))
    largest = max(abs(x) for x in payoffs.ravel()) or 1
    bound = max(a) * max(c.ravel()) * largest * (instance.n_states + 1) * instance.n_actions
    dtype = np.int64 if bound < 2**62 else object
    a, c, payoffs = (np.asarray(x, dtype=dtype) for x in (a, c, payoffs))
    zero = dtype(0) if dtype is np.int64 else 0
    result = value_of(a, payoffs[0], payoffs[1], c, payments, zero)
    scale = d_prior * d_payoffs * d_scheme

    def back(x: Any) -> Fraction:
        return Fraction(int(x), scale)

    return type(result)(
        back(result.sender),
        back(result.receiver),
        np.array([back(x) for x in result.payments], dtype=object),
        np.array([back(x) for x in result.thresholds], dtype=object),
        result.persuasive,
    )


def exact_solution(
    instance: Instance,
    scheme: np.ndarray,
    payments: str,
    *,
    payment_model: str,
    multiplier: Fraction,
    regime: str,
    mixing: Fraction | None = None,
) -> ExactSolution:
    """Evaluate an exact ``scheme`` with ``payments`` (``"none"``, ``"optimal"`` or
    ``"optimal_nonnegative"``, Definition 1) and package it as an :class:`ExactSolution`.

    The evaluation is :func:`persuasion.payments.value_of` on Fractions, the
    arithmetic behind :func:`persuasion.evaluate_exact`.  Raises ``ValueError``
    if the result is not persuasive (it never is for the closed forms).
    """
    result = _exact_value_of(instance, scheme, payments)
    if not result.persuasive:
        raise ValueError(f"{regime}: the scheme is not persuasive with payments {payments!r}")
    n = instance.n_actions
    lam = Fraction(multiplier)
    return ExactSolution(
        value=float(result.sender),
        scheme=np.asarray(scheme, dtype=float),
        payments=np.asarray(result.payments, dtype=float),
        receiver_value=float(result.receiver),
        multipliers=np.asarray(symmetric_multipliers(n, lam), dtype=float),
        payment_model=payment_model,
        instance=instance,
        exact_value=rational(result.sender),
        exact_scheme=scheme,
        exact_payments=tuple(rational(p) for p in result.payments),
        multiplier=rational(lam),
        weight=rational(n * lam),
        regime=regime,
        mixing=None if mixing is None else rational(mixing),
    )


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
    instance = _check_instance(instance)
    phi = check_scheme(instance, scheme)
    s, r = instance.sender, instance.receiver
    weak = (s[:, None, :] >= s[:, :, None]) & (r[:, None, :] >= r[:, :, None])
    strict = (s[:, None, :] > s[:, :, None]) | (r[:, None, :] > r[:, :, None])
    dominated = np.any(weak & strict, axis=2)          # [θ, i]: some j dominates i
    bad = dominated & (phi > tol) & (instance.prior[:, None] > 0)
    states, actions = np.nonzero(bad)
    return [(int(t), int(i)) for t, i in zip(states, actions, strict=True)]


# ----------------------------------------------------------------------------- random instances
def _random_distribution(rng: np.random.Generator, size: int) -> list[Fraction]:
    """A random distribution with small integer weights (some zero, never all)."""
    weights = rng.integers(0, 4, size)
    if weights.sum() == 0:
        weights[rng.integers(size)] = 1
    total = int(weights.sum())
    return [Fraction(int(w), total) for w in weights]


def _payoff_bounds(max_payoff: Any) -> tuple[int, int]:
    """``max_payoff`` as (sender bound, receiver bound): one int for both, or a pair."""
    if isinstance(max_payoff, tuple | list):
        if len(max_payoff) != 2:
            raise ValueError(f"max_payoff must be an int or a pair of ints, got {max_payoff!r}")
        return (as_positive_int("max_payoff", max_payoff[0]),
                as_positive_int("max_payoff", max_payoff[1]))
    top = as_positive_int("max_payoff", max_payoff)
    return top, top


def random_instance(
    rng: Any, n_states: int, n_actions: int, max_payoff: Any = 3
) -> Instance:
    """A random instance with rational prior and integer payoffs in ``0..max_payoff``
    (small integers make exact ties frequent); for property tests.  ``max_payoff``
    is one bound for both players or a pair (sender, receiver)."""
    rng = as_generator("rng", rng)
    n_states = as_positive_int("n_states", n_states)
    n_actions = as_positive_int("n_actions", n_actions, minimum=2)
    top_s, top_r = _payoff_bounds(max_payoff)
    shape = (n_states, n_actions)
    return Instance(
        _random_distribution(rng, n_states),
        rng.integers(0, top_s + 1, shape).tolist(),
        rng.integers(0, top_r + 1, shape).tolist(),
    )


def random_symmetric_instance(
    rng: Any, n_actions: int, n_types: int, *, iid: bool = True, max_payoff: Any = 3
) -> Instance:
    """A random symmetric action-types instance with integer payoffs in ``0..max_payoff``
    (one bound for both players or a pair (sender, receiver)).

    ``iid=True``: i.i.d. types (:meth:`Instance.from_types`); ``iid=False``: a
    symmetric but correlated prior giving each multiset of types a random
    weight (:meth:`Instance.from_profiles`).
    """
    rng = as_generator("rng", rng)
    n = as_positive_int("n_actions", n_actions, minimum=2)
    m = as_positive_int("n_types", n_types)
    top_s, top_r = _payoff_bounds(max_payoff)
    sender = rng.integers(0, top_s + 1, m).tolist()
    receiver = rng.integers(0, top_r + 1, m).tolist()
    if iid:
        return Instance.from_types(_random_distribution(rng, m), sender, receiver, n)
    multisets = list(itertools.combinations_with_replacement(range(m), n))
    weight = dict(zip(multisets, _random_distribution(rng, len(multisets)), strict=True))
    counts = {key: 0 for key in multisets}
    profiles = list(itertools.product(range(m), repeat=n))
    for profile in profiles:
        counts[tuple(sorted(profile))] += 1
    table = np.empty((m,) * n, dtype=object)
    for profile in profiles:
        key = tuple(sorted(profile))
        table[profile] = weight[key] / counts[key]
    return Instance.from_profiles(table, sender, receiver)
