"""Many receivers with binary actions: the model and LP-Binary (Section 7.1).

Backs the chapter "Many receivers and externalities", sections "The model",
"LP-Binary and the sign of the payments" and the remark on private and public
signals.
"""

from __future__ import annotations

import functools
from fractions import Fraction as F

import numpy as np
import pytest
import sympy as sp
from scipy.optimize import linprog

import persuasion as ps
from persuasion.receivers.externalities import (
    DENSE_LIMIT,
    MultiInstance,
    evaluate_multi,
    exact_optimum,
    has_positive_externalities,
    is_monotone,
    lagrangian_bound,
    lp_binary,
    marginal_utilities,
    obedience_gain,
    solve_public,
    weighted_virtual_payoff,
)

MODELS = ps.PAYMENT_MODELS


def random_multi(rng: np.random.Generator, max_states: int = 3, max_receivers: int = 3):
    """Small integer payoffs in 0..3 (ties likely) and a rational prior."""
    n_states = int(rng.integers(1, max_states + 1))
    n = int(rng.integers(1, max_receivers + 1))
    weights = rng.integers(1, 4, n_states)
    prior = [F(int(w), int(weights.sum())) for w in weights]
    sender = rng.integers(0, 4, (n_states, 1 << n))
    receivers = rng.integers(0, 4, (n_states, n, 1 << n))
    return MultiInstance(prior, sender, receivers)


def zero_sum_example() -> MultiInstance:
    """Section 4.2 as one receiver: s_θ(0) = −r_θ(0) = 1 − θ, s_θ(1) = −r_θ(1) = 1 + θ."""
    single = ps.Instance([F(1, 2), F(1, 2)], [[1, 1], [0, 2]], [[-1, -1], [0, -2]])
    return MultiInstance.from_instance(single)


def independent_lp(instance: MultiInstance, model: str) -> float:
    """LP-Binary written directly from u_i^θ(S) as in Section 7.1 (payments subtracted),
    with scipy's HiGHS interface and explicit loops: no code shared with the library."""
    prior, f, u = instance.prior, instance.sender, instance.receivers
    n_states, n, n_sets = u.shape
    n_phi = n_states * n_sets
    size = n_phi + 2 * n  # φ, then Q(1), then Q(0)
    cost = np.zeros(size)
    for t in range(n_states):
        for s in range(n_sets):
            cost[t * n_sets + s] = -prior[t] * f[t, s]
    cost[n_phi:] = 1.0  # the sender pays Q
    rows = []
    for i in range(n):
        bit = 1 << i
        follow1, follow0 = np.zeros(size), np.zeros(size)
        for t in range(n_states):
            for s in range(n_sets):
                if s & bit:  # recommended 1: u_i(S) + p(1) ≥ u_i(S \ {i})
                    follow1[t * n_sets + s] = -prior[t] * (u[t, i, s] - u[t, i, s ^ bit])
                else:  # recommended 0: u_i(S) + p(0) ≥ u_i(S ∪ {i})
                    follow0[t * n_sets + s] = -prior[t] * (u[t, i, s] - u[t, i, s | bit])
        follow1[n_phi + i] = -1.0
        follow0[n_phi + n + i] = -1.0
        rows += [follow1, follow0]
    eq_rows, eq_rhs = [], []
    for t in range(n_states):
        row = np.zeros(size)
        row[t * n_sets : (t + 1) * n_sets] = 1.0
        eq_rows.append(row)
        eq_rhs.append(1.0)
    bounds = [(0, None)] * n_phi
    if model == "none":
        bounds += [(0, 0)] * (2 * n)
    elif model == "nonnegative":
        bounds += [(0, None)] * (2 * n)
    else:
        bounds += [(None, None)] * (2 * n)
        if model == "budget_balanced":
            row = np.zeros(size)
            row[n_phi:] = 1.0
            eq_rows.append(row)
            eq_rhs.append(0.0)
    result = linprog(
        cost, A_ub=np.array(rows), b_ub=np.zeros(len(rows)), A_eq=np.array(eq_rows),
        b_eq=eq_rhs, bounds=bounds, method="highs",
    )
    assert result.status == 0, result.message
    return -result.fun


@functools.cache
def solved_cases() -> list[tuple[MultiInstance, dict]]:
    """200 random instances with the LP optimum of every payment model."""
    rng = np.random.default_rng(20190)
    cases = []
    for _ in range(200):
        instance = random_multi(rng)
        cases.append((instance, {m: ps.solve(instance, m) for m in MODELS}))
    return cases


def test_lp_binary_matches_independent_formulation():
    """LP-Binary (payments subtracted) equals an independently built LP on 200 random
    instances with ties, for all four payment models."""
    for instance, solutions in solved_cases():
        for model in MODELS:
            assert solutions[model].value == pytest.approx(
                independent_lp(instance, model), abs=1e-7
            )


def test_payment_models_are_ordered():
    """Section 7.2: none ≤ budget-balanced ≤ arbitrary and none ≤ non-negative ≤ arbitrary."""
    for _, s in solved_cases():
        assert s["none"].value <= s["budget_balanced"].value + 1e-8
        assert s["budget_balanced"].value <= s["arbitrary"].value + 1e-8
        assert s["none"].value <= s["nonnegative"].value + 1e-8
        assert s["nonnegative"].value <= s["arbitrary"].value + 1e-8


def test_solution_payments_make_scheme_persuasive():
    """Q_i(1), Q_i(0) returned by solve make the scheme persuasive, respect the payment
    model and give the LP value (equation (4), payment identity)."""
    for _, s in solved_cases()[:80]:
        for model, sol in s.items():
            ev = evaluate_multi(sol.instance, sol.scheme, (sol.Q1, sol.Q0))
            assert ev.persuasive
            assert ev.sender == pytest.approx(sol.value, abs=1e-7)
            if model == "none":
                assert not sol.Q1.any() and not sol.Q0.any()
            if model == "nonnegative":
                assert (sol.Q1 >= 0).all() and (sol.Q0 >= 0).all()
            if model == "budget_balanced":
                assert sol.Q1.sum() + sol.Q0.sum() == pytest.approx(0.0, abs=1e-9)


def test_exact_certificates_of_lp_optima():
    """Weak duality (the partial Lagrangian (9)) certifies the LP optimum exactly."""
    for _, s in solved_cases()[:40]:
        for sol in s.values():
            value = exact_optimum(sol)
            assert value is not None
            assert float(value) == pytest.approx(sol.value, abs=1e-9)


def test_one_receiver_agrees_with_single_receiver_lp():
    """For N = 1, LP-Binary is LP-General-with-Payments with two actions (Section 7.1):
    both LPs agree on 60 random instances in all four payment models, both ways round."""
    rng = np.random.default_rng(7)
    for _ in range(40):
        n_states = int(rng.integers(1, 4))
        weights = rng.integers(1, 4, n_states)
        prior = [F(int(w), int(weights.sum())) for w in weights]
        single = ps.Instance(
            prior, rng.integers(0, 4, (n_states, 2)), rng.integers(0, 4, (n_states, 2))
        )
        multi = MultiInstance.from_instance(single)
        back = multi.to_instance()
        assert np.array_equal(back.sender, single.sender)
        assert np.array_equal(back.receiver, single.receiver)
        for model in MODELS:
            one, many = ps.solve(single, model), ps.solve(multi, model)
            assert many.value == pytest.approx(one.value, abs=1e-7)
            # Q(a) of LP-Binary is P(a) of LP-General-with-Payments
            ev = ps.evaluate(single, many.scheme, np.array([many.Q0[0], many.Q1[0]]))
            assert ev.persuasive
            assert ev.sender == pytest.approx(one.value, abs=1e-7)


def test_zero_sum_example_exact_values():
    """Section 4.2 (the N = 1 case): no payments 1/2, non-negative 1/2, budget-balanced 1,
    arbitrary 3/2, certified exactly."""
    instance = zero_sum_example()
    expected = {"none": F(1, 2), "nonnegative": F(1, 2), "budget_balanced": 1, "arbitrary": F(3, 2)}
    for model, value in expected.items():
        sol = ps.solve(instance, model)
        assert exact_optimum(sol) == sp.Rational(value)
    scheme = [[1, 0], [F(1, 2), F(1, 2)]]
    ev = evaluate_multi(instance, scheme, "budget_balanced", exact=True)
    assert ev.sender == 1 and ev.persuasive
    assert ev.Q1[0] + ev.Q0[0] == 0


def test_printed_sign_is_unbounded():
    """The note on the printed objective: adding the payments makes LP-Binary unbounded
    once payments may be positive; with none or budget balance the sign is immaterial."""
    instance = zero_sum_example()
    for model in ("nonnegative", "arbitrary"):
        with pytest.raises(ps.SolverError) as info:
            lp_binary(instance, model, printed_sign=True)
        assert info.value.status == "unbounded"
    for model in ("none", "budget_balanced"):
        assert lp_binary(instance, model, printed_sign=True).value == pytest.approx(
            ps.solve(instance, model).value
        )


def test_marginal_utilities_and_obedience_gain():
    """Section 2: g_i(S) = u_i(S) − u_i(S \\ {i}), zero for i ∉ S; V sums the gains of
    following (i ∈ S) minus those of deviating (i ∉ S)."""
    rng = np.random.default_rng(3)
    for _ in range(20):
        instance = random_multi(rng)
        g = marginal_utilities(instance)
        v = obedience_gain(instance)
        u = instance.receivers
        n = instance.n_receivers
        for t in range(instance.n_states):
            for s in range(instance.n_subsets):
                total = 0.0
                for i in range(n):
                    bit = 1 << i
                    if s & bit:
                        assert g[t, i, s] == u[t, i, s] - u[t, i, s ^ bit]
                        total += u[t, i, s] - u[t, i, s ^ bit]
                    else:
                        assert g[t, i, s] == 0
                        total -= u[t, i, s | bit] - u[t, i, s]
                assert v[t, s] == pytest.approx(total)
        w = weighted_virtual_payoff(instance, 1, 1)
        assert np.allclose(w, instance.sender + v)
        exact = weighted_virtual_payoff(instance, 1, 1, exact=True)
        assert np.allclose(exact.astype(float), w)


def test_monotonicity_and_positive_externalities_checks():
    """Definition 6 and monotone f, on hand-made two-receiver instances."""
    prior = [1]
    # f(S) = |S|; u_i(S) = [i ∈ S] (−1 + 2 [other ∈ S]): positive externalities
    sender = [[0, 1, 1, 2]]
    receivers = [[[0, -1, 0, 1], [0, 0, -1, 1]]]
    good = MultiInstance(prior, sender, receivers)
    assert is_monotone(good) and has_positive_externalities(good)
    # the other receiver taking action 1 hurts: negative externality
    bad = MultiInstance(prior, [[0, 1, 1, 0]], [[[0, 1, 0, -1], [0, 0, 1, -1]]])
    assert not is_monotone(bad) and not has_positive_externalities(bad)


def test_private_beats_public_signals_remark():
    """Remark (chapter "Many receivers"): μ0 = 0.3, thresholds (0.5, 0.6), no externalities, sender
    counts actions: private signals 11/10, public 1 (concave envelope)."""
    mu0, thresholds = F(3, 10), (F(1, 2), F(3, 5))
    n = 2
    sender = [[bin(s).count("1") for s in range(4)]] * 2
    receivers = [
        [[(omega - t) * (s >> i & 1) for s in range(1 << n)] for i, t in enumerate(thresholds)]
        for omega in (0, 1)
    ]
    instance = MultiInstance([1 - mu0, mu0], sender, receivers)
    private = ps.solve(instance)
    assert exact_optimum(private) == sp.Rational(11, 10)
    assert solve_public(instance).value == pytest.approx(1.0, abs=1e-9)
    # the private optimum, exactly: recommend to i in the bad state w.p. μ0(1 − t)/((1 − μ0)t)
    q = [mu0 * (1 - t) / ((1 - mu0) * t) for t in thresholds]
    assert q == [F(3, 7), F(2, 7)]
    scheme = [[1 - q[0] - q[1], q[0], q[1], 0], [0, 0, 0, 1]]
    ev = evaluate_multi(instance, scheme, exact=True)
    assert ev.sender == sp.Rational(11, 10) and ev.persuasive


def test_public_never_beats_private():
    """A public scheme is a private scheme: without externalities the public optimum is
    never larger (40 random instances, u_i^θ(S) = [i∈S] r_i^θ)."""
    rng = np.random.default_rng(11)
    for _ in range(40):
        n_states, n = int(rng.integers(1, 4)), int(rng.integers(1, 4))
        gains = rng.integers(-3, 4, (n_states, n))
        masks = np.arange(1 << n)
        receivers = gains[:, :, None] * ((masks[None, None, :] >> np.arange(n)[None, :, None]) & 1)
        instance = MultiInstance(
            np.full(n_states, 1 / n_states), rng.integers(0, 4, (n_states, 1 << n)), receivers
        )
        assert solve_public(instance).value <= ps.solve(instance).value + 1e-8


def test_lagrangian_bound_is_an_upper_bound():
    """Weak duality for every payment model at random dual-feasible multipliers."""
    rng = np.random.default_rng(5)
    for instance, s in solved_cases()[:50]:
        n = instance.n_receivers
        alpha, beta = rng.random(n) * 3, rng.random(n) * 3
        assert lagrangian_bound(instance, alpha, beta) >= s["none"].value - 1e-8
        assert lagrangian_bound(instance, alpha / 3, beta / 3, "nonnegative") >= (
            s["nonnegative"].value - 1e-8
        )
        gamma = float(rng.random() * 3)
        assert lagrangian_bound(instance, gamma, gamma, "budget_balanced") >= (
            s["budget_balanced"].value - 1e-8
        )
        assert lagrangian_bound(instance, 1, 1, "arbitrary") == pytest.approx(
            s["arbitrary"].value, abs=1e-7
        )


def test_dense_limit_points_to_oracle_form():
    """Dense instances stop at N = DENSE_LIMIT with a pointer to the oracle form."""
    n = DENSE_LIMIT + 1
    with pytest.raises(ValueError, match="PairwiseInstance"):
        MultiInstance([1], np.zeros((1, 1 << n)), np.zeros((1, 1, 1)))


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: MultiInstance([0.5, 0.6], [[0, 1], [0, 1]], [[[0, 1]], [[0, 1]]]), "prior"),
        (lambda: MultiInstance([1], [[0, 1, 2]], [[[0, 1, 2]]]), "2\\^N"),
        (lambda: MultiInstance([1], [[0]], [[[0]]]), "2\\^N"),
        (lambda: MultiInstance([1], [[0, 1], [0, 1]], [[[0, 1]]]), "one row per state"),
        (lambda: MultiInstance([1], [[0, 1]], [[[0, 1, 2]]]), "receivers"),
        (lambda: MultiInstance([1], [[0, np.nan]], [[[0, 1]]]), "sender"),
        (lambda: MultiInstance([1], [[0, 1]], [[0, 1]]), "receivers"),
        (lambda: MultiInstance.from_instance(ps.Instance([1], [[0, 1, 2]], [[0, 1, 2]])), "two"),
        (lambda: MultiInstance([1], [[0, 1, 2, 3]], np.zeros((1, 2, 4))).to_instance(), "one"),
        (lambda: ps.solve(MultiInstance([1], [[0, 1]], [[[0, 1]]]), "free"), "payments"),
        (
            lambda: lp_binary(MultiInstance([1], [[0, 1]], [[[0, 1]]]), "arbitrary",
                              action0_constraints=False),
            "action0_constraints",
        ),
        (lambda: lp_binary("nope"), "MultiInstance"),
        (lambda: solve_public([1, 2]), "MultiInstance"),
        (lambda: solve_public(MultiInstance([1], [[0, 1, 1, 2]], [[[0, 0, 0, 1]] * 2])), "no ext"),
        (lambda: marginal_utilities(ps.Instance([1], [[0, 1]], [[0, 1]])), "MultiInstance"),
        (lambda: exact_optimum("nope"), "MultiSolution"),
        (lambda: lagrangian_bound("nope", 1.0), "MultiInstance"),
    ],
)
def test_malformed_input_raises_value_error(call, message):
    """Malformed instances and arguments raise ValueError naming the argument."""
    with pytest.raises(ValueError, match=message):
        call()


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        (([[1, 0]],), {}, "scheme"),
        (([[0.5, 0.6], [1, 0]],), {}, "scheme"),
        (([[1, 0], [1, 0]], "cheap"), {}, "payments"),
        (([[1, 0], [1, 0]], ([0.0], [0.0, 1.0])), {}, "Q0"),
        (([[1, 0], [1, 0]], 3.0), {}, "pair"),
        (([[F(1, 3), F(1, 3)], [1, 0]],), {"exact": True}, "exactly one"),
        (([[-1, 2], [1, 0]],), {"exact": True}, "non-negative"),
    ],
)
def test_evaluate_multi_malformed(args, kwargs, message):
    """evaluate_multi checks the scheme and the payments."""
    with pytest.raises(ValueError, match=message):
        evaluate_multi(zero_sum_example(), *args, **kwargs)


def test_weights_and_bounds_malformed():
    """weighted_virtual_payoff and lagrangian_bound check their multipliers."""
    instance = zero_sum_example()
    with pytest.raises(ValueError, match="alpha"):
        weighted_virtual_payoff(instance, [1.0, 2.0])
    with pytest.raises(ValueError, match="non-negative"):
        lagrangian_bound(instance, -1.0)
    with pytest.raises(ValueError, match="at most 1"):
        lagrangian_bound(instance, 2.0, 2.0, "nonnegative")
    with pytest.raises(ValueError, match="γ"):
        lagrangian_bound(instance, 1.0, 2.0, "budget_balanced")
    with pytest.raises(ValueError, match="Prop. 8"):
        lagrangian_bound(instance, 0.5, 0.5, "arbitrary")
    float_instance = MultiInstance([1 / 3, 2 / 3], [[0, 1], [0, 1]], [[[0, 1]], [[0, 1]]])
    with pytest.raises(ValueError, match="rational"):
        weighted_virtual_payoff(float_instance, 1, exact=True)
