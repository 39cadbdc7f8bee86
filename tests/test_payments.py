"""The payment identity (Observation 1, Definition 1) and `persuasion.evaluate`.

Backs chapter 1, "The four payment models at a glance", and the payments
chapter's use of optimal and optimal non-negative payments.
"""

from __future__ import annotations

import numpy as np
import pytest

import persuasion as ps


def random_scheme(rng: np.random.Generator, T: int, n: int) -> np.ndarray:
    raw = rng.integers(0, 4, size=(T, n)).astype(float)
    raw[raw.sum(axis=1) == 0, 0] = 1.0
    return raw / raw.sum(axis=1, keepdims=True)


def test_observation_1_persuasive_iff_payments_reach_thresholds() -> None:
    """Observation 1: (φ, P) is persuasive iff P(i) ≥ T_i for every i, where
    T_i = max_{j≠i} X(i, j) − X(i, i); checked by perturbing P around T."""
    rng = np.random.default_rng(1)
    for _ in range(200):
        T, n = int(rng.integers(1, 5)), int(rng.integers(2, 5))
        instance = ps.Instance(np.full(T, 1 / T), rng.integers(0, 4, (T, n)),
                               rng.integers(0, 4, (T, n)))
        scheme = random_scheme(rng, T, n)
        thresholds = ps.evaluate(instance, scheme, "optimal").thresholds
        assert ps.evaluate(instance, scheme, thresholds).persuasive
        for i in range(n):
            lower = thresholds.copy()
            lower[i] -= 1e-3
            assert not ps.evaluate(instance, scheme, lower).persuasive
        # the receiver's deviation gain computed by brute force
        for i in range(n):
            x = [(instance.prior * scheme[:, i] * instance.receiver[:, j]).sum() for j in range(n)]
            assert thresholds[i] == pytest.approx(max(x[j] for j in range(n) if j != i) - x[i])


def test_definition_1_optimal_nonnegative_payments() -> None:
    """Definition 1: the optimal non-negative payments are max(0, T_i); the sender's
    value falls by exactly their sum."""
    instance = ps.Instance([0.7, 0.3], [[0, 1], [0, 1]], [[1, 0], [0, 1]])
    always_convict = [[0, 1], [0, 1]]
    optimal = ps.evaluate(instance, always_convict, "optimal")
    nonnegative = ps.evaluate(instance, always_convict, "optimal_nonnegative")
    assert optimal.payments.tolist() == pytest.approx([0.0, 0.4])
    assert nonnegative.payments.tolist() == pytest.approx([0.0, 0.4])
    assert nonnegative.sender == pytest.approx(1.0 - 0.4)
    assert not ps.evaluate(instance, always_convict).persuasive


def test_negative_threshold_means_the_sender_can_charge() -> None:
    """Observation 1 with arbitrary payments: recommending the receiver's best action
    lets the sender charge her whole surplus (T_i < 0)."""
    instance = ps.Instance([0.7, 0.3], [[0, 1], [0, 1]], [[1, 0], [0, 1]])
    reveal = [[1, 0], [0, 1]]
    result = ps.evaluate(instance, reveal, "optimal")
    assert result.payments.tolist() == pytest.approx([-0.7, -0.3])
    assert result.sender == pytest.approx(0.3 + 1.0)
    assert result.receiver == pytest.approx(0.0)


@pytest.mark.parametrize(
    ("scheme", "payments", "message"),
    [
        ([[1, 0]], None, "scheme must have shape"),
        ([[0.5, 0.6], [0, 1]], None, "scheme: row 0 must sum to one"),
        ([[1.5, -0.5], [0, 1]], None, "scheme must be non-negative"),
        ([[1, 0], [0, 1]], "sometimes", "payments must be None"),
        ([[1, 0], [0, 1]], [0.0], "payments must have shape"),
        ([[1, 0], [0, 1]], [0.0, np.nan], "payments must hold finite"),
    ],
)
def test_evaluate_rejects_malformed_input(scheme, payments, message) -> None:
    """DESIGN.md, Errors: evaluate names the argument that is wrong."""
    instance = ps.Instance([0.7, 0.3], [[0, 1], [0, 1]], [[1, 0], [0, 1]])
    with pytest.raises(ValueError, match=message):
        ps.evaluate(instance, scheme, payments)
    with pytest.raises(ValueError, match="instance"):
        ps.evaluate("instance", scheme)


def test_persuasiveness_tolerance_is_relative_to_the_payoff_scale() -> None:
    """Chapter 'Persuasion with payments' (Observation 1) and issue 13 item 1: the float
    verdict does not depend on the unit of the receiver's payoffs.  A payment short of
    its threshold by 1e-4 of the payoff scale is not persuasive at any scale, and one
    short by 1e-9 of the scale is, at every scale (an absolute 1e-7 tolerance got both
    wrong at scales 1e-6 and 1e6)."""
    prior, sender, receiver = [0.7, 0.3], [[0, 1], [0, 1]], np.array([[1.0, 0.0], [0.0, 1.0]])
    scheme = [[4 / 7, 3 / 7], [0.0, 1.0]]  # the optimal no-payment scheme: binds exactly
    for power in (-9, -6, 0, 6, 9):
        scale = 10.0**power
        instance = ps.Instance(prior, sender, receiver * scale)
        thresholds = ps.evaluate(instance, scheme, "optimal").thresholds
        assert not ps.evaluate(instance, scheme, thresholds - 1e-4 * scale).persuasive
        assert ps.evaluate(instance, scheme, thresholds - 1e-9 * scale).persuasive
