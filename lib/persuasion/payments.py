"""The payment identity (Observation 1, Definition 1) and the value of a scheme.

For a scheme ``φ`` let ``X(i, j) = Σ_θ μ_θ φ_θ(i) r_θ(j)`` be the receiver's
expected utility from taking ``j`` when ``i`` is recommended (the probability
of the recommendation folded in).  The scheme with expected payments ``P`` is
persuasive if and only if ``P(i) ≥ T_i = max_{j≠i} X(i, j) − X(i, i)`` for all
``i`` (Observation 1); ``T`` are the *optimal payments* and ``max(0, T)`` the
*optimal non-negative payments* (Definition 1).

The arithmetic is written once for any number type: float arrays give floats,
object arrays of :class:`fractions.Fraction` give exact rationals (used by
:mod:`persuasion.exact`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from .model import Instance
from .validation import as_finite_array, as_row_distributions, check_shape

#: Relative tolerance of the float persuasiveness check in :func:`evaluate`: a payment
#: may fall short of its threshold by this fraction of the receiver's payoff scale
#: (her largest payoff in absolute value), so the verdict does not depend on the unit.
PERSUASIVE_TOL = 1e-7


@dataclass(frozen=True)
class Evaluation:
    """The value of a scheme under given payments.

    Attributes
    ----------
    sender: the sender's expected utility net of payments.
    receiver: the receiver's expected utility when following, payments included.
    payments: expected payments ``P(i)``.
    thresholds: the optimal payments ``T_i`` of Observation 1.
    persuasive: whether ``P(i) ≥ T_i`` for every action ``i``.
    """

    sender: Any
    receiver: Any
    payments: np.ndarray
    thresholds: np.ndarray
    persuasive: bool


def deviation_table(prior: np.ndarray, scheme: np.ndarray, receiver: np.ndarray) -> np.ndarray:
    """``X[i, j] = Σ_θ μ_θ φ_θ(i) r_θ(j)`` (works for float and Fraction arrays)."""
    weighted = scheme * prior[:, None]
    return weighted.T.dot(receiver)


def thresholds_from_table(table: np.ndarray) -> np.ndarray:
    """``T_i = max_{j ≠ i} X(i, j) − X(i, i)`` (Observation 1)."""
    n = table.shape[0]
    out = []
    for i in range(n):
        others = [table[i, j] for j in range(n) if j != i]
        out.append(max(others) - table[i, i])
    return np.array(out, dtype=table.dtype)


def value_of(
    prior: np.ndarray,
    sender: np.ndarray,
    receiver: np.ndarray,
    scheme: np.ndarray,
    payments: Any,
    tol: Any,
) -> Evaluation:
    """The arithmetic of :func:`evaluate`, for float or Fraction arrays alike."""
    table = deviation_table(prior, scheme, receiver)
    thresholds = thresholds_from_table(table)
    zero = thresholds[0] - thresholds[0]
    if payments is None or (isinstance(payments, str) and payments == "none"):
        paid = np.array([zero] * len(thresholds), dtype=thresholds.dtype)
    elif isinstance(payments, str) and payments == "optimal":
        paid = thresholds.copy()
    elif isinstance(payments, str) and payments == "optimal_nonnegative":
        paid = np.array([max(zero, t) for t in thresholds], dtype=thresholds.dtype)
    else:
        paid = payments
    weighted = scheme * prior[:, None]
    sender_value = (weighted * sender).sum() - paid.sum()
    receiver_value = (weighted * receiver).sum() + paid.sum()
    persuasive = all(p >= t - tol for p, t in zip(paid, thresholds, strict=True))
    return Evaluation(sender_value, receiver_value, paid, thresholds, bool(persuasive))


def check_scheme(instance: Instance, scheme: Any) -> np.ndarray:
    """``scheme`` as a ``(T, n)`` float array of row distributions, or ``ValueError``."""
    array = as_row_distributions("scheme", scheme)
    check_shape("scheme", array, (instance.n_states, instance.n_actions))
    return array


def check_payments(instance: Instance, payments: Any) -> Any:
    """Validate the ``payments`` argument of :func:`evaluate`."""
    if payments is None or isinstance(payments, str):
        if payments not in (None, "none", "optimal", "optimal_nonnegative"):
            raise ValueError(
                "payments must be None, 'optimal', 'optimal_nonnegative' or an array of "
                f"length {instance.n_actions}, got {payments!r}"
            )
        return payments
    array = as_finite_array("payments", payments, ndim=1)
    check_shape("payments", array, (instance.n_actions,))
    return array


def evaluate(instance: Instance, scheme: Any, payments: Any = None) -> Evaluation:
    """The value of ``scheme`` for ``instance`` under ``payments`` (Observation 1).

    ``payments`` is ``None`` (no payments), ``"optimal"`` (the thresholds ``T_i``
    of Observation 1: the cheapest payments making the scheme persuasive),
    ``"optimal_nonnegative"`` (``max(0, T_i)``, Definition 1) or an array of
    expected payments ``P(i)``.  ``persuasive`` is checked with tolerance
    :data:`PERSUASIVE_TOL` times the largest ``|r_θ(i)|`` (relative to the payoff
    scale; payments larger than :data:`persuasion.validation.MAX_MAGNITUDE` are
    refused as too large to compute with); use :func:`persuasion.exact.evaluate_exact` for an
    exact verdict.
    """
    if not isinstance(instance, Instance):
        raise ValueError(f"instance must be a persuasion.Instance, got {type(instance).__name__}")
    array = check_scheme(instance, scheme)
    paid = check_payments(instance, payments)
    scale = float(np.max(np.abs(instance.receiver)))
    tol = PERSUASIVE_TOL * (scale if scale > 0 else 1.0)
    result = value_of(instance.prior, instance.sender, instance.receiver, array, paid, tol)
    return Evaluation(
        float(result.sender),
        float(result.receiver),
        np.asarray(result.payments, dtype=float),
        np.asarray(result.thresholds, dtype=float),
        result.persuasive,
    )
