"""The optimal-scheme linear program, LP-General-with-Payments (Section 3.1).

One builder serves the four payment models of Section 2:

.. math::

    \\max \\sum_{θ,i} μ_θ φ_θ(i) s_θ(i) - \\sum_i P(i)
    \\quad\\text{s.t.}\\quad
    P(i) + \\sum_θ μ_θ φ_θ(i) (r_θ(i) - r_θ(j)) \\ge 0 \\;\\; (i \\ne j),
    \\qquad φ_θ \\in Δ_n, \\qquad P \\in \\mathcal P,

where ``P`` is the vector of expected payments and ``𝒫`` is ``{0}`` (none),
``P ≥ 0`` (non-negative), ``ΣP = 0`` (budget-balanced) or unrestricted
(arbitrary).  The LP is solved with HiGHS through cvxpy; the multipliers of
the persuasiveness constraints are the ``λ(i, j)`` of Observation 2.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

import cvxpy as cp
import numpy as np
import scipy.sparse as sps

from .errors import SolverError
from .model import Instance, check_payment_model

#: Entries of a solver's scheme this close to zero are set to zero.
CLEAN_TOL = 1e-10

#: From this many scheme variables (states × actions) on, :func:`solve` asks HiGHS for
#: its interior-point method (with crossover to a vertex): on the large, highly
#: degenerate LPs of action-types instances the simplex method is orders of magnitude
#: slower (benchmarks/bench_symmetric.py).  Smaller LPs keep the dual simplex.
INTERIOR_POINT_FROM = 20_000


@dataclass(frozen=True)
class Solution:
    """An optimal scheme with its payments, as returned by :func:`solve`.

    Attributes
    ----------
    value: the sender's expected utility net of payments (the LP optimum).
    scheme: shape ``(T, n)``; row ``θ`` is the distribution ``φ_θ`` of recommendations.
    payments: shape ``(n,)``; expected payment ``P(i)`` for following recommendation ``i``.
    receiver_value: the receiver's expected utility when following, payments included.
    multipliers: shape ``(n, n)``; ``λ(i, j)`` of the persuasiveness constraint
        "recommended ``i``, prefers ``i`` to ``j``" (zero diagonal).
    payment_model: one of :data:`persuasion.model.PAYMENT_MODELS`.
    """

    value: float
    scheme: np.ndarray
    payments: np.ndarray
    receiver_value: float
    multipliers: np.ndarray
    payment_model: str
    instance: Any = field(repr=False, default=None)


def run_lp(problem: cp.Problem, what: str, method: str = "choose") -> float:
    """Solve ``problem`` with HiGHS and return its optimal value.

    ``method`` is HiGHS's ``solver`` option (``"choose"``, ``"simplex"``, ``"ipm"``).
    Raises :class:`SolverError` (with ``status`` set) unless HiGHS reports an
    optimal solution; ``what`` names the problem in the message.
    """
    try:
        problem.solve(solver=cp.HIGHS, highs_options={"solver": method})
    except cp.error.SolverError as err:
        raise SolverError(f"{what}: HiGHS failed ({err})", status="solver failure") from err
    if problem.status == cp.OPTIMAL:
        return float(problem.value)
    verdicts = {
        cp.INFEASIBLE: ("infeasible", "no scheme satisfies the constraints"),
        cp.UNBOUNDED: ("unbounded", "the objective has no finite maximum"),
        cp.OPTIMAL_INACCURATE: ("numerical trouble", "HiGHS found only an inaccurate optimum"),
    }
    fallback = ("numerical trouble", f"solver status {problem.status!r}")
    status, reason = verdicts.get(problem.status, fallback)
    raise SolverError(f"{what}: {status} ({reason})", status=status)


def persuasiveness_matrix(instance: Instance) -> tuple[sps.csr_matrix, np.ndarray]:
    """The persuasiveness constraints ``A x + P[owner] ≥ 0`` in sparse form.

    ``x`` is the scheme flattened row-major (``x[θ n + i] = φ_θ(i)``).  Row ``k``
    of ``A`` belongs to the ordered pair ``pairs[k] = (i, j)``, ``i ≠ j``, and has
    entries ``μ_θ (r_θ(i) − r_θ(j))`` on the variables ``φ_θ(i)``.
    """
    T, n = instance.n_states, instance.n_actions
    pairs = np.array([(i, j) for i in range(n) for j in range(n) if i != j], dtype=int)
    mu, r = instance.prior, instance.receiver
    rows = np.repeat(np.arange(len(pairs)), T)
    cols = (np.arange(T)[None, :] * n + pairs[:, [0]]).ravel()
    data = (mu[None, :] * (r[:, pairs[:, 0]] - r[:, pairs[:, 1]]).T).ravel()
    matrix = sps.csr_matrix((data, (rows, cols)), shape=(len(pairs), T * n))
    return matrix, pairs


def clean_scheme(scheme: np.ndarray) -> np.ndarray:
    """Clip solver noise: entries within :data:`CLEAN_TOL` of 0 become 0, rows renormalized."""
    cleaned = np.where(np.abs(scheme) < CLEAN_TOL, 0.0, np.clip(scheme, 0.0, 1.0))
    return cleaned / cleaned.sum(axis=1, keepdims=True)


@functools.singledispatch
def solve(instance: Any, payments: str = "none") -> Solution:
    """The sender-optimal persuasive scheme (and payments) of ``instance``.

    ``payments`` is ``"none"``, ``"nonnegative"``, ``"budget_balanced"`` or
    ``"arbitrary"``.  Works on :class:`persuasion.Instance` (LP-General-with-
    Payments); other instance kinds register their own LP.
    """
    raise ValueError(f"instance must be a persuasion instance, got {type(instance).__name__}")


@solve.register
def _solve_single(instance: Instance, payments: str = "none") -> Solution:
    model = check_payment_model(payments)
    T, n = instance.n_states, instance.n_actions
    matrix, pairs = persuasiveness_matrix(instance)
    owner = sps.csr_matrix(
        (np.ones(len(pairs)), (np.arange(len(pairs)), pairs[:, 0])), shape=(len(pairs), n)
    )
    simplex = sps.kron(sps.eye(T, format="csr"), np.ones((1, n)), format="csr")
    x = cp.Variable(T * n, nonneg=True)
    pay = cp.Variable(n)
    persuasive = matrix @ x + owner @ pay >= 0
    constraints = [persuasive, simplex @ x == 1]
    if model == "none":
        constraints.append(pay == 0)
    elif model == "nonnegative":
        constraints.append(pay >= 0)
    elif model == "budget_balanced":
        constraints.append(cp.sum(pay) == 0)
    gain = (instance.prior[:, None] * instance.sender).ravel()
    problem = cp.Problem(cp.Maximize(gain @ x - cp.sum(pay)), constraints)
    method = "ipm" if T * n >= INTERIOR_POINT_FROM else "choose"
    value = run_lp(problem, f"persuasion LP ({model} payments)", method)
    scheme = clean_scheme(np.asarray(x.value).reshape(T, n))
    pay_value = np.asarray(pay.value, dtype=float)
    pay_value = np.where(np.abs(pay_value) < CLEAN_TOL, 0.0, pay_value)
    if model == "none":
        pay_value = np.zeros(n)
    multipliers = np.zeros((n, n))
    multipliers[pairs[:, 0], pairs[:, 1]] = np.maximum(np.asarray(persuasive.dual_value), 0.0)
    receiver_value = float(np.sum(instance.prior[:, None] * scheme * instance.receiver))
    return Solution(
        value=value,
        scheme=scheme,
        payments=pay_value,
        receiver_value=receiver_value + float(pay_value.sum()),
        multipliers=multipliers,
        payment_model=model,
        instance=instance,
    )
