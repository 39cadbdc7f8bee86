"""The optimal value of every interval of sorted beliefs, in ``O(n²)`` total.

Threshold queries reveal which interval of the sorted beliefs holds the true
type, so the query algorithms need ``G(l, r)``: the optimal policy's value
(unnormalized, ``Pr[cell] · value``) for the types ``l, …, r``.  One
:func:`~persuasion.querying.policy.best_plan` per interval costs ``O(n²)`` each;
this module gets all ``n(n+1)/2`` values from four cumulative maxima.

Write ``u_j = 1/c_j`` and take the "reveal" column aside: with
``P[k] = Σ_{i<k} w_i p_i`` and ``Q[k] = Σ_{i<k} w_i (1 - p_i)``,

.. math::

    G(l, r) = A_l + \\max\\Bigl(0,\\ \\max_{u_j \\le 1} W_j,\\ \\max_{u_i > 1} W_i / u_i,\\
              \\max_{u_i > 1 \\ge u_h} \\lambda W_i + (1 - \\lambda) W_h\\Bigr),
    \\qquad \\lambda = \\frac{1 - u_h}{u_i - u_h},

over ``i, j, h`` in ``[l, r]``, where ``A_l = P[r+1] - P[l]`` and
``W_j = F_j + P[l] u_j + Q[r+1]`` with ``F_j = -u_j P[j] - Q[j]`` independent of
the interval (the terms are the single target above, the single target below and
the two targets of the policy module, measured against revealing).  So

- the pair term is ``P[l] + Q[r+1]`` plus the maximum of a *fixed* matrix
  ``I(i, h) = λ F_i + (1 - λ) F_h`` over ``i ≥ l``, ``h ≤ r``: a cumulative maximum;
- the targets above, for fixed ``l``, are a running maximum over ``h ≤ r``;
- the targets below, for fixed ``r``, are a running maximum over ``i ≥ l``.

Works on floats (NumPy) and on Fractions (object arrays) alike.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np

from .receiver_types import HALF, Number, receiver_types

#: Marks entries with no candidate (and the unused lower triangle).
NEG = float("-inf")


def interval_table(p: Any, w: Any, t: Number, exact: bool) -> np.ndarray:
    """``G[l, r]`` for ascending distinct beliefs ``p`` with weights ``w`` (``NEG`` below
    the diagonal).  An object array of Fractions when ``exact``, floats otherwise."""
    n = len(p)
    dtype = object if exact else float
    zero, one = (Fraction(0), Fraction(1)) if exact else (0.0, 1.0)
    p = np.array(list(p), dtype=dtype)
    w = np.array(list(w), dtype=dtype)
    P = np.concatenate((np.array([zero], dtype=dtype), np.cumsum(w * p)))
    Q = np.concatenate((np.array([zero], dtype=dtype), np.cumsum(w * (one - p))))
    s = int(sum(1 for v in p if v < t))  # levels 0..s-1 lie below the threshold
    z = int(sum(1 for v in p if v == 0))  # a belief 0 never buys: no target there
    idx = np.arange(n)
    below_diagonal = idx[:, None] > idx[None, :]
    u = np.full(n, NEG, dtype=dtype)
    F = np.full(n, NEG, dtype=dtype)
    u[z:] = t * (one - p[z:]) / ((one - t) * p[z:])
    F[z:] = -u[z:] * P[z:n] - Q[z:n]
    extra = np.full((n, n), zero, dtype=dtype)

    if s < n:  # single targets at or above the threshold
        M = np.full((n, n), NEG, dtype=dtype)
        M[:, s:] = F[None, s:] + P[:n, None] * u[None, s:]
        M[below_diagonal] = NEG
        extra = np.maximum(extra, np.maximum.accumulate(M, axis=1) + Q[None, 1:])
    if z < s:  # single targets below the threshold
        N = np.full((n, n), NEG, dtype=dtype)  # row r, column i
        N[:, z:s] = (F[None, z:s] + Q[1:, None]) / u[None, z:s]
        N[below_diagonal.T] = NEG  # i > r
        R = np.maximum.accumulate(N[:, ::-1], axis=1)[:, ::-1]  # max over i >= l
        extra = np.maximum(extra, R.T + P[:n, None])
    if z < s < n:  # two targets, one on each side
        ui, uh = u[z:s, None], u[None, s:]
        lam = (one - uh) / (ui - uh)
        pair = np.full((n, n), NEG, dtype=dtype)
        pair[z:s, s:] = lam * F[z:s, None] + (one - lam) * F[None, s:]
        pair = np.maximum.accumulate(pair[::-1, :], axis=0)[::-1, :]  # max over i >= l
        pair = np.maximum.accumulate(pair, axis=1)  # max over h <= r
        extra = np.maximum(extra, pair + P[:n, None] + Q[None, 1:])

    G = P[None, 1:] - P[:n, None] + extra
    G[below_diagonal] = NEG
    return G


def interval_values(beliefs: Any, weights: Any, threshold: Any = HALF) -> tuple[tuple, np.ndarray]:
    """``(levels, G)``: the distinct beliefs (ascending) and the optimal value of every
    interval of them, ``G[l, r]`` for ``l ≤ r`` (probability of the interval times the
    optimal policy's value on it; ``-inf`` below the diagonal)."""
    types = receiver_types(beliefs, weights, threshold)
    table = interval_table(types.levels, types.level_weights, types.threshold, types.exact)
    return types.levels, table
