"""The persuasion LP (`persuasion.solve`) against an independent formulation.

Backs chapter 1, section "The model" (LP-General-with-Payments, Section 3.1 of
Dughmi et al.): the LP is rebuilt here from scratch with its own dense
constraint matrix and solved by `scipy.optimize.linprog`; the returned schemes
are re-verified by `evaluate`, not trusted from the solver.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from scipy.optimize import linprog

import persuasion as ps

MODELS = ps.PAYMENT_MODELS
N_RANDOM = 200


def independent_optimum(prior, sender, receiver, model: str,
                        participation: bool = False) -> float:
    """LP-General-with-Payments written out loop by loop (variables φ then P); with
    ``participation`` also the receiver's individual-rationality constraint written with
    its right-hand side: Σ μ φ r + Σ P ≥ max_j Σ μ r(j)."""
    T, n = sender.shape
    n_vars = T * n + n
    cost = np.zeros(n_vars)
    for theta, i in itertools.product(range(T), range(n)):
        cost[theta * n + i] = -prior[theta] * sender[theta, i]
    cost[T * n :] = 1.0  # minimize -(value) = -Σ μφs + ΣP
    a_ub, b_ub = [], []
    for i, j in itertools.permutations(range(n), 2):
        row = np.zeros(n_vars)
        for theta in range(T):
            row[theta * n + i] = -prior[theta] * (receiver[theta, i] - receiver[theta, j])
        row[T * n + i] = -1.0
        a_ub.append(row)
        b_ub.append(0.0)
    if participation:
        row = np.zeros(n_vars)
        for theta, i in itertools.product(range(T), range(n)):
            row[theta * n + i] = -prior[theta] * receiver[theta, i]
        row[T * n :] = -1.0
        a_ub.append(row)
        b_ub.append(-max(sum(prior[t] * receiver[t, j] for t in range(T)) for j in range(n)))
    a_eq, b_eq = [], []
    for theta in range(T):
        row = np.zeros(n_vars)
        row[theta * n : theta * n + n] = 1.0
        a_eq.append(row)
        b_eq.append(1.0)
    bounds = [(0, None)] * (T * n)
    if model == "none":
        bounds += [(0, 0)] * n
    elif model == "nonnegative":
        bounds += [(0, None)] * n
    else:
        bounds += [(None, None)] * n
    if model == "budget_balanced":
        row = np.zeros(n_vars)
        row[T * n :] = 1.0
        a_eq.append(row)
        b_eq.append(0.0)
    result = linprog(cost, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq, bounds=bounds,
                     method="highs-ds")
    assert result.status == 0, result.message
    return -result.fun


def random_instance(rng: np.random.Generator) -> ps.Instance:
    """Random T ∈ [1, 5], n ∈ [2, 4], payoffs in {0, ..., 3} (ties are frequent)."""
    T = int(rng.integers(1, 6))
    n = int(rng.integers(2, 5))
    prior = rng.integers(1, 6, size=T).astype(float)
    prior /= prior.sum()
    return ps.Instance(prior, rng.integers(0, 4, size=(T, n)), rng.integers(0, 4, size=(T, n)))


@pytest.mark.parametrize("model", MODELS)
def test_solve_matches_independent_lp_on_random_instances(model: str) -> None:
    """Chapter 1, "The model": `solve` equals an independently built LP on 200 random
    instances with small integer payoffs, and its scheme is feasible and persuasive
    with its payments according to `evaluate`; payments respect the model."""
    rng = np.random.default_rng(20261123 + MODELS.index(model))
    for _ in range(N_RANDOM):
        instance = random_instance(rng)
        solution = ps.solve(instance, payments=model)
        expected = independent_optimum(instance.prior, instance.sender, instance.receiver, model)
        assert solution.value == pytest.approx(expected, abs=1e-7)
        assert np.allclose(solution.scheme.sum(axis=1), 1.0) and (solution.scheme >= 0).all()
        check = ps.evaluate(instance, solution.scheme, solution.payments)
        assert check.persuasive
        assert check.sender == pytest.approx(solution.value, abs=1e-7)
        if model == "none":
            assert np.all(solution.payments == 0)
        elif model == "nonnegative":
            assert np.all(solution.payments >= 0)
        elif model == "budget_balanced":
            assert abs(solution.payments.sum()) < 1e-9
        assert solution.receiver_value == pytest.approx(check.receiver, abs=1e-7)


def test_payment_models_are_ordered() -> None:
    """Section 2: the feasible payment sets are nested, so the optima are ordered:
    none ≤ non-negative ≤ arbitrary and none ≤ budget-balanced ≤ arbitrary."""
    rng = np.random.default_rng(7)
    for _ in range(100):
        instance = random_instance(rng)
        v = {m: ps.solve(instance, payments=m).value for m in MODELS}
        assert v["none"] <= v["nonnegative"] + 1e-9 <= v["arbitrary"] + 2e-9
        assert v["none"] <= v["budget_balanced"] + 1e-9 <= v["arbitrary"] + 2e-9


def test_multipliers_satisfy_proposition_1_on_prosecutor() -> None:
    """Chapter 1 prosecutor and Proposition 1: the solver's multipliers are dual
    feasible for the no-payment LP (the scheme maximizes s + r^λ state by state)."""
    instance = ps.Instance([0.7, 0.3], [[0, 1], [0, 1]], [[1, 0], [0, 1]])
    solution = ps.solve(instance)
    lam = solution.multipliers
    assert np.all(np.diag(lam) == 0) and np.all(lam >= 0)
    adjusted = instance.sender + instance.receiver * lam.sum(axis=1) - instance.receiver @ lam.T
    best = adjusted.max(axis=1, keepdims=True)
    assert np.all(solution.scheme[adjusted < best - 1e-7] < 1e-9)


def test_state_with_zero_probability_is_allowed() -> None:
    """Chapter 1, "The model": the prior may put zero mass on a state."""
    instance = ps.Instance([0.0, 1.0], [[0, 1], [1, 0]], [[1, 0], [0, 1]])
    assert ps.solve(instance).value == pytest.approx(0.0, abs=1e-9)


def test_solve_rejects_unknown_payment_model_and_instance() -> None:
    """Errors (DESIGN.md): an unknown payment model or a non-instance is a ValueError."""
    instance = ps.Instance([0.5, 0.5], [[0, 1], [0, 1]], [[1, 0], [0, 1]])
    with pytest.raises(ValueError, match="payments"):
        ps.solve(instance, payments="sometimes")
    with pytest.raises(ValueError, match="instance"):
        ps.solve("not an instance")


def test_run_lp_reports_infeasibility_as_solver_error() -> None:
    """Errors (DESIGN.md): solver trouble raises the package's SolverError with a status."""
    import cvxpy as cp

    from persuasion.lp import run_lp

    x = cp.Variable()
    with pytest.raises(ps.SolverError, match="infeasible") as info:
        run_lp(cp.Problem(cp.Maximize(x), [x >= 1, x <= 0]), "toy LP")
    assert info.value.status == "infeasible"
    with pytest.raises(ps.SolverError) as info:
        run_lp(cp.Problem(cp.Maximize(x), [x >= 1]), "toy LP")
    assert info.value.status in {"unbounded", "infeasible"}


def test_large_lp_takes_interior_point_path_and_is_verified() -> None:
    """Chapter "Symmetric priors at scale" (full-LP comparison): an LP with at least
    INTERIOR_POINT_FROM scheme variables is solved by HiGHS's interior-point method with
    crossover; its scheme is still verified persuasive by `evaluate` and its value equals
    the reduced-form optimum, for two payment models."""
    from persuasion.lp import INTERIOR_POINT_FROM

    type_prior, xi, rho = [0.1, 0.2, 0.3, 0.4], [0, 1, 2, 0], [2, 0, 1, 3]
    instance = ps.Instance.from_types(type_prior, xi, rho, 6)
    assert instance.n_states * instance.n_actions >= INTERIOR_POINT_FROM
    for model in ("none", "arbitrary"):
        solution = ps.solve(instance, payments=model)
        check = ps.evaluate(instance, solution.scheme, solution.payments)
        assert check.persuasive and check.sender == pytest.approx(solution.value, abs=1e-7)
        reduced = ps.iid_optimum(type_prior, xi, rho, 6, payments=model)
        assert solution.value == pytest.approx(float(reduced.value), abs=1e-7)


@pytest.mark.parametrize("model", MODELS)
def test_participation_matches_independent_lp(model: str) -> None:
    """Chapter 'Persuasion with payments', participation: `solve(..., participation=True)`
    equals an independently written LP with the individual-rationality constraint on
    random instances with ties; the receiver's utility reaches her no-information utility,
    and without payments, or with non-negative ones, the constraint changes nothing
    (persuasiveness implies it)."""
    rng = np.random.default_rng(1301)
    for _ in range(60):
        inst = random_instance(rng)
        sol = ps.solve(inst, model, participation=True)
        expected = independent_optimum(inst.prior, inst.sender, inst.receiver, model,
                                       participation=True)
        assert sol.value == pytest.approx(expected, abs=1e-7)
        outside = float(np.max(inst.prior @ inst.receiver))
        assert sol.receiver_value >= outside - 1e-7
        assert ps.evaluate(inst, sol.scheme, sol.payments).persuasive
        plain = ps.solve(inst, model)
        assert sol.value <= plain.value + 1e-7
        if model in ("none", "nonnegative"):
            assert sol.value == pytest.approx(plain.value, abs=1e-7)


def test_participation_binds_with_arbitrary_payments_on_prosecutor() -> None:
    """Chapter 'Persuasion with payments', participation: on the prosecutor example,
    arbitrary payments let the sender charge the receiver (value 1.3 > 0.6 without
    payments); with participation the receiver keeps her no-information utility 0.7 and
    the flag is reported."""
    inst = ps.Instance([0.7, 0.3], [[0, 1], [0, 1]], [[1, 0], [0, 1]])
    free = ps.solve(inst, "arbitrary")
    bound = ps.solve(inst, "arbitrary", participation=True)
    assert free.receiver_value < 0.7 - 1e-6
    assert bound.receiver_value == pytest.approx(0.7, abs=1e-9)
    assert bound.participation and not free.participation
    assert bound.value == pytest.approx(
        independent_optimum(inst.prior, inst.sender, inst.receiver, "arbitrary",
                            participation=True))
    with pytest.raises(ValueError, match="participation"):
        ps.solve(inst, "arbitrary", participation="no")
