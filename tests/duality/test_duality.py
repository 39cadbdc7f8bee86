"""Tests of persuasion.duality.lagrangian: the partial Lagrangian, Proposition 1, symmetry
(Prop. 2), weighted schemes and ex-post Pareto efficiency (chapter "The lens of duality")."""

from __future__ import annotations

import functools
import math
from fractions import Fraction as F

import numpy as np
import pytest
import sympy as sp

import persuasion as ps
from persuasion.duality.lagrangian import (
    check_proposition_1,
    dual_adjusted_payoffs,
    is_symmetric_scheme,
    lagrangian,
    lagrangian_bound,
    pareto_violations,
    symmetric_multipliers,
    symmetrize,
)
from persuasion.duality.weighted import weighted_scheme
from persuasion.payments import deviation_table
from persuasion.random_instances import random_instance, random_symmetric_instance

N_RANDOM = 200


def _random_general(k: int) -> ps.Instance:
    rng = np.random.default_rng(1000 + k)
    return random_instance(rng, int(rng.integers(1, 5)), int(rng.integers(2, 4)))


def _random_symmetric(k: int) -> ps.Instance:
    rng = np.random.default_rng(2000 + k)
    n = int(rng.integers(2, 4))
    m = 2 if n == 3 else int(rng.integers(2, 4))
    return random_symmetric_instance(rng, n, m, iid=bool(k % 2))


@functools.cache
def _lp(kind: str, k: int, model: str) -> ps.Solution:
    instance = _random_general(k) if kind == "general" else _random_symmetric(k)
    return ps.solve(instance, model)


def _zero_sum() -> ps.Instance:
    """Section 4.2's zero-sum instance."""
    return ps.Instance([F(1, 2), F(1, 2)], [[1, 1], [0, 2]], [[-1, -1], [0, -2]])


# ----------------------------------------------------------------------------- Observation 2
def test_dual_adjusted_payoffs_follow_definition_2():
    """Definition 2: r^λ_θ(i) = r_θ(i) Σ_{j≠i} λ(i,j) − Σ_{j≠i} λ(i,j) r_θ(j), exactly."""
    instance = ps.Instance([F(1, 2), F(1, 2)], [[0, 0, 0], [0, 0, 0]], [[1, 2, 3], [3, 0, 1]])
    lam = [[0, F(1, 2), 1], [2, 0, 0], [0, F(1, 3), 0]]
    adjusted = dual_adjusted_payoffs(instance, lam)
    r = instance.exact[2]
    for t in range(2):
        for i in range(3):
            expected = sum(F(lam[i][j]) * (r[t, i] - r[t, j]) for j in range(3) if j != i)
            assert adjusted[t, i] == expected
    assert adjusted[0, 0] == F(1, 2) * (1 - 2) + 1 * (1 - 3)


def test_lagrangian_is_objective_plus_weighted_slacks():
    """Observation 2: 𝓛_λ(φ, P) = objective + Σ λ(i, j)·slack(i, j), exactly, for any φ, P, λ."""
    rng = np.random.default_rng(7)
    for k in range(40):
        instance = _random_general(k)
        T, n = instance.n_states, instance.n_actions
        raw = rng.integers(0, 4, (T, n)) + np.eye(T, n, dtype=int)
        raw[raw.sum(axis=1) == 0, 0] = 1
        scheme = np.array([[F(int(x), int(row.sum())) for x in row] for row in raw], dtype=object)
        payments = [F(int(x), 4) for x in rng.integers(-4, 5, n)]
        lam = np.array([[F(int(x), 3) for x in row] for row in rng.integers(0, 4, (n, n))])
        prior, sender, receiver = instance.exact
        table = deviation_table(prior, scheme, receiver)
        objective = (scheme * prior[:, None] * sender).sum() - sum(payments)
        slacks = sum(
            lam[i, j] * (payments[i] + table[i, i] - table[i, j])
            for i in range(n) for j in range(n) if i != j
        )
        assert lagrangian(instance, scheme, payments, lam) == objective + slacks


def test_weak_duality_for_random_multipliers():
    """Equation (2): every dual-feasible λ ≥ 0 bounds the LP optimum from above."""
    rng = np.random.default_rng(8)
    for k in range(60):
        instance = _random_general(k)
        n = instance.n_actions
        lam = rng.random((n, n))
        np.fill_diagonal(lam, 0)
        feasible = {
            "none": lam,
            "nonnegative": lam / max(1.0, lam.sum(axis=1).max()),
            "arbitrary": lam / lam.sum(axis=1, keepdims=True),
        }
        for model, multipliers in feasible.items():
            bound = lagrangian_bound(instance, multipliers, model)
            assert bound >= _lp("general", k, model).value - 1e-7


def test_bound_is_infinite_when_payment_coefficients_forbid():
    """Section 6.1: with arbitrary payments the bound is finite only if Σ_j λ(i, j) = 1."""
    instance = _zero_sum()
    assert lagrangian_bound(instance, [[0, 2], [1, 0]], "arbitrary") == sp.oo
    assert lagrangian_bound(instance, [[0, 2], [1, 0]], "nonnegative") == sp.oo
    assert lagrangian_bound(instance, [[0, 2], [1, 0]], "budget_balanced") == sp.oo
    assert lagrangian_bound(instance, [[0, 2], [2, 0]], "budget_balanced") < sp.oo
    assert lagrangian_bound(instance, np.array([[0, 2.0], [1, 0]]), "arbitrary") == math.inf


def test_zero_sum_example_has_exact_dual_certificates():
    """Section 4.2: 1/2, 1/2, 1 and 3/2 are certified exactly by rational multipliers."""
    instance = _zero_sum()
    certificates = {
        "none": ([[0, 0], [1, 0]], sp.Rational(1, 2)),
        "nonnegative": ([[0, 0], [1, 0]], sp.Rational(1, 2)),
        "budget_balanced": ([[0, F(1, 2)], [F(1, 2), 0]], sp.Rational(1)),
        "arbitrary": ([[0, 1], [1, 0]], sp.Rational(3, 2)),
    }
    for model, (lam, value) in certificates.items():
        assert lagrangian_bound(instance, lam, model) == value
        assert abs(ps.solve(instance, model).value - float(value)) < 1e-9


# ----------------------------------------------------------------------------- Proposition 1
def test_proposition_1_on_random_lp_solutions():
    """Proposition 1: the LP's scheme maximizes s + r^λ state by state with the LP's
    multipliers, complementary slackness holds, and the bound is tight (200 instances,
    the four payment models in turn)."""
    for k in range(N_RANDOM):
        model = ps.PAYMENT_MODELS[k % 4]
        report = check_proposition_1(_lp("general", k, model))
        assert report.holds, (k, model, report)


def test_proposition_1_detects_a_wrong_multiplier():
    """Proposition 1's check is not vacuous: a non-optimal λ breaks it."""
    solution = ps.solve(_zero_sum(), "arbitrary")
    wrong = ps.Solution(
        value=solution.value, scheme=solution.scheme, payments=solution.payments,
        receiver_value=solution.receiver_value, multipliers=np.array([[0, 0.0], [0, 0]]),
        payment_model="arbitrary", instance=solution.instance,
    )
    assert not check_proposition_1(wrong).holds


# ----------------------------------------------------------------------------- Proposition 2
def test_symmetrized_lp_solutions_stay_optimal():
    """Proposition 2: averaging an optimal solution over permutations gives a symmetric,
    persuasive, optimal scheme and an optimal symmetric dual (Corollary 1's single λ)."""
    for k in range(120):
        model = ps.PAYMENT_MODELS[k % 4]
        solution = _lp("symmetric", k, model)
        instance = solution.instance
        sym = symmetrize(solution)
        assert is_symmetric_scheme(instance, sym.scheme)
        assert ps.evaluate(instance, sym.scheme, sym.payments).persuasive
        assert abs(sym.value - solution.value) < 1e-7
        lam = sym.multipliers[0, 1]
        assert np.allclose(sym.multipliers, symmetric_multipliers(instance.n_actions, lam))
        assert abs(lagrangian_bound(instance, sym.multipliers, model) - solution.value) < 1e-6


def test_symmetric_scheme_detection():
    """Definition 3: a scheme favouring action 0 in a symmetric instance is not symmetric."""
    instance = ps.Instance.from_types([F(1, 2), F(1, 2)], [0, 1], [1, 0], 2)
    assert not is_symmetric_scheme(instance, np.tile([1.0, 0.0], (4, 1)))
    assert is_symmetric_scheme(instance, np.full((4, 2), 0.5))


# ----------------------------------------------------------------------------- weighted schemes
def test_weighted_scheme_ties():
    """Definition 4 / Prop. 5: ties of s + w r broken uniformly, or towards receiver / sender."""
    instance = ps.Instance([1], [[1, 5, 0]], [[3, 0, 0]])            # 1 + 4/3·3 = 5 + 0
    uniform = weighted_scheme(instance, F(4, 3), exact=True)
    assert list(uniform[0]) == [F(1, 2), F(1, 2), 0]
    assert np.allclose(weighted_scheme(instance, 4 / 3), [[0.5, 0.5, 0]])   # float weight
    assert list(weighted_scheme(instance, F(4, 3), ties="receiver")[0]) == [1, 0, 0]
    assert list(weighted_scheme(instance, F(4, 3), ties="sender")[0]) == [0, 1, 0]
    assert list(weighted_scheme(instance, 0)[0]) == [0, 1, 0]


def test_weighted_scheme_rows_are_distributions_on_argmax():
    """Definition 4: every row sums to exactly one and is supported on argmax s + w r."""
    for k in range(30):
        instance = _random_general(k)
        w = F(k % 5, 2)
        phi = weighted_scheme(instance, w, exact=True)
        prior, sender, receiver = instance.exact
        for row, s_row, r_row in zip(phi, sender, receiver, strict=True):
            keys = [s + w * r for s, r in zip(s_row, r_row, strict=True)]
            assert sum(row) == 1
            assert all(p == 0 or key == max(keys) for p, key in zip(row, keys, strict=True))


# ----------------------------------------------------------------------------- Pareto efficiency
def test_pareto_violations():
    """Section 5: a recommendation dominated for both players is flagged; argmax s + w r
    with w > 0 never is."""
    instance = ps.Instance([F(1, 2), F(1, 2)], [[1, 1], [2, 0]], [[0, 1], [0, 0]])
    assert pareto_violations(instance, [[1, 0], [1, 0]]) == [(0, 0)]
    assert pareto_violations(instance, [[0, 1], [1, 0]]) == []
    for k in range(30):
        general = _random_general(k)
        assert pareto_violations(general, weighted_scheme(general, F(1, 3))) == []


# ----------------------------------------------------------------------------- malformed input
@pytest.mark.parametrize(
    ("multipliers", "message"),
    [
        ([[0, 1]], "multipliers"),
        ([[0, -1], [1, 0]], "multipliers"),
        ([[0, float("nan")], [1, 0]], "multipliers"),
        ("abc", "multipliers"),
    ],
)
def test_malformed_multipliers(multipliers, message):
    """Malformed multipliers raise ValueError naming the argument."""
    with pytest.raises(ValueError, match=message):
        dual_adjusted_payoffs(_zero_sum(), multipliers)
    with pytest.raises(ValueError, match=message):
        lagrangian_bound(_zero_sum(), multipliers)


def test_malformed_inputs_elsewhere():
    """Every public entry point of persuasion.duality.lagrangian rejects malformed input."""
    instance = _zero_sum()
    with pytest.raises(ValueError, match="payments"):
        lagrangian_bound(instance, [[0, 1], [1, 0]], "some")
    with pytest.raises(ValueError, match="instance"):
        lagrangian_bound("not an instance", [[0, 1], [1, 0]])
    with pytest.raises(ValueError, match="payments"):
        lagrangian(instance, [[1, 0], [1, 0]], [0, 0, 0], [[0, 1], [1, 0]])
    with pytest.raises(ValueError, match="scheme"):
        lagrangian(instance, [[1, 1], [1, 0]], [0, 0], [[0, 1], [1, 0]])
    for weight in (float("nan"), float("inf"), "heavy", True, None):
        with pytest.raises(ValueError, match="weight"):
            weighted_scheme(instance, weight)
    with pytest.raises(ValueError, match="ties"):
        weighted_scheme(instance, 1, ties="random")
    with pytest.raises(ValueError, match="symmetric"):
        symmetrize(ps.solve(instance))
    with pytest.raises(ValueError, match="solution"):
        symmetrize("not a solution")
    with pytest.raises(ValueError, match="solution"):
        check_proposition_1(None)
    with pytest.raises(ValueError, match="symmetric"):
        is_symmetric_scheme(instance, [[1, 0], [1, 0]])
    with pytest.raises(ValueError, match="scheme"):
        pareto_violations(instance, [[1, 0]])
    with pytest.raises(ValueError, match="value"):
        symmetric_multipliers(3, -1)
    with pytest.raises(ValueError, match="rng"):
        random_instance(None, 2, 2)
    with pytest.raises(ValueError, match="n_actions"):
        random_symmetric_instance(0, 1, 2)
    with pytest.raises(ValueError, match="max_payoff"):
        random_instance(0, 2, 2, max_payoff=0)
    with pytest.raises(ValueError, match="max_payoff"):
        random_symmetric_instance(0, 2, 2, max_payoff=(1, 2, 3))
