"""The reduced-form LP for i.i.d. action types (`persuasion.iid_optimum`) and its realization.

Backs the chapter "Symmetric priors at scale" (book/symmetric_scale.ipynb):
the reduced form and Border's theorem (Appendix C of Dughmi et
al.), Proposition 2 (a symmetric optimum exists for all four payment models),
the realization of a reduced form by a lottery over ordered partitions, its
Monte Carlo check, and the n = 50, m = 5 instance.  Property tests compare
with the full LP `persuasion.solve` on random instances with small integer
payoffs (ties) and random rational priors (zeros included).
"""

from __future__ import annotations

import itertools
from fractions import Fraction as F

import numpy as np
import pytest
import sympy as sp

import persuasion as ps
from persuasion.symmetric.border import border_bound, border_violations
from persuasion.symmetric.realization import priority_realization, realize
from persuasion.symmetric.reduced_form import IidSolution, iid_optimum

MODELS = ps.PAYMENT_MODELS
N_RANDOM = 200

# Section 4.1: types (sender, receiver) in {0,1}^2, uniform, two actions.
EX41 = ([F(1, 4)] * 4, [0, 0, 1, 1], [0, 1, 0, 1])


def random_iid(rng: np.random.Generator, n_range=(2, 4), m_range=(2, 3)):
    """A random i.i.d. instance: rational prior (zeros allowed), payoffs in 0..3."""
    n = int(rng.integers(n_range[0], n_range[1] + 1))
    m = int(rng.integers(m_range[0], m_range[1] + 1))
    counts = rng.integers(0, 4, m)
    if counts.sum() == 0:
        counts[rng.integers(m)] = 1
    prior = [F(int(c), int(counts.sum())) for c in counts]
    sender = [int(v) for v in rng.integers(0, 4, m)]
    receiver = [int(v) for v in rng.integers(0, 4, m)]
    return prior, sender, receiver, n


def check_realization_exact(solution: IidSolution, payments) -> None:
    """(i) rows sum to one, (ii) the reduced form is reproduced, (iii) persuasive with the value."""
    instance = solution.instance()
    scheme = solution.full_scheme(exact=True)
    n = solution.n_actions
    assert all(sum(row) == 1 for row in scheme)                                   # (i)
    prior = instance.exact[0]
    for t, q_t in enumerate(solution.reduced_form_exact):                         # (ii)
        for i in range(n):
            mass = sum(prior[s] * scheme[s, i] for s in range(instance.n_states)
                       if instance.types[s, i] == t)
            assert mass == q_t
    exact = ps.evaluate_exact(instance, scheme, payments)                         # (iii)
    assert exact.persuasive
    assert exact.sender == solution.value_exact
    floats = ps.evaluate(instance, np.array(scheme, dtype=float), np.array(payments, dtype=float))
    assert floats.persuasive
    assert abs(floats.sender - solution.value) < 1e-9


# ----------------------------------------------------------------------------- known answers
def test_example_41_exact_values():
    """Section 4.1 (and NOTES §1): arbitrary payments 9/8 (Prop. 4/5), no payments 3/4,
    budget-balanced = no payments, non-negative = 3/4 (Prop. 6: the no-payment branch)."""
    expected = {"none": sp.Rational(3, 4), "budget_balanced": sp.Rational(3, 4),
                "nonnegative": sp.Rational(3, 4), "arbitrary": sp.Rational(9, 8)}
    instance = ps.Instance.from_types(*EX41, 2)
    for model, value in expected.items():
        solution = iid_optimum(*EX41, 2, model)
        assert solution.value_exact == value
        assert abs(ps.solve(instance, model).value - float(value)) < 1e-9
    arbitrary = iid_optimum(*EX41, 2, "arbitrary")
    # the paper's scheme 2: expected payment -1/4 per action (-1/2 given the recommendation)
    assert arbitrary.payment_exact == sp.Rational(-1, 4)
    assert arbitrary.multiplier_exact == 1                      # λ = 1/(n-1), Proposition 5
    # recommendation probability given own type (receiver-preferred (s,r) = (0,1) at 5/8)
    interim = [q / sp.Rational(1, 4) for q in arbitrary.reduced_form_exact]
    assert interim == [sp.Rational(1, 8), sp.Rational(5, 8), sp.Rational(3, 8), sp.Rational(7, 8)]


def test_border_bound_exact():
    """Border's constraint 1 − (1 − p(S))^n, exact for fractions (NOTES §1)."""
    assert border_bound(F(1, 2), 3) == F(7, 8)
    assert border_bound(F(1), 50) == 1


# ----------------------------------------------------------------------------- against the LP
@pytest.mark.parametrize("model", MODELS)
def test_matches_full_lp_random(model):
    """Proposition 2 + reduced form: iid_optimum equals the full LP optimum for each payment
    model on 200 random i.i.d. instances with integer payoffs 0..3 (ties), n ≤ 4, m ≤ 3;
    the realized scheme is exact (i)–(iii) on every fifth instance."""
    rng = np.random.default_rng({"none": 11, "nonnegative": 12, "budget_balanced": 13,
                                 "arbitrary": 14}[model])
    for trial in range(N_RANDOM):
        prior, sender, receiver, n = random_iid(rng)
        solution = iid_optimum(prior, sender, receiver, n, model)
        full = ps.solve(ps.Instance.from_types(prior, sender, receiver, n), model)
        assert abs(solution.value - full.value) <= 1e-7, (prior, sender, receiver, n)
        assert float(solution.value_exact) == solution.value
        assert n * sum(solution.reduced_form_exact) == 1
        if model in ("none", "budget_balanced"):
            assert solution.payment_exact == 0
        if model == "nonnegative":
            assert solution.payment_exact >= 0
        if model == "arbitrary":
            assert solution.multiplier_exact == sp.Rational(1, n - 1)   # Proposition 5's λ
        if trial % 5 == 0:
            check_realization_exact(solution, [solution.payment_exact] * n)


def test_budget_balanced_equals_no_payments():
    """Symmetric payments with Σ P(i) = nP = 0 force P = 0: on i.i.d. priors the
    budget-balanced optimum is the no-payment optimum (full LP agrees)."""
    rng = np.random.default_rng(5)
    for _ in range(40):
        prior, sender, receiver, n = random_iid(rng)
        none = iid_optimum(prior, sender, receiver, n, "none")
        balanced = iid_optimum(prior, sender, receiver, n, "budget_balanced")
        assert balanced.value_exact == none.value_exact
        full = ps.solve(ps.Instance.from_types(prior, sender, receiver, n), "budget_balanced")
        assert abs(full.value - float(none.value_exact)) < 1e-7


def test_border_methods_and_float_path_agree():
    """The cutting-plane Border loop (prefix separation) and the float-only path give the
    optimum of the LP with all 2^m − 1 Border sets (m up to 5)."""
    rng = np.random.default_rng(6)
    for _ in range(25):
        prior, sender, receiver, n = random_iid(rng, (2, 6), (2, 5))
        for model in MODELS:
            full_sets = iid_optimum(prior, sender, receiver, n, model, border="all")
            cuts = iid_optimum(prior, sender, receiver, n, model, border="cutting_plane")
            floats = iid_optimum(prior, sender, receiver, n, model, exact=False)
            assert cuts.value_exact == full_sets.value_exact
            assert floats.value_exact is None
            assert abs(floats.value - full_sets.value) < 1e-7


def test_irrational_looking_floats_use_float_path():
    """Float priors that do not sum exactly (1/3 three times) fall back to floats, still
    matching the full LP."""
    prior = [1 / 3] * 3
    solution = iid_optimum(prior, [0, 1, 3], [2, 0, 1], 3, "nonnegative")
    assert solution.value_exact is None and not solution.realization.exact
    full = ps.solve(ps.Instance.from_types(prior, [0, 1, 3], [2, 0, 1], 3), "nonnegative")
    assert abs(solution.value - full.value) < 1e-7
    scheme = solution.full_scheme()
    assert np.allclose(scheme.sum(axis=1), 1)
    evaluation = ps.evaluate(solution.instance(), scheme, solution.payments)
    assert evaluation.persuasive and abs(evaluation.sender - solution.value) < 1e-7


# ---------------------------------------------------------------------- Border and realization
def test_prefix_separation_matches_brute_force():
    """Border's theorem, separation by sorting: a Border set is violated iff a prefix of the
    types sorted by q_t / p_t is (exact, 200 random reduced forms)."""
    rng = np.random.default_rng(7)
    for _ in range(N_RANDOM):
        m, n = int(rng.integers(2, 5)), int(rng.integers(2, 5))
        prior = [F(int(c) + 1, 1) for c in rng.integers(0, 4, m)]
        prior = [p / sum(prior) for p in prior]
        raw = [F(int(c)) for c in rng.integers(0, 6, m)]
        if sum(raw) == 0:
            raw[0] = F(1)
        y = [v / sum(raw) for v in raw]
        brute = max(
            sum(y[t] for t in s) - border_bound(sum(prior[t] for t in s), n)
            for r in range(1, m) for s in itertools.combinations(range(m), r)
        )
        found = border_violations(prior, y, n)
        assert bool(found) == (brute > 0)
        if found:
            assert found[0][1] == brute


def random_feasible_reduced_form(rng, prior, n):
    """A random mixture of priority orders (vertices of the Border polytope)."""
    m = len(prior)
    weights = [F(int(w) + 1) for w in rng.integers(0, 5, 3)]
    y = [F(0)] * m
    for w in weights:
        order = list(rng.permutation(m))
        below = F(0)
        for t in order:
            y[t] += w / sum(weights) * (border_bound(below + prior[t], n) - border_bound(below, n))
            below += prior[t]
    return [v / n for v in y]


def test_realization_reproduces_any_feasible_reduced_form():
    """The ordered-partition construction realizes every Border-feasible reduced form:
    exactly, with at most m components, and its closed-form reduced form agrees
    (200 random interior points, n ≤ 4, m ≤ 4)."""
    rng = np.random.default_rng(8)
    for _ in range(N_RANDOM):
        m, n = int(rng.integers(2, 5)), int(rng.integers(2, 5))
        counts = [int(c) + 1 for c in rng.integers(0, 3, m)]
        prior = [F(c, sum(counts)) for c in counts]
        q = random_feasible_reduced_form(rng, prior, n)
        realization = realize(prior, q, n)
        assert realization.exact and len(realization.weights) <= m
        assert sum(realization.weights) == 1 and min(realization.weights) > 0
        assert list(realization.reduced_form()) == q
        instance = ps.Instance.from_types(prior, [0] * m, [0] * m, n)
        scheme = realization.scheme_on(instance.types, exact=True)
        assert all(sum(row) == 1 for row in scheme)
        for t in range(m):
            mass = sum(instance.exact[0][s] * scheme[s, 0] for s in range(instance.n_states)
                       if instance.types[s, 0] == t)
            assert mass == q[t]
        # the scheme is symmetric: permuting a profile permutes its recommendation
        perm = rng.permutation(n)
        for s in rng.integers(0, instance.n_states, 5):
            profile = instance.types[s]
            assert list(realization.recommendation(profile[perm], exact=True)) == list(
                realization.recommendation(profile, exact=True)[perm])


def test_monte_carlo_matches_reduced_form():
    """Monte Carlo check of the realization: sampled profiles and recommendations give
    recommended-type frequencies within 4.5 standard errors of n q_t, and the sender's
    average payoff near the optimum (seeded)."""
    prior, sender, receiver = [F(1, 5), F(3, 10), F(1, 2)], [3, 1, 0], [0, 1, 2]
    n = 6
    solution = iid_optimum(prior, sender, receiver, n, "none")
    rng = np.random.default_rng(9)
    size = 40_000
    profiles = solution.realization.sample_profiles(size, rng)
    chosen = solution.realization.sample_recommendations(profiles, rng)
    types = profiles[np.arange(size), chosen]
    target = n * solution.reduced_form
    freq = np.bincount(types, minlength=3) / size
    se = np.sqrt(target * (1 - target) / size)
    assert np.all(np.abs(freq - target) <= 4.5 * se + 1e-12)
    payoff = np.asarray(sender, dtype=float)[types]
    assert abs(payoff.mean() - solution.value) <= 4.5 * payoff.std() / np.sqrt(size)
    single = [solution.sample_recommendation(profiles[k], rng) for k in range(50)]
    assert all(0 <= a < n for a in single)


def test_large_instance_exact_without_states():
    """n = 50, m = 5 (5^50 states): exact optimum for every model, Border-feasible exactly,
    the realization reproduces q exactly in closed form, and the arbitrary-payment optimum
    equals Proposition 5's ordered partition by ξ + n/(n−1)ρ."""
    prior = [F(1, 10), F(3, 20), F(1, 5), F(1, 4), F(3, 10)]
    sender, receiver = [3, 2, 2, 1, 0], [0, 1, 3, 2, 1]
    n = 50
    values = {}
    for model in MODELS:
        solution = iid_optimum(prior, sender, receiver, n, model)
        q = [F(int(v.p), int(v.q)) for v in solution.reduced_form_exact]
        assert not border_violations(prior, [n * v for v in q], n)
        assert list(solution.realization.reduced_form()) == q
        values[model] = solution.value_exact
    assert values["budget_balanced"] == values["none"]
    assert values["none"] <= values["nonnegative"] <= values["arbitrary"]
    assert values["arbitrary"] == proposition5_value(prior, sender, receiver, n)


def proposition5_value(prior, sender, receiver, n):
    """ξ·y + n/(n−1)(ρ·y − ρ·p) for y the reduced form of argmax ξ + n/(n−1)ρ."""
    weight = [s + F(n, n - 1) * r for s, r in zip(sender, receiver, strict=True)]
    y = [n * v for v in priority_realization(prior, weight, n).reduced_form()]
    rho_p = sum(r * p for r, p in zip(receiver, prior, strict=True))
    value = sum(s * v for s, v in zip(sender, y, strict=True)) + F(n, n - 1) * (
        sum(r * v for r, v in zip(receiver, y, strict=True)) - rho_p)
    return sp.Rational(value.numerator, value.denominator)


def test_arbitrary_payments_equal_proposition5_in_reduced_form():
    """Proposition 5 at scale: with arbitrary payments the exact reduced-form optimum equals
    the value of argmax ξ + n/(n−1)ρ with optimal payments (200 instances, n ≤ 12, m ≤ 5)."""
    rng = np.random.default_rng(10)
    for _ in range(N_RANDOM):
        prior, sender, receiver, n = random_iid(rng, (2, 12), (2, 5))
        solution = iid_optimum(prior, sender, receiver, n, "arbitrary")
        assert solution.value_exact == proposition5_value(prior, sender, receiver, n)


def test_priority_realization_is_weighted_scheme():
    """The ordered partition by ξ + wρ is the full-state scheme argmax s + w·r with uniform
    ties (Definition 4, `persuasion.weighted_scheme`), exactly, on random small instances."""
    rng = np.random.default_rng(12)
    for _ in range(40):
        prior, sender, receiver, n = random_iid(rng, (2, 4), (2, 4))
        w = F(int(rng.integers(0, 4)), int(rng.integers(1, 3)))
        instance = ps.Instance.from_types(prior, sender, receiver, n)
        weight = [s + w * r for s, r in zip(sender, receiver, strict=True)]
        mine = priority_realization(prior, weight, n).scheme_on(instance.types, exact=True)
        theirs = ps.weighted_scheme(instance, w, exact=True)
        assert np.array_equal(mine, theirs)


def test_priority_realization_rejects_malformed_input():
    """priority_realization validates its arguments (ValueError naming them)."""
    with pytest.raises(ValueError, match="priority"):
        priority_realization([0.5, 0.5], [1, 2, 3], 2)
    with pytest.raises(ValueError, match="priority"):
        priority_realization([0.5, 0.5], [1, float("nan")], 2)
    with pytest.raises(ValueError, match="type_prior"):
        priority_realization([0.5, 0.4], [1, 2], 2)
    with pytest.raises(ValueError, match="n_actions"):
        priority_realization([0.5, 0.5], [1, 2], 1)


def test_zero_probability_types():
    """Types of probability zero get q_t = 0 and the lowest priority; profiles made only
    of them still receive a distribution summing to one."""
    prior, sender, receiver = [F(1, 2), F(0), F(1, 2)], [1, 5, 0], [0, 5, 1]
    solution = iid_optimum(prior, sender, receiver, 3, "none")
    assert solution.reduced_form_exact[1] == 0
    assert sum(solution.recommendation([1, 1, 1], exact=True)) == 1
    assert solution.recommendation([1, 0, 2], exact=True)[0] == 0
    single = iid_optimum([1], [2], [3], 4, "arbitrary")        # one type: nothing to reveal
    assert single.value_exact == 2 and single.payment_exact == 0
    assert list(single.recommendation([0, 0, 0, 0])) == [0.25] * 4


# ----------------------------------------------------------------------------- malformed input
@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"n_actions": 1}, "n_actions"),
        ({"n_actions": 2.5}, "n_actions"),
        ({"n_actions": True}, "n_actions"),
        ({"type_prior": [0.5, 0.6]}, "type_prior"),
        ({"type_prior": [1.5, -0.5]}, "type_prior"),
        ({"type_prior": [[0.5, 0.5]]}, "type_prior"),
        ({"type_prior": [float("nan"), 1.0]}, "type_prior"),
        ({"sender_by_type": [1, 2, 3]}, "sender_by_type"),
        ({"sender_by_type": [[1, 2], [2, 1]]}, "sender_by_type"),
        ({"receiver_by_type": [0, float("inf")]}, "receiver_by_type"),
        ({"receiver_by_type": "ab"}, "receiver_by_type"),
        ({"payments": "sometimes"}, "payments"),
        ({"border": "greedy"}, "border"),
        ({"exact": "yes"}, "exact"),
    ],
)
def test_iid_optimum_rejects_malformed_input(kwargs, name):
    """Malformed input raises ValueError naming the argument (as Instance.from_types does)."""
    args = {"type_prior": [0.5, 0.5], "sender_by_type": [1, 0], "receiver_by_type": [0, 1],
            "n_actions": 2, "payments": "none"}
    args.update(kwargs)
    extra = {k: args.pop(k) for k in ("border", "exact") if k in args}
    with pytest.raises(ValueError, match=name):
        iid_optimum(args["type_prior"], args["sender_by_type"], args["receiver_by_type"],
                    args["n_actions"], args["payments"], **extra)


def test_iid_optimum_accepts_identical_rows():
    """Per-action tables of shape (n, m) with identical rows are i.i.d. and accepted."""
    a = iid_optimum([0.5, 0.5], [[1, 0]] * 3, [[0, 1]] * 3, 3)
    b = iid_optimum([0.5, 0.5], [1, 0], [0, 1], 3)
    assert a.value_exact == b.value_exact


@pytest.mark.parametrize(
    ("args", "name"),
    [
        (([0.5, 0.5], [0.5, 0.0], 2), "Border"),        # one type recommended too often
        (([0.5, 0.5], [0.3, 0.3], 2), "reduced_form"),  # n Σ q ≠ 1
        (([0.5, 0.5], [0.6, -0.1], 2), "reduced_form"),
        (([0.5, 0.5], [0.25, 0.25, 0.0], 2), "reduced_form"),
        (([1.0, 0.0], [0.25, 0.25], 2), "reduced_form"),
        (([0.5, 0.5], [0.25, 0.25], 1), "n_actions"),
        (([0.5, 0.7], [0.25, 0.25], 2), "type_prior"),
    ],
)
def test_realize_rejects_malformed_input(args, name):
    """realize refuses reduced forms that no scheme implements, naming the argument."""
    with pytest.raises(ValueError, match=name):
        realize(*args)


def test_realization_rejects_malformed_profiles():
    """Profiles must hold one integer type in 0..m−1 per action; rng must be seeded."""
    solution = iid_optimum(*EX41, 2, "arbitrary")
    for bad in ([0, 1, 2], [0, 4], [0.0, 1.0], [[[0, 1]]]):
        with pytest.raises(ValueError, match="profile"):
            solution.recommendation(bad)
    with pytest.raises(ValueError, match="rng"):
        solution.sample_recommendation([0, 1], None)
    with pytest.raises(ValueError, match="size"):
        solution.realization.sample_profiles(0, 1)
    with pytest.raises(ValueError, match="exact"):
        realize([1 / 3] * 3, [1 / 9] * 3, 3).recommendation([0, 1, 2], exact=True)
    big = iid_optimum([0.5, 0.5], [1, 0], [0, 1], 40)
    with pytest.raises(ValueError, match="states"):
        big.instance()


def test_float_reduced_form_is_checked_with_a_float_tolerance():
    """Symmetric priors at scale, realization (issue 13 item 2): with exact=False the float
    reduced form was checked with tolerance 0 whenever its decimal values summed to exactly
    1/n, failing Border's condition by about 1e-18 on 2 types with n ≥ 50.  Now every such
    instance solves, and its value agrees with the exact certificate."""
    rng = np.random.default_rng(1302)
    for _ in range(60):
        n = int(rng.integers(50, 120))
        p = round(float(rng.uniform(0.01, 0.99)), 2)
        prior = [p, round(1 - p, 2)]
        xi, rho = rng.integers(0, 5, 2).tolist(), rng.integers(0, 5, 2).tolist()
        for model in ("none", "arbitrary"):
            approx = iid_optimum(prior, xi, rho, n, model, exact=False)
            exact = iid_optimum(prior, xi, rho, n, model, exact=True)
            assert approx.value == pytest.approx(float(exact.value_exact), abs=1e-7)
            assert not approx.realization.exact


def test_realize_float_inputs_use_float_arithmetic_and_exact_flag():
    """realize: inputs holding floats run in floats with tolerance tol (even when their
    decimals sum exactly); exact=True reads them as decimals; exact='no' is refused."""
    floats = realize([0.5, 0.5], [0.25, 0.25], 2)
    assert not floats.exact
    assert realize([0.5, 0.5], [0.25, 0.25], 2, exact=True).exact
    assert realize([F(1, 2), F(1, 2)], [F(1, 4), F(1, 4)], 2).exact
    with pytest.raises(ValueError, match="exact"):
        realize([0.5, 0.5], [0.25, 0.25], 2, exact="no")
    with pytest.raises(ValueError, match="exact"):
        realize([1 / 3, 2 / 3], [0.2, 0.3], 2, exact=True)


@pytest.mark.parametrize("power", [-8, -4, 4, 8])
def test_iid_optimum_is_invariant_to_the_payoff_unit(power):
    """Symmetric priors at scale (issue 13 item 1): the reduced-form LP is rescaled like
    the full LP, so payoffs in unit 10^power give 10^power times the optimum, for floats
    (exact=False) as for the exact certificate."""
    rng = np.random.default_rng(1303 + power)
    scale = 10.0**power
    for _ in range(15):
        m, n = int(rng.integers(2, 5)), int(rng.integers(2, 8))
        counts = rng.integers(1, 6, m)
        prior = (counts / counts.sum()).tolist()
        xi, rho = rng.integers(0, 4, m), rng.integers(0, 4, m)
        for model in ("none", "nonnegative", "arbitrary"):
            base = iid_optimum(prior, xi.tolist(), rho.tolist(), n, model, exact=False)
            scaled = iid_optimum(prior, (xi * scale).tolist(), (rho * scale).tolist(), n, model,
                                 exact=False)
            assert scaled.value == pytest.approx(base.value * scale, rel=1e-6, abs=1e-9 * scale)
