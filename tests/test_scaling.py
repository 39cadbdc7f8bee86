"""The persuasion LP is invariant to the unit of the payoffs (issue 13, item 1).

Backs chapter 'Bayesian persuasion as a linear program', section on the model (the
optimum of LP-General-with-Payments scales with the sender's payoffs and does not
depend on the receiver's unit; with payments both players share a unit) and the
README's numeric contract.  Hypothesis draws small integer instances (ties are
frequent), multiplies the payoffs by factors from 1e-8 to 1e8 (independently for the
two players without payments, jointly with them, and on priors spanning 1e-6 to 1),
and checks `solve` against the LP of the same instance solved on the rescaled
(well-scaled) data, scaled back.  Derandomized, so the run is reproducible.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import persuasion as ps

SETTINGS = settings(
    max_examples=60,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

#: Relative agreement asked of two float LP optima of the same problem.
REL = 1e-6

exponents = st.floats(min_value=-8.0, max_value=8.0)


@st.composite
def integer_instances(draw, tiny_priors: bool = False):
    """(prior, sender, receiver) with T in 1..4 states, n in 2..3 actions, payoffs 0..3;
    with ``tiny_priors`` the prior weights span 1e-6 to 1."""
    T = draw(st.integers(1, 4))
    n = draw(st.integers(2, 3))
    weights = np.array(draw(st.lists(st.integers(1, 5), min_size=T, max_size=T)), float)
    if tiny_priors:
        powers = draw(st.lists(st.integers(-6, 0), min_size=T, max_size=T))
        weights = weights * 10.0 ** np.array(powers, float)
    prior = weights / weights.sum()
    cells = st.lists(st.integers(0, 3), min_size=T * n, max_size=T * n)
    sender = np.array(draw(cells), float).reshape(T, n)
    receiver = np.array(draw(cells), float).reshape(T, n)
    return prior, sender, receiver


def assert_close(actual: float, expected: float, scale: float) -> None:
    assert actual == pytest.approx(expected, rel=REL, abs=REL * scale)


def check_scheme(instance: ps.Instance, solution: ps.Solution) -> None:
    """The returned scheme is persuasive (relative tolerance) and worth the returned value."""
    report = ps.evaluate(instance, solution.scheme, solution.payments)
    assert report.persuasive
    scale = float(np.max(np.abs(instance.sender))) or 1.0
    assert_close(report.sender, solution.value, max(scale, np.abs(solution.payments).max()))


@SETTINGS
@given(data=integer_instances(), a=exponents, b=exponents)
def test_no_payment_optimum_scales_with_sender_and_ignores_receiver_unit(data, a, b) -> None:
    """Without payments, s -> 10^a s and r -> 10^b r multiply the optimum by 10^a."""
    prior, sender, receiver = data
    base = ps.solve(ps.Instance(prior, sender, receiver), "none")
    scaled_instance = ps.Instance(prior, sender * 10.0**a, receiver * 10.0**b)
    scaled = ps.solve(scaled_instance, "none")
    assert_close(scaled.value, base.value * 10.0**a, 10.0**a * 3)
    check_scheme(scaled_instance, scaled)
    mask = ~np.eye(sender.shape[1], dtype=bool)
    assert np.all(np.isfinite(scaled.multipliers)) and np.all(scaled.multipliers[mask] >= 0)


@SETTINGS
@given(
    data=integer_instances(),
    c=exponents,
    model=st.sampled_from(["nonnegative", "budget_balanced", "arbitrary"]),
    participation=st.booleans(),
)
def test_payment_optimum_scales_with_the_common_unit(data, c, model, participation) -> None:
    """With payments, s -> 10^c s and r -> 10^c r multiply the optimum and the payments
    by 10^c (payments move utility between the players, so they share a unit)."""
    prior, sender, receiver = data
    base = ps.solve(ps.Instance(prior, sender, receiver), model, participation=participation)
    factor = 10.0**c
    scaled_instance = ps.Instance(prior, sender * factor, receiver * factor)
    scaled = ps.solve(scaled_instance, model, participation=participation)
    assert_close(scaled.value, base.value * factor, factor * 3)
    check_scheme(scaled_instance, scaled)


@SETTINGS
@given(
    data=integer_instances(),
    a=st.floats(min_value=-4.0, max_value=4.0),
    c=exponents,
    model=st.sampled_from(ps.PAYMENT_MODELS),
)
def test_mixed_units_match_the_lp_on_rescaled_data(data, a, c, model) -> None:
    """Sender payoffs in unit 10^(a+c), receiver payoffs in unit 10^c: the optimum is
    10^c times that of the rescaled instance (sender 10^a s, receiver r)."""
    prior, sender, receiver = data
    rescaled = ps.solve(ps.Instance(prior, sender * 10.0**a, receiver), model)
    factor = 10.0**c
    instance = ps.Instance(prior, sender * 10.0**a * factor, receiver * factor)
    solution = ps.solve(instance, model)
    scale = factor * max(10.0**a, 1.0) * 3
    assert_close(solution.value, rescaled.value * factor, scale)
    check_scheme(instance, solution)


@SETTINGS
@given(data=integer_instances(tiny_priors=True), a=exponents, b=exponents)
def test_priors_spanning_six_orders_with_scaled_payoffs(data, a, b) -> None:
    """Priors from 1e-6 to 1 with payoffs scaled by 10^a (sender) and 10^b (receiver):
    the no-payment LP is always feasible (issue 13 reported a false 'infeasible') and
    its optimum is 10^a times that of the integer payoffs on the same prior."""
    prior, sender, receiver = data
    base = ps.solve(ps.Instance(prior, sender, receiver), "none")
    instance = ps.Instance(prior, sender * 10.0**a, receiver * 10.0**b)
    solution = ps.solve(instance, "none")
    assert_close(solution.value, base.value * 10.0**a, 10.0**a * 3)
    check_scheme(instance, solution)


def test_prosecutor_with_receiver_payoffs_scaled_by_1e_minus_9() -> None:
    """Issue 13's reported case: receiver payoffs times 1e-9 on the prosecutor gave the
    sender's first best (1) instead of 0.6; the rescaled LP gives 0.6 at every scale."""
    for power in range(-12, 13, 3):
        instance = ps.Instance([0.7, 0.3], [[0, 1], [0, 1]],
                               np.array([[1, 0], [0, 1]]) * 10.0**power)
        assert ps.solve(instance, "none").value == pytest.approx(0.6, rel=1e-9)


def test_dynamic_range_beyond_double_precision_is_refused() -> None:
    """A state whose prior times payoff differences underflows double precision while
    mattering to a persuasiveness constraint raises ValueError instead of answering."""
    instance = ps.Instance([1e-300, 1 - 1e-300], [[0, 1], [0, 1]], [[1e-20, 0], [0, 0]])
    with pytest.raises(ValueError, match="double precision"):
        ps.solve(instance, "none")
    lopsided = ps.Instance([0.5, 0.5], [[0, 1e-60], [0, 1e-60]], [[1e60, 0], [0, 1e60]])
    with pytest.raises(ValueError, match="double precision"):
        ps.solve(lopsided, "arbitrary")
    assert ps.solve(lopsided, "none").value == pytest.approx(1e-60, rel=1e-6, abs=0)
