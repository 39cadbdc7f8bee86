"""Exact regime boundaries of the dichotomy (duality.regimes).

Chapter "Persuasion with payments", section "The dichotomy at work": paying starts to
pay off at p* = 1 − 2/√7 on the flashy/plain/useful family, where λ* crosses 1/2.
"""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest
import sympy as sp

import persuasion as ps
from persuasion.duality.regimes import (
    priority_reduced_form,
    receiver_favoured_payoff,
    regime_boundaries,
)
from persuasion.duality.threshold import welfare_maximizer

p = sp.Symbol("p")
FAMILY = ([p, (1 - p) / 2, (1 - p) / 2], [2, 1, 0], [0, 0, 1])


def test_flashy_family_boundary():
    """p* = 1 − 2/√7, and λ* jumps across 1/2 there (threshold optimum on both sides)."""
    (boundary,) = regime_boundaries(*FAMILY, 3, p)
    assert sp.simplify(boundary - (1 - 2 / sp.sqrt(7))) == 0
    for q, above in [(F(2440, 10**4), False), (F(2442, 10**4), True)]:
        inst = ps.Instance.from_types([q, (1 - q) / 2, (1 - q) / 2], [2, 1, 0], [0, 0, 1], 3)
        assert (ps.threshold_optimum(inst).multiplier > sp.Rational(1, 2)) == above


def test_receiver_payoff_matches_exact_scheme():
    """R⁺(w) equals the exact receiver payoff of the receiver-favoured maximizer."""
    rng = np.random.default_rng(3)
    for _ in range(25):
        m, n = int(rng.integers(2, 4)), int(rng.integers(2, 4))
        weights = [int(v) + 1 for v in rng.integers(0, 4, m)]
        prior = [F(w, sum(weights)) for w in weights]
        xi, rho = rng.integers(0, 4, m).tolist(), rng.integers(0, 4, m).tolist()
        w = F(int(rng.integers(0, 5)), int(rng.integers(1, 4)))
        inst = ps.Instance.from_types(prior, xi, rho, n)
        scheme = welfare_maximizer(inst, w / n, ties="receiver", exact=True)
        exact = ps.evaluate_exact(inst, scheme).receiver
        assert receiver_favoured_payoff(prior, xi, rho, n, w) == exact


def test_priority_reduced_form_sums_to_one():
    """The priority reduced form is a distribution (symbolically)."""
    y = priority_reduced_form(FAMILY[0], [3, 1, 2], 4)
    assert sp.simplify(sum(y) - 1) == 0


def test_bad_inputs():
    """Malformed input raises ValueError naming the argument."""
    with pytest.raises(ValueError, match="n_actions"):
        priority_reduced_form([1], [0], 1)
    with pytest.raises(ValueError, match="prior"):
        priority_reduced_form([1, 0], [0], 2)
    with pytest.raises(ValueError, match="parameter"):
        regime_boundaries(*FAMILY, 3, "p")
    with pytest.raises(ValueError, match="prior"):
        receiver_favoured_payoff([p, 1 - p], [1], [0, 1], 2, 1)
