"""Many receivers with binary actions and externalities (Section 7 of Dughmi et al.).

``N`` receivers each take action 0 or 1; a (direct) scheme recommends a subset
``S ⊆ [N]`` of receivers to take action 1.  Subsets are bitmasks: bit ``i`` of
``S`` is set if and only if receiver ``i`` is recommended action 1.  In state
``θ`` the sender gets ``f^θ(S)`` and receiver ``i`` gets ``u_i^θ(S)`` when the
receivers in ``S`` take action 1.  The marginal utility of receiver ``i`` is
``g_i^θ(S) = u_i^θ(S) − u_i^θ(S \\ {i})`` (zero for ``i ∉ S``).

Payments are the expected payments ``Q_i(1)``, ``Q_i(0)`` to receiver ``i``
for following a recommendation of action 1, resp. 0 (equation (4) of
Appendix A).  LP-Binary with the sign corrected (the sender *pays* them):

.. math::

    \\max\\; \\sum_{θ,S} μ_θ φ_θ(S) f^θ(S) - \\sum_i (Q_i(1) + Q_i(0))

subject to (*) ``Q_i(1) + Σ_θ μ_θ Σ_{S∋i} φ_θ(S) g_i^θ(S) ≥ 0`` and (**)
``Q_i(0) − Σ_θ μ_θ Σ_{S∌i} φ_θ(S) g_i^θ(S ∪ {i}) ≥ 0`` for every ``i``,
``φ_θ ∈ Δ(2^{[N]})`` and ``Q ∈ 𝒫``.  The paper prints ``+`` in front of the
payments (an unbounded LP once payments may be positive) and sums (**) over
``S ∋ i`` (it is ``S ∌ i``, as in its equation (6)); the chapter shows both.

All table arithmetic is written once for float arrays and for object arrays of
:class:`fractions.Fraction` (``exact=True``), as in :mod:`persuasion.payments`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import cvxpy as cp
import numpy as np
import scipy.sparse as sps
import sympy as sp

from ..lp import CLEAN_TOL, clean_scheme, run_lp, solve
from ..model import Instance, check_payment_model
from ..rational import fractions_or_none, rational, to_fractions
from ..validation import (
    as_distribution,
    as_finite_array,
    as_flag,
    as_real,
    as_row_distributions,
    check_shape,
)
from .setfunctions import subset_bits

#: Largest number of receivers for the dense form (2^N subsets per state).
DENSE_LIMIT = 12

#: Relative tolerance of the float persuasiveness check in :func:`evaluate_multi`
#: (times the receivers' largest payoff in absolute value).
PERSUASIVE_TOL = 1e-7

_ORACLE_HINT = (
    "use the oracle form persuasion.PairwiseInstance with "
    "persuasion.column_generation.column_generation, which never builds 2^N tables"
)


@dataclass(frozen=True, eq=False)
class MultiInstance:
    """Persuasion of ``N`` receivers with binary actions and externalities (Section 2, 7).

    Parameters
    ----------
    prior:
        shape ``(T,)``, the prior ``μ`` over states.
    sender:
        shape ``(T, 2**N)``: ``sender[θ, S] = f^θ(S)``, ``S`` a bitmask.
    receivers:
        shape ``(T, N, 2**N)``: ``receivers[θ, i, S] = u_i^θ(S)``.

    ``N ≤`` :data:`DENSE_LIMIT`; larger instances need the oracle form
    (:class:`persuasion.column_generation.PairwiseInstance`, solved by
    :func:`persuasion.column_generation.column_generation`).  ``exact`` holds
    the inputs as fractions when all of them are rational.
    """

    prior: np.ndarray
    sender: np.ndarray
    receivers: np.ndarray

    def __init__(self, prior: Any, sender: Any, receivers: Any) -> None:
        prior_a = as_distribution("prior", prior)
        sender_a = as_finite_array("sender", sender, ndim=2)
        n_states = prior_a.shape[0]
        if sender_a.shape[0] != n_states:
            raise ValueError(
                f"sender must have one row per state ({n_states}), got shape {sender_a.shape}"
            )
        n_subsets = sender_a.shape[1]
        n_receivers = n_subsets.bit_length() - 1
        if n_subsets < 2 or n_subsets != 1 << n_receivers:
            raise ValueError(
                f"sender must have 2^N columns (one per subset, by bitmask), got {n_subsets}"
            )
        if n_receivers > DENSE_LIMIT:
            raise ValueError(
                f"sender: N = {n_receivers} receivers exceeds the dense limit {DENSE_LIMIT}; "
                + _ORACLE_HINT
            )
        receivers_a = as_finite_array("receivers", receivers, ndim=3)
        check_shape("receivers", receivers_a, (n_states, n_receivers, n_subsets))
        object.__setattr__(self, "prior", prior_a)
        object.__setattr__(self, "sender", sender_a)
        object.__setattr__(self, "receivers", receivers_a)
        object.__setattr__(self, "_inputs", (prior, sender, receivers))
        for array in (prior_a, sender_a, receivers_a):
            array.setflags(write=False)

    @functools.cached_property
    def exact(self) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
        """The inputs as Fractions (object arrays) when all are rational, else ``None``.

        Computed on first use: converting ``T·N·2**N`` entries is the slow part of
        building a large dense instance, and only exact computations need it.
        """
        parts = tuple(fractions_or_none(x) for x in self._inputs)
        if all(part is not None for part in parts) and sum(parts[0]) == 1:
            return parts
        return None

    @property
    def n_states(self) -> int:
        """Number of states ``T``."""
        return int(self.prior.shape[0])

    @property
    def n_receivers(self) -> int:
        """Number of receivers ``N``."""
        return int(self.receivers.shape[1])

    @property
    def n_subsets(self) -> int:
        """Number of subsets ``2**N`` (columns of a scheme)."""
        return int(self.sender.shape[1])

    @functools.cached_property
    def _float_tables(self) -> tuple[np.ndarray, np.ndarray]:
        return incentive_tables(self.receivers)

    # -------------------------------------------------------------- one receiver
    @classmethod
    def from_instance(cls, instance: Instance) -> MultiInstance:
        """The one-receiver instance with actions ``{0, 1}`` as ``N = 1`` (mask = action)."""
        if not isinstance(instance, Instance) or instance.n_actions != 2:
            raise ValueError("instance must be a persuasion.Instance with exactly two actions")
        if instance.exact is not None:
            prior, sender, receiver = instance.exact
        else:
            prior, sender, receiver = instance.prior, instance.sender, instance.receiver
        receivers = np.asarray(receiver, dtype=object)[:, None, :]
        if instance.exact is None:
            receivers = receivers.astype(float)
        return cls(list(prior), np.asarray(sender), receivers)

    def to_instance(self) -> Instance:
        """The ``N = 1`` instance as a one-receiver :class:`Instance` (action = mask)."""
        if self.n_receivers != 1:
            raise ValueError(f"instance must have one receiver to convert, has {self.n_receivers}")
        if self.exact is not None:
            prior, sender, receivers = self.exact
            return Instance(list(prior), sender, receivers[:, 0, :])
        return Instance(self.prior, self.sender, self.receivers[:, 0, :])

    # ------------------------------------------------------- column access (oracle API)
    def sender_value(self, theta: int, mask: int) -> float:
        """``f^θ(S)``."""
        return float(self.sender[theta, mask])

    def follow_gains(self, theta: int, mask: int) -> np.ndarray:
        """``[i ∈ S] g_i^θ(S)`` for every receiver ``i`` (the coefficients of (*))."""
        return self._float_tables[0][theta, :, mask]

    def deviation_gains(self, theta: int, mask: int) -> np.ndarray:
        """``[i ∉ S] g_i^θ(S ∪ {i})`` for every receiver ``i`` (the coefficients of (**))."""
        return self._float_tables[1][theta, :, mask]


# ------------------------------------------------------------------ tables
def incentive_tables(receivers: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(G, D)`` of shape ``(T, N, 2**N)`` from ``u_i^θ(S)`` (float or Fraction arrays).

    ``G[θ, i, S] = g_i^θ(S)`` for ``i ∈ S`` (else 0): what receiver ``i`` gains by
    following a recommendation of 1.  ``D[θ, i, S] = g_i^θ(S ∪ {i})`` for
    ``i ∉ S`` (else 0): what she would gain by deviating from a recommendation of 0.
    """
    n_states, n_receivers, n_subsets = receivers.shape
    masks = np.arange(n_subsets)
    follow = np.zeros(receivers.shape, dtype=receivers.dtype)
    deviate = np.zeros(receivers.shape, dtype=receivers.dtype)
    for i in range(n_receivers):
        bit = 1 << i
        inside = (masks & bit) != 0
        follow[:, i, inside] = receivers[:, i, inside] - receivers[:, i, masks[inside] ^ bit]
        deviate[:, i, ~inside] = follow[:, i, masks[~inside] | bit]
    return follow, deviate


def _tables(instance: MultiInstance, exact: bool) -> tuple[np.ndarray, ...]:
    """``(prior, sender, receivers, G, D)`` as floats or (``exact``) Fractions."""
    if not isinstance(instance, MultiInstance):
        raise ValueError(f"instance must be a MultiInstance, got {type(instance).__name__}")
    if not exact:
        return (instance.prior, instance.sender, instance.receivers, *instance._float_tables)
    if instance.exact is None:
        raise ValueError("instance must be built from rational inputs for exact=True")
    prior, sender, receivers = instance.exact
    return (prior, sender, receivers, *incentive_tables(receivers))


def marginal_utilities(instance: MultiInstance, exact: bool = False) -> np.ndarray:
    """``g[θ, i, S] = u_i^θ(S) − u_i^θ(S \\ {i})``, zero for ``i ∉ S`` (Section 2)."""
    exact = as_flag("exact", exact)
    return _tables(instance, exact)[3]


def _weights(name: str, value: Any, n: int, exact: bool) -> np.ndarray:
    """A scalar or length-``n`` weight vector, as floats or Fractions."""
    array = as_finite_array(name, value)
    if array.ndim == 0:
        value = [value] * n
        array = np.full(n, float(array))
    check_shape(name, array, (n,))
    if exact:
        return to_fractions(name, value).reshape(n)
    return array


def weighted_virtual_payoff(
    instance: MultiInstance, alpha: Any = 1, beta: Any = None, exact: bool = False
) -> np.ndarray:
    """``W[θ, S] = f^θ(S) + Σ_{i∈S} α_i g_i^θ(S) − Σ_{i∉S} β_i g_i^θ(S ∪ {i})``.

    The one quantity behind Section 7 and Appendix B: the partial Lagrangian (9)
    of LP-Binary with multipliers ``α`` on (*) and ``β`` on (**) is
    ``Σ_θ μ_θ Σ_S φ_θ(S) W[θ, S]`` plus payment terms.  ``α = β = γ*`` gives
    Prop. 7's total virtual payoff, ``α = β = 1`` Prop. 8's total payoff and
    ``β = 0`` the oracle objective ``f + Σ α_i g_i`` of Prop. 9.  ``beta=None``
    means ``beta = alpha``; scalars apply to every receiver.
    """
    prior, sender, _, follow, deviate = _tables(instance, exact)
    n = instance.n_receivers
    alpha_v = _weights("alpha", alpha, n, exact)
    beta_v = alpha_v if beta is None else _weights("beta", beta, n, exact)
    gain = np.tensordot(alpha_v, follow, axes=([0], [1]))
    loss = np.tensordot(beta_v, deviate, axes=([0], [1]))
    return sender + gain - loss


def obedience_gain(instance: MultiInstance, exact: bool = False) -> np.ndarray:
    """``V[θ, S] = Σ_{i∈S} g_i^θ(S) − Σ_{i∉S} g_i^θ(S ∪ {i})``.

    Receivers' total gain from following ``S`` rather than each deviating
    alone; Prop. 7 weighs it by ``γ*``, Prop. 8 by 1.
    """
    exact = as_flag("exact", exact)
    prior, sender, _, follow, deviate = _tables(instance, exact)
    return follow.sum(axis=1) - deviate.sum(axis=1)


def is_monotone(instance: MultiInstance, tol: float = 1e-12) -> bool:
    """Whether every ``f^θ`` is non-decreasing: ``f^θ(S) ≤ f^θ(S ∪ {i})`` (Section 2)."""
    tol = as_real("tol", tol, low=0)
    _tables(instance, False)
    masks = np.arange(instance.n_subsets)
    for i in range(instance.n_receivers):
        outside = masks[(masks >> i) & 1 == 0]
        if np.any(instance.sender[:, outside | (1 << i)] < instance.sender[:, outside] - tol):
            return False
    return True


def has_positive_externalities(instance: MultiInstance, tol: float = 1e-12) -> bool:
    """Definition 6: ``g_i^θ(S) ≥ g_i^θ(S \\ {j})`` for all ``θ`` and ``i, j ∈ S``, ``j ≠ i``."""
    tol = as_real("tol", tol, low=0)
    follow = marginal_utilities(instance)
    masks = np.arange(instance.n_subsets)
    for i in range(instance.n_receivers):
        for j in range(instance.n_receivers):
            if i == j:
                continue
            both = masks[((masks >> i) & 1 == 1) & ((masks >> j) & 1 == 1)]
            if np.any(follow[:, i, both] < follow[:, i, both ^ (1 << j)] - tol):
                return False
    return True


# ------------------------------------------------------------------ evaluation
@dataclass(frozen=True)
class MultiEvaluation:
    """The value of a scheme with expected payments ``Q_i(1)``, ``Q_i(0)``.

    Attributes
    ----------
    sender: the sender's expected utility net of payments.
    receivers: shape ``(N,)``, each receiver's expected utility when all follow,
        payments included.
    Q1, Q0: the expected payments ``Q_i(1)``, ``Q_i(0)`` used.
    T1, T0: the cheapest payments making the scheme persuasive (payment identity):
        ``T1_i = −Σ μ Σ_{S∋i} φ g_i(S)`` and ``T0_i = Σ μ Σ_{S∌i} φ g_i(S ∪ {i})``.
    x: ``x_i = Pr[i ∈ S]``, the probability that ``i`` is recommended action 1.
    persuasive: ``Q1 ≥ T1`` and ``Q0 ≥ T0`` (exact verdict when ``exact=True``).

    Floats, or SymPy rationals (tuples for the vectors) when ``exact=True``.
    """

    sender: Any
    receivers: Any
    Q1: Any
    Q0: Any
    T1: Any
    T0: Any
    x: Any
    persuasive: bool


def _check_multi_scheme(instance: MultiInstance, scheme: Any, exact: bool) -> np.ndarray:
    shape = (instance.n_states, instance.n_subsets)
    if not exact:
        array = as_row_distributions("scheme", scheme)
        check_shape("scheme", array, shape)
        return array
    phi = to_fractions("scheme", scheme)
    if phi.shape != shape:
        raise ValueError(f"scheme must have shape {shape}, got {phi.shape}")
    if any(entry < 0 for entry in phi.ravel()):
        raise ValueError("scheme must be non-negative")
    bad = [k for k, row in enumerate(phi) if sum(row) != 1]
    if bad:
        raise ValueError(f"scheme: row {bad[0]} must sum to exactly one")
    return phi


def _spread_surplus(q1: np.ndarray, q0: np.ndarray, x: np.ndarray, surplus: Any) -> None:
    """Pay ``surplus`` out equally, on an action each receiver is recommended with
    positive probability (so that the payments of equation (12) exist)."""
    share = surplus / len(x)
    for i, prob in enumerate(x):
        if prob > 0:
            q1[i] = q1[i] + share
        else:
            q0[i] = q0[i] + share


def _payments(
    payments: Any, t1: np.ndarray, t0: np.ndarray, x: np.ndarray, exact: bool
) -> tuple[np.ndarray, np.ndarray]:
    zero = t1[0] - t1[0]
    if payments is None or (isinstance(payments, str) and payments == "none"):
        none = np.array([zero] * len(t1), dtype=t1.dtype)
        return none, none.copy()
    if isinstance(payments, str):
        if payments == "optimal":
            return t1.copy(), t0.copy()
        if payments == "optimal_nonnegative":
            return (
                np.array([max(zero, t) for t in t1], dtype=t1.dtype),
                np.array([max(zero, t) for t in t0], dtype=t0.dtype),
            )
        if payments == "budget_balanced":
            q1, q0 = t1.copy(), t0.copy()
            _spread_surplus(q1, q0, x, -(t1.sum() + t0.sum()))
            return q1, q0
        raise ValueError(
            "payments must be None, 'optimal', 'optimal_nonnegative', 'budget_balanced' or a "
            f"pair (Q1, Q0), got {payments!r}"
        )
    try:
        q1_raw, q0_raw = payments
    except (TypeError, ValueError):
        raise ValueError("payments must be a pair (Q1, Q0) of length-N arrays") from None
    n = len(t1)
    out = []
    for name, raw in (("payments Q1", q1_raw), ("payments Q0", q0_raw)):
        array = as_finite_array(name, raw, ndim=1)
        check_shape(name, array, (n,))
        out.append(to_fractions(name, raw).reshape(n) if exact else array)
    return out[0], out[1]


def evaluate_multi(
    instance: MultiInstance, scheme: Any, payments: Any = None, *, exact: bool = False
) -> MultiEvaluation:
    """The value of ``scheme`` (shape ``(T, 2**N)``) under ``payments``.

    ``payments``: ``None`` (none), ``"optimal"`` (``Q = T``, the cheapest
    arbitrary payments), ``"optimal_nonnegative"`` (``max(0, T)``),
    ``"budget_balanced"`` (``T`` plus the surplus ``−Σ(T1 + T0)`` paid back
    equally, so that ``Σ Q = 0``; persuasive iff the surplus is ``≥ 0``, the
    single aggregate constraint behind Prop. 7) or a pair ``(Q1, Q0)``.
    ``exact=True`` computes with fractions and returns SymPy rationals.
    """
    exact = as_flag("exact", exact)
    prior, sender, receivers, follow, deviate = _tables(instance, exact)
    phi = _check_multi_scheme(instance, scheme, exact)
    weighted = phi * prior[:, None]
    bits = subset_bits(instance.n_receivers).astype(int)
    x = np.dot(weighted.sum(axis=0), bits)
    t1 = -np.tensordot(weighted, follow, axes=([0, 1], [0, 2]))
    t0 = np.tensordot(weighted, deviate, axes=([0, 1], [0, 2]))
    q1, q0 = _payments(payments, t1, t0, x, exact)
    sender_value = (weighted * sender).sum() - q1.sum() - q0.sum()
    receiver_values = np.tensordot(weighted, receivers, axes=([0, 1], [0, 2])) + q1 + q0
    tol = 0 if exact else PERSUASIVE_TOL * _magnitude(np.asarray(instance.receivers))
    persuasive = all(q >= t - tol for q, t in zip([*q1, *q0], [*t1, *t0], strict=True))
    if exact:
        def vec(v: np.ndarray) -> tuple[sp.Rational, ...]:
            return tuple(rational(entry) for entry in v)

        return MultiEvaluation(
            rational(sender_value), vec(receiver_values), vec(q1), vec(q0), vec(t1), vec(t0),
            vec(x), bool(persuasive),
        )
    return MultiEvaluation(
        float(sender_value), receiver_values.astype(float), q1.astype(float), q0.astype(float),
        t1.astype(float), t0.astype(float), x.astype(float), bool(persuasive),
    )


#: How each payment model prices a scheme in :func:`evaluate_multi`.
MODEL_PAYMENTS = {
    "none": None,
    "nonnegative": "optimal_nonnegative",
    "budget_balanced": "budget_balanced",
    "arbitrary": "optimal",
}


# ------------------------------------------------------------------ LP-Binary
@dataclass(frozen=True)
class MultiSolution:
    """An optimal scheme of LP-Binary, as returned by :func:`persuasion.solve`.

    Attributes
    ----------
    value: the sender's expected utility net of payments (the LP optimum).
    scheme: shape ``(T, 2**N)``; ``scheme[θ, S] = φ_θ(S)``.
    Q1, Q0: shape ``(N,)``; the expected payments ``Q_i(1)`` and ``Q_i(0)`` of
        equation (4): the cheapest payments of the payment model that make
        ``scheme`` persuasive (for budget balance, any surplus is paid back
        equally so that ``Σ_i Q_i(1) + Q_i(0) = 0``).
    receiver_values: shape ``(N,)``, each receiver's expected utility, payments included.
    alpha, beta: shape ``(N,)``; the LP multipliers of (*) and (**).
    payment_model: one of :data:`persuasion.model.PAYMENT_MODELS`.
    """

    value: float
    scheme: np.ndarray
    Q1: np.ndarray
    Q0: np.ndarray
    receiver_values: np.ndarray
    alpha: np.ndarray
    beta: np.ndarray
    payment_model: str
    instance: Any = field(repr=False, default=None)


def incentive_matrices(instance: MultiInstance) -> tuple[sps.csr_matrix, sps.csr_matrix]:
    """Sparse ``(N, T·2**N)`` coefficient rows of (*) and (**) on the flattened scheme
    (``x[θ·2**N + S] = φ_θ(S)``): entries ``μ_θ g_i^θ(S)`` and ``μ_θ g_i^θ(S ∪ {i})``."""
    follow, deviate = instance._float_tables
    n = instance.n_receivers
    mu = instance.prior[:, None, None]
    rows = [
        sps.csr_matrix((mu * table).transpose(1, 0, 2).reshape(n, -1))
        for table in (follow, deviate)
    ]
    return rows[0], rows[1]


def _magnitude(values: np.ndarray) -> float:
    """Largest absolute entry, or 1 when all are zero (a scale factor)."""
    largest = float(np.max(np.abs(values))) if values.size else 0.0
    return largest if largest > 0 else 1.0


def _row_scaled(matrix: sps.csr_matrix) -> tuple[np.ndarray, sps.csr_matrix]:
    """``(f, diag(f) matrix)`` with ``f`` one over each row's largest absolute entry
    (1 for empty rows)."""
    largest = np.asarray(abs(matrix).max(axis=1).todense()).ravel()
    factors = 1.0 / np.where(largest > 0, largest, 1.0)
    return factors, sps.diags(factors) @ matrix


def _clean(values: np.ndarray) -> np.ndarray:
    return np.where(np.abs(values) < CLEAN_TOL, 0.0, values)


def lp_binary(
    instance: MultiInstance,
    payments: str = "none",
    *,
    action0_constraints: bool = True,
    printed_sign: bool = False,
) -> MultiSolution:
    """Solve LP-Binary (Section 7.1) for a payment model (see the module docstring).

    ``action0_constraints=False`` drops the constraints (**) (Lemma 4; only with
    ``payments="none"``).  ``printed_sign=True`` adds the payments to the
    sender's objective as printed in the paper, instead of subtracting them;
    it exists to show that the printed LP is unbounded once payments may be
    positive.  :func:`persuasion.solve` is ``lp_binary(instance, payments)``.
    """
    if not isinstance(instance, MultiInstance):
        raise ValueError(f"instance must be a MultiInstance, got {type(instance).__name__}")
    model = check_payment_model(payments)
    action0_constraints = as_flag("action0_constraints", action0_constraints)
    printed_sign = as_flag("printed_sign", printed_sign)
    if not action0_constraints and model != "none":
        raise ValueError("action0_constraints=False (Lemma 4) needs payments='none'")
    n_states, n, n_subsets = instance.n_states, instance.n_receivers, instance.n_subsets
    follow_rows, deviate_rows = incentive_matrices(instance)
    # Rescaled LP (as persuasion.lp.solve): payoffs divided by their largest magnitude,
    # payments in units of the receivers' payoffs, each incentive row divided by its
    # largest coefficient; the value and the multipliers are scaled back below.
    sender_scale = _magnitude(instance.sender)
    receiver_scale = _magnitude(instance.receivers)
    f1, follow_scaled = _row_scaled(follow_rows / receiver_scale)
    f0, deviate_scaled = _row_scaled(deviate_rows / receiver_scale)
    x = cp.Variable(n_states * n_subsets, nonneg=True)
    q1, q0 = cp.Variable(n), cp.Variable(n)
    star = follow_scaled @ x + cp.multiply(f1, q1) >= 0
    double_star = cp.multiply(f0, q0) - deviate_scaled @ x >= 0
    simplex = sps.kron(sps.eye(n_states, format="csr"), np.ones((1, n_subsets)), format="csr")
    constraints = [star, simplex @ x == 1]
    if action0_constraints:
        constraints.append(double_star)
    else:
        constraints.append(q0 == 0)
    if model == "none":
        constraints += [q1 == 0, q0 == 0]
    elif model == "nonnegative":
        constraints += [q1 >= 0, q0 >= 0]
    elif model == "budget_balanced":
        constraints.append(cp.sum(q1) + cp.sum(q0) == 0)
    gain = (instance.prior[:, None] * instance.sender / sender_scale).ravel()
    paid = (cp.sum(q1) + cp.sum(q0)) * (receiver_scale / sender_scale)
    objective = gain @ x + paid if printed_sign else gain @ x - paid
    what = f"LP-Binary ({model} payments{', printed sign' if printed_sign else ''})"
    value = run_lp(cp.Problem(cp.Maximize(objective), constraints), what) * sender_scale
    scheme = clean_scheme(np.asarray(x.value).reshape(n_states, n_subsets))
    priced = evaluate_multi(instance, scheme, MODEL_PAYMENTS[model])
    unit = sender_scale / receiver_scale
    alpha = np.maximum(np.asarray(star.dual_value, dtype=float), 0.0) * f1 * unit
    beta = (
        np.maximum(np.asarray(double_star.dual_value, dtype=float), 0.0) * f0 * unit
        if action0_constraints
        else np.zeros(n)
    )
    return MultiSolution(
        value=value,
        scheme=scheme,
        Q1=_clean(priced.Q1),
        Q0=_clean(priced.Q0),
        receiver_values=priced.receivers,
        alpha=_clean(alpha),
        beta=_clean(beta),
        payment_model=model,
        instance=instance,
    )


@solve.register
def _solve_multi(
    instance: MultiInstance, payments: str = "none", *, participation: bool = False
) -> MultiSolution:
    """LP-Binary with expected payments ``Q_i(1)``, ``Q_i(0)`` (see :func:`lp_binary`)."""
    if as_flag("participation", participation):
        raise ValueError("participation: not available for a MultiInstance (LP-Binary)")
    return lp_binary(instance, payments)


# ------------------------------------------------------------------ duality
def lagrangian_bound(
    instance: MultiInstance,
    alpha: Any,
    beta: Any = None,
    payments: str = "none",
    *,
    exact: bool = False,
) -> Any:
    """Weak duality: ``Σ_θ μ_θ max_S W[θ, S]`` bounds LP-Binary from above.

    ``W`` is :func:`weighted_virtual_payoff`.  The bound is valid when the
    multipliers are dual feasible for the payment model (checked, else
    ``ValueError``): ``α, β ≥ 0`` (none); ``0 ≤ α, β ≤ 1`` (non-negative
    payments: larger multipliers would let ``Q`` grow without bound);
    ``α = β = γ·1`` with ``γ ≥ 0`` (budget balance, Appendix A); ``α = β = 1``
    (arbitrary, Prop. 8).  Returns a float, or a SymPy rational when ``exact``.
    """
    if not isinstance(instance, MultiInstance):
        raise ValueError(f"instance must be a MultiInstance, got {type(instance).__name__}")
    model = check_payment_model(payments)
    exact = as_flag("exact", exact)
    n = instance.n_receivers
    beta = alpha if beta is None else beta
    a = as_finite_array("alpha", alpha)
    b = as_finite_array("beta", beta)
    a = np.full(n, float(a)) if a.ndim == 0 else a
    b = np.full(n, float(b)) if b.ndim == 0 else b
    if np.any(a < 0) or np.any(b < 0):
        raise ValueError("alpha and beta must be non-negative (multipliers of ≥ constraints)")
    if model == "nonnegative" and (np.any(a > 1) or np.any(b > 1)):
        raise ValueError("alpha and beta must be at most 1 with non-negative payments")
    if model == "budget_balanced" and not (np.all(a == a[0]) and np.all(b == a[0])):
        raise ValueError("alpha and beta must all equal one γ ≥ 0 with budget-balanced payments")
    if model == "arbitrary" and not (np.all(a == 1) and np.all(b == 1)):
        raise ValueError("alpha and beta must all be 1 with arbitrary payments (Prop. 8)")
    table = weighted_virtual_payoff(instance, alpha, beta, exact=exact)
    prior = instance.exact[0] if exact else instance.prior
    best = np.array([max(row) for row in table], dtype=table.dtype)
    total = (prior * best).sum()
    return rational(total) if exact else float(total)


def rationalize_scheme(scheme: np.ndarray, max_denominator: int = 10_000) -> np.ndarray:
    """Fractions close to a float scheme, each row summing to exactly one (its largest
    entry absorbs the rounding)."""
    rows = []
    for row in np.asarray(scheme, dtype=float):
        fracs = [Fraction(v).limit_denominator(max_denominator) for v in row]
        top = int(np.argmax(row))
        fracs[top] = 1 - (sum(fracs) - fracs[top])
        rows.append(fracs)
    return np.array(rows, dtype=object)


def exact_optimum(solution: MultiSolution, max_denominator: int = 10_000) -> sp.Rational | None:
    """Certify an LP optimum exactly, or return ``None``.

    Rounds the scheme and the multipliers to fractions; the rounded scheme,
    priced exactly in the solution's payment model, is a feasible value, and
    :func:`lagrangian_bound` at the rounded multipliers an upper bound.  When the
    two agree (and the scheme is exactly persuasive) the common value is the
    exact optimum.
    """
    if not isinstance(solution, MultiSolution):
        raise ValueError(f"solution must be a MultiSolution, got {type(solution).__name__}")
    instance, model = solution.instance, solution.payment_model
    if instance.exact is None:
        raise ValueError("solution.instance must be built from rational inputs")
    phi = rationalize_scheme(solution.scheme, max_denominator)
    if any(v < 0 for v in phi.ravel()):
        return None
    primal = evaluate_multi(instance, phi, MODEL_PAYMENTS[model], exact=True)
    if not primal.persuasive:
        return None

    def frac(values: np.ndarray) -> list[Fraction]:
        return [Fraction(float(v)).limit_denominator(max_denominator) for v in values]

    n = instance.n_receivers
    if model == "arbitrary":
        alpha = beta = [Fraction(1)] * n
    elif model == "budget_balanced":
        gamma = Fraction(float(np.mean(solution.alpha))).limit_denominator(max_denominator)
        alpha = beta = [gamma] * n
    else:
        alpha, beta = frac(solution.alpha), frac(solution.beta)
        if model == "nonnegative":
            alpha = [min(a, Fraction(1)) for a in alpha]
            beta = [min(b, Fraction(1)) for b in beta]
    bound = lagrangian_bound(instance, alpha, beta, model, exact=True)
    return primal.sender if bound == primal.sender else None


# ------------------------------------------------------------------ public signals
@dataclass(frozen=True)
class PublicSolution:
    """The optimal *public* scheme: every receiver sees the whole recommended set."""

    value: float
    scheme: np.ndarray
    instance: Any = field(repr=False, default=None)


def solve_public(instance: MultiInstance) -> PublicSolution:
    """Optimal public signaling without payments and without externalities.

    A public scheme announces ``S`` to everyone, so persuasiveness holds signal
    by signal: ``Σ_θ μ_θ φ_θ(S) g_i^θ(S) ≥ 0`` for ``i ∈ S`` and
    ``Σ_θ μ_θ φ_θ(S) g_i^θ(S ∪ {i}) ≤ 0`` for ``i ∉ S`` (``N·2**N`` constraints),
    instead of the ``2N`` averaged constraints of the private LP-Binary.  Without
    externalities each receiver's best action depends only on her posterior, so
    recommending a set publicly loses nothing against public signals in general.
    """
    if not isinstance(instance, MultiInstance):
        raise ValueError(f"instance must be a MultiInstance, got {type(instance).__name__}")
    follow, deviate = instance._float_tables
    n_states, n, n_subsets = instance.n_states, instance.n_receivers, instance.n_subsets
    alone = follow[:, np.arange(n), 1 << np.arange(n)]  # g_i^θ({i})
    masks = np.arange(n_subsets)
    inside = (masks[None, :] >> np.arange(n)[:, None]) & 1 == 1  # (N, K)
    if np.any(np.where(inside[None], np.abs(follow - alone[:, :, None]), 0.0) > 1e-12):
        raise ValueError(
            "instance must have no externalities (g_i^θ(S) = g_i^θ({i})) for solve_public: "
            "with externalities a public recommendation must be a pure equilibrium of the "
            "receivers' game, which need not exist"
        )
    coef = instance.prior[:, None, None] * (follow - deviate)  # (T, N, K)
    theta, i, subset = np.nonzero(coef)
    matrix = sps.csr_matrix(
        (coef[theta, i, subset], (i * n_subsets + subset, theta * n_subsets + subset)),
        shape=(n * n_subsets, n_states * n_subsets),
    )
    x = cp.Variable(n_states * n_subsets, nonneg=True)
    simplex = sps.kron(sps.eye(n_states, format="csr"), np.ones((1, n_subsets)), format="csr")
    gain = (instance.prior[:, None] * instance.sender).ravel()
    problem = cp.Problem(cp.Maximize(gain @ x), [matrix @ x >= 0, simplex @ x == 1])
    value = run_lp(problem, "public persuasion LP")
    return PublicSolution(
        value, clean_scheme(np.asarray(x.value).reshape(n_states, n_subsets)), instance
    )
