"""The input contract at every public entry point (issue 13; README, "The input contract").

Backs the README's contract: malformed input raises a ``ValueError`` whose message names
the argument (or the package's own error), never another exception, NaN or infinity.
The table lists every public entry point of the README's map with a valid call and the
kind of each argument; each kind has its classes of bad input (NaN, infinities, complex
arrays and entries, booleans, numeric and other strings, ``None``, ragged lists, values
too large to compute with, wrong types, non-integer floats for integers, ``"no"`` for
flags).  Every (entry point, argument, bad input) triple is one test case.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np
import pytest

import persuasion as ps
from persuasion import bargaining, querying
from persuasion.concavification import concave_envelope, value_at_beliefs
from persuasion.games.normal_form import (
    NormalFormGame,
    nash_equilibria,
    stackelberg_equilibrium,
)
from persuasion.learning import bandits, stackelberg
from persuasion.random_instances import random_instance, random_symmetric_instance
from persuasion.receivers.column_generation import (
    PairwiseInstance,
    column_generation,
    random_pairwise_instance,
)
from persuasion.receivers.setfunctions import PairwiseSetFunction
from persuasion.signals import induced_outcome, value_against_types

# ----------------------------------------------------------------------- bad inputs by kind


def _first_replaced(good: Any, entry: Any) -> list:
    """``good`` as nested lists with its first scalar entry replaced by ``entry``."""
    out = np.asarray(good, dtype=object).tolist()
    cursor = out
    while isinstance(cursor[0], list):
        cursor = cursor[0]
    cursor[0] = entry
    return out


def bad_arrays(good: Any) -> dict[str, Callable[[], Any]]:
    """Classes of malformed arrays, built from a valid one."""
    cases = {
        "nan": lambda: _first_replaced(good, math.nan),
        "inf": lambda: _first_replaced(good, math.inf),
        "-inf": lambda: _first_replaced(good, -math.inf),
        "complex ndarray": lambda: np.asarray(good, dtype=float).astype(complex),
        "complex entry": lambda: _first_replaced(good, 1 + 1j),
        "boolean entry": lambda: _first_replaced(good, True),
        "boolean ndarray": lambda: np.ones(np.shape(good), dtype=bool),
        "numeric string entry": lambda: _first_replaced(good, "0.5"),
        "string": lambda: "abc",
        "None": lambda: None,
        "too large": lambda: _first_replaced(good, 1e300),
        "object": lambda: object(),
    }
    if np.ndim(good) >= 2:
        cases["ragged"] = lambda: [[1.0], [1.0, 2.0]]
    return cases


BAD_SCALARS: dict[str, Callable[[], Any]] = {
    "nan": lambda: math.nan,
    "inf": lambda: math.inf,
    "too large": lambda: 1e308,
    "complex": lambda: 1 + 0j,
    "numpy complex": lambda: np.complex128(0.5),
    "boolean": lambda: True,
    "numeric string": lambda: "0.5",
    "string": lambda: "x",
    "None": lambda: None,
    "list": lambda: [0.5, 0.5],
}

BAD_INTS: dict[str, Callable[[], Any]] = {
    "non-integer float": lambda: 2.5,
    "nan": lambda: math.nan,
    "boolean": lambda: True,
    "numeric string": lambda: "3",
    "None": lambda: None,
    "negative": lambda: -3,
    "complex": lambda: 3 + 0j,
}

BAD_FLAGS: dict[str, Callable[[], Any]] = {
    "string no": lambda: "no",
    "string yes": lambda: "yes",
    "int": lambda: 1,
    "None": lambda: None,
}

BAD_CHOICES: dict[str, Callable[[], Any]] = {
    "unknown name": lambda: "nope",
    "None": lambda: None,
    "int": lambda: 1,
    "boolean": lambda: True,
    "list": lambda: ["none"],
}

BAD_OBJECTS: dict[str, Callable[[], Any]] = {
    "string": lambda: "instance",
    "None": lambda: None,
    "int": lambda: 5,
    "array": lambda: np.zeros((2, 2)),
}


@dataclass
class Entry:
    """One public entry point: a valid call and the kind of each argument checked."""

    name: str
    call: Callable[..., Any]
    good: dict[str, Any]
    kinds: dict[str, Any]  # argument -> "array" | "scalar" | "int" | "flag" | "choice" | ...
    skip: dict[str, set[str]] = field(default_factory=dict)  # argument -> classes allowed


def cases_for(kind: Any, good: Any) -> dict[str, Callable[[], Any]]:
    if kind == "array":
        return bad_arrays(good)
    if kind == "scalar":
        return BAD_SCALARS
    if kind == "int":
        return BAD_INTS
    if kind == "flag":
        return BAD_FLAGS
    if kind == "choice":
        return BAD_CHOICES
    if kind == "object":
        return BAD_OBJECTS
    if isinstance(kind, dict):  # explicit cases
        return kind
    raise AssertionError(kind)


# --------------------------------------------------------------------------- fixtures
PRIOR = [0.7, 0.3]
SENDER = [[0.0, 1.0], [0.0, 1.0]]
RECEIVER = [[1.0, 0.0], [0.0, 1.0]]
INSTANCE = ps.Instance(PRIOR, SENDER, RECEIVER)
RATIONAL = ps.Instance([Fraction(7, 10), Fraction(3, 10)], [[0, 1], [0, 1]], [[1, 0], [0, 1]])
SYMMETRIC = random_symmetric_instance(3, 2, 2)
SCHEME = [[0.5, 0.5], [0.0, 1.0]]
MULTI = ps.MultiInstance(
    [0.5, 0.5],
    [[0, 1, 1, 2], [0, 1, 1, 3]],
    [[[0, -1, 0, 1], [0, 0, -1, 1]], [[0, 1, 0, 1], [0, 0, 1, 2]]],
)
MULTI_SCHEME = [[0.25, 0.25, 0.25, 0.25], [0.0, 0.0, 0.0, 1.0]]
PAIRWISE = dict(
    prior=[0.5, 0.5],
    sender_unary=[[1.0, 1.0], [1.0, 2.0]],
    sender_pairwise=[[[0.0, 1.0], [1.0, 0.0]]] * 2,
    receiver_unary=[[-1.0, 0.0], [-2.0, 1.0]],
    receiver_pairwise=[[[0.0, 1.0], [1.0, 0.0]]] * 2,
)
PAIRWISE_INSTANCE = PairwiseInstance(**PAIRWISE)
GAME = NormalFormGame([[3, 0], [5, 1]], [[3, 5], [0, 1]])
HUMAN = [[1.0, 0.0], [0.0, 1.0]]
AI = [[1.0, 0.0], [0.0, 1.0]]
BELIEFS = [0.7, 0.4, 0.2]
WEIGHTS = [0.3, 0.4, 0.3]
_D = bargaining.disagreement_point(RATIONAL)
DISAGREEMENT = [float(_D.sender), float(_D.receiver)]
QUERY_STRINGS = {name: {"numeric string entry", "numeric string"}
                 for name in ("beliefs", "weights", "thresholds", "threshold")}
LABELS = {"int": lambda: 5, "string": lambda: "ab", "too short": lambda: ["only one"]}

ENTRIES = [
    Entry("Instance", ps.Instance,
          dict(prior=PRIOR, sender=SENDER, receiver=RECEIVER),
          dict(prior="array", sender="array", receiver="array")),
    Entry("Instance labels", ps.Instance,
          dict(prior=PRIOR, sender=SENDER, receiver=RECEIVER),
          dict(state_labels=LABELS, action_labels=LABELS)),
    Entry("Instance.from_types", ps.Instance.from_types,
          dict(type_prior=[0.5, 0.5], sender_by_type=[1, 0], receiver_by_type=[0, 1],
               n_actions=2),
          dict(type_prior="array", sender_by_type="array", receiver_by_type="array",
               n_actions="int")),
    Entry("Instance.from_profiles", ps.Instance.from_profiles,
          dict(profile_prior=[[0.25, 0.25], [0.25, 0.25]], sender_by_type=[1, 0],
               receiver_by_type=[0, 1]),
          dict(profile_prior="array", sender_by_type="array", receiver_by_type="array")),
    Entry("Instance.is_symmetric", SYMMETRIC.is_symmetric, dict(tol=1e-9),
          dict(tol="scalar")),
    Entry("solve", ps.solve, dict(instance=INSTANCE, payments="none"),
          dict(payments="choice")),
    Entry("solve instance", lambda instance: ps.solve(instance), dict(instance=INSTANCE),
          dict(instance="object")),
    Entry("solve participation", ps.solve,
          dict(instance=INSTANCE, payments="arbitrary", participation=True),
          dict(participation="flag")),
    Entry("evaluate", ps.evaluate, dict(instance=INSTANCE, scheme=SCHEME, payments=[0.0, 0.1]),
          dict(instance="object", scheme="array", payments="array"), skip={"payments": {"None"}}),
    Entry("evaluate_exact", ps.evaluate_exact,
          dict(instance=RATIONAL, scheme=SCHEME, payments=[0, 1]),
          dict(instance="object", scheme="array", payments="array"),
          skip={"payments": {"None"}}),
    Entry("weighted_scheme", ps.weighted_scheme,
          dict(instance=INSTANCE, weight=2, ties="uniform", exact=False),
          dict(instance="object", weight="scalar", ties="choice", exact="flag")),
    Entry("threshold_optimum", ps.threshold_optimum, dict(instance=SYMMETRIC),
          dict(instance="object")),
    Entry("closed_form_optimum", ps.closed_form_optimum,
          dict(instance=SYMMETRIC, payments="none"), dict(instance="object", payments="choice")),
    Entry("lagrangian_bound", ps.lagrangian_bound,
          dict(instance=INSTANCE, multipliers=[[0, 1], [1, 0]], payments="none"),
          dict(instance="object", multipliers="array", payments="choice")),
    Entry("iid_optimum", ps.iid_optimum,
          dict(type_prior=[0.5, 0.5], sender_by_type=[1, 0], receiver_by_type=[0, 1],
               n_actions=3, payments="none", border="auto", exact=True),
          dict(type_prior="array", sender_by_type="array", receiver_by_type="array",
               n_actions="int", payments="choice", border="choice", exact="flag")),
    Entry("realize", ps.realize,
          dict(type_prior=[0.5, 0.5], reduced_form=[0.25, 0.25], n_actions=2, tol=1e-7),
          dict(type_prior="array", reduced_form="array", n_actions="int", tol="scalar")),
    Entry("MultiInstance", ps.MultiInstance,
          dict(prior=[0.5, 0.5], sender=MULTI.sender, receivers=MULTI.receivers),
          dict(prior="array", sender="array", receivers="array")),
    Entry("solve MultiInstance", ps.solve, dict(instance=MULTI, payments="none"),
          dict(payments="choice")),
    Entry("evaluate_multi", ps.evaluate_multi,
          dict(instance=MULTI, scheme=MULTI_SCHEME, exact=False),
          dict(instance="object", scheme="array", exact="flag")),
    Entry("gamma_star", ps.gamma_star, dict(instance=MULTI, exact=False),
          dict(instance="object", exact="flag")),
    Entry("budget_balanced_scheme", ps.budget_balanced_scheme, dict(instance=MULTI, exact=False),
          dict(instance="object", exact="flag")),
    Entry("arbitrary_payment_scheme", ps.arbitrary_payment_scheme,
          dict(instance=MULTI, exact=False), dict(instance="object", exact="flag")),
    Entry("PairwiseInstance", PairwiseInstance, PAIRWISE,
          {name: "array" for name in PAIRWISE}),
    Entry("PairwiseSetFunction", PairwiseSetFunction,
          dict(unary=[1.0, -1.0], pairwise=[[0.0, 1.0], [1.0, 0.0]], constant=0.0),
          dict(unary="array", pairwise="array", constant="scalar"),
          skip={"pairwise": {"None"}}),
    Entry("column_generation", column_generation,
          dict(instance=PAIRWISE_INSTANCE, oracle="auto", local_search=True, smoothing=0.5,
               tol=1e-9, max_iterations=100),
          dict(instance="object", oracle="choice", local_search="flag", smoothing="scalar",
               tol="scalar", max_iterations="int")),
    Entry("random_pairwise_instance", random_pairwise_instance,
          dict(rng=0, n_states=2, n_receivers=3, max_value=3, density=0.5),
          dict(n_states="int", n_receivers="int", max_value="int", density="scalar",
               rng={"None": lambda: None, "string": lambda: "seed", "float": lambda: 0.5})),
    Entry("random_instance", random_instance,
          dict(rng=0, n_states=2, n_actions=2, max_payoff=3),
          dict(n_states="int", n_actions="int", max_payoff="int")),
    Entry("induced_outcome", induced_outcome, dict(instance=INSTANCE, scheme=SCHEME, exact=False),
          dict(instance="object", scheme="array", exact="flag")),
    Entry("value_against_types", value_against_types,
          dict(instances=[INSTANCE, INSTANCE], weights=[0.5, 0.5], scheme=SCHEME, exact=False),
          dict(instances="object", weights="array", scheme="array", exact="flag")),
    Entry("value_at_beliefs", value_at_beliefs,
          dict(sender=SENDER, receiver=RECEIVER, beliefs=[0.2, 0.5]),
          dict(sender="array", receiver="array", beliefs="array")),
    Entry("concave_envelope", concave_envelope, dict(x=[0.0, 0.5, 1.0], y=[0.0, 1.0, 0.0]),
          dict(x="array", y="array")),
    # games and learning (fixed by a parallel change; listed so that the contract holds)
    Entry("NormalFormGame", NormalFormGame, dict(row=[[3, 0], [5, 1]], col=[[3, 5], [0, 1]]),
          dict(row="array", col="array")),
    Entry("nash_equilibria", nash_equilibria, dict(game=GAME), dict(game="object")),
    Entry("stackelberg_equilibrium", stackelberg_equilibrium,
          dict(game=GAME, leader="row", tie_break="leader"),
          dict(game="object", leader="choice", tie_break="choice")),
    Entry("bandits.simulate", bandits.simulate,
          dict(policy=bandits.UCB1(), means=[0.5, 0.4], horizon=20, rng=1, n_seeds=2,
               checkpoints=[5, 20], record_arms=False),
          dict(policy={"name": lambda: "UCB1", "class": lambda: bandits.UCB1, "None": lambda: None},
               means="array", horizon="int", n_seeds="int", record_arms="flag",
               checkpoints={"non-integer": lambda: [5.5, 20], "nan": lambda: [math.nan],
                            "string": lambda: "5"})),
    Entry("DecreasingEpsilonGreedy", bandits.DecreasingEpsilonGreedy,
          dict(gap=[0.1, 0.2], c=5.0), dict(gap="array", c="scalar")),  # a gap per instance
    Entry("stackelberg.simulate_repeated", stackelberg.simulate_repeated,
          dict(leader=stackelberg.LeaderETC(10), follower=stackelberg.FollowerUCB(0.1),
               human=HUMAN, ai=AI, horizon=20, rng=1),
          dict(leader={"name": lambda: "ucb", "None": lambda: None},
               follower={"name": lambda: "ucb", "class": lambda: stackelberg.FollowerUCB},
               human="array", ai="array", horizon="int")),
    Entry("FollowerUCB", stackelberg.FollowerUCB, dict(delta=0.1), dict(delta="scalar"),
          skip={"delta": {"None"}}),
    Entry("RegretAdjustedUCB", stackelberg.RegretAdjustedUCB,
          dict(delta=0.1, regret=lambda t, d: np.sqrt(t)),
          dict(delta="scalar", regret={"None": lambda: None, "string": lambda: "sqrt"})),
    Entry("stackelberg.normalize", stackelberg.normalize,
          dict(payoffs=[[0, 1], [2, 3]], low=-1, high=10),
          dict(payoffs="array", low="scalar", high="scalar")),
    Entry("misaligned_payoffs", stackelberg.misaligned_payoffs, dict(delta=0.5, state=1),
          dict(delta="scalar", state={"three": lambda: 3, "string": lambda: "1"})),
    Entry("approximate_best_responses", stackelberg.approximate_best_responses,
          dict(ai=AI, eps=0.1), dict(ai="array", eps="scalar")),
    # persuasion through simulation: fraction strings ("7/40") are read exactly on purpose
    Entry("querying.optimal_policy", querying.optimal_policy,
          dict(beliefs=BELIEFS, weights=WEIGHTS, threshold=0.5),
          dict(beliefs="array", weights="array", threshold="scalar"), skip=QUERY_STRINGS),
    Entry("querying.query_value", querying.query_value,
          dict(beliefs=BELIEFS, weights=WEIGHTS, thresholds=[0.3], threshold=0.5),
          dict(beliefs="array", weights="array", thresholds="array", threshold="scalar"),
          skip=QUERY_STRINGS),
    Entry("querying.optimal_queries", querying.optimal_queries,
          dict(beliefs=BELIEFS, weights=WEIGHTS, k=1, threshold=0.5),
          dict(beliefs="array", weights="array", k="int", threshold="scalar"),
          skip=QUERY_STRINGS),
    Entry("querying.greedy_queries", querying.greedy_queries,
          dict(beliefs=BELIEFS, weights=WEIGHTS, k=1, threshold=0.5),
          dict(beliefs="array", weights="array", k="int", threshold="scalar"),
          skip=QUERY_STRINGS),
    # information bargaining
    Entry("bargaining.outcome_set", bargaining.outcome_set, dict(instance=RATIONAL),
          dict(instance="object")),
    Entry("bargaining.pareto_frontier", bargaining.pareto_frontier, dict(instance=RATIONAL),
          dict(instance="object")),
    Entry("bargaining.nash_bargaining", bargaining.nash_bargaining,
          dict(game=RATIONAL, disagreement=DISAGREEMENT), dict(disagreement="array"),
          skip={"disagreement": {"None"}}),  # None: the game's own disagreement point
    Entry("bargaining.ultimatum", bargaining.ultimatum,
          dict(instance=RATIONAL, proposer="sender"), dict(instance="object", proposer="choice")),
    Entry("bargaining.repeated_ultimatum", bargaining.repeated_ultimatum,
          dict(instance=RATIONAL, rounds=3, proposer="receiver"),
          dict(instance="object", rounds="int", proposer="choice")),
    Entry("bargaining.alternating_offers", bargaining.alternating_offers,
          dict(instance=RATIONAL, first="sender", continuation=Fraction(9, 10), max_offers=4),
          dict(instance="object", first="choice", continuation="scalar", max_offers="int"),
          skip={"max_offers": {"None"}}),  # None is the documented infinite horizon
]


def _cases() -> list:
    out = []
    for entry in ENTRIES:
        for argument, kind in entry.kinds.items():
            for label, make in cases_for(kind, entry.good.get(argument)).items():
                if label in entry.skip.get(argument, set()):
                    continue
                out.append(pytest.param(entry, argument, make,
                                        id=f"{entry.name}-{argument}-{label}"))
    return out


def _no_nan(value: Any) -> None:
    """Walk a result and fail on any NaN or infinity in it."""
    if isinstance(value, float | np.floating):
        assert math.isfinite(value), value
    elif isinstance(value, np.ndarray) and value.dtype.kind == "f":
        assert np.all(np.isfinite(value))
    elif isinstance(value, tuple | list):
        for item in value:
            _no_nan(item)
    elif hasattr(value, "__dataclass_fields__"):
        # column_generation's history marks "no Lagrangian bound yet" with a documented inf
        for name in value.__dataclass_fields__:
            if name not in ("instance", "history"):
                _no_nan(getattr(value, name))


@pytest.mark.parametrize("entry", ENTRIES, ids=[e.name for e in ENTRIES])
def test_valid_call_succeeds_without_nan(entry: Entry) -> None:
    """README, input contract: each table row's valid call works (so that the bad-input
    cases below test the argument, not a broken fixture) and returns no NaN or inf."""
    _no_nan(entry.call(**entry.good))


@pytest.mark.parametrize(("entry", "argument", "make"), _cases())
def test_bad_input_raises_value_error_naming_the_argument(entry, argument, make) -> None:
    """README, input contract: a bad value for one argument of a public entry point raises
    ValueError whose message names the argument (or the package's own error), never
    another exception, a NaN or an infinity."""
    kwargs = dict(entry.good)
    kwargs[argument] = make()
    try:
        result = entry.call(**kwargs)
    except ps.PersuasionError:
        return
    except ValueError as err:
        assert argument.lower() in str(err).lower(), f"message does not name {argument}: {err}"
        return
    pytest.fail(f"{entry.name}({argument}={kwargs[argument]!r}) was accepted: {result!r}")


# ----------------------------------------------------------------- issue 13's reported cases
def test_values_too_large_to_compute_with_are_refused() -> None:
    """README, numeric range: payoffs of 1e300, payments of 1e308 and multipliers of 1e308
    raise ValueError naming the argument (they used to reach cvxpy errors, -inf and NaN)."""
    with pytest.raises(ValueError, match="sender.*too large"):
        ps.Instance(PRIOR, [[0, 1e300], [0, 1]], RECEIVER)
    with pytest.raises(ValueError, match="receiver.*too large"):
        ps.Instance(PRIOR, SENDER, [[1e308, -1e308], [0, 1]])
    with pytest.raises(ValueError, match="payments.*too large"):
        ps.evaluate(INSTANCE, SCHEME, [1e308, 0])
    with pytest.raises(ValueError, match="multipliers.*too large"):
        ps.lagrangian_bound(INSTANCE, [[0, 1e308], [0, 0]])
    big = ps.Instance(PRIOR, np.array(SENDER) * 1e99, np.array(RECEIVER) * 1e99)
    for model in ps.PAYMENT_MODELS:  # the largest accepted magnitude solves correctly
        value = ps.solve(big, model).value
        assert value == pytest.approx(ps.solve(INSTANCE, model).value * 1e99, rel=1e-7)


def test_tiny_priors_are_answered_not_crashed() -> None:
    """Symmetric priors at scale: a type of probability 1e-300 used to raise
    ZeroDivisionError in the realization; now the realization is computed and
    reproduces the reduced form."""
    realization = ps.realize([0.5, 1e-300, 0.5], [0.2, 0.0, 0.3], 2)
    assert np.allclose(realization.reduced_form(), [0.2, 0.0, 0.3])
    for exact in (True, False):
        solution = ps.iid_optimum([1e-300, 1 - 1e-300], [0, 1], [1, 0], 5, exact=exact)
        assert math.isfinite(solution.value)


def test_realize_refuses_tolerances_that_accept_anything() -> None:
    """realize(tol=nan or inf) returned a scheme that does not realize the reduced form;
    tolerances are finite and at most MAX_TOL."""
    for tol in (math.nan, math.inf, 1.0, -1e-9):
        with pytest.raises(ValueError, match="tol"):
            ps.realize([0.5, 0.5], [0.5, 0.0], 2, tol=tol)


def test_size_guards_come_first() -> None:
    """Instance.from_types with 10^6 states died in the solver: now a ValueError before
    any allocation, saying the limit and to use iid_optimum."""
    with pytest.raises(ValueError, match=r"limit 200,000.*iid_optimum"):
        ps.Instance.from_types([0.1] * 10, [0] * 10, [0] * 10, 6)


def test_lenient_coercions_are_refused() -> None:
    """Numeric strings as payoffs, booleans read as 0/1 and exact='no' are refused."""
    with pytest.raises(ValueError, match="prior.*boolean"):
        ps.Instance([True, 0.0], SENDER, RECEIVER)
    with pytest.raises(ValueError, match="sender.*string"):
        ps.Instance(PRIOR, [["0", "1"], ["0", "1"]], RECEIVER)
    with pytest.raises(ValueError, match="exact"):
        ps.iid_optimum([0.5, 0.5], [1, 0], [0, 1], 2, exact="no")
    with pytest.raises(ValueError, match="complex"):
        ps.Instance(PRIOR, np.array(SENDER, dtype=complex), RECEIVER)
