"""Tests of persuasion.games.ai_augmented: the AI-augmented primitives and the slides' examples."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from persuasion.games.ai_augmented import (
    AIAugmentedGame,
    auction_equilibrium_range,
    auction_outcome,
    email_game,
    email_game_regions,
    email_game_threshold_cost,
    first_price_auction,
    weather_battle_of_sexes,
)
from persuasion.games.bayesian import bayes_nash_equilibria, is_bayes_nash_equilibrium
from persuasion.games.normal_form import nash_equilibria

F = Fraction


# --------------------------------------------------------------------------- email game


def test_email_game_numbers_exactly() -> None:
    """Slides 'Email game': with AI the human follows it for
    (0.9)(5) + (0.1)(-10) - 1 = 2.5, and society gets the inferior email w.p. 0.1."""
    out = email_game()
    expected = sp.Rational(9, 10) * 5 + sp.Rational(1, 10) * (-10) - 1
    assert expected == sp.Rational(5, 2)
    assert out.plan_values["consult"] == F(5, 2) == expected
    assert out.best_plan == "consult" and out.action_after_signal == "follow"
    assert out.human_payoff == F(5, 2)
    assert out.prob_inferior == F(1, 10)


def test_email_game_without_ai_refines() -> None:
    """Slides 'Email game': without AI, the human chooses C for a payoff of 1 and society
    gets the superior email for sure (guessing A or B is worth (5 - 10)/2)."""
    out = email_game(ai_available=False)
    assert out.plan_values == {"refine": F(1), "guess": F(-5, 2)}
    assert out.best_plan == "refine" and out.human_payoff == 1
    assert out.prob_inferior == 0


@settings(max_examples=60, deadline=None)
@given(
    st.fractions(F(1, 2), F(1), max_denominator=40),
    st.fractions(F(0), F(5), max_denominator=40),
)
def test_email_game_region_exact(q: Fraction, c: Fraction) -> None:
    """Slides 'Email game': the human prefers the AI iff c < 15q - 11 (ties go to
    refining); society then loses (inferior email w.p. 1 - q > 0) unless q = 1."""
    out = email_game(accuracy=q, cost=c)
    prefers = c < 15 * q - 11
    assert email_game_threshold_cost(q) == 15 * q - 11
    assert (out.best_plan == "consult") == prefers
    assert out.prob_inferior == ((1 - q) if prefers else 0)
    grid_prefers, grid_loses = email_game_regions([float(q)], [float(c)])
    if abs(float(15 * q - 11 - c)) > 1e-9:  # away from the boundary floats agree
        assert bool(grid_prefers[0, 0]) == prefers
        assert bool(grid_loses[0, 0]) == (prefers and q < 1)


def test_email_game_regions_shape_and_bad_input() -> None:
    """Issue 'email game': the range of accuracies and costs where the human prefers the
    AI while society loses; malformed input raises ValueError naming the argument."""
    prefers, loses = email_game_regions(np.linspace(0.5, 1, 11), np.linspace(0, 4, 9))
    assert prefers.shape == loses.shape == (11, 9)
    assert not prefers[0].any()  # a coin-flip AI is never worth asking
    assert prefers[-1, 0] and not loses[-1, 0]  # a perfect free AI: no loss for society
    assert loses[8, 2]  # q = 0.9, c = 1: the slides' point
    with pytest.raises(ValueError, match="accuracies must lie"):
        email_game_regions([1.2], [0])
    with pytest.raises(ValueError, match="costs must be non-negative"):
        email_game_regions([0.9], [-1])
    with pytest.raises(ValueError, match="accuracy must lie"):
        email_game(accuracy=F(3, 2))
    with pytest.raises(ValueError, match="cost must be non-negative"):
        email_game(cost=-1)


# --------------------------------------------------------------------------- battle of the sexes


def test_weather_bos_without_ai_is_the_slides_game() -> None:
    """Slides 'examples': with prior 1/2 on w in {0, 2}, E[w] = 1 and the game without AI
    is the battle of the sexes (10,9)/(9,10)."""
    game = weather_battle_of_sexes().expected_game()
    assert game.row_exact.tolist() == [[10, 0], [0, 9]]
    assert game.col_exact.tolist() == [[9, 0], [0, 10]]
    assert sorted(e.payoffs for e in nash_equilibria(game))[-2:] == [(9, 10), (10, 9)]


@pytest.mark.parametrize("p", [F(1, 5), F(1, 2), F(4, 5)])
def test_weather_bos_ai_selects_the_better_equilibrium(p: Fraction) -> None:
    """Slides 'AI helps humans select better equilibrium': with the AI both coordinate on
    opera when w = 0 and football when w = 2, worth p(18, 20) + (1 - p)(10, 9), which
    Pareto-dominates every equilibrium without AI for each prior p tried."""
    aug = weather_battle_of_sexes(p)
    with_ai = bayes_nash_equilibria(aug.bayesian_game())
    best = max(with_ai, key=lambda e: e.row_payoff + e.col_payoff)
    assert (best.row_payoff, best.col_payoff) == (p * 18 + (1 - p) * 10, p * 20 + (1 - p) * 9)
    without = nash_equilibria(aug.expected_game())
    for e in without:
        assert best.row_payoff >= e.row_payoff and best.col_payoff >= e.col_payoff
        assert (best.row_payoff, best.col_payoff) != e.payoffs


def test_one_sided_ai_is_a_valid_augmented_game() -> None:
    """Slides 'AI-augmented primitives': AI-agents with their own information sets; when
    only Beckham's AI knows w, Pavarotti's types collapse to one."""
    game = weather_battle_of_sexes(ai=(True, False)).bayesian_game()
    assert game.n_types == (2, 1)
    for e in bayes_nash_equilibria(game):
        assert is_bayes_nash_equilibrium(game, e.row_strategy, e.col_strategy)


def test_uninformative_ai_changes_nothing() -> None:
    """Slides 'AI-augmented game': an AI whose signal is independent of the state leaves
    the game as it was (one type per human)."""
    aug = AIAugmentedGame(
        [F(1, 2), F(1, 2)],
        [[[1, 0], [0, 2]], [[3, 0], [0, 1]]],
        [[[1, 0], [0, 2]], [[3, 0], [0, 1]]],
        ai_signals=([[F(1, 2), F(1, 2)], [F(1, 2), F(1, 2)]], [[1], [1]]),
    )
    game = aug.bayesian_game()
    assert game.n_types == (2, 1)
    np.testing.assert_array_equal(game.row_exact[0], game.row_exact[1])


def test_consulting_cost_is_subtracted() -> None:
    """Slides 'AI-augmented game': human i receives u_i(a, w) - c(tau_i)."""
    aug = AIAugmentedGame([1], [[[4]]], [[[2]]], costs=(1, F(1, 2)))
    game = aug.bayesian_game((True, True))
    assert (game.row_exact[0, 0, 0, 0], game.col_exact[0, 0, 0, 0]) == (3, F(3, 2))
    free = aug.bayesian_game((False, False))
    assert (free.row_exact[0, 0, 0, 0], free.col_exact[0, 0, 0, 0]) == (4, 2)


def test_malformed_augmented_games_raise() -> None:
    """Issue 'Tests': probabilities not summing to one and mismatched shapes raise."""
    with pytest.raises(ValueError, match="prior must be"):
        AIAugmentedGame([0.5, 0.6], np.zeros((2, 1, 1)), np.zeros((2, 1, 1)))
    with pytest.raises(ValueError, match="col must have the shape"):
        AIAugmentedGame([1], np.zeros((1, 2, 2)), np.zeros((1, 2, 3)))
    with pytest.raises(ValueError, match=r"ai_signals\[0\]: row 0 must sum to one"):
        AIAugmentedGame([1], np.zeros((1, 1, 1)), np.zeros((1, 1, 1)), ai_signals=([[0.5]], [[1]]))
    with pytest.raises(ValueError, match="prob_w2 must lie"):
        weather_battle_of_sexes(F(3, 2))


# --------------------------------------------------------------------------- auction


def test_auction_without_ai_unique_undominated_outcome() -> None:
    """Slides 'auction game' (bids in a BNE), values 1 or 3 w.p. 1/2, bids in steps of
    1/4: every BNE in undominated bids gives each bidder 297/544 and revenue 383/272."""
    auction = first_price_auction()
    hi, lo = auction_equilibrium_range(auction)
    for eq in (hi, lo):
        assert eq.exact
        out = auction_outcome(auction, eq)
        assert out.surplus == (F(297, 544), F(297, 544))
        assert out.revenue == F(383, 272)
        assert out.welfare == F(5, 2)
        assert out.revenue + out.total_surplus == out.welfare


def test_auction_with_ai_shades_bids_and_raises_surplus() -> None:
    """Slides 'AI helps humans capture more surplus by shaving bids': with AIs that know
    the rival's value, every undominated BNE gives bidders more (between 9/16 and 5/8
    each) and the seller less (revenue between 5/4 and 11/8) than without AI; a
    high-value bidder told that the rival is low bids 1, below 27/17, her mean bid
    without AI."""
    no_ai = first_price_auction()
    base = auction_outcome(no_ai, auction_equilibrium_range(no_ai)[0])
    auction = first_price_auction(ai_accuracy=(1, 1))
    hi, lo = auction_equilibrium_range(auction)
    best, worst = auction_outcome(auction, hi), auction_outcome(auction, lo)
    assert best.surplus == (F(5, 8), F(5, 8)) and worst.surplus == (F(9, 16), F(9, 16))
    assert (best.revenue, worst.revenue) == (F(5, 4), F(11, 8))
    assert worst.total_surplus > base.total_surplus and worst.revenue < base.revenue
    assert base.row_mean_bids[1] == F(27, 17)
    high_low = auction.game.row_type_labels.index("v=3,s=1")
    assert best.row_mean_bids[high_low] == worst.row_mean_bids[high_low] == 1


def test_auction_one_sided_ai_helps_its_owner() -> None:
    """Slides 'AI i's info is signal of -i's value': if only bidder 1 has the AI, she
    gains and her rival loses relative to no AI (bids in steps of 1/4)."""
    auction = first_price_auction(ai_accuracy=(1, None))
    hi, lo = auction_equilibrium_range(auction)
    for eq in (hi, lo):
        out = auction_outcome(auction, eq)
        assert out.surplus == (F(25, 32), F(17, 32))
        assert out.surplus[0] > F(297, 544) > out.surplus[1]


def test_auction_result_depends_on_the_bid_grid() -> None:
    """Modelling choice (bid grid): with a coarse grid (steps of 1/2) the best
    equilibrium without AI is a low-bid one worth 7/8 per bidder, above any with AI."""
    no_ai = first_price_auction(bid_step=F(1, 2))
    with_ai = first_price_auction(bid_step=F(1, 2), ai_accuracy=(1, 1))
    assert auction_outcome(no_ai, auction_equilibrium_range(no_ai)[0]).surplus[0] == F(7, 8)
    assert auction_outcome(with_ai, auction_equilibrium_range(with_ai)[0]).surplus[0] == F(3, 4)


def test_malformed_auctions_raise() -> None:
    """Issue 'Tests': malformed input raises ValueError naming the argument."""
    with pytest.raises(ValueError, match="value_prior must be positive and sum to one"):
        first_price_auction(value_prior=(F(1, 2), F(1, 3)))
    with pytest.raises(ValueError, match="values must hold at least two distinct"):
        first_price_auction(values=(1, 1))
    with pytest.raises(ValueError, match="bid_step must be > 0"):
        first_price_auction(bid_step=0)
    with pytest.raises(ValueError, match=r"ai_accuracy\[0\] must be"):
        first_price_auction(ai_accuracy=(2, None))


# ----------------------------------------------------------------- issue 12: new library code
from persuasion.games.ai_augmented import (  # noqa: E402
    auction_bidder_range,
    email_game_welfare,
    email_game_welfare_threshold,
)
from persuasion.games.auctions import (  # noqa: E402
    benchmark_deviation_gain,
    continuous_first_price,
)
from persuasion.games.bayesian import (  # noqa: E402
    BayesianGame,
    extreme_bayes_nash_equilibrium,
)
from persuasion.games.normal_form import NormalFormGame  # noqa: E402


@pytest.mark.parametrize("q", [Fraction(k, 20) for k in range(10, 21)])
def test_continuous_benchmark_closed_form_and_no_deviation(q: Fraction) -> None:
    """Chapter 'AI-augmented games', continuous-bid benchmark: the surplus per bidder is
    q(2 − q)/(2(1 − q + q²)) and no high type gains by any bid on a fine rational grid."""
    bench = continuous_first_price(q)
    assert bench.surplus == q * (2 - q) / (2 * (1 - q + q * q))
    assert bench.revenue == bench.welfare - 2 * bench.surplus == Fraction(5, 2) - 2 * bench.surplus
    if q < 1:
        grid = [1 + Fraction(k, 240) for k in range(1, 481)]
        assert benchmark_deviation_gain(bench, grid) <= 0
        assert bench.rival_high_cdf(bench.top_bid) == 1


def test_continuous_benchmark_revenue_equivalence_and_peak() -> None:
    """Chapter, 'what a noisy signal changes': without AI and with a perfect AI the
    surplus is 1/2 and revenue 3/2 (revenue equivalence); in between bidders gain, most
    at q = √3 − 1."""
    for acc in (None, Fraction(1, 2), 1):
        bench = continuous_first_price(acc)
        assert (bench.surplus, bench.revenue) == (Fraction(1, 2), Fraction(3, 2))
    q = sp.symbols("q")
    f = q * (2 - q) / (2 * (1 - q + q**2))
    crit = [c for c in sp.solve(sp.diff(f, q), q) if c.is_real and 0.5 < float(c) < 1]
    assert crit == [sp.sqrt(3) - 1]
    near = [continuous_first_price(Fraction(k, 1000)).surplus for k in (731, 732, 733)]
    assert near[1] > near[0] and near[1] > near[2]


@settings(max_examples=30, deadline=None)
@given(st.fractions(min_value=Fraction(1, 2), max_value=Fraction(99, 100)),
       st.fractions(min_value=Fraction(1, 10), max_value=Fraction(9, 10)),
       st.integers(min_value=0, max_value=3), st.integers(min_value=1, max_value=4))
def test_continuous_benchmark_is_an_equilibrium_for_other_values(q, p, lo, span) -> None:
    """The benchmark's construction holds for any two values and prior (no profitable
    deviation of a high type on a grid of bids above the low value)."""
    bench = continuous_first_price(q, values=(lo, lo + span), prob_high=p)
    grid = [lo + Fraction(span * k, 97) for k in range(1, 98)]
    assert benchmark_deviation_gain(bench, grid) <= 0


def test_fine_grid_auction_solves_and_converges() -> None:
    """Chapter: with perfect AI signals the grid's range of bidder surplus shrinks towards
    the continuous benchmark 1/2 as the step goes 1/4, 1/8, 1/16 (1/16 used to raise
    SolverError; the type graph now splits into four complete-information games)."""
    bench = continuous_first_price(1).surplus
    widths = []
    for step in (Fraction(1, 4), Fraction(1, 8), Fraction(1, 16)):
        auction = first_price_auction(bid_step=step, ai_accuracy=(1, 1))
        hi, lo = auction_equilibrium_range(auction)
        assert hi.exact and lo.exact
        s_hi = auction_outcome(auction, hi).surplus[0]
        s_lo = auction_outcome(auction, lo).surplus[0]
        assert bench <= s_lo <= s_hi
        widths.append(s_hi - bench)
    assert widths[0] > widths[1] > widths[2]
    assert widths[2] == Fraction(1, 32)


def test_extreme_equilibrium_splits_type_components() -> None:
    """The MILP on a game whose prior is block-diagonal equals the sum of the MILPs on
    its blocks (each block solved as its own Bayesian game)."""
    rng = np.random.default_rng(4)
    for _ in range(5):
        blocks = [rng.integers(-3, 4, size=(1, 1, 3, 3)) for _ in range(2)]
        blocks_c = [rng.integers(-3, 4, size=(1, 1, 3, 3)) for _ in range(2)]
        row = np.zeros((2, 2, 3, 3))
        col = np.zeros((2, 2, 3, 3))
        for k in range(2):
            row[k, k], col[k, k] = blocks[k][0, 0], blocks_c[k][0, 0]
        game = BayesianGame(np.diag([0.5, 0.5]), row, col)
        whole = extreme_bayes_nash_equilibrium(game, (1, 1), "max")
        parts = [extreme_bayes_nash_equilibrium(BayesianGame([[1]], blocks[k], blocks_c[k]),
                                                (1, 1), "max") for k in range(2)]
        total = sum(Fraction(1, 2) * (e.row_payoff + e.col_payoff) for e in parts)
        assert whole.row_payoff + whole.col_payoff == total
        assert is_bayes_nash_equilibrium(game, [list(s) for s in whole.row_strategy],
                                         [list(s) for s in whole.col_strategy])


def test_bidder_ranges_are_symmetric_in_a_symmetric_auction() -> None:
    """Chapter: per-bidder ranges from equilibria extremizing each bidder's own surplus;
    in a symmetric auction both bidders have the same range."""
    auction = first_price_auction(bid_step=Fraction(1, 2), ai_accuracy=(1, 1))
    r0 = [auction_outcome(auction, e).surplus[0] for e in auction_bidder_range(auction, 0)]
    r1 = [auction_outcome(auction, e).surplus[1] for e in auction_bidder_range(auction, 1)]
    assert r0 == r1 and r0[0] >= r0[1]


def test_email_welfare_thresholds() -> None:
    """Chapter, email game: without an externality the AI raises welfare (5/2 vs 1);
    it lowers welfare once the recipient's loss exceeds 15 (fee a real cost) or 25 (fee
    a transfer to the AI's provider)."""
    assert email_game_welfare(0).welfare == Fraction(5, 2) > email_game_welfare(
        0, ai_available=False).welfare == 1
    assert email_game_welfare_threshold() == 15
    assert email_game_welfare_threshold(fee_is_transfer=True) == 25
    for e in (Fraction(29, 2), 15, Fraction(31, 2)):
        diff = email_game_welfare(e).welfare - email_game_welfare(e, ai_available=False).welfare
        assert (diff < 0) == (e > 15)
    assert email_game_welfare_threshold(cost=4) is None  # the human refines: no loss


def test_nash_equilibria_size_guard_comes_first() -> None:
    """Issue 13 item 7: a 25x25 game is refused before any support is built, with the
    limit and what to use instead."""
    game = NormalFormGame(np.zeros((25, 25)), np.zeros((25, 25)))
    with pytest.raises(ValueError, match=r"game: size .* exceeds the limit 200,000.*pure_nash"):
        nash_equilibria(game)


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: continuous_first_price(Fraction(2, 5)), "accuracy must lie"),
        (lambda: continuous_first_price(float("nan")), "accuracy must be finite"),
        (lambda: continuous_first_price(True), "accuracy must be a real number"),
        (lambda: continuous_first_price(0.75 + 0j), "accuracy must be a real number"),
        (lambda: continuous_first_price("0.75"), "accuracy must be a real number"),
        (lambda: continuous_first_price(values=(3, 1)), "values must satisfy"),
        (lambda: continuous_first_price(prob_high=1), "prob_high must lie"),
        (lambda: benchmark_deviation_gain(continuous_first_price(), [1]), "bids must"),
        (lambda: email_game_welfare(-1), "externality must be"),
        (lambda: email_game_welfare(float("nan")), "externality must be finite"),
        (lambda: email_game_welfare(1, fee_is_transfer="no"), "fee_is_transfer must be"),
        (lambda: email_game(ai_available="no"), "ai_available must be"),
        (lambda: auction_bidder_range(first_price_auction(bid_step=1), 2), "bidder must be"),
        (lambda: first_price_auction(values=[1, 3 + 0j]), "values must be"),
    ],
)
def test_new_entry_points_refuse_bad_input(call, match: str) -> None:
    """Issue 13 items 5-6 for the chapter's new entry points: ValueError naming the
    argument (complex numbers, booleans, strings, NaN, out-of-range values)."""
    with pytest.raises(ValueError, match=match):
        call()
