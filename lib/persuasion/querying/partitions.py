"""Questions beyond thresholds: arbitrary partitions of the types, and why choosing
them is hard.

If the AI answers questions from a fixed (exogenous) family instead of simulating
the receiver, a question is a set ``S`` of types ("is the type in ``S``?") and
``K`` questions reveal the cell of the common refinement of their partitions.  The
value of a partition is ``Σ_cells Pr[cell] · value(optimal policy | cell)``, as for
threshold queries.  The slide "optimal query policy" of Immorlica's talk notes that
choosing ``K`` questions is then NP-hard, by reduction from set cover;
:func:`set_cover_reduction` builds one such reduction (see its docstring).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from ..validation import as_positive_int
from .policy import best_plan
from .receiver_types import HALF, Number, ReceiverTypes, receiver_types


@dataclass(frozen=True)
class PartitionResult:
    """A partition of the types (``cells`` of type indices) and its value; for question
    selection, ``questions`` holds the indices of the questions asked (in the order
    chosen, for the greedy)."""

    value: Number
    cells: tuple[tuple[int, ...], ...]
    questions: tuple[int, ...] = ()


def _cell_value(types: ReceiverTypes, members: Sequence[int]) -> Number:
    merged: dict[Number, Number] = {}
    for k in members:
        if types.weights[k] > 0:
            merged[types.beliefs[k]] = merged.get(types.beliefs[k], 0) + types.weights[k]
    if not merged:
        return types.zero()
    levels = sorted(merged)
    return best_plan(levels, [merged[p] for p in levels], types.threshold, types.exact).value


def _check_cells(cells: Any, n: int) -> tuple[tuple[int, ...], ...]:
    if isinstance(cells, str | bytes) or not isinstance(cells, Sequence):
        raise ValueError("cells must be a sequence of sequences of type indices")
    out, seen = [], []
    for cell in cells:
        if isinstance(cell, str | bytes) or not isinstance(cell, Sequence | set | frozenset):
            raise ValueError("cells must be a sequence of sequences of type indices")
        members = tuple(as_positive_int("cells", k, minimum=0) for k in cell)
        if not members:
            raise ValueError("cells must not contain an empty cell")
        out.append(members)
        seen.extend(members)
    if sorted(seen) != list(range(n)):
        raise ValueError(f"cells must hold every type index 0..{n - 1} exactly once")
    return tuple(out)


def partition_value(beliefs: Any, weights: Any, cells: Any, threshold: Any = HALF) -> Number:
    """The value of learning which cell of ``cells`` (a partition of the type indices)
    holds the true type before committing to a policy."""
    types = receiver_types(beliefs, weights, threshold)
    checked = _check_cells(cells, types.n_types)
    return sum((_cell_value(types, cell) for cell in checked), types.zero())


def _check_questions(questions: Any, n: int) -> tuple[frozenset[int], ...]:
    if isinstance(questions, str | bytes) or not isinstance(questions, Sequence):
        raise ValueError("questions must be a sequence of sets of type indices")
    out = []
    for q in questions:
        if isinstance(q, str | bytes) or not isinstance(q, Sequence | set | frozenset):
            raise ValueError("questions must be a sequence of sets of type indices")
        members = frozenset(as_positive_int("questions", k, minimum=0) for k in q)
        if any(k >= n for k in members):
            raise ValueError(f"questions must hold type indices below {n}")
        out.append(members)
    return tuple(out)


def question_cells(n_types: Any, questions: Any) -> tuple[tuple[int, ...], ...]:
    """The partition of ``range(n_types)`` revealed by the answers to ``questions`` (each
    a set of type indices: "is the type in this set?"), cells in order of first type."""
    n = as_positive_int("n_types", n_types)
    sets = _check_questions(questions, n)
    cells: dict[tuple[bool, ...], list[int]] = {}
    for k in range(n):
        cells.setdefault(tuple(k in s for s in sets), []).append(k)
    return tuple(tuple(c) for c in cells.values())


def best_questions(
    beliefs: Any, weights: Any, questions: Any, k: Any, threshold: Any = HALF
) -> PartitionResult:
    """The best ``k`` questions from the family ``questions``, by trying every subset
    (exponential: the problem is NP-hard, see :func:`set_cover_reduction`)."""
    types = receiver_types(beliefs, weights, threshold)
    sets = _check_questions(questions, types.n_types)
    k = min(as_positive_int("k", k, minimum=0), len(sets))
    best = None
    for chosen in itertools.combinations(range(len(sets)), k):
        cells = question_cells(types.n_types, [sorted(sets[j]) for j in chosen])
        value = sum((_cell_value(types, c) for c in cells), types.zero())
        if best is None or value > best.value:
            best = PartitionResult(value, cells, chosen)
    return best


def greedy_questions(
    beliefs: Any, weights: Any, questions: Any, k: Any, threshold: Any = HALF
) -> PartitionResult:
    """``k`` questions chosen greedily by marginal gain (ties: the smallest index)."""
    types = receiver_types(beliefs, weights, threshold)
    sets = _check_questions(questions, types.n_types)
    k = min(as_positive_int("k", k, minimum=0), len(sets))
    chosen: list[int] = []
    cells = question_cells(types.n_types, [])
    value = _cell_value(types, range(types.n_types))
    for _ in range(k):
        step = None
        for j in range(len(sets)):
            if j in chosen:
                continue
            trial = question_cells(types.n_types, [sorted(sets[i]) for i in [*chosen, j]])
            trial_value = sum((_cell_value(types, c) for c in trial), types.zero())
            if step is None or trial_value > step[0]:
                step = (trial_value, j, trial)
        value, j, cells = step
        chosen.append(j)
    return PartitionResult(value, cells, tuple(chosen))


def _set_partitions(n: int, max_cells: int):
    """Every partition of ``range(n)`` into at most ``max_cells`` cells (restricted
    growth strings)."""

    def grow(prefix: list[int], used: int):
        if len(prefix) == n:
            yield prefix
            return
        for label in range(min(used + 1, max_cells)):
            yield from grow([*prefix, label], max(used, label + 1))

    for labels in grow([], 0):
        yield tuple(
            tuple(k for k in range(n) if labels[k] == c) for c in range(max(labels) + 1)
        )


def best_partition(
    beliefs: Any, weights: Any, n_cells: Any, threshold: Any = HALF
) -> PartitionResult:
    """The most valuable partition of the types into at most ``n_cells`` cells, over
    *all* partitions (not only intervals of sorted beliefs); brute force, small ``n``."""
    types = receiver_types(beliefs, weights, threshold)
    m = as_positive_int("n_cells", n_cells)
    best = None
    for cells in _set_partitions(types.n_types, m):
        value = sum((_cell_value(types, c) for c in cells), types.zero())
        if best is None or value > best.value:
            best = PartitionResult(value, cells)
    return best


@dataclass(frozen=True)
class SetCoverReduction:
    """A question-selection instance built from a set system (:func:`set_cover_reduction`).

    The value of any choice of questions is ``base + per_element · (number of elements
    covered by the chosen sets)``.
    """

    beliefs: tuple[Fraction, ...]
    weights: tuple[Fraction, ...]
    questions: tuple[tuple[int, ...], ...]
    base: Fraction
    per_element: Fraction

    def value_of(self, covered: int) -> Fraction:
        return self.base + self.per_element * covered


def set_cover_reduction(n_elements: Any, sets: Any) -> SetCoverReduction:
    """Choosing questions from an exogenous family is as hard as maximum coverage.

    Threshold ``1/2``.  Element ``e`` of the universe ``{0, …, n-1}`` becomes a type
    with belief ``1/4`` and weight ``1``; an *anchor* type (index ``n``) with belief
    ``2/5`` and weight ``3n`` belongs to no set; set ``S_j`` becomes the question "is
    the type in ``S_j``?".  A cell without the anchor holds only beliefs ``1/4`` and
    earns ``Pr[cell] · 1/2`` (all of it); the anchor's cell (the anchor and the
    uncovered elements) earns ``3n · 4/5`` by targeting the anchor, more than the
    ``3n · 3/5 + m/2`` of targeting the elements, since ``m ≤ n < 6n/5``.  So the
    value of any questions is ``(12n/5 + covered/2) / 4n``, affine in the number of
    covered elements: ``K`` questions reach ``3/5 + 1/8`` iff ``K`` sets cover the
    universe.
    """
    n = as_positive_int("n_elements", n_elements)
    if isinstance(sets, str | bytes) or not isinstance(sets, Sequence) or not sets:
        raise ValueError("sets must be a non-empty sequence of sets of elements")
    questions = []
    for s in sets:
        if isinstance(s, str | bytes) or not isinstance(s, Sequence | set | frozenset):
            raise ValueError("sets must be a non-empty sequence of sets of elements")
        members = tuple(sorted({as_positive_int("sets", e, minimum=0) for e in s}))
        if any(e >= n for e in members):
            raise ValueError(f"sets must hold elements below n_elements = {n}")
        questions.append(members)
    beliefs = (Fraction(1, 4),) * n + (Fraction(2, 5),)
    total = Fraction(4 * n)
    weights = (Fraction(1) / total,) * n + (Fraction(3 * n) / total,)
    base = Fraction(3 * n) * Fraction(4, 5) / total
    per_element = Fraction(1, 2) / total
    return SetCoverReduction(beliefs, weights, tuple(questions), base, per_element)
