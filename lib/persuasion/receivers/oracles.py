"""Set-function maximization oracles: ``argmax_S h(S)`` (the oracle of Prop. 9).

Two oracles:

- :func:`maximize_exhaustive` tabulates ``h`` on all ``2**N`` subsets (small
  ``N``; works for any set function given as a table);
- :func:`maximize_min_cut` maximizes a *supermodular pairwise* function
  exactly with one minimum s–t cut (networkx's maximum-flow code), in
  polynomial time for any ``N``.

The cut construction (Picard and Ratliff, 1975; Kolmogorov and Zabih, 2004):
maximizing ``h`` is minimizing ``E(x) = -Σ a_i x_i - Σ_{i<j} b_ij x_i x_j``
over ``x ∈ {0,1}^N``.  With ``x_i x_j = x_i - x_i (1 - x_j)``,

.. math::

    E(x) = \\sum_i w_i x_i + \\sum_{i<j} b_{ij} x_i (1 - x_j),
    \\qquad w_i = -a_i - \\sum_{j>i} b_{ij},

and each term is a cut: ``b_ij x_i (1 - x_j)`` is an arc ``i → j`` (needs
``b_ij ≥ 0``), ``w_i x_i`` with ``w_i > 0`` an arc ``i → t`` and with
``w_i < 0`` an arc ``s → i`` (plus the constant ``w_i``).  The source side of a
minimum cut is a maximizer.
"""

from __future__ import annotations

from typing import Any

import networkx as nx
import numpy as np
from networkx.algorithms.flow import preflow_push

from ..validation import as_finite_array, as_real
from .setfunctions import EXHAUSTIVE_LIMIT, PairwiseSetFunction, mask_from_indices

_SOURCE, _SINK = "s", "t"


def maximize_exhaustive(h: Any) -> tuple[int, float]:
    """``(S, h(S))`` with ``S`` the smallest bitmask maximizing ``h``.

    ``h`` is a :class:`~persuasion.setfunctions.PairwiseSetFunction` (tabulated,
    ``N ≤ EXHAUSTIVE_LIMIT``) or a 1-D table of length ``2**N`` indexed by bitmask.
    """
    if isinstance(h, PairwiseSetFunction):
        table = h.values()
    else:
        table = as_finite_array("h", h, ndim=1)
        size = table.shape[0]
        if size == 0 or size & (size - 1):
            raise ValueError(f"h must have 2^N entries (one per subset), got {size}")
        if size > 1 << EXHAUSTIVE_LIMIT:
            raise ValueError(f"h: table too large for the exhaustive oracle ({size} entries)")
    best = int(np.argmax(table))
    return best, float(table[best])


def persistent_choices(h: PairwiseSetFunction) -> tuple[np.ndarray, np.ndarray]:
    """Elements that some maximizer of a supermodular ``h`` contains / avoids.

    With ``b ≥ 0`` the marginal value of ``i`` grows with the set, so it lies
    between ``low_i = a_i + Σ_{j∈IN} b_ij`` and ``high_i = a_i + Σ_{j∉OUT} b_ij``
    on every set between ``IN`` and the complement of ``OUT``.  ``low_i ≥ 0``
    puts ``i`` in ``IN``, otherwise ``high_i ≤ 0`` puts it in ``OUT``; repeated
    until nothing changes, a maximizer containing ``IN`` and avoiding ``OUT``
    still exists.  Returns the boolean masks ``(IN, OUT)``.
    """
    inside, outside = _persistent_rows(h.unary[None], h.pairwise[None])
    return inside[0], outside[0]


def _persistent_rows(unary: np.ndarray, pairwise: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The loop of :func:`persistent_choices` for each row of a stack (``unary`` of shape
    ``(K, N)``, ``pairwise`` ``(K, N, N)``, trusted): a row that has stopped changing
    never changes again, so one loop serves all rows of a pricing round."""
    inside = np.zeros(unary.shape, dtype=bool)
    outside = np.zeros(unary.shape, dtype=bool)
    while True:
        free = ~(inside | outside)
        low = unary + (pairwise @ inside[..., None].astype(float))[..., 0]
        high = unary + (pairwise @ (~outside)[..., None].astype(float))[..., 0]
        new_in = free & (low >= 0)
        new_out = free & ~new_in & (high <= 0)
        if not (new_in.any() or new_out.any()):
            return inside, outside
        inside |= new_in
        outside |= new_out


def cut_graph(unary: np.ndarray, pairwise: np.ndarray) -> nx.DiGraph:
    """The s–t graph whose minimum cuts maximize ``Σ a_i x_i + Σ_{i<j} b_ij x_i x_j``
    (see the module doc); nodes ``0..len(unary)-1``, ``"s"`` and ``"t"``.

    Capacities are Python integers: each float capacity times ``2**52 / max``
    (a power of two), rounded.  Flow codes decide reachability in the residual
    graph by exact comparisons, which float capacities break (a residual of
    ``1e-13`` looks positive and the returned side is wrong); with integers the
    cut is exactly minimal for the rounded capacities, so the returned set is
    within ``m · max · 2**-52`` of optimal (``m`` arcs, ``max`` the largest
    capacity): about ``1e-12`` relative.
    """
    upper = np.triu(pairwise, k=1)
    weight = -unary - upper.sum(axis=1)
    rows, cols = np.nonzero(upper > 0)
    arcs = [(int(i), int(j), upper[i, j]) for i, j in zip(rows, cols, strict=True)]
    arcs += [(int(i), _SINK, weight[i]) for i in np.flatnonzero(weight > 0)]
    arcs += [(_SOURCE, int(i), -weight[i]) for i in np.flatnonzero(weight < 0)]
    largest = max((cap for *_, cap in arcs), default=1.0)
    scale = 2.0 ** (52 - int(np.ceil(np.log2(largest))))
    graph = nx.DiGraph()
    graph.add_nodes_from([_SOURCE, _SINK])
    graph.add_nodes_from(range(len(unary)))
    graph.add_edges_from((u, v, {"capacity": int(round(cap * scale))}) for u, v, cap in arcs)
    return graph


def require_supermodular(h: PairwiseSetFunction, tol: float) -> None:
    """``ValueError`` unless ``h`` is a supermodular :class:`PairwiseSetFunction` (pairwise
    coefficients ≥ ``-tol``): the functions a minimum cut maximizes (Appendix B)."""
    if not isinstance(h, PairwiseSetFunction):
        raise ValueError(f"h must be a PairwiseSetFunction, got {type(h).__name__}")
    if not h.is_supermodular(tol):
        raise ValueError(
            "h must be supermodular (pairwise coefficients ≥ 0) for the min-cut oracle; "
            f"smallest coefficient {h.pairwise.min():.3g}"
        )


def maximize_min_cut(h: PairwiseSetFunction, tol: float = 1e-12) -> tuple[int, float]:
    """``(S, h(S))`` with ``S`` maximizing the supermodular pairwise function ``h``.

    First :func:`persistent_choices` settles the elements whose marginal value
    has one sign whatever the others do; the rest is one maximum flow (networkx
    preflow-push) on the free elements plus ``s`` and ``t``, with integer
    capacities (see :func:`cut_graph` for the precision).  Raises ``ValueError``
    if ``h`` is not a :class:`PairwiseSetFunction` or has a negative pairwise
    coefficient (then ``-h`` is not graph-representable).
    """
    tol = as_real("tol", tol, low=0)
    require_supermodular(h, tol)
    pairwise = np.maximum(h.pairwise, 0.0)
    inside, outside = persistent_choices(h)
    chosen = set(np.flatnonzero(inside).tolist())
    free = np.flatnonzero(~(inside | outside))
    if free.size:
        unary = h.unary[free] + pairwise[np.ix_(free, np.flatnonzero(inside))].sum(axis=1)
        graph = cut_graph(unary, pairwise[np.ix_(free, free)])
        _, (source_side, _) = nx.minimum_cut(graph, _SOURCE, _SINK, flow_func=preflow_push)
        chosen |= {int(free[node]) for node in source_side if node != _SOURCE}
    mask = mask_from_indices(chosen)
    return mask, h(mask)


def improve_locally(h: Any, start: int) -> tuple[int, float]:
    """Steepest-ascent single flips from the bitmask ``start`` until no flip helps.

    A cheap heuristic for pricing (any improving set found is a valid column);
    it returns a local maximum, not a certified one.  ``h`` is a
    :class:`PairwiseSetFunction` (flip gains ``(1 − 2x_i)(a_i + Σ_j b_ij x_j)``
    in one matrix product) or a table of length ``2**N``.
    """
    if isinstance(h, PairwiseSetFunction):
        x = np.array([[(start >> i) & 1 for i in range(h.n)]], dtype=float)
        x = _steepest_ascent(h.unary[None], h.pairwise[None], x)[0]
        mask = mask_from_indices(np.flatnonzero(x))
        return mask, h(mask)
    table = as_finite_array("h", h, ndim=1)
    n = table.shape[0].bit_length() - 1
    flips = 1 << np.arange(n)
    mask = int(start)
    while True:
        neighbours = mask ^ flips
        best = int(np.argmax(table[neighbours]))
        if table[neighbours[best]] <= table[mask]:
            return mask, float(table[mask])
        mask = int(neighbours[best])


def improve_locally_batch(unary: Any, pairwise: Any, x: Any) -> np.ndarray:
    """:func:`improve_locally` for ``K`` pairwise functions at once (Prop. 9's pricing
    heuristic for every state of a round of column generation).

    Function ``k`` has unary coefficients ``unary[k]`` (shape ``(K, N)``) and pairwise
    ``pairwise[k]`` (shape ``(K, N, N)``, symmetric, zero diagonal); ``x`` (shape
    ``(K, N)``, 0/1) holds the starting sets.  Each row takes the steepest single flip
    while it gains more than ``1e-12 (1 + max_i |unary[k, i]|)``, exactly as
    :func:`improve_locally` does one function at a time (a row that cannot improve
    stays put while the others move).  Returns the local maxima as a new 0/1 float
    array.
    """
    unary = as_finite_array("unary", unary, ndim=2)
    pairwise = as_finite_array("pairwise", pairwise, ndim=3)
    x = as_finite_array("x", x, ndim=2).copy()
    if pairwise.shape != unary.shape + unary.shape[-1:] or x.shape != unary.shape:
        raise ValueError(
            f"x must have the shape (K, N) of unary and pairwise (K, N, N); got {x.shape}, "
            f"{unary.shape} and {pairwise.shape}"
        )
    if not np.all((x == 0) | (x == 1)):
        raise ValueError("x must hold 0/1 entries (the starting sets)")
    return _steepest_ascent(unary, pairwise, x)


def _steepest_ascent(unary: np.ndarray, pairwise: np.ndarray, x: np.ndarray) -> np.ndarray:
    """The loop of :func:`improve_locally` and :func:`improve_locally_batch` on trusted
    arrays (rows of a stack); ``x`` is modified."""
    if x.size == 0:
        return x
    threshold = 1e-12 * (1 + np.abs(unary).max(axis=1))
    rows = np.arange(x.shape[0])
    while True:
        gains = (1 - 2 * x) * (unary + (pairwise @ x[..., None])[..., 0])
        best = np.argmax(gains, axis=1)
        move = gains[rows, best] > threshold
        if not move.any():
            return x
        moving, flip = rows[move], best[move]
        x[moving, flip] = 1 - x[moving, flip]
