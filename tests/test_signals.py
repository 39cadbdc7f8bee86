"""Schemes with arbitrary signals, the revelation principle, concavification and
exact evaluation (chapter 1: Remark "Revelation principle", "Concavification")."""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest
import sympy as sp

import persuasion as ps
from persuasion.concavification import concave_envelope, value_at_beliefs
from persuasion.signals import induced_outcome, value_against_types


def test_revelation_principle_on_random_schemes() -> None:
    """Remark "Revelation principle": merging signals with the same best response gives
    a direct persuasive scheme with the same values, never above the LP optimum."""
    rng = np.random.default_rng(11)
    for _ in range(200):
        T, n, K = int(rng.integers(1, 5)), int(rng.integers(2, 4)), int(rng.integers(1, 6))
        instance = ps.Instance(np.full(T, 1 / T), rng.integers(0, 4, (T, n)),
                               rng.integers(0, 4, (T, n)))
        raw = rng.integers(0, 3, size=(T, K)).astype(float)
        raw[raw.sum(axis=1) == 0, 0] = 1
        scheme = raw / raw.sum(axis=1, keepdims=True)
        outcome = induced_outcome(instance, scheme)
        direct = ps.evaluate(instance, outcome.direct_scheme)
        assert direct.persuasive
        assert direct.sender == pytest.approx(outcome.sender)
        assert direct.receiver == pytest.approx(outcome.receiver)
        assert outcome.sender <= ps.solve(instance).value + 1e-7


def test_exact_and_float_outcomes_agree() -> None:
    """Exact evaluation gives the same numbers as float evaluation, as rationals."""
    instance = ps.Instance([F(1, 3), F(2, 3)], [[0, 2], [1, 0]], [[1, 0], [0, 1]])
    scheme = [[F(1, 2), F(1, 2)], [F(1, 5), F(4, 5)]]
    exact = induced_outcome(instance, scheme, exact=True)
    floats = induced_outcome(instance, np.array(scheme, dtype=float))
    assert isinstance(exact.sender, sp.Rational)
    assert float(exact.sender) == pytest.approx(floats.sender)
    assert exact.actions == floats.actions


def test_evaluate_exact_matches_evaluate() -> None:
    """`evaluate_exact` is `evaluate` in rational arithmetic (all payment options)."""
    instance = ps.Instance([F(1, 3), F(2, 3)], [[0, 2], [1, 0]], [[1, 0], [0, 1]])
    scheme = [[F(1, 2), F(1, 2)], [F(1, 5), F(4, 5)]]
    for payments in (None, "optimal", "optimal_nonnegative", [F(1, 10), F(-1, 10)]):
        exact = ps.evaluate_exact(instance, scheme, payments)
        as_floats = payments if payments is None or isinstance(payments, str) else [
            float(p) for p in payments
        ]
        floats = ps.evaluate(instance, np.array(scheme, dtype=float), as_floats)
        assert float(exact.sender) == pytest.approx(floats.sender)
        assert exact.persuasive == floats.persuasive


def test_evaluate_exact_rejects_inexact_input() -> None:
    """Errors: exact evaluation needs rational inputs and exact distributions."""
    inexact = ps.Instance([1 / 3, 2 / 3], [[0, 1], [0, 1]], [[1, 0], [0, 1]])
    with pytest.raises(ValueError, match="rational inputs"):
        ps.evaluate_exact(inexact, [[1, 0], [0, 1]])
    instance = ps.Instance([F(1, 3), F(2, 3)], [[0, 1], [0, 1]], [[1, 0], [0, 1]])
    with pytest.raises(ValueError, match="row 0 must sum to exactly one"):
        ps.evaluate_exact(instance, [[F(1, 3), F(1, 3)], [0, 1]])
    with pytest.raises(ValueError, match="scheme must have shape"):
        ps.evaluate_exact(instance, [[1, 0]])
    with pytest.raises(ValueError, match="non-negative"):
        ps.evaluate_exact(instance, [[2, -1], [0, 1]])


def test_induced_outcome_and_types_reject_malformed_input() -> None:
    """Errors: the signal-level entry points name the offending argument."""
    instance = ps.Instance([0.5, 0.5], [[0, 1], [0, 1]], [[1, 0], [0, 1]])
    with pytest.raises(ValueError, match="scheme must have one row per state"):
        induced_outcome(instance, [[1.0]])
    with pytest.raises(ValueError, match="instance"):
        induced_outcome(None, [[1.0], [1.0]])
    with pytest.raises(ValueError, match="weights must sum to one"):
        value_against_types([instance], [0.5], [[1.0], [1.0]])
    with pytest.raises(ValueError, match="instances must not be empty"):
        value_against_types([], [], [[1.0], [1.0]])


def test_concave_envelope_equals_lp_on_random_two_state_instances() -> None:
    """Chapter 1, "Concavification": the LP optimum equals the concave envelope of v."""
    rng = np.random.default_rng(5)
    for _ in range(30):
        n = int(rng.integers(2, 4))
        sender, receiver = rng.integers(0, 4, (2, n)), rng.integers(0, 4, (2, n))
        grid = np.linspace(0, 1, 41)
        envelope = concave_envelope(grid, value_at_beliefs(sender, receiver, grid))
        for k in range(0, 41, 5):
            lp = ps.solve(ps.Instance([1 - grid[k], grid[k]], sender, receiver)).value
            # the grid envelope can only be below the true one; equal at grid kinks
            assert envelope[k] <= lp + 1e-9


def test_concave_envelope_basic_and_errors() -> None:
    """The upper hull of a step is the chord; malformed input is rejected."""
    x = np.array([0.0, 0.5, 1.0])
    assert concave_envelope(x, [0.0, 1.0, 1.0]).tolist() == [0.0, 1.0, 1.0]
    assert concave_envelope(x, [1.0, 0.0, 1.0]).tolist() == [1.0, 1.0, 1.0]
    with pytest.raises(ValueError, match="strictly increasing"):
        concave_envelope([0.0, 0.0], [1.0, 1.0])
    with pytest.raises(ValueError, match="beliefs must lie"):
        value_at_beliefs([[0, 1], [0, 1]], [[1, 0], [0, 1]], [1.5])
    with pytest.raises(ValueError, match="sender must have two rows"):
        value_at_beliefs([[0, 1]], [[1, 0]], [0.5])
