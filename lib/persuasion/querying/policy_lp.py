"""The optimal messaging policy by linear programming: an independent check.

Every message acts on an upper set of beliefs, so every policy's value is attained
by one purchase message per *lowest buyer* ``j`` (messages with the same lowest
buyer merge; chapter "AI and persuasion", lemma "Lowest buyers"): variables
``x_j = σ(m_j | ω = 1)``, ``y_j = σ(m_j | ω = 0)``,

.. math::

    \\max \\sum_j x_j \\sum_{p_i \\ge p_j} w_i p_i + y_j \\sum_{p_i \\ge p_j} w_i (1 - p_i)
    \\quad\\text{s.t.}\\quad t (1 - p_j) y_j \\le (1 - t) p_j x_j,\\
    \\sum_j x_j \\le 1,\\ \\sum_j y_j \\le 1,\\ x, y \\ge 0 .

Solved with HiGHS through SciPy, in floating point, over the types as given (equal
beliefs are not merged).  :func:`~persuasion.querying.policy.optimal_policy` never
calls it; the chapter and the tests compare the two.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy.optimize import linprog

from ..errors import SolverError
from .receiver_types import HALF, receiver_types


def lp_policy_value(beliefs: Any, weights: Any, threshold: Any = HALF) -> float:
    """The optimal probability of a sale by the LP over lowest-buyer messages (HiGHS).

    Raises :class:`~persuasion.errors.SolverError` if HiGHS does not report an optimum.
    """
    types = receiver_types(beliefs, weights, threshold)
    p = np.array([float(v) for v in types.beliefs])
    w = np.array([float(v) for v in types.weights])
    t = float(types.threshold)
    n = p.size
    buys = p[None, :] >= p[:, None]  # row j: the types that buy on m_j
    gain1 = buys @ (w * p)
    gain0 = buys @ (w * (1 - p))
    budget = np.zeros((2 + n, 2 * n))
    budget[0, :n] = 1
    budget[1, n:] = 1
    budget[2 + np.arange(n), np.arange(n)] = -(1 - t) * p
    budget[2 + np.arange(n), n + np.arange(n)] = t * (1 - p)
    rhs = np.concatenate([[1.0, 1.0], np.zeros(n)])
    result = linprog(-np.concatenate([gain1, gain0]), A_ub=budget, b_ub=rhs, bounds=(0, None),
                     method="highs")
    if result.status != 0:
        raise SolverError(f"policy LP: HiGHS did not find an optimum ({result.message})",
                          status="numerical trouble")
    return float(-result.fun)
