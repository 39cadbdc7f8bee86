"""Weighted welfare maximizers with exact tie-breaking (Definition 4, Propositions 3–6).

:func:`weighted_scheme` recommends, in every state, an action maximizing
``s + w·r`` (``w = nλ`` in Section 5, ``w = n/(n−1)`` in Proposition 5, ``w = 2``
in Proposition 4).  Ties are found exactly: the distinct payoff pairs are
ranked in rational arithmetic (:class:`PayoffTable`).  :class:`ExactSolution`
is a :class:`persuasion.Solution` carrying exact rational values, returned by
the closed forms of :mod:`persuasion.duality.threshold` and :mod:`persuasion.duality.closed_forms`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np
import sympy as sp

from ..lp import Solution
from ..model import Instance
from ..payments import value_of
from ..rational import as_weight, rational
from ..validation import as_choice, as_flag
from .lagrangian import _check_instance, symmetric_multipliers

#: Tie-breaking rules of :func:`weighted_scheme`.
TIES = ("uniform", "receiver", "sender")


class PayoffTable:
    """The distinct payoff pairs ``(s, r)`` of an instance, for exact argmax computations.

    ``pair[θ, i]`` indexes the pair of action ``i`` in state ``θ``; ``s`` and
    ``r`` hold the pairs exactly (Fractions).  Ranking the few distinct pairs
    exactly and comparing integer ranks state by state gives exact argmax sets
    at NumPy speed.  ``group[θ]`` indexes the distinct prior probabilities
    ``mu`` so that probability masses can be summed exactly.
    """

    def __init__(self, instance: Instance) -> None:
        prior, sender, receiver = instance.exact_values
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
    ties = as_choice("ties", ties, TIES)
    exact = as_flag("exact", exact)
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
    prior, sender, receiver = instance.exact_values
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

