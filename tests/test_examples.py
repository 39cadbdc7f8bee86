"""Known answers from the sources, exactly: the fixtures of chapter 1.

Kamenica–Gentzkow's prosecutor, the talk's seller examples and
its private-signal example (Immorlica, slides "Example: product high quality
with probability 0.4", "messaging policy sensitive to prior", "private signal").
"""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest
import sympy as sp

import persuasion as ps
from persuasion.signals import induced_outcome, value_against_types


def seller(prior_high) -> ps.Instance:
    p = F(prior_high)
    return ps.Instance([1 - p, p], [[0, 1], [0, 1]], [[0, -1], [0, 1]])


@pytest.fixture
def prosecutor() -> ps.Instance:
    return ps.Instance([F(7, 10), F(3, 10)], [[0, 1], [0, 1]], [[1, 0], [0, 1]])


def test_prosecutor_exact(prosecutor: ps.Instance) -> None:
    """Chapter 1, "The prosecutor": signal 'convict' on the innocent with probability
    3/7, conviction probability 3/5, the judge's payoff stays 7/10; the LP agrees."""
    exact = ps.evaluate_exact(prosecutor, [[F(4, 7), F(3, 7)], [0, 1]])
    assert exact.sender == sp.Rational(3, 5) and exact.receiver == sp.Rational(7, 10)
    assert exact.persuasive
    solution = ps.solve(prosecutor)
    assert solution.value == pytest.approx(0.6, abs=1e-9)
    assert solution.scheme[0, 1] == pytest.approx(3 / 7, abs=1e-9)


def test_prosecutor_one_more_unit_of_conviction_breaks_persuasiveness(prosecutor) -> None:
    """Chapter 1, "The prosecutor": 3/7 is the largest persuasive probability, exactly."""
    q = F(3, 7) + F(1, 10**9)
    assert not ps.evaluate_exact(prosecutor, [[1 - q, q], [0, 1]]).persuasive


@pytest.mark.parametrize(
    ("prior_high", "q", "value"),
    [("0.4", F(2, 3), sp.Rational(4, 5)), ("0.2", F(1, 4), sp.Rational(2, 5))],
)
def test_seller_optimal_policy_depends_on_prior(prior_high, q, value) -> None:
    """Talk, "messaging policy sensitive to prior": prior 0.4 → q = 2/3, sale 0.8;
    prior 0.2 → q = 1/4, sale 0.4; the LP reaches the same optimum."""
    instance = seller(prior_high)
    assert induced_outcome(instance, [[1 - q, q], [0, 1]], exact=True).sender == value
    assert ps.solve(instance).value == pytest.approx(float(value), abs=1e-9)


def test_seller_three_policy_table() -> None:
    """Talk, "Example: product high quality with probability 0.4": the three policies
    give 0 (buyer never buys), 0.4 and 0.8."""
    instance = seller("0.4")
    values = [induced_outcome(instance, scheme, exact=True).sender for scheme in
              ([[0, 1], [0, 1]], [[1, 0], [0, 1]], [[F(1, 3), F(2, 3)], [0, 1]])]
    assert values == [0, sp.Rational(2, 5), sp.Rational(4, 5)]


def test_private_signal_example() -> None:
    """Talk, "private signal": target optimists 0.4, pessimists 0.475, told beliefs 0.6,
    and no q in a fine rational grid beats targeting the pessimists."""
    buyers = [seller(F(2, 5)), seller(F(1, 5))]
    weights = [F(1, 2), F(1, 2)]

    def sale(q: F):
        return value_against_types(buyers, weights, [[1 - q, q], [0, 1]], exact=True)

    assert sale(F(2, 3)) == sp.Rational(2, 5)
    assert sale(F(1, 4)) == sp.Rational(19, 40)
    assert max(sale(F(k, 600)) for k in range(601)) == sp.Rational(19, 40)
    told = sum(float(w) * ps.solve(b).value for w, b in zip(weights, buyers, strict=True))
    assert told == pytest.approx(0.6, abs=1e-9)


def test_binary_threshold_benchmark() -> None:
    """Kamenica–Gentzkow: a receiver acting iff posterior ≥ θ gives max Pr(act) = min(1, μ0/θ)."""
    rng = np.random.default_rng(3)
    for _ in range(50):
        mu0, theta = rng.uniform(0.05, 0.95, size=2)
        # receiver: acting pays 1-θ in the good state and -θ in the bad one
        instance = ps.Instance([1 - mu0, mu0], [[0, 1], [0, 1]], [[0, -theta], [0, 1 - theta]])
        assert ps.solve(instance).value == pytest.approx(min(1.0, mu0 / theta), abs=1e-7)
