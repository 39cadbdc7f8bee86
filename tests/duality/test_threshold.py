"""Tests of persuasion.duality.threshold: the exact no-payment optimum of a symmetric instance
through λ* (Section 5; chapter "The lens of duality")."""

from __future__ import annotations

import functools
from fractions import Fraction as F

import numpy as np
import pytest
import sympy as sp

import persuasion as ps
from persuasion.duality.lagrangian import (
    is_symmetric_scheme,
    lagrangian_bound,
    pareto_violations,
    symmetric_multipliers,
    symmetrize,
)
from persuasion.duality.threshold import (
    breakpoints,
    lambda_path,
    threshold_optimum,
    welfare_maximizer,
)
from persuasion.random_instances import random_symmetric_instance

N_RANDOM = 200


def _instance(k: int, iid: bool) -> ps.Instance:
    """Random symmetric instance number ``k``; for even ``k`` one with λ* > 0 (drawn again
    until found), so that both branches of threshold_optimum are well covered."""
    rng = np.random.default_rng((3000 if iid else 4000) + k)
    n = int(rng.integers(2, 5))
    m = 2 if n == 4 else int(rng.integers(2, 4))
    for _ in range(100):
        instance = random_symmetric_instance(rng, n, m, iid=iid)
        if k % 2 or threshold_optimum(instance).multiplier > 0:
            break
    return instance


@functools.cache
def _case(k: int, iid: bool) -> tuple[ps.Instance, ps.ExactSolution, ps.Solution]:
    instance = _instance(k, iid)
    return instance, threshold_optimum(instance), ps.solve(instance, "none")


def _fr(value: sp.Rational) -> F:
    return F(int(value.p), int(value.q))


@pytest.mark.parametrize("iid", [True, False], ids=["iid", "symmetric-correlated"])
def test_threshold_optimum_matches_the_lp(iid):
    """Section 5 (Prop. 3 corrected): the λ* optimum equals the LP optimum on 200 random
    symmetric instances with small integer payoffs (ties), i.i.d. and correlated priors."""
    for k in range(N_RANDOM):
        _, solution, lp = _case(k, iid)
        assert abs(solution.value - lp.value) < 1e-7, k


@pytest.mark.parametrize("iid", [True, False], ids=["iid", "symmetric-correlated"])
def test_threshold_optimum_is_certified_exactly(iid):
    """Equation (3) and Corollary 1: the exact value equals the dual bound at the symmetric
    λ*, the scheme is exactly persuasive, symmetric (Def. 3) and ex-post Pareto efficient."""
    for k in range(N_RANDOM):
        instance, solution, _ = _case(k, iid)
        n = instance.n_actions
        lam = symmetric_multipliers(n, _fr(solution.multiplier))
        assert lagrangian_bound(instance, lam, "none") == solution.exact_value
        exact = ps.evaluate_exact(instance, solution.exact_scheme)
        assert exact.persuasive and exact.sender == solution.exact_value
        assert solution.weight == n * solution.multiplier
        assert is_symmetric_scheme(instance, solution.scheme)
        assert pareto_violations(instance, solution.scheme) == []
        if solution.multiplier > 0:            # complementary slackness: persuasiveness binds
            assert all(t == 0 for t in exact.thresholds)
            assert 0 < solution.mixing <= 1


def test_lambda_star_is_the_smallest_optimal_symmetric_dual():
    """Prop. 2 + Section 5: the LP's multipliers averaged over permutations form an optimal
    symmetric dual λ ≥ λ*, with g(λ) = g(λ*) = the optimum (g convex, minimal at λ*)."""
    for k in range(N_RANDOM):
        instance, solution, lp = _case(k, True)
        lam_lp = symmetrize(lp).multipliers[0, 1]
        assert lam_lp >= float(solution.multiplier) - 1e-7
        path = lambda_path(instance)
        assert path.threshold == solution.multiplier
        assert path.dual_function(_fr(solution.multiplier)) == solution.exact_value
        assert abs(float(path.dual_function(lam_lp)) - lp.value) < 1e-6
        for lam in path.multipliers:
            assert path.dual_function(_fr(lam)) >= solution.exact_value


def test_lemmas_2_and_3_along_the_path():
    """Lemmas 2–3: along λ the receiver's payoff of φ^λ rises and the sender's falls;
    φ^λ is persuasive exactly when the receiver's payoff reaches C/n (Lemma 1)."""
    for k in range(60):
        instance, solution, _ = _case(k, bool(k % 2))
        path = lambda_path(instance)
        receiver = [x for pair in zip(path.receiver_at, path.receiver_after, strict=True)
                    for x in pair]
        sender = [x for pair in zip(path.sender_at, path.sender_after, strict=True) for x in pair]
        assert all(a <= b for a, b in zip(receiver, receiver[1:], strict=False))
        assert all(a >= b for a, b in zip(sender, sender[1:], strict=False))
        for lam, receiver_at in zip(path.multipliers, path.receiver_at, strict=True):
            phi = welfare_maximizer(instance, _fr(lam), exact=True)
            assert ps.evaluate_exact(instance, phi).persuasive == (receiver_at >= path.level)
        assert path.multipliers[0] == 0
        assert list(path.multipliers) == breakpoints(instance)


def test_literal_proposition_3_fails_with_ties():
    """The chapter's note ("The lens of duality"): φ^{λ*} with uniform tie-breaking (Prop. 3 read
    literally) is persuasive but not optimal on the chapter's first instance, and not even
    persuasive on its second; the corrected mixture is optimal on both."""
    thirds = [F(1, 3)] * 3
    slack = ps.Instance.from_types(thirds, [0, 0, 1], [1, 3, 0], 2)
    solution = threshold_optimum(slack)
    assert (solution.multiplier, solution.mixing) == (sp.Rational(1, 6), sp.Rational(1, 3))
    assert solution.exact_value == sp.Rational(13, 27)
    literal = ps.evaluate_exact(slack, welfare_maximizer(slack, F(1, 6), exact=True))
    assert literal.persuasive and literal.sender == sp.Rational(4, 9) < solution.exact_value
    assert abs(ps.solve(slack).value - 13 / 27) < 1e-9

    infeasible = ps.Instance.from_types(thirds, [0, 0, 1], [2, 3, 0], 2)
    solution = threshold_optimum(infeasible)
    assert (solution.multiplier, solution.mixing) == (sp.Rational(1, 6), sp.Rational(2, 3))
    assert solution.exact_value == sp.Rational(11, 27)
    literal = ps.evaluate_exact(infeasible, welfare_maximizer(infeasible, F(1, 6), exact=True))
    assert not literal.persuasive
    above = welfare_maximizer(infeasible, F(1, 6), ties="receiver", exact=True)
    assert ps.evaluate_exact(infeasible, above).sender == sp.Rational(1, 3)
    assert abs(ps.solve(infeasible).value - 11 / 27) < 1e-9


def test_literal_reading_fails_on_many_random_instances():
    """The lens of duality: with three types, uniform tie-breaking at λ* is suboptimal or not
    persuasive on a sizeable share of random instances; when persuasive it is never better."""
    rng = np.random.default_rng(11)
    failures = 0
    for _ in range(N_RANDOM):
        instance = random_symmetric_instance(rng, int(rng.integers(2, 4)), 3)
        solution = threshold_optimum(instance)
        literal = ps.evaluate_exact(
            instance, welfare_maximizer(instance, _fr(solution.multiplier), exact=True)
        )
        if not (literal.persuasive and literal.sender == solution.exact_value):
            failures += 1
        if literal.persuasive:
            assert literal.sender <= solution.exact_value
    assert failures >= 20


def test_float_inputs():
    """Instances given in floats (prior not summing exactly to one) are handled in the exact
    binary values of the floats and agree with the LP."""
    instance = ps.Instance.from_types([0.1, 0.2, 0.7], [0.3, 1.1, 0.0], [1.0, 0.0, 0.6], 3)
    solution = threshold_optimum(instance)
    assert abs(solution.value - ps.solve(instance).value) < 1e-9


def test_lambda_star_zero():
    """λ* = 0: the sender's favourite action is already persuasive with ties broken for the
    receiver (Section 4.1's instance: the no-payment optimum 3/4)."""
    instance = ps.Instance.from_types([F(1, 4)] * 4, [0, 1, 0, 1], [0, 0, 1, 1], 2)
    solution = threshold_optimum(instance)
    assert solution.multiplier == 0 and solution.exact_value == sp.Rational(3, 4)
    assert solution.mixing is None


def test_malformed_input():
    """threshold_optimum, breakpoints, lambda_path and welfare_maximizer reject non-symmetric
    instances and bad multipliers with ValueError."""
    general = ps.Instance([F(1, 2), F(1, 2)], [[1, 0], [0, 1]], [[0, 1], [1, 0]])
    for function in (threshold_optimum, breakpoints, lambda_path):
        with pytest.raises(ValueError, match="symmetric"):
            function(general)
    with pytest.raises(ValueError, match="instance"):
        threshold_optimum([[1, 0]])
    asymmetric = ps.Instance.from_types([F(1, 2), F(1, 2)], [[0, 1], [1, 1]], [0, 1], 2)
    with pytest.raises(ValueError, match="symmetric"):
        threshold_optimum(asymmetric)
    instance = ps.Instance.from_types([F(1, 2), F(1, 2)], [0, 1], [1, 0], 2)
    with pytest.raises(ValueError, match="lam"):
        welfare_maximizer(instance, -1)
    with pytest.raises(ValueError, match="lam"):
        welfare_maximizer(instance, "x")
    with pytest.raises(ValueError, match="lam"):
        lambda_path(instance).dual_function(-1)
