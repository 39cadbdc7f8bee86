"""A compiled minimum-cut oracle for supermodular pairwise set functions (Prop. 9).

Same construction as :func:`persuasion.receivers.oracles.maximize_min_cut`
(Picard and Ratliff, 1975; Kolmogorov and Zabih, 2004): after the elements whose
marginal value has one sign whatever the others do are settled
(:func:`~persuasion.receivers.oracles.persistent_choices`), maximizing

.. math::

    h(S) = \\sum_{i \\in S} a_i + \\sum_{i<j;\\, i,j \\in S} b_{ij}, \\qquad b \\ge 0,

is one minimum s–t cut.  The graph is built with NumPy and the maximum flow is
SciPy's compiled ``scipy.sparse.csgraph.maximum_flow`` (Dinic's algorithm)
instead of networkx's pure-Python preflow-push: profiling column generation at
``N = 12`` showed about 80% of its time in networkx (graph building and
preflow-push), at about 8 ms a call.

SciPy needs 32-bit integer capacities.  Each function's graph is scaled so that
its total capacity is :data:`BLOCK_BUDGET` ``= 2**28``, then rounded.  Graphs
priced together share the source and the sink and are otherwise disjoint; they are
packed into one flow while the sum of their flow bounds (the smaller of a graph's
total source and total sink capacity) stays within :data:`FLOW_BUDGET` ``= 2**31 − 1``,
so every flow value fits SciPy's integers (one flow prices at least eight graphs,
usually a whole round of column generation).  The cut is exactly minimal for the
rounded capacities, so the returned set is within ``m · unit`` of a maximizer
(``m`` arcs, ``unit`` the rounding step, reported by :func:`cut_precision`).  The
scaling of a graph does not depend on the others, and the source side returned (the
vertices reachable from the source in the residual graph) is the same for every
maximum flow, so a function gets the same answer alone or in a batch.
A final steepest-ascent pass of single flips
(:func:`~persuasion.receivers.oracles.improve_locally`) removes the
near-ties that rounding can leave; the tests compare the oracle with brute
force on functions with ties and with non-integer coefficients.

Everything but the flow itself is vectorized over the functions of a batch
(:func:`maximize_min_cut_arrays` takes them stacked as arrays): SciPy's per-call
overhead (input checks and sparse conversions, about 0.5 ms) and Python loops over
the functions, not the flows, dominated a pricing round at these sizes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import scipy.sparse as sps
from scipy.sparse.csgraph import maximum_flow

from ..validation import as_finite_array, as_real
from .oracles import _persistent_rows, _steepest_ascent, require_supermodular
from .setfunctions import PairwiseSetFunction

#: Total capacity of one function's graph after scaling (SciPy's flows are 32-bit integers).
BLOCK_BUDGET = 2**28

#: Largest sum of the flow bounds of the graphs priced by one maximum flow: the value of
#: the flow (and every arc's flow and residual capacity) fits SciPy's 32-bit integers.
FLOW_BUDGET = 2**31 - 1

#: Functions whose graphs are built at once hold at most this many pairwise coefficients
#: (``K · N²``), which bounds the memory of the vectorized construction for large ``N``.
CHUNK_ENTRIES = 2**22


def _stacked_arcs(
    unary: np.ndarray, pairwise: np.ndarray, free: np.ndarray
) -> tuple[np.ndarray, ...]:
    """The cut graphs of ``K`` functions on their free elements, all at once, as in
    :func:`persuasion.receivers.oracles.cut_graph`: the function (``block``), tail, head
    and float capacity of every arc.  Node ``i`` of a function keeps its index ``i``
    (settled elements are isolated), ``N`` is the source and ``N + 1`` the sink."""
    n = unary.shape[1]
    upper = np.triu(pairwise, k=1) * (free[:, :, None] & free[:, None, :])
    weight = -unary - upper.sum(axis=2)
    pair_k, pair_i, pair_j = np.nonzero(upper > 0)
    sink_k, sink_i = np.nonzero(free & (weight > 0))
    source_k, source_i = np.nonzero(free & (weight < 0))
    block = np.concatenate([pair_k, sink_k, source_k])
    tails = np.concatenate([pair_i, sink_i, np.full(source_i.size, n)])
    heads = np.concatenate([pair_j, np.full(sink_i.size, n + 1), source_i])
    caps = np.concatenate(
        [upper[pair_k, pair_i, pair_j], weight[sink_k, sink_i], -weight[source_k, source_i]]
    )
    return block, tails, heads, caps


def masks_from_bits(bits: np.ndarray) -> list[int]:
    """The bitmasks (Python ``int``, any width) of the 0/1 rows of ``bits`` (shape ``(K, N)``):
    the sets ``S`` that Prop. 9's pricing returns, in the package's subset encoding."""
    packed = np.packbits(np.asarray(bits) > 0.5, axis=1, bitorder="little")
    return [int.from_bytes(row.tobytes(), "little") for row in packed]


def _cut_sides(unary: np.ndarray, pairwise: np.ndarray) -> np.ndarray:
    """0/1 rows ``x_k``: the persistent choices of ``h_k`` completed by the source side
    of a minimum cut of its graph on the free elements (before polishing)."""
    k_count, n = unary.shape
    chunk = max(1, CHUNK_ENTRIES // (n * n))
    if k_count > chunk:  # answers do not depend on the batch
        return np.concatenate([
            _cut_sides(unary[first : first + chunk], pairwise[first : first + chunk])
            for first in range(0, k_count, chunk)
        ])
    inside, outside = _persistent_rows(unary, pairwise)
    free = ~(inside | outside)
    chosen = inside.astype(float)
    if not free.any():
        return chosen
    # the graph of each function on its free elements, the settled ones folded in
    clipped = np.maximum(pairwise, 0.0)
    unary_free = unary + (clipped @ inside[..., None].astype(float))[..., 0]
    block, tails, heads, caps = _stacked_arcs(unary_free, clipped, free)
    if block.size == 0:
        return chosen
    total = np.bincount(block, weights=caps, minlength=k_count)
    present = total > 0
    scale = np.zeros(k_count)
    scale[present] = BLOCK_BUDGET / total[present]
    units = np.rint(caps * scale[block]).astype(np.int64)
    # a flow's value is at most min(capacity out of s, capacity into t) of each graph
    bound = np.minimum(
        np.bincount(block[tails == n], weights=units[tails == n], minlength=k_count),
        np.bincount(block[heads == n + 1], weights=units[heads == n + 1], minlength=k_count),
    )
    groups: list[list[int]] = [[]]
    used = 0
    for k in np.flatnonzero(present):
        if groups[-1] and used + bound[k] > FLOW_BUDGET:
            groups.append([])
            used = 0
        groups[-1].append(int(k))
        used += bound[k]
    position = np.zeros(k_count, dtype=np.int64)
    group_of = np.zeros(k_count, dtype=np.int64)
    for g, members in enumerate(groups):
        position[members] = np.arange(len(members))
        group_of[members] = g
    arc_group = group_of[block]
    for g, members in enumerate(groups):
        selected = arc_group == g
        offset = position[block[selected]] * n
        source, sink = len(members) * n, len(members) * n + 1
        tail, head = tails[selected], heads[selected]
        tail = np.where(tail == n, source, np.where(tail == n + 1, sink, tail + offset))
        head = np.where(head == n, source, np.where(head == n + 1, sink, head + offset))
        reached = _source_side(tail, head, units[selected], source, sink)
        side = reached[:source].reshape(len(members), n)
        chosen[members] = np.where(free[members], side, chosen[members])
    return chosen


def _source_side(
    tail: np.ndarray, head: np.ndarray, cap: np.ndarray, source: int, sink: int
) -> np.ndarray:
    """Vertices reachable from ``source`` in the residual graph of a maximum flow (the
    minimal source side of a minimum cut).  The arcs come with their reverses (capacity
    0) and sorted, so SciPy adds none and its flow is aligned with ``cap``."""
    size = sink + 1
    tails = np.concatenate([tail, head])
    heads = np.concatenate([head, tail])
    order = np.argsort(tails * size + heads, kind="stable")
    tails, heads = tails[order], heads[order]
    data = np.concatenate([cap, np.zeros_like(cap)])[order].astype(np.int32)
    indptr = np.zeros(size + 1, dtype=np.int32)
    np.cumsum(np.bincount(tails, minlength=size), out=indptr[1:])
    indices = heads.astype(np.int32)
    capacity = sps.csr_matrix((data, indices, indptr), shape=(size, size))
    capacity.has_sorted_indices = True
    flow = maximum_flow(capacity, source, sink).flow
    if np.array_equal(flow.indptr, indptr) and np.array_equal(flow.indices, indices):
        residual = data.astype(np.int64) - flow.data
    else:  # SciPy changed the structure: align through a sparse difference
        difference = sps.csr_matrix(capacity - flow).tocoo()
        tails, heads, residual = difference.row, difference.col, difference.data
    open_tails, open_heads = tails[residual > 0], heads[residual > 0]
    reached = np.zeros(size, dtype=bool)
    reached[source] = True
    while True:
        step = reached[open_tails] & ~reached[open_heads]
        if not step.any():
            return reached
        reached[open_heads[step]] = True


def _value(unary: np.ndarray, pairwise: np.ndarray, x: np.ndarray, constant: float = 0.0) -> float:
    """``h(x)`` for a 0/1 vector ``x``."""
    return float(constant + unary @ x + x @ pairwise @ x / 2)


def maximize_min_cut_arrays(
    unary: Any, pairwise: Any, tol: float = 1e-12
) -> tuple[np.ndarray, np.ndarray]:
    """Maximizers of ``K`` supermodular pairwise functions given as stacked arrays.

    ``unary`` has shape ``(K, N)`` and ``pairwise`` ``(K, N, N)`` (each symmetric, zero
    diagonal, entries ``≥ -tol``): function ``k`` is
    ``h_k(S) = Σ_{i∈S} unary[k, i] + Σ_{i<j; i,j∈S} pairwise[k, i, j]``.  Returns the 0/1
    matrix ``x`` (shape ``(K, N)``, row ``k`` a maximizer of ``h_k``) and the values
    ``h_k(x_k)``.  This is the pricing step of Prop. 9 for a whole round of column
    generation (all states at the same multipliers ``α``) with nothing built per
    function: the same answers as :func:`maximize_min_cut_batch`.  Raises
    ``ValueError`` on malformed or non-supermodular input.
    """
    tol = as_real("tol", tol, low=0)
    unary = as_finite_array("unary", unary, ndim=2)
    pairwise = as_finite_array("pairwise", pairwise, ndim=3)
    k_count, n = unary.shape
    if k_count == 0 or n == 0 or pairwise.shape != (k_count, n, n):
        raise ValueError(
            f"unary must have shape (K, N) with K, N ≥ 1 and pairwise (K, N, N); "
            f"got {unary.shape} and {pairwise.shape}"
        )
    diagonal = np.arange(n)
    if np.any(pairwise[:, diagonal, diagonal] != 0):
        raise ValueError("pairwise must have a zero diagonal")
    if not np.allclose(pairwise, pairwise.transpose(0, 2, 1), rtol=0.0, atol=1e-12):
        raise ValueError("pairwise must be symmetric in its last two axes")
    if np.any(pairwise < -tol):
        raise ValueError(
            "h must be supermodular (pairwise coefficients ≥ 0) for the min-cut oracle; "
            f"smallest coefficient {pairwise.min():.3g}"
        )
    x = _steepest_ascent(unary, pairwise, _cut_sides(unary, pairwise))
    values = np.array([_value(unary[k], pairwise[k], x[k]) for k in range(k_count)])
    return x, values


def maximize_min_cut_batch(
    functions: Sequence[PairwiseSetFunction], tol: float = 1e-12
) -> list[tuple[int, float]]:
    """``[(S_k, h_k(S_k))]``: a maximizer of each supermodular pairwise ``h_k``.

    The cuts are computed by few maximum flows: the graphs of several functions
    (after :func:`~persuasion.receivers.oracles.persistent_choices`) share the source
    and the sink and are otherwise disjoint, so a minimum cut of the union is a
    minimum cut of each (see the module doc for how many share a flow).  Column
    generation prices every state at the same multipliers (Prop. 9's oracle once per
    state), so a pricing round needs few flows (SciPy's per-call overhead, not the
    flow itself, dominates at these sizes).  Each set is then polished by single
    flips.  The answer for a function does not depend on the others in the batch
    (see the module doc).  Functions of different sizes may be mixed.
    """
    functions = list(functions)
    if not functions:
        raise ValueError("functions must not be empty")
    for h in functions:
        require_supermodular(h, tol)
    out: list[tuple[int, float]] = [(0, 0.0)] * len(functions)
    for n in sorted({h.n for h in functions}):
        index = [k for k, h in enumerate(functions) if h.n == n]
        unary = np.stack([functions[k].unary for k in index])
        pairwise = np.stack([functions[k].pairwise for k in index])
        x = _steepest_ascent(unary, pairwise, _cut_sides(unary, pairwise))
        for k, row, mask in zip(index, x, masks_from_bits(x), strict=True):
            h = functions[k]
            out[k] = (mask, _value(h.unary, h.pairwise, row, h.constant))
    return out


def cut_precision(unary: np.ndarray, pairwise: np.ndarray) -> float:
    """``m · unit``: how far below ``max h`` the cut's set can be before the local pass."""
    unary = np.asarray(unary, float)
    free = np.ones((1, unary.shape[0]), dtype=bool)
    *_, caps = _stacked_arcs(unary[None], np.asarray(pairwise, float)[None], free)
    if caps.size == 0:
        return 0.0
    total = max(float(caps.sum()), float(caps.max()))
    return caps.size * total / BLOCK_BUDGET


def maximize_min_cut_fast(h: PairwiseSetFunction, tol: float = 1e-12) -> tuple[int, float]:
    """``(S, h(S))`` with ``S`` maximizing the supermodular pairwise function ``h``.

    A drop-in replacement of :func:`persuasion.receivers.oracles.maximize_min_cut`
    (same arguments, same errors) for column generation's ``oracle=`` argument; see
    the module doc for the precision.  ``maximize_min_cut_fast.batch`` is
    :func:`maximize_min_cut_batch`, for callers that price many functions at once, and
    ``maximize_min_cut_fast.batch_arrays`` is :func:`maximize_min_cut_arrays`, for
    callers that hold them as stacked arrays (column generation's pricing round,
    Prop. 9).  Raises ``ValueError`` if ``h`` is not a :class:`PairwiseSetFunction`
    or is not supermodular.
    """
    return maximize_min_cut_batch([h], tol)[0]


maximize_min_cut_fast.batch = maximize_min_cut_batch  # type: ignore[attr-defined]
maximize_min_cut_fast.batch_arrays = maximize_min_cut_arrays  # type: ignore[attr-defined]
