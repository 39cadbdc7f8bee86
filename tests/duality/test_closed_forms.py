"""Tests of persuasion.duality.closed_forms: Sections 4 and 6 (Propositions 4–6) of the duality
paper (chapter "Persuasion with payments")."""

from __future__ import annotations

import functools
from fractions import Fraction as F

import numpy as np
import pytest
import sympy as sp

import persuasion as ps
from persuasion.duality.closed_forms import (
    arbitrary_payment_optimum,
    closed_form_optimum,
    nonnegative_payment_optimum,
    recommendation_by_type,
    symmetric_lagrangian,
)
from persuasion.duality.lagrangian import lagrangian_bound, symmetric_multipliers
from persuasion.duality.weighted import weighted_scheme
from persuasion.payments import deviation_table, thresholds_from_table
from persuasion.random_instances import random_instance, random_symmetric_instance

N_RANDOM = 200
HALF = sp.Rational(1, 2)


def _fr(value: sp.Rational) -> F:
    return F(int(value.p), int(value.q))


# ----------------------------------------------------------------------------- Section 4.1
def _section_41() -> ps.Instance:
    """Two actions, each action's type (receiver payoff, sender payoff) uniform on {0,1}²;
    types in the order (0,0), (0,1), (1,0), (1,1)."""
    return ps.Instance.from_types([F(1, 4)] * 4, [0, 1, 0, 1], [0, 0, 1, 1], 2)


def _numbers_41(weight: int) -> dict[str, sp.Rational]:
    instance = _section_41()
    phi = weighted_scheme(instance, weight, exact=True)
    exact = ps.evaluate_exact(instance, phi, "optimal")
    prior, sender, receiver = instance.exact
    table = deviation_table(prior, phi, receiver)
    pr_a = sum(prior * phi[:, 0])
    return {
        "interim": recommendation_by_type(instance, phi),
        "following": sp.Rational(table[0, 0] / pr_a),           # E[r_A | A recommended]
        "deviating": sp.Rational(table[0, 1] / pr_a),           # E[r_B | A recommended]
        "payment": exact.payments[0] / sp.Rational(pr_a),        # p(A) = P(A) / Pr[A]
        "sender_following": sp.Rational((prior[:, None] * phi * sender).sum()),
        "total": exact.sender,
        "persuasive": exact.persuasive,
    }


def test_section_41_argmax_s_plus_r():
    """Section 4.1, scheme (1): 7/8, 1/2, 1/8; 11/16 and 5/16; payments −6/16; 17/16."""
    got = _numbers_41(1)
    assert got["interim"] == (sp.Rational(1, 8), HALF, HALF, sp.Rational(7, 8))
    assert got["following"] == sp.Rational(11, 16) and got["deviating"] == sp.Rational(5, 16)
    assert got["payment"] == sp.Rational(-6, 16)
    assert got["sender_following"] == sp.Rational(11, 16)
    assert got["total"] == sp.Rational(17, 16) and got["persuasive"]


def test_section_41_argmax_s_plus_2r():
    """Section 4.1, scheme (2): 7/8 and 5/8; 3/4 and 1/4; payments −1/2; sender 5/8; 9/8."""
    got = _numbers_41(2)
    assert got["interim"][3] == sp.Rational(7, 8)
    assert got["interim"][2] == sp.Rational(5, 8)          # receiver 1, sender 0
    assert got["following"] == sp.Rational(3, 4) and got["deviating"] == sp.Rational(1, 4)
    assert got["payment"] == -HALF
    assert got["sender_following"] == sp.Rational(5, 8)
    assert got["total"] == sp.Rational(9, 8) and got["persuasive"]


def test_section_41_typo():
    """Section 4.1 prints 1/8 for the sender-favoured type under s + 2r; it is 3/8 (the
    text's own sender payoff (7/8 + 3/8)/2 = 5/8 uses 3/8)."""
    interim = _numbers_41(2)["interim"]
    assert interim[1] == sp.Rational(3, 8) != sp.Rational(1, 8)
    assert (interim[3] + interim[1]) / 2 == sp.Rational(5, 8)


def test_section_41_nine_eighths_is_optimal():
    """Section 4.1 / Prop. 4: 9/8 is the optimum with arbitrary payments (LP, and exactly
    by the dual certificate λ(A, B) = λ(B, A) = 1); budget balance gives the no-payment 3/4."""
    instance = _section_41()
    assert abs(ps.solve(instance, "arbitrary").value - 9 / 8) < 1e-9
    assert lagrangian_bound(instance, [[0, 1], [1, 0]], "arbitrary") == sp.Rational(9, 8)
    assert arbitrary_payment_optimum(instance).exact_value == sp.Rational(9, 8)
    for model in ("none", "budget_balanced"):
        assert closed_form_optimum(instance, model).exact_value == sp.Rational(3, 4)
        assert abs(ps.solve(instance, model).value - 0.75) < 1e-9


# ----------------------------------------------------------------------------- Section 4.2
def _zero_sum() -> ps.Instance:
    return ps.Instance([F(1, 2), F(1, 2)], [[1, 1], [0, 2]], [[-1, -1], [0, -2]])


def test_section_42_values():
    """Section 4.2: 1/2 (no payments), 1/2 (non-negative), 3/2 (arbitrary), 1 (budget
    balance), by the LP and exactly (recommend 0 and charge 1 for 3/2)."""
    instance = _zero_sum()
    expected = {"none": HALF, "nonnegative": HALF, "arbitrary": sp.Rational(3, 2),
                "budget_balanced": sp.Rational(1)}
    for model, value in expected.items():
        assert abs(ps.solve(instance, model).value - float(value)) < 1e-9
    charge = ps.evaluate_exact(instance, [[1, 0], [1, 0]], [-1, 0])
    assert charge.persuasive and charge.sender == sp.Rational(3, 2)
    assert arbitrary_payment_optimum(instance).exact_value == sp.Rational(3, 2)


def test_section_42_budget_balanced_family():
    """Section 4.2: recommend 1 w.p. q in state 1 with optimal payments: sender 3/2 − q,
    total payment 2q − 1 (pay q, charge 1 − q), budget balanced at q = 1/2, value 1."""
    q = sp.Symbol("q", positive=True)
    prior = np.array([HALF, HALF], dtype=object)
    scheme = np.array([[1, 0], [1 - q, q]], dtype=object)
    instance = _zero_sum()
    sender = np.array(instance.sender, dtype=int).astype(object)
    receiver = np.array(instance.receiver, dtype=int).astype(object)
    payments = thresholds_from_table(deviation_table(prior, scheme, receiver))
    assert sp.simplify(payments[1] - q) == 0                # pay 2 on recommendation 1
    assert sp.simplify(payments[0] + (1 - q)) == 0          # charge (1 − q)
    value = sp.simplify((prior[:, None] * scheme * sender).sum() - payments.sum())
    assert sp.simplify(value - (sp.Rational(3, 2) - q)) == 0
    q_bb = sp.solve(sp.Eq(payments.sum(), 0), q)
    assert q_bb == [HALF] and value.subs(q, HALF) == 1
    exact = ps.evaluate_exact(instance, [[1, 0], [HALF, HALF]], "optimal")
    assert sum(exact.payments) == 0 and exact.sender == 1 and exact.persuasive


# ----------------------------------------------------------------------------- Propositions 4-6
@functools.cache
def _symmetric(k: int) -> ps.Instance:
    """Random symmetric instance number ``k``; every other one has sender payoffs in 0..6
    and receiver payoffs in 0..1, where Proposition 6's regime (2) is frequent."""
    rng = np.random.default_rng(5000 + k)
    n = int(rng.integers(2, 5))
    m = 2 if n == 4 else int(rng.integers(2, 4))
    bounds = (6, 1) if k % 2 else 3
    return random_symmetric_instance(rng, n, m, iid=k % 3 != 0, max_payoff=bounds)


def test_proposition_4_two_actions_any_prior():
    """Prop. 4: for n = 2 and any prior, argmax s + 2r with optimal payments equals the LP with
    arbitrary payments; exactly certified by λ(0, 1) = λ(1, 0) = 1 (200 instances)."""
    rng = np.random.default_rng(6)
    for _ in range(N_RANDOM):
        instance = random_instance(rng, int(rng.integers(1, 6)), 2)
        solution = arbitrary_payment_optimum(instance)
        assert abs(solution.value - ps.solve(instance, "arbitrary").value) < 1e-7
        assert lagrangian_bound(instance, [[0, 1], [1, 0]], "arbitrary") == solution.exact_value
        assert solution.weight == 2


def test_proposition_5_symmetric_arbitrary():
    """Prop. 5: on symmetric priors, argmax s + n/(n−1) r with optimal payments equals the
    LP with arbitrary payments; certified exactly by λ = 1/(n−1) (200 instances)."""
    for k in range(N_RANDOM):
        instance = _symmetric(k)
        n = instance.n_actions
        solution = arbitrary_payment_optimum(instance)
        assert abs(solution.value - ps.solve(instance, "arbitrary").value) < 1e-7
        lam = symmetric_multipliers(n, F(1, n - 1))
        assert lagrangian_bound(instance, lam, "arbitrary") == solution.exact_value
        assert solution.weight == sp.Rational(n, n - 1)


def test_proposition_6_dichotomy():
    """Prop. 6: with non-negative payments the optimum is the better of the no-payment optimum
    and the n/(n−1) scheme with optimal non-negative payments — LP and exact, 200 instances;
    regime 2 exactly when λ* > 1/(n−1)."""
    regimes = []
    for k in range(N_RANDOM):
        instance = _symmetric(k)
        n = instance.n_actions
        solution = nonnegative_payment_optimum(instance)
        assert abs(solution.value - ps.solve(instance, "nonnegative").value) < 1e-7
        none = closed_form_optimum(instance, "none")
        scheme = weighted_scheme(instance, F(n, n - 1), exact=True)
        paid = ps.evaluate_exact(instance, scheme, "optimal_nonnegative")
        assert solution.exact_value == max(none.exact_value, paid.sender)
        lam = symmetric_multipliers(n, _fr(solution.multiplier))
        assert lagrangian_bound(instance, lam, "nonnegative") == solution.exact_value
        regime = 1 if none.multiplier <= sp.Rational(1, n - 1) else 2
        assert solution.regime.startswith(f"Proposition 6 ({regime})")
        if regime == 2:
            assert paid.sender > none.exact_value and min(paid.payments) > 0
        regimes.append(regime)
    assert regimes.count(2) >= 15 and regimes.count(1) >= 15


def test_budget_balanced_equals_no_payments_on_symmetric_instances():
    """Prop. 2 + Corollary 1: on symmetric priors the coefficients (n−1)λ − 1 of P(i) are
    equal, so budget balance adds nothing to the no-payment optimum (LP, 200 instances)."""
    for k in range(N_RANDOM):
        instance = _symmetric(k)
        solution = closed_form_optimum(instance, "budget_balanced")
        assert abs(solution.value - ps.solve(instance, "budget_balanced").value) < 1e-7
        assert solution.payment_model == "budget_balanced"


# ----------------------------------------------------------------------------- SymPy derivations
@pytest.mark.parametrize("n", [2, 3, 4, 5, 6])
def test_lagrangian_coefficients(n):
    """Section 6.3: the coefficient of P(i) is (n−1)λ − 1, forcing λ = 1/(n−1) with arbitrary
    payments; the coefficient of φ_i is s_i + nλ r_i − λ Σ_j r_j, hence weight n/(n−1)
    (2 for n = 2, Section 6.2)."""
    lag = symmetric_lagrangian(n)
    lam = lag.lam
    for i in range(n):
        assert sp.expand(lag.expression.coeff(lag.P[i]) - ((n - 1) * lam - 1)) == 0
        coefficient = lag.expression.coeff(lag.phi[i])
        assert sp.expand(coefficient - (lag.s[i] + n * lam * lag.r[i] - lam * sum(lag.r))) == 0
    (root,) = sp.solve(lag.expression.coeff(lag.P[0]), lam)
    assert root == sp.Rational(1, n - 1) and n * root == sp.Rational(n, n - 1)
    if n == 2:
        assert n * root == 2


# ----------------------------------------------------------------------------- malformed input
def test_malformed_input():
    """Closed forms refuse instances outside their propositions with ValueError."""
    three = ps.Instance([F(1, 2), F(1, 2)], [[1, 0, 0], [0, 1, 0]], [[0, 1, 0], [1, 0, 0]])
    with pytest.raises(ValueError, match="symmetric"):
        arbitrary_payment_optimum(three)
    with pytest.raises(ValueError, match="symmetric"):
        nonnegative_payment_optimum(three)
    with pytest.raises(ValueError, match="symmetric"):
        closed_form_optimum(three, "none")
    with pytest.raises(ValueError, match="payments"):
        closed_form_optimum(_section_41(), "some")
    with pytest.raises(ValueError, match="instance"):
        arbitrary_payment_optimum("instance")
    with pytest.raises(ValueError, match="action-types"):
        recommendation_by_type(three, [[1, 0, 0], [1, 0, 0]])
    with pytest.raises(ValueError, match="action"):
        recommendation_by_type(_section_41(), np.full((16, 2), F(1, 2)), action=2)
    with pytest.raises(ValueError, match="scheme"):
        recommendation_by_type(_section_41(), [[1, 0]])
    with pytest.raises(ValueError, match="n_actions"):
        symmetric_lagrangian(1)
