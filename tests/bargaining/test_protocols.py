"""Subgame-perfect values of the protocols (chapter "Information bargaining", section
"The protocol engine"): backward induction against brute force on a discretized outcome
set, the infinite horizon as the limit of finite ones, δ → 1 towards Nash, splits."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

import persuasion as ps
from persuasion.bargaining import (
    BargainingGame,
    SplitGame,
    alternating_offers,
    bargaining_set,
    nash_bargaining,
    pie_share,
    repeated_ultimatum,
    solve_game,
    ultimatum,
)
from persuasion.bargaining.polygon import edges
from persuasion.random_instances import random_instance

SIZES = [(2, 2), (2, 3), (3, 2), (3, 3), (2, 4), (4, 2)]


def _instances(count: int, seed: int) -> list[ps.Instance]:
    rng = np.random.default_rng(seed)
    return [random_instance(rng, *SIZES[k % len(SIZES)], max_payoff=int(rng.integers(1, 4)))
            for k in range(count)]


INSTANCES = _instances(200, 1982)


def _boundary_grid(vertices, per_edge: int) -> np.ndarray:
    """Points on every edge of the polygon (vertices included), as floats."""
    verts = [(float(v[0]), float(v[1])) for v in vertices]
    if len(verts) == 1:
        return np.array(verts)
    t = np.linspace(0.0, 1.0, per_edge + 1)[:, None]
    chunks = [np.array(p) * (1 - t) + np.array(q) * t
              for p, q in edges([tuple(v) for v in verts])]
    return np.vstack(chunks)


def _brute_force(grid: np.ndarray, d: np.ndarray, proposers: list[str], delta: float) -> np.ndarray:
    """Backward induction over the grid: the proposer takes the grid point best for her
    among those leaving the responder at least her continuation (ties: best for the other)."""
    value = d.copy()
    T = len(proposers)
    for k in range(T, 0, -1):
        floor = d if k == T else delta * value + (1 - delta) * d
        own = 0 if proposers[k - 1] == "sender" else 1
        ok = grid[:, 1 - own] >= floor[1 - own] - 1e-12
        candidates = grid[ok]
        rounded = np.round(candidates, 9)  # float noise must not break exact ties
        order = np.lexsort((rounded[:, 1 - own], rounded[:, own]))
        value = candidates[order[-1]]
    return value


def test_backward_induction_matches_brute_force() -> None:
    """Exact backward induction (alternating offers and repeated ultimatum, T ≤ 4,
    δ ∈ {1/2, 9/10, 1}, either first proposer) agrees with brute force over 4,000 points
    per edge of the outcome polygon, to the grid's precision (200 random instances)."""
    rng = np.random.default_rng(3)
    worst = 0.0
    for instance in INSTANCES:
        bset = bargaining_set(instance)
        grid = _boundary_grid(bset.vertices, 4000)
        d = np.array([float(v) for v in bset.disagreement])
        T = int(rng.integers(1, 5))
        delta = [Fraction(1, 2), Fraction(9, 10), Fraction(1)][int(rng.integers(3))]
        first = ["sender", "receiver"][int(rng.integers(2))]
        for game in (BargainingGame.alternating(instance, first, delta, T),
                     BargainingGame.repeated(instance, T, first, delta)):
            exact = solve_game(game)
            proposers = [game.proposer(k) for k in range(1, T + 1)]
            brute = _brute_force(grid, d, proposers, float(delta))
            scale = 1 + float(np.abs(grid).max())
            gap = float(np.abs(brute - np.array([float(v) for v in exact.point])).max())
            worst = max(worst, gap / scale)
    assert worst < 2e-3, worst


def test_equilibrium_offers_are_accepted_and_optimal() -> None:
    """At every offer the equilibrium point gives the responder exactly her threshold or
    more, and no point of the polygon gives the proposer more while respecting it
    (checked on the polygon's edges exactly; 200 instances, T = 6)."""
    for k, instance in enumerate(INSTANCES):
        first = "sender" if k % 2 else "receiver"
        eq = alternating_offers(instance, first, Fraction(3, 4), 6)
        bset = bargaining_set(instance)
        for offer in range(1, 7):
            proposer = eq.game.proposer(offer)
            own = 0 if proposer == "sender" else 1
            point, floor = eq.offer_point(offer), eq.threshold(offer)
            assert point[1 - own] >= floor[1 - own]
            for p, q in edges(bset.vertices) or [(bset.vertices[0], bset.vertices[0])]:
                for t in (Fraction(j, 16) for j in range(17)):
                    u = (p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1]))
                    if u[1 - own] >= floor[1 - own]:
                        assert u[own] <= point[own]


def test_infinite_horizon_is_the_limit_of_finite_horizons() -> None:
    """Rubinstein's stationary values equal the limit T → ∞ of the finite-horizon values
    (T = 120 and 121, δ ∈ {1/2, 2/3, 4/5}: the gap is below 10⁻⁸; 200 instances)."""
    for k, instance in enumerate(INSTANCES):
        delta = [Fraction(1, 2), Fraction(2, 3), Fraction(4, 5)][k % 3]
        first = "sender" if k % 2 else "receiver"
        limit = alternating_offers(instance, first, delta, None)
        for T in (120, 121):
            finite = alternating_offers(instance, first, delta, T)
            assert abs(float(finite.sender - limit.sender)) < 1e-8
            assert abs(float(finite.receiver - limit.receiver)) < 1e-8


def test_stationary_offers_satisfy_rubinstein_equations() -> None:
    """The stationary offers x (sender's) and y (receiver's) are frontier points with
    x_R = δ y_R + (1 − δ) d_R and y_S = δ x_S + (1 − δ) d_S, or the proposer's best point
    when that constraint is slack (200 instances, exact)."""
    for k, instance in enumerate(INSTANCES):
        delta = Fraction(1 + k % 9, 10)
        eq = alternating_offers(instance, "sender", delta, None)
        x, y = eq.offer_point(1), eq.offer_point(2)
        d = bargaining_set(instance).disagreement
        frontier = bargaining_set(instance).frontier
        assert x == frontier.best_for_sender(delta * y[1] + (1 - delta) * d[1])
        assert y == frontier.best_for_receiver(delta * x[0] + (1 - delta) * d[0])


def test_patience_tends_to_nash_bargaining() -> None:
    """As δ → 1 the stationary offers of both proposers approach the Nash bargaining
    solution (δ = 1 − 10⁻⁴: within 10⁻² on 200 instances)."""
    delta = 1 - Fraction(1, 10_000)
    for instance in INSTANCES:
        nash = nash_bargaining(instance).point
        for first in ("sender", "receiver"):
            eq = alternating_offers(instance, first, delta, None)
            assert abs(float(eq.sender - nash[0])) < 1e-2
            assert abs(float(eq.receiver - nash[1])) < 1e-2


def test_repeated_ultimatum_equals_ultimatum() -> None:
    """With a fixed proposer, repeating the ultimatum changes nothing: the proposer's
    one-shot point is the value for every number of rounds and continuation (200 instances)."""
    for k, instance in enumerate(INSTANCES):
        proposer = "sender" if k % 2 else "receiver"
        one = ultimatum(instance, proposer).point
        for rounds, delta in ((2, 1), (5, 1), (3, Fraction(1, 2))):
            assert repeated_ultimatum(instance, rounds, proposer, delta).point == one
        game = BargainingGame.repeated(instance, 1, proposer, Fraction(1, 2))
        infinite = BargainingGame(instance, "repeated", None, Fraction(1, 2),
                                  proposer)
        assert solve_game(infinite).point == solve_game(game).point == one


def test_sender_ultimatum_is_bayesian_persuasion() -> None:
    """A sender-proposer's ultimatum gives her the classic persuasion value (the LP optimum,
    checked on 50 instances; the frontier's end on all) and a receiver-proposer's gives the
    receiver her full-information value whenever full revelation leaves the sender at least
    her disagreement payoff (200 instances)."""
    for k, instance in enumerate(INSTANCES):
        if k % 4 == 0:  # the LP optimum (HiGHS through persuasion.solve), on a quarter
            assert float(ultimatum(instance, "sender").sender) == pytest.approx(
                ps.solve(instance).value, abs=1e-9)
        assert ultimatum(instance, "sender").point == bargaining_set(instance).frontier.sender_best
        receiver = ultimatum(instance, "receiver")
        full_info = sum(instance.prior * instance.receiver.max(axis=1))
        best = bargaining_set(instance).frontier.receiver_best
        if best[0] >= bargaining_set(instance).disagreement[0]:
            assert float(receiver.receiver) == pytest.approx(full_info, abs=1e-12)


def test_unbounded_split_matches_closed_form() -> None:
    """Unbounded split: the first proposer gets (1 − (−δ)^T)/(1 + δ) with at most T offers
    and 1/(1 + δ) with no limit (Rubinstein); T = 10, δ = 9/10 gives (1 − 0.9¹⁰)/1.9."""
    pie = SplitGame("unbounded")
    for delta in (Fraction(1, 3), Fraction(9, 10), Fraction(1)):
        for T in range(1, 13):
            for first in ("sender", "receiver"):
                eq = alternating_offers(pie, first, delta, T)
                share = eq.sender if first == "sender" else eq.receiver
                assert share == pie_share(delta, T) == (1 - (-delta) ** T) / (1 + delta)
    assert alternating_offers(pie, "sender", Fraction(9, 10), 10).sender == (
        1 - Fraction(9, 10) ** 10) / Fraction(19, 10)
    assert alternating_offers(pie, "sender", Fraction(9, 10), None).sender == Fraction(10, 19)
    assert pie_share(Fraction(9, 10), None) == Fraction(10, 19)


def test_bounded_split_is_the_base_game_frontier() -> None:
    """The bounded split ((1+2x)/3, (1−2x)/3) has the same values as the base persuasion
    game under every protocol (same frontier, same disagreement point)."""
    base = ps.Instance([Fraction(2, 3), Fraction(1, 3)], [[0, 1], [0, 1]], [[0, -1], [0, 1]])
    bounded = SplitGame("bounded")
    for first in ("sender", "receiver"):
        for T in (1, 2, 5, 10, None):
            a = alternating_offers(base, first, Fraction(9, 10), T)
            b = alternating_offers(bounded, first, Fraction(9, 10), T)
            assert a.point == b.point
            assert bounded.payoffs(b.split) == b.point


def test_bad_input() -> None:
    """Protocol entry points name the bad argument: proposer/first, continuation outside
    (0, 1], max_offers or rounds below 1, a non-instance; δ = 1 with no horizon."""
    base = INSTANCES[0]
    for bad in ("Sender", "both", None, 1):
        with pytest.raises(ValueError, match="proposer"):
            ultimatum(base, bad)
        with pytest.raises(ValueError, match="proposer"):
            repeated_ultimatum(base, 3, bad)
        with pytest.raises(ValueError, match="first"):
            alternating_offers(base, bad)
    for bad in (0, -1, Fraction(3, 2), 1.5, "x", float("nan")):
        with pytest.raises(ValueError, match="continuation"):
            alternating_offers(base, continuation=bad)
        with pytest.raises(ValueError, match="continuation"):
            repeated_ultimatum(base, 2, continuation=bad)
    for bad in (0, -3, 2.5, True):
        with pytest.raises(ValueError, match="max_offers"):
            alternating_offers(base, max_offers=bad)
        with pytest.raises(ValueError, match="rounds"):
            repeated_ultimatum(base, bad)
    with pytest.raises(ValueError, match="continuation"):
        alternating_offers(base, continuation=1, max_offers=None)
    for bad in (None, [[0, 1]], "base"):
        with pytest.raises(ValueError, match="instance"):
            ultimatum(bad)
        with pytest.raises(ValueError, match="instance"):
            alternating_offers(bad)
    with pytest.raises(ValueError, match="game"):
        solve_game(base)
    with pytest.raises(ValueError, match="kind"):
        SplitGame("halves")
