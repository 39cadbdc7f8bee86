"""Props. 7 and 8: budget-balanced and arbitrary payments with many receivers.

Backs the chapter "Many receivers and externalities", sections "Budget balance:
one multiplier" and "Arbitrary payments: the total payoff".
"""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest
import sympy as sp

import persuasion as ps
from persuasion.receivers.budget_balance import (
    arbitrary_payment_scheme,
    budget_balanced_scheme,
    gamma_star,
    payment_rule,
    virtual_payoff_maximizers,
)
from persuasion.receivers.externalities import (
    MultiInstance,
    evaluate_multi,
    lagrangian_bound,
    obedience_gain,
)


def random_multi(rng: np.random.Generator, max_states: int = 3, max_receivers: int = 3):
    """Small integer payoffs in 0..3 (ties likely) and a rational prior."""
    n_states = int(rng.integers(1, max_states + 1))
    n = int(rng.integers(1, max_receivers + 1))
    weights = rng.integers(1, 4, n_states)
    prior = [F(int(w), int(weights.sum())) for w in weights]
    return MultiInstance(
        prior, rng.integers(0, 4, (n_states, 1 << n)), rng.integers(0, 4, (n_states, n, 1 << n))
    )


def zero_sum_example() -> MultiInstance:
    """Section 4.2: s_θ(0) = −r_θ(0) = 1 − θ, s_θ(1) = −r_θ(1) = 1 + θ, θ ∈ {0, 1}."""
    single = ps.Instance([F(1, 2), F(1, 2)], [[1, 1], [0, 2]], [[-1, -1], [0, -2]])
    return MultiInstance.from_instance(single)


def test_zero_sum_example_budget_balanced_scheme():
    """Section 4.2's budget-balanced scheme (q = 1/2): γ* = 1/2, value 1, pay 2 when
    recommending 1, charge (1−q)/(1−q/2) = 2/3 when recommending 0; the mixture is needed."""
    instance = zero_sum_example()
    result = budget_balanced_scheme(instance, exact=True)
    assert result.gamma == sp.Rational(1, 2)
    assert result.value == 1
    assert result.mix == sp.Rational(1, 2)
    assert result.scheme[1, 1] == F(1, 2)
    assert result.p1 == (2,) and result.p0 == (sp.Rational(-2, 3),)
    assert result.Q1[0] + result.Q0[0] == 0
    # either pure maximizer of f + γ* V fails: one breaks E[V] ≥ 0, the other gets 1/2
    for mask in (0, 1):
        pure = [[1, 0], [1 - mask, mask]]
        ev = evaluate_multi(instance, pure, "budget_balanced", exact=True)
        assert not ev.persuasive or ev.sender == sp.Rational(1, 2)


def test_prop7_closed_form_equals_lp():
    """Prop. 7 on 200 random instances with ties: the γ* mixture of maximizers of
    f + γ*V, with budget-balanced payments, is persuasive and equals the LP optimum;
    exact and float closed forms agree and strong duality holds exactly at γ*."""
    rng = np.random.default_rng(77)
    for _ in range(200):
        instance = random_multi(rng)
        lp = ps.solve(instance, "budget_balanced")
        closed = budget_balanced_scheme(instance)
        exact = budget_balanced_scheme(instance, exact=True)
        assert closed.value == pytest.approx(lp.value, abs=1e-7)
        assert float(exact.value) == pytest.approx(lp.value, abs=1e-9)
        assert float(exact.gamma) == pytest.approx(closed.gamma, abs=1e-9)
        assert lagrangian_bound(
            instance, exact.gamma, exact.gamma, "budget_balanced", exact=True
        ) == exact.value
        ev = evaluate_multi(instance, exact.scheme, (exact.Q1, exact.Q0), exact=True)
        assert ev.persuasive and sum(exact.Q1) + sum(exact.Q0) == 0


def test_prop7_scheme_uses_maximizers_of_virtual_payoff():
    """Prop. 7, item 2: every recommended set maximizes f + γ*(Σ_{i∈S} g_i − Σ_{i∉S} g_i)."""
    rng = np.random.default_rng(78)
    for _ in range(100):
        instance = random_multi(rng)
        result = budget_balanced_scheme(instance, exact=True)
        maximizers = virtual_payoff_maximizers(instance, result.gamma, exact=True)
        for theta, row in enumerate(result.scheme):
            support = {s for s, p in enumerate(row) if p > 0}
            assert support <= set(maximizers[theta])


def test_gamma_star_minimizes_the_dual():
    """γ* minimizes D(γ) = Σ_θ μ_θ max_S (f + γV) over γ ≥ 0 (checked on a grid)."""
    rng = np.random.default_rng(79)
    for _ in range(50):
        instance = random_multi(rng)
        gamma = gamma_star(instance)
        v = obedience_gain(instance)
        grid = np.r_[gamma, np.linspace(0, 5, 101)]
        dual = (instance.sender[None] + grid[:, None, None] * v[None]).max(axis=2) @ instance.prior
        assert np.all(dual >= dual[0] - 1e-9)


def test_payment_rule_reproduces_expected_payments():
    """Equation (12): p_i(1) = Q_i(1)/x_i and p_i(0) = Q_i(0)/(1 − x_i) have expectations Q."""
    rng = np.random.default_rng(80)
    for _ in range(60):
        instance = random_multi(rng)
        result = budget_balanced_scheme(instance, exact=True)
        x = evaluate_multi(instance, result.scheme, exact=True).x
        for i in range(instance.n_receivers):
            assert result.p1[i] * x[i] == result.Q1[i]
            assert result.p0[i] * (1 - x[i]) == result.Q0[i]


def test_prop8_closed_form_equals_lp():
    """Prop. 8 on 200 random instances: recommending argmax f + Σ_{i∈S} g_i − Σ_{i∉S} g_i
    with the cheapest payments equals the LP optimum with arbitrary payments."""
    rng = np.random.default_rng(81)
    for _ in range(200):
        instance = random_multi(rng)
        lp = ps.solve(instance, "arbitrary")
        closed = arbitrary_payment_scheme(instance)
        exact = arbitrary_payment_scheme(instance, exact=True)
        assert closed.value == pytest.approx(lp.value, abs=1e-7)
        assert float(exact.value) == pytest.approx(lp.value, abs=1e-9)
        assert lagrangian_bound(instance, 1, 1, "arbitrary", exact=True) == exact.value


def test_prop8_for_one_receiver_is_prop4():
    """Prop. 8 with N = 1 recommends argmax s + 2r (Prop. 4) and matches the one-receiver LP."""
    rng = np.random.default_rng(82)
    for _ in range(60):
        n_states = int(rng.integers(1, 5))
        sender, receiver = rng.integers(0, 4, (n_states, 2)), rng.integers(0, 4, (n_states, 2))
        single = ps.Instance(np.full(n_states, 1 / n_states), sender, receiver)
        result = arbitrary_payment_scheme(MultiInstance.from_instance(single))
        score = sender + 2 * receiver
        for theta in range(n_states):
            chosen = int(np.argmax(result.scheme[theta]))
            assert score[theta, chosen] == score[theta].max()
        assert result.value == pytest.approx(ps.solve(single, "arbitrary").value, abs=1e-7)


def test_budget_balance_can_strictly_beat_no_payments_with_several_receivers():
    """Section 7.2: budget-balanced payments strictly improve on no payments for some
    instance with two receivers (found among small random instances)."""
    rng = np.random.default_rng(83)
    found = False
    for _ in range(60):
        instance = random_multi(rng, max_states=2, max_receivers=2)
        if instance.n_receivers < 2:
            continue
        if budget_balanced_scheme(instance).value > ps.solve(instance).value + 1e-6:
            found = True
            break
    assert found


def test_malformed_input():
    """The closed forms reject non-instances and unimplementable payments."""
    instance = zero_sum_example()
    with pytest.raises(ValueError, match="MultiInstance"):
        gamma_star("nope")
    with pytest.raises(ValueError, match="MultiInstance"):
        budget_balanced_scheme(ps.Instance([1], [[0, 1]], [[0, 1]]))
    with pytest.raises(ValueError, match="never made"):
        payment_rule(instance, [[1, 0], [1, 0]], [1.0], [0.0])
    with pytest.raises(ValueError, match="Q1"):
        payment_rule(instance, [[1, 0], [1, 0]], [1.0, 2.0], [0.0])
    with pytest.raises(ValueError, match="scheme"):
        payment_rule(instance, [[1, 0]], [0.0], [0.0])
    with pytest.raises(ValueError, match="rational"):
        arbitrary_payment_scheme(MultiInstance([1 / 3, 2 / 3], [[0, 1]] * 2, [[[0, 1]]] * 2), True)
