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
from .validation import as_flag

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
    participation: whether the receiver's participation constraint was imposed.
    participation_multiplier: its multiplier (zero when not imposed).
    """

    value: float
    scheme: np.ndarray
    payments: np.ndarray
    receiver_value: float
    multipliers: np.ndarray
    payment_model: str
    instance: Any = field(repr=False, default=None)
    participation: bool = False
    participation_multiplier: float = 0.0


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


#: A persuasiveness row whose largest coefficient (after dividing the receiver's payoffs
#: by their largest magnitude) is nonzero but below this is beyond double precision.
SMALLEST_ROW_SCALE = 1e-280

#: In the payment models the sender's and receiver's payoffs share a unit (payments move
#: utility from one to the other); their scales may differ by at most this factor.
LARGEST_SCALE_RATIO = 1e100


def _magnitude(array: np.ndarray) -> float:
    """The largest absolute entry of ``array``, or 1 when all are zero (scale factor)."""
    largest = float(np.max(np.abs(array))) if array.size else 0.0
    return largest if largest > 0 else 1.0


def scaled_rows(
    instance: Instance, receiver_scale: float, participation: bool
) -> tuple[sps.csr_matrix, np.ndarray, np.ndarray, np.ndarray]:
    """Persuasiveness (and participation) rows of the scaled LP, each row divided by its
    largest coefficient.

    With ``r̃ = r / receiver_scale`` and ``p̃ = P / receiver_scale``, row ``k`` reads
    ``f_k (p̃(owner_k) + Σ_θ μ_θ φ_θ(i) (r̃_θ(i) − r̃_θ(j))) ≥ 0`` where ``f_k`` is one
    over the row's largest ``|μ_θ (r̃_θ(i) − r̃_θ(j))|``.  The participation row (last,
    when asked) is ``Σ_i p̃(i) + Σ_θ,i μ_θ φ_θ(i) (r̃_θ(i) − r̃_θ(j*)) ≥ 0`` with ``j*`` a
    best action without information: since ``Σ_i φ_θ(i) = 1`` this is the
    individual-rationality constraint with its right-hand side folded in.  Returns the
    matrix on the scheme, the ``(rows, n)`` matrix on ``p̃`` as a dense array, the pairs
    ``(i, j)`` (``(-1, j*)`` for participation) and the factors ``f``.
    """
    T, n = instance.n_states, instance.n_actions
    mu = instance.prior
    r = instance.receiver / receiver_scale
    pairs = np.array([(i, j) for i in range(n) for j in range(n) if i != j], dtype=int)
    diff = (r[:, pairs[:, 0]] - r[:, pairs[:, 1]]).T  # (pairs, T)
    coef = mu[None, :] * diff
    cols = np.arange(T)[None, :] * n + pairs[:, [0]]
    rows = np.repeat(np.arange(len(pairs)), T).reshape(len(pairs), T)
    owner = np.zeros((len(pairs), n))
    owner[np.arange(len(pairs)), pairs[:, 0]] = 1.0
    if participation:
        best = int(np.argmax(mu @ r))
        part = mu[:, None] * (r - r[:, [best]])  # (T, n)
        extra_rows = np.full(T * n, len(pairs))
        extra_cols = np.arange(T * n)
        pairs = np.vstack([pairs, [[-1, best]]])
        owner = np.vstack([owner, np.ones((1, n))])
        data = np.concatenate([coef.ravel(), part.ravel()])
        row_index = np.concatenate([rows.ravel(), extra_rows])
        col_index = np.concatenate([cols.ravel(), extra_cols])
        scales = np.append(np.max(np.abs(coef), axis=1), np.max(np.abs(part)))
        meaningful = np.append(
            np.any((mu[None, :] > 0) & (diff != 0), axis=1),
            np.any((mu[:, None] > 0) & (r != r[:, [best]])),
        )
    else:
        data, row_index, col_index = coef.ravel(), rows.ravel(), cols.ravel()
        scales = np.max(np.abs(coef), axis=1)
        meaningful = np.any((mu[None, :] > 0) & (diff != 0), axis=1)
    if np.any(meaningful & (scales < SMALLEST_ROW_SCALE)):
        raise ValueError(
            "instance: the prior times the receiver's payoff differences reaches "
            f"{scales[meaningful].min():.3g} of the largest payoff, beyond what double "
            "precision resolves (drop states of negligible probability or rescale)"
        )
    factors = 1.0 / np.where(scales > 0, scales, 1.0)
    matrix = sps.csr_matrix(
        (data * factors[row_index], (row_index, col_index)), shape=(len(pairs), T * n)
    )
    return matrix, owner * factors[:, None], pairs, factors


def solve(instance: Any, payments: str = "none", *, participation: bool = False) -> Solution:
    """The sender-optimal persuasive scheme (and payments) of ``instance``.

    ``payments`` is ``"none"``, ``"nonnegative"``, ``"budget_balanced"`` or
    ``"arbitrary"``.  Works on :class:`persuasion.Instance` (LP-General-with-
    Payments); other instance kinds register their own LP.

    ``participation=True`` adds the receiver's individual-rationality constraint: her
    expected utility with payments, ``Σ_{θ,i} μ_θ φ_θ(i) r_θ(i) + Σ_i P(i)``, is at least
    her utility without information, ``max_j Σ_θ μ_θ r_θ(j)``, so that she prefers
    taking part to walking away.  Persuasiveness implies it whenever ``P ≥ 0`` (no or
    non-negative payments); with budget-balanced or arbitrary payments the sender could
    otherwise charge the receiver more than the information is worth to her.

    Numerics: the LP is solved on rescaled data (receiver payoffs divided by their
    largest magnitude, sender payoffs by theirs, payments in receiver units, each
    persuasiveness row divided by its largest coefficient) and the results are
    scaled back, so the answer does not depend on the unit of either payoff (the
    optimum is invariant to a positive scaling of the receiver's payoffs, and of the
    sender's with payments scaled alongside).  Data whose dynamic range double
    precision cannot resolve raise ``ValueError``.
    """
    return _dispatch(instance, payments, participation=participation)


@functools.singledispatch
def _dispatch(instance: Any, payments: str = "none", *, participation: bool = False) -> Any:
    raise ValueError(f"instance must be a persuasion instance, got {type(instance).__name__}")


#: Other instance kinds register their LP with ``@solve.register`` (single dispatch on
#: the type of ``instance``); ``solve`` itself also accepts ``instance=`` as a keyword.
solve.register = _dispatch.register  # type: ignore[attr-defined]


@solve.register
def _solve_single(
    instance: Instance, payments: str = "none", *, participation: bool = False
) -> Solution:
    model = check_payment_model(payments)
    participation = as_flag("participation", participation)
    T, n = instance.n_states, instance.n_actions
    sender_scale = _magnitude(instance.sender)
    receiver_scale = _magnitude(instance.receiver)
    if model != "none" and not (
        1 / LARGEST_SCALE_RATIO <= receiver_scale / sender_scale <= LARGEST_SCALE_RATIO
    ):
        raise ValueError(
            "instance: with payments the sender's and receiver's payoffs share a unit, but "
            f"their magnitudes ({sender_scale:.3g} and {receiver_scale:.3g}) differ by more "
            f"than {LARGEST_SCALE_RATIO:.0e}, beyond what double precision resolves"
        )
    matrix, owner, pairs, factors = scaled_rows(instance, receiver_scale, participation)
    simplex = sps.kron(sps.eye(T, format="csr"), np.ones((1, n)), format="csr")
    x = cp.Variable(T * n, nonneg=True)
    constraints = [simplex @ x == 1]
    gain = (instance.prior[:, None] * (instance.sender / sender_scale)).ravel()
    if model == "none":
        # no payment variables at all (participation is implied by persuasiveness)
        persuasive = matrix @ x >= 0
        objective = gain @ x
        pay = None
    else:
        pay = cp.Variable(n)  # payments in units of the receiver's scale
        persuasive = matrix @ x + owner @ pay >= 0
        if model == "nonnegative":
            constraints.append(pay >= 0)
        elif model == "budget_balanced":
            constraints.append(cp.sum(pay) == 0)
        objective = gain @ x - (receiver_scale / sender_scale) * cp.sum(pay)
    constraints.insert(0, persuasive)
    problem = cp.Problem(cp.Maximize(objective), constraints)
    method = "ipm" if T * n >= INTERIOR_POINT_FROM else "choose"
    scaled_value = run_lp(problem, f"persuasion LP ({model} payments)", method)
    scheme = clean_scheme(np.asarray(x.value).reshape(T, n))
    if pay is None:
        pay_value = np.zeros(n)
    else:
        pay_value = np.asarray(pay.value, dtype=float)
        pay_value = np.where(np.abs(pay_value) < CLEAN_TOL, 0.0, pay_value) * receiver_scale
    duals = np.maximum(np.asarray(persuasive.dual_value, dtype=float), 0.0)
    duals = duals * factors * (sender_scale / receiver_scale)
    n_pairs = n * (n - 1)
    multipliers = np.zeros((n, n))
    multipliers[pairs[:n_pairs, 0], pairs[:n_pairs, 1]] = duals[:n_pairs]
    receiver_value = float(np.sum(instance.prior[:, None] * scheme * instance.receiver))
    return Solution(
        value=scaled_value * sender_scale,
        scheme=scheme,
        payments=pay_value,
        receiver_value=receiver_value + float(pay_value.sum()),
        multipliers=multipliers,
        payment_model=model,
        instance=instance,
        participation=participation,
        participation_multiplier=float(duals[n_pairs]) if participation else 0.0,
    )
