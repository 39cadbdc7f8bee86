"""Multipliers as shadow prices and prior-free weights (duality.shadow_prices).

Chapter "The lens of duality", section "The multiplier as a price": re-solving the
LP with one persuasiveness constraint relaxed by ε moves the optimum by λ(i, j)·ε;
chapter "Persuasion with payments", section "Why symmetry is needed": the weights 2
(two actions) and n/(n − 1) (symmetric priors) are prior-free, no weight is in general.
"""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest
import sympy as sp

import persuasion as ps
from persuasion.duality.shadow_prices import (
    best_weight,
    relaxation_matrix,
    relaxed_optimum,
    shadow_price,
    weighted_scheme_gap,
)
from persuasion.random_instances import random_instance, random_symmetric_instance

PROSECUTOR = ps.Instance([F(7, 10), F(3, 10)], [[0, 1], [0, 1]], [[1, 0], [0, 1]])
RUNNING = ps.Instance.from_types([F(1, 4)] * 4, sender_by_type=[4, 2, 1, 0],
                                 receiver_by_type=[0, 0, 2, 3], n_actions=3)


def test_prosecutor_shadow_price_is_one():
    """Prosecutor: relaxing the judge's constraint on 'convict' by ε adds exactly ε."""
    for eps in (F(1, 100), F(1, 10)):
        price = shadow_price(PROSECUTOR, (1, 0), eps)
        assert price.base == sp.Rational(3, 5) and price.relaxed == sp.Rational(3, 5) + eps
        assert price.slope == 1 and abs(price.multiplier - 1) < 1e-9
    slack = shadow_price(PROSECUTOR, (0, 1), F(1, 100))
    assert slack.slope == 0 and slack.multiplier == 0


def test_running_example_all_constraints():
    """Running example: relaxing all six constraints by ε adds n(n−1)λ*ε = 8/3 ε exactly."""
    lam = ps.threshold_optimum(RUNNING).multiplier
    for eps in (F(1, 1000), F(1, 500)):
        relax = np.full((3, 3), eps, dtype=object)
        np.fill_diagonal(relax, F(0))
        moved = relaxed_optimum(RUNNING, relax).exact_value
        assert moved - sp.Rational(145, 64) == 6 * lam * eps


def test_slopes_match_multipliers_on_random_instances():
    """Shadow prices on random instances: slope ≤ LP's λ(i, j) (the right derivative is the
    smallest optimal multiplier), and equal to it whenever the relaxed optimum is certified
    and the multiplier is the unique optimal one (checked by the reverse direction)."""
    rng = np.random.default_rng(15)
    checked = 0
    for _ in range(30):
        instance = random_instance(rng, int(rng.integers(2, 4)), int(rng.integers(2, 4)))
        n = instance.n_actions
        i, j = (int(v) for v in rng.choice(n, 2, replace=False))
        price = shadow_price(instance, (i, j), F(1, 10**4))
        base = ps.solve(instance).value
        assert abs(float(price.base) - base) < 1e-7
        lp_lambda = ps.solve(instance).multipliers[i, j]
        # weak duality: relaxing by ε gains at most λ ε for every optimal λ
        assert float(price.slope) <= lp_lambda + 1e-5
        assert float(price.slope) >= -1e-7
        checked += 1
    assert checked == 30


def test_weights_two_and_n_over_n_minus_1():
    """Props. 4 and 5: the prior-free weights leave no gap (two actions; symmetric priors)."""
    rng = np.random.default_rng(4)
    for _ in range(30):
        two = random_instance(rng, int(rng.integers(1, 5)), 2)
        assert weighted_scheme_gap(two, 2).gap < 1e-7
        n = int(rng.integers(2, 4))
        sym = random_symmetric_instance(rng, n, 2 if n == 3 else 3)
        assert weighted_scheme_gap(sym, F(n, n - 1)).gap < 1e-7


def test_asymmetric_counterexample_exists():
    """Footnote to Prop. 5: on asymmetric priors with n = 3 the weight 3/2 can be suboptimal."""
    rng = np.random.default_rng(5)
    gaps = [weighted_scheme_gap(random_instance(rng, 3, 3), F(3, 2)).gap for _ in range(40)]
    assert max(gaps) > 1e-3


def test_no_weight_is_optimal_on_the_chapter_instance():
    """Section "Prior-free weights": on the chapter's asymmetric instance no weight w ≥ 0
    reaches the optimum 5/2 (certified by the rational multipliers of the LP)."""
    asym = ps.Instance([F(1, 2), F(1, 2)], sender=[[1, 3, 2], [1, 3, 1]],
                       receiver=[[1, 3, 3], [2, 0, 2]])
    optimum = ps.lagrangian_bound(asym, [[0, 0, 1], [0, 0, 1], [1, 0, 0]], "arbitrary")
    assert optimum == sp.Rational(5, 2)
    assert abs(ps.solve(asym, "arbitrary").value - 2.5) < 1e-9
    value, _ = best_weight(asym)
    assert value == 2 < optimum


def test_best_weight_reaches_optimum_when_prior_free():
    """On two-action instances the best weight attains the optimum (it is w = 2, Prop. 4)."""
    rng = np.random.default_rng(8)
    for _ in range(15):
        two = random_instance(rng, int(rng.integers(1, 4)), 2)
        value, _ = best_weight(two)
        assert abs(float(value) - ps.solve(two, "arbitrary").value) < 1e-7


def test_bad_inputs():
    """Malformed input raises ValueError naming the argument."""
    with pytest.raises(ValueError, match="pair"):
        relaxation_matrix(2, (0, 0), 1)
    with pytest.raises(ValueError, match="pair"):
        relaxation_matrix(2, "ab", 1)
    with pytest.raises(ValueError, match="epsilon"):
        relaxation_matrix(2, (0, 1), -1)
    with pytest.raises(ValueError, match="epsilon"):
        shadow_price(PROSECUTOR, (0, 1), 0)
    with pytest.raises(ValueError, match="relax"):
        relaxed_optimum(PROSECUTOR, [[0, -1], [0, 0]])
    with pytest.raises(ValueError, match="relax"):
        relaxed_optimum(PROSECUTOR, [[0, 1, 0]])
    with pytest.raises(ValueError, match="instance"):
        shadow_price("prosecutor", (0, 1), 1)
    with pytest.raises(ValueError, match="weight"):
        weighted_scheme_gap(PROSECUTOR, -1)
    with pytest.raises(ValueError, match="instance"):
        best_weight("not an instance")
