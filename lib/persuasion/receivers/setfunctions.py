"""Pairwise set functions: the cone used by the oracles of Appendix B (Prop. 9).

A *pairwise* set function on ``[N] = {0, ..., N-1}`` is

.. math::

    h(S) = c + \\sum_{i \\in S} a_i + \\sum_{i < j,\\; i, j \\in S} b_{ij},

stored as ``constant`` ``c``, ``unary`` ``a`` (shape ``(N,)``) and a symmetric
``pairwise`` matrix ``b`` (shape ``(N, N)``, zero diagonal).  ``h`` is
supermodular if and only if every ``b_ij ≥ 0``; the supermodular pairwise
functions form a convex cone (closed under :func:`conic_combination`), and
every function in it is maximized exactly by a minimum s–t cut
(:func:`persuasion.oracles.maximize_min_cut`).

Subsets are bitmasks throughout the package (Python ``int``, of any width, so any
number of receivers works; :func:`mask_from_indices` builds them): bit ``i`` of
``S`` is set if and only if receiver ``i`` is in ``S`` (takes action 1).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..validation import as_finite_array, as_real, check_shape

#: Largest ground set for which a set function is tabulated over all 2^N subsets.
EXHAUSTIVE_LIMIT = 22


def subset_bits(n: int) -> np.ndarray:
    """The ``(2**n, n)`` 0/1 matrix whose row ``S`` lists the bits of the mask ``S``."""
    masks = np.arange(1 << n)
    return ((masks[:, None] >> np.arange(n)[None, :]) & 1).astype(np.int8)


def mask_of(subset: Any, n: int) -> int:
    """A subset given as a bitmask (``int``) or as an iterable of indices, as a bitmask.

    Raises ``ValueError`` naming ``subset`` when an index is outside ``[0, n)``.
    """
    if isinstance(subset, bool):
        raise ValueError(f"subset must be a bitmask or a collection of indices, got {subset!r}")
    if isinstance(subset, (int, np.integer)):
        mask = int(subset)
        if mask < 0 or mask >> n:
            raise ValueError(f"subset must be a bitmask of {n} bits, got {mask}")
        return mask
    mask = 0
    for index in subset:
        if isinstance(index, bool) or not isinstance(index, (int, np.integer)):
            raise ValueError(f"subset must hold integer indices, got {index!r}")
        if not 0 <= index < n:
            raise ValueError(f"subset: index {index} outside [0, {n})")
        mask |= 1 << int(index)
    return mask


def mask_from_indices(indices: Any) -> int:
    """The bitmask (a Python ``int``, so of any width) with the bits ``indices`` set.

    Each index is converted to ``int`` first: ``1 << numpy.int64(63)`` overflows.
    """
    mask = 0
    for index in indices:
        mask |= 1 << int(index)
    return mask


def members(mask: int, n: int) -> np.ndarray:
    """Indices of the bits set in ``mask`` (a sorted int array)."""
    return np.array([i for i in range(n) if (mask >> i) & 1], dtype=int)


def indicator(mask: int, n: int) -> np.ndarray:
    """The 0/1 float vector of length ``n`` of the bitmask ``mask``."""
    return np.array([(mask >> i) & 1 for i in range(n)], dtype=float)


@dataclass(frozen=True, eq=False)
class PairwiseSetFunction:
    """``h(S) = constant + Σ_{i∈S} unary[i] + Σ_{i<j; i,j∈S} pairwise[i, j]``.

    Parameters
    ----------
    unary: shape ``(N,)``, the coefficients ``a_i``.
    pairwise: shape ``(N, N)``, symmetric with zero diagonal, the ``b_ij``;
        ``None`` means all zero.
    constant: the value ``h(∅)``.
    """

    unary: np.ndarray
    pairwise: np.ndarray
    constant: float = 0.0

    def __init__(self, unary: Any, pairwise: Any = None, constant: float = 0.0) -> None:
        unary_a = as_finite_array("unary", unary, ndim=1)
        n = unary_a.shape[0]
        if n == 0:
            raise ValueError("unary must not be empty (a set function needs N ≥ 1)")
        if pairwise is None:
            pairwise_a = np.zeros((n, n))
        else:
            pairwise_a = as_finite_array("pairwise", pairwise, ndim=2)
            check_shape("pairwise", pairwise_a, (n, n))
            if np.any(np.diag(pairwise_a) != 0):
                raise ValueError("pairwise must have a zero diagonal")
            if not np.allclose(pairwise_a, pairwise_a.T, rtol=0.0, atol=1e-12):
                raise ValueError("pairwise must be symmetric (entry [i, j] is b_ij for i ≠ j)")
            pairwise_a = (pairwise_a + pairwise_a.T) / 2
        constant_a = as_finite_array("constant", constant, ndim=0)
        object.__setattr__(self, "unary", unary_a)
        object.__setattr__(self, "pairwise", pairwise_a)
        object.__setattr__(self, "constant", float(constant_a))
        unary_a.setflags(write=False)
        pairwise_a.setflags(write=False)

    @classmethod
    def trusted(cls, unary: np.ndarray, pairwise: np.ndarray) -> PairwiseSetFunction:
        """Build from float arrays already known to be valid (finite, ``pairwise``
        symmetric with zero diagonal) without re-checking them: the oracles of
        column generation build thousands of these from validated instances."""
        h = object.__new__(cls)
        object.__setattr__(h, "unary", unary)
        object.__setattr__(h, "pairwise", pairwise)
        object.__setattr__(h, "constant", 0.0)
        return h

    @property
    def n(self) -> int:
        """Size ``N`` of the ground set."""
        return int(self.unary.shape[0])

    def __call__(self, subset: Any) -> float:
        """``h(S)`` for a bitmask or an iterable of indices."""
        idx = members(mask_of(subset, self.n), self.n)
        block = self.pairwise[np.ix_(idx, idx)]
        return float(self.constant + self.unary[idx].sum() + block.sum() / 2)

    def values(self) -> np.ndarray:
        """``h`` on all ``2**N`` subsets, indexed by bitmask (``N ≤ EXHAUSTIVE_LIMIT``).

        Built by doubling: the table over subsets of ``{0..i}`` is the table over
        subsets of ``{0..i-1}`` followed by the same table plus the marginal value
        of ``i``, so the cost is ``O(2**N)`` additions.
        """
        n = self.n
        if n > EXHAUSTIVE_LIMIT:
            raise ValueError(
                f"unary: N = {n} is too large to tabulate 2^N values (limit {EXHAUSTIVE_LIMIT}); "
                "use persuasion.oracles.maximize_min_cut"
            )
        table = np.array([self.constant])
        for i in range(n):
            cross = np.zeros(1)
            for j in range(i):
                cross = np.concatenate([cross, cross + self.pairwise[i, j]])
            table = np.concatenate([table, table + self.unary[i] + cross])
        return table

    def is_supermodular(self, tol: float = 1e-12) -> bool:
        """Supermodular ⇔ every pairwise coefficient is non-negative."""
        tol = as_real("tol", tol, low=0)
        return bool(np.all(self.pairwise >= -tol))

    def is_monotone(self, tol: float = 1e-12) -> bool:
        """Non-decreasing ⇔ the smallest marginal ``a_i + Σ_j min(0, b_ij)`` is ``≥ 0``."""
        tol = as_real("tol", tol, low=0)
        smallest = self.unary + np.minimum(self.pairwise, 0.0).sum(axis=1)
        return bool(np.all(smallest >= -tol))


def conic_combination(
    functions: Sequence[PairwiseSetFunction], weights: Iterable[float]
) -> PairwiseSetFunction:
    """``Σ_k w_k h_k`` for weights ``w_k ≥ 0`` (Definition 7's conic hull).

    The supermodular pairwise functions are closed under this operation, which
    is what Prop. 9 needs of its cone: the oracle's objective
    ``f + Σ_i α_i g_i`` with ``α ≥ 0`` stays in the cone.
    """
    functions = list(functions)
    if not functions or not all(isinstance(h, PairwiseSetFunction) for h in functions):
        raise ValueError("functions must be a non-empty sequence of PairwiseSetFunction")
    n = functions[0].n
    if any(h.n != n for h in functions):
        raise ValueError("functions must all have the same ground set size")
    w = as_finite_array("weights", list(weights), ndim=1)
    check_shape("weights", w, (len(functions),))
    if np.any(w < 0):
        raise ValueError(f"weights must be non-negative (smallest {w.min():.3g})")
    unary = np.tensordot(w, np.stack([h.unary for h in functions]), axes=1)
    pairwise = np.tensordot(w, np.stack([h.pairwise for h in functions]), axes=1)
    constant = float(w @ np.array([h.constant for h in functions]))
    return PairwiseSetFunction(unary, pairwise, constant)


def marginal_set_function(n: int, i: int, own: float, externality: Any) -> PairwiseSetFunction:
    """The marginal utility ``g_i(S) = [i∈S] (own + Σ_{j∈S, j≠i} externality[j])``.

    This is pairwise (unary ``own`` on ``i``, pairwise ``externality[j]`` on the
    pair ``{i, j}``) and supermodular exactly when every ``externality[j] ≥ 0``,
    i.e. under positive externalities (Definition 6).
    """
    ext = as_finite_array("externality", externality, ndim=1)
    check_shape("externality", ext, (n,))
    if not 0 <= i < n:
        raise ValueError(f"i must be in [0, {n}), got {i}")
    unary = np.zeros(n)
    unary[i] = own
    pairwise = np.zeros((n, n))
    row = ext.copy()
    row[i] = 0.0
    pairwise[i, :] = row
    pairwise[:, i] = row
    return PairwiseSetFunction(unary, pairwise)
