"""The value of simulation queries, and how to choose them.

A threshold query ``θ`` asks the simulator whether the true type's belief is at
least ``θ`` (module :mod:`~persuasion.querying.simulator`).  ``K`` queries asked
before committing reveal which cell of the partition of the sorted beliefs by
the ``K`` thresholds holds the true type; the sender then uses the optimal policy
for that cell.  The value of a query set is therefore
``Σ_cells Pr[cell] · value(optimal policy | cell)`` (the slides "value of
queries" of Immorlica's talk; Harris et al. 2023).

- :func:`query_value`: that value, cell by cell with
  :func:`~persuasion.querying.policy.optimal_policy`'s enumeration.
- :func:`optimal_queries`: the slides' dynamic program over intervals of sorted
  types: ``D_0(j) = G(1, j)``, ``D_k(j) = max_{i<j} D_{k-1}(i) + G(i+1, j)``, with
  all interval values ``G`` from :mod:`~persuasion.querying.intervals`;
  ``O(n²)`` for the table and ``O(K n²)`` for the recursion.
- :func:`greedy_queries`, :func:`greedy_query_values`: add the query of largest
  marginal gain, ``K`` times.
- :func:`brute_force_queries`: every set of ``K`` cuts (the baseline);
  :func:`query_set_values` and :func:`diminishing_returns_violations` check
  submodularity on small instances.
- :func:`adaptive_queries`: each query chosen after the earlier answers.  A
  decision tree of depth ``K`` over the sorted beliefs realizes exactly the interval
  partitions with at most ``2^K`` cells, so its value is that of
  ``min(n - 1, 2^K - 1)`` non-adaptive cuts.
- :func:`costly_queries`: the number of queries maximizing value minus ``c·K``.

Only cuts between distinct beliefs matter; the cut between levels ``p_i < p_{i+1}``
is reported as the threshold ``p_{i+1}`` ("is your belief at least ``p_{i+1}``?").
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..validation import as_positive_int
from .intervals import NEG, interval_table
from .policy import best_plan
from .receiver_types import (
    HALF,
    Number,
    ReceiverTypes,
    is_vector,
    read_belief,
    read_scalar,
    receiver_types,
)


@dataclass(frozen=True)
class QueryResult:
    """A set of threshold queries and its value.

    Attributes
    ----------
    value: the probability of a sale when the sender asks the queries, learns the
        cell of the true type, then uses the optimal policy for that cell.
    thresholds: the queries ``θ`` ("is the belief at least θ?"), ascending.
    cells: the beliefs in each cell of the induced partition, ascending.
    gains: for :func:`greedy_queries`, the marginal gain of each query in the order
        chosen (with ``order`` the thresholds in that order); empty otherwise.
    """

    value: Number
    thresholds: tuple[Number, ...]
    cells: tuple[tuple[Number, ...], ...]
    gains: tuple[Number, ...] = ()
    order: tuple[Number, ...] = ()


@dataclass(frozen=True)
class QueryTree:
    """An adaptive querying strategy: ask ``threshold``, continue with ``above`` if the
    belief is at least the threshold, else with ``below``.  A leaf is the tuple of
    beliefs of the cell the answers have identified."""

    threshold: Number
    below: QueryTree | tuple[Number, ...]
    above: QueryTree | tuple[Number, ...]


@dataclass(frozen=True)
class AdaptiveResult:
    """The value of ``k`` adaptive queries and a decision tree attaining it."""

    value: Number
    tree: QueryTree | tuple[Number, ...]
    cuts: int


@dataclass(frozen=True)
class CostlyResult:
    """The best number of costly queries.

    Attributes
    ----------
    k: the number of queries asked.
    net: value minus ``cost · k``.
    value: the value of the ``k`` queries (before costs).
    thresholds: the queries (non-adaptive) or the cuts the adaptive tree realizes.
    nets: the net value for every number of queries ``0, 1, …`` considered.
    """

    k: int
    net: Number
    value: Number
    thresholds: tuple[Number, ...]
    nets: tuple[Number, ...]


def _k(k: Any) -> int:
    return as_positive_int("k", k, minimum=0)


def _cells(types: ReceiverTypes, cuts: tuple[int, ...]) -> tuple[tuple[Number, ...], ...]:
    bounds = (0, *[c + 1 for c in cuts], types.n_levels)
    return tuple(types.levels[a:b] for a, b in itertools.pairwise(bounds))


def _thresholds(types: ReceiverTypes, cuts: tuple[int, ...]) -> tuple[Number, ...]:
    return tuple(types.levels[c + 1] for c in cuts)


def _table(types: ReceiverTypes) -> np.ndarray:
    return interval_table(types.levels, types.level_weights, types.threshold, types.exact)


def _split_value(types: ReceiverTypes, table: np.ndarray, cuts: tuple[int, ...]) -> Number:
    bounds = (0, *[c + 1 for c in cuts], types.n_levels)
    return sum((table[a, b - 1] for a, b in itertools.pairwise(bounds)), types.zero())


def query_value(beliefs: Any, weights: Any, thresholds: Any, threshold: Any = HALF) -> Number:
    """The value of knowing, before committing, the answers to the queries "is the belief
    at least θ?" for every ``θ`` in ``thresholds`` (a possibly empty sequence in
    ``[0, 1]``): ``Σ_cells Pr[cell] · value(optimal policy | cell)``."""
    types = receiver_types(beliefs, weights, threshold)
    if not is_vector(thresholds):
        raise ValueError(f"thresholds must be a sequence of numbers, got {thresholds!r}")
    thetas = [read_belief("thresholds", v, types.exact) for v in thresholds]
    cells: dict[int, list[int]] = {}
    for j, p in enumerate(types.levels):
        cells.setdefault(sum(1 for theta in thetas if p >= theta), []).append(j)
    total = types.zero()
    for members in cells.values():
        p = [types.levels[j] for j in members]
        w = [types.level_weights[j] for j in members]
        total += best_plan(p, w, types.threshold, types.exact).value
    return total


def _dp(table: np.ndarray, k_max: int) -> tuple[list[Any], list[np.ndarray]]:
    """``D_k(n-1)`` for ``k = 0..k_max`` and the argmax tables of the recursion."""
    n = table.shape[0]
    D = table[0, :].copy()
    values, choices = [D[n - 1]], []
    for k in range(1, k_max + 1):
        candidates = D[: n - 1, None] + table[1:, :]  # row i: D_{k-1}(i) + G(i+1, j)
        arg = np.argmax(candidates, axis=0)
        D = candidates[arg, np.arange(n)]
        D[:k] = NEG
        choices.append(arg)
        values.append(D[n - 1])
    return values, choices


def _dp_cuts(choices: list[np.ndarray], k: int, n: int) -> tuple[int, ...]:
    cuts, j = [], n - 1
    for step in range(k, 0, -1):
        j = int(choices[step - 1][j])
        cuts.append(j)
    return tuple(sorted(cuts))


def optimal_queries(beliefs: Any, weights: Any, k: Any, threshold: Any = HALF) -> QueryResult:
    """The best ``k`` threshold queries, by the dynamic program over intervals of sorted
    beliefs (exact for threshold queries).  More queries than gaps between distinct
    beliefs are never needed: ``k`` is capped at ``n_levels - 1``."""
    types = receiver_types(beliefs, weights, threshold)
    k = min(_k(k), types.n_levels - 1)
    values, choices = _dp(_table(types), k)
    cuts = _dp_cuts(choices, k, types.n_levels)
    return QueryResult(values[k], _thresholds(types, cuts), _cells(types, cuts))


def optimal_query_values(beliefs: Any, weights: Any, k: Any, threshold: Any = HALF) -> tuple:
    """The optimal value of ``0, 1, …, k`` queries, from one run of the dynamic program
    (values for more than ``n_levels - 1`` queries repeat the full-knowledge value)."""
    types = receiver_types(beliefs, weights, threshold)
    k = _k(k)
    values, _ = _dp(_table(types), min(k, types.n_levels - 1))
    return tuple(values) + (values[-1],) * (k + 1 - len(values))


def brute_force_queries(beliefs: Any, weights: Any, k: Any, threshold: Any = HALF) -> QueryResult:
    """The best ``k`` threshold queries by trying every set of ``k`` cuts (ties: the
    first set in lexicographic order).  Exponential: the baseline of the benchmark."""
    types = receiver_types(beliefs, weights, threshold)
    k = min(_k(k), types.n_levels - 1)
    table = _table(types)
    best_cuts, best = (), None
    for cuts in itertools.combinations(range(types.n_levels - 1), k):
        value = _split_value(types, table, cuts)
        if best is None or value > best:
            best_cuts, best = cuts, value
    return QueryResult(best, _thresholds(types, best_cuts), _cells(types, best_cuts))


def greedy_queries(beliefs: Any, weights: Any, k: Any, threshold: Any = HALF) -> QueryResult:
    """``k`` threshold queries chosen greedily: each adds the largest marginal gain to
    the queries already chosen (ties: the smallest threshold)."""
    types = receiver_types(beliefs, weights, threshold)
    k = min(_k(k), types.n_levels - 1)
    table = _table(types)
    chosen: list[int] = []
    gains = []
    for _ in range(k):
        best_gain, best_cut = None, None
        bounds = [0, *sorted(c + 1 for c in chosen), types.n_levels]
        for a, b in itertools.pairwise(bounds):  # the cell [a, b - 1] and its inner cuts
            for cut in range(a, b - 1):
                gain = table[a, cut] + table[cut + 1, b - 1] - table[a, b - 1]
                if best_gain is None or gain > best_gain:
                    best_gain, best_cut = gain, cut
        chosen.append(best_cut)
        gains.append(best_gain)
    cuts = tuple(sorted(chosen))
    return QueryResult(
        _split_value(types, table, cuts),
        _thresholds(types, cuts),
        _cells(types, cuts),
        gains=tuple(gains),
        order=tuple(types.levels[c + 1] for c in chosen),
    )


def greedy_query_values(beliefs: Any, weights: Any, k: Any, threshold: Any = HALF) -> tuple:
    """The value of the first ``0, 1, …, k`` greedy queries (greedy's choices for ``k``
    queries extend its choices for fewer), from one run of the greedy."""
    types = receiver_types(beliefs, weights, threshold)
    k = _k(k)
    result = greedy_queries(types.beliefs, types.weights, k, types.threshold)
    values = [query_value(types.beliefs, types.weights, [], types.threshold)]
    for gain in result.gains:
        values.append(values[-1] + gain)
    return tuple(values) + (values[-1],) * (k + 1 - len(values))


def query_set_values(beliefs: Any, weights: Any, threshold: Any = HALF) -> tuple:
    """``f(S)`` for every set ``S`` of cuts between distinct beliefs, indexed by bitmask
    (bit ``g`` set: the cut between levels ``g`` and ``g + 1``, i.e. the query
    ``θ = levels[g + 1]``).  ``2^(n_levels - 1)`` values: small instances only."""
    types = receiver_types(beliefs, weights, threshold)
    table = _table(types)
    gaps = types.n_levels - 1
    return tuple(
        _split_value(types, table, tuple(g for g in range(gaps) if mask >> g & 1))
        for mask in range(2**gaps)
    )


def diminishing_returns_violations(values: Any) -> tuple[int, int]:
    """``(submodularity, monotonicity)`` violation counts of a set function given by its
    values on all bitmasks of ``m`` items (``len(values) == 2^m``): the number of
    ``(S, a, b)`` with ``f(S+a) + f(S+b) < f(S) + f(S+a+b)`` (equivalent to diminishing
    returns) and of ``(S, a)`` with ``f(S+a) < f(S)``.  Exact on exact values."""
    values = list(values)
    m = len(values).bit_length() - 1
    if not values or len(values) != 2**m:
        raise ValueError(f"values must have 2^m entries, got {len(values)}")
    submodular = monotone = 0
    for mask in range(2**m):
        free = [g for g in range(m) if not mask >> g & 1]
        for a in free:
            monotone += values[mask | 1 << a] < values[mask]
        for a, b in itertools.combinations(free, 2):
            sa, sb = mask | 1 << a, mask | 1 << b
            submodular += values[sa] + values[sb] < values[mask] + values[sa | sb]
    return submodular, monotone


def _tree(types: ReceiverTypes, lo: int, hi: int, cuts: tuple[int, ...]):
    """A balanced decision tree over the levels ``lo..hi`` cut at ``cuts``."""
    if not cuts:
        return types.levels[lo : hi + 1]
    mid = len(cuts) // 2
    cut = cuts[mid]
    return QueryTree(
        types.levels[cut + 1],
        _tree(types, lo, cut, cuts[:mid]),
        _tree(types, cut + 1, hi, cuts[mid + 1 :]),
    )


def adaptive_queries(beliefs: Any, weights: Any, k: Any, threshold: Any = HALF) -> AdaptiveResult:
    """The value of ``k`` adaptive threshold queries (each chosen after seeing the
    earlier answers), with a decision tree of depth at most ``k`` attaining it.

    A tree of depth ``k`` ends in at most ``2^k`` intervals, and every partition into at
    most ``2^k`` intervals is realized by halving its list of cuts at every node, so
    the value is that of ``min(n_levels - 1, 2^k - 1)`` optimal non-adaptive cuts.
    """
    types = receiver_types(beliefs, weights, threshold)
    k = _k(k)
    cuts_allowed = min(types.n_levels - 1, 2**k - 1)
    values, choices = _dp(_table(types), cuts_allowed)
    cuts = _dp_cuts(choices, cuts_allowed, types.n_levels)
    tree = _tree(types, 0, types.n_levels - 1, cuts)
    return AdaptiveResult(values[cuts_allowed], tree, len(cuts))


def costly_queries(
    beliefs: Any, weights: Any, cost: Any, threshold: Any = HALF, adaptive: bool = False
) -> CostlyResult:
    """The number of queries ``K`` maximizing ``value(K) - cost · K`` (the smallest
    such ``K``), with non-adaptive or adaptive queries; ``cost ≥ 0`` per query (read
    exactly, a float as the decimal it prints as, when the types are exact)."""
    types = receiver_types(beliefs, weights, threshold)
    if not isinstance(adaptive, bool):
        raise ValueError(f"adaptive must be True or False, got {adaptive!r}")
    c = read_scalar("cost", cost, types.exact)
    if c < 0:
        raise ValueError(f"cost must be non-negative, got {cost!r}")
    gaps = types.n_levels - 1
    values, choices = _dp(_table(types), gaps)
    ks = range(gaps.bit_length() + 1) if adaptive else range(gaps + 1)
    cut_counts = [min(gaps, 2**k - 1) if adaptive else k for k in ks]
    nets = tuple(values[m] - c * k for k, m in zip(ks, cut_counts, strict=True))
    best = max(range(len(nets)), key=lambda k: (nets[k], -k))
    cuts = _dp_cuts(choices, cut_counts[best], types.n_levels)
    return CostlyResult(best, nets[best], values[cut_counts[best]], _thresholds(types, cuts), nets)
