"""Tests of persuasion.games.bayesian: Bayes–Nash equilibria of finite Bayesian games."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from persuasion.games.ai_augmented import first_price_auction, weather_battle_of_sexes
from persuasion.games.bayesian import (
    BayesianGame,
    bayes_nash_equilibria,
    ex_ante_payoffs,
    extreme_bayes_nash_equilibrium,
    interim_payoffs,
    is_bayes_nash_equilibrium,
    pure_bayes_nash_equilibria,
)
from persuasion.games.normal_form import NormalFormGame, nash_equilibria

F = Fraction


def test_one_type_bayesian_game_is_a_normal_form_game() -> None:
    """Slides 'economic settings': a bimatrix game is the Bayesian game whose state is
    the payoff matrix and whose information set is the state; BNE = Nash equilibria."""
    row, col = [[10, 0], [0, 9]], [[9, 0], [0, 10]]
    game = BayesianGame([[1]], [[row]], [[col]])
    bne = {(e.row_strategy[0], e.col_strategy[0]) for e in bayes_nash_equilibria(game)}
    ne = {(e.row_strategy, e.col_strategy) for e in nash_equilibria(NormalFormGame(row, col))}
    assert bne == ne


def test_weather_battle_of_the_sexes_bne_exact() -> None:
    """Slides 'AI-augmented examples': AI knows the weather w in {0, 2}, football pays
    (9w, 10w); with both humans informed, all BNE exactly (prior 1/2 on each w)."""
    game = weather_battle_of_sexes().bayesian_game()
    assert game.row_type_labels == ("0|0", "0|1")
    eqs = bayes_nash_equilibria(game)
    payoffs = [(e.row_payoff, e.col_payoff) for e in eqs]
    assert payoffs == [
        (F(10), F(9)),
        (F(14), F(29, 2)),
        (F(5), F(9, 2)),
        (F(9), F(10)),
        (F(115, 14), F(441, 58)),
        (F(45, 14), F(90, 29)),
    ]
    best = eqs[1]
    assert best.is_pure and best.pure_actions() == ((0, 1), (0, 1))  # opera if w=0, football if w=2
    for e in eqs:
        assert is_bayes_nash_equilibrium(game, e.row_strategy, e.col_strategy)


def test_pure_bne_of_small_auction_exact() -> None:
    """Slides 'auction game': bids selected in a Bayes–Nash equilibrium; the five pure
    BNE of the two-value auction (values 1, 3; bids in steps of 1/2) without AI."""
    auction = first_price_auction(bid_step=F(1, 2))
    eqs = pure_bayes_nash_equilibria(auction.game)
    bids = [tuple(auction.bids[i] for i in e.pure_actions()[0]) for e in eqs]
    assert bids == [(0, 1), (F(1, 2), 1), (F(1, 2), F(3, 2)), (1, F(3, 2)), (1, 2)]
    assert [e.row_payoff for e in eqs] == [F(7, 8), F(13, 16), F(5, 8), F(9, 16), F(3, 8)]
    assert all(e.row_strategy == e.col_strategy for e in eqs)


def test_interim_payoffs_are_conditional_expectations() -> None:
    """Slides 'auction game' (information set of i is i's value): interim payoffs
    condition on one's own type."""
    auction = first_price_auction(bid_step=F(1, 2))
    rival = [[1, 0, 0, 0, 0, 0, 0], [0, 0, 1, 0, 0, 0, 0]]  # bids 0 and 1
    u = interim_payoffs(auction.game, "row", rival)
    # a high type (value 3) bidding 1: wins against the low type (2), ties the high one (1)
    assert u[1][2] == F(1, 2) * 2 + F(1, 2) * F(1, 2) * 2
    assert u[0][0] == F(1, 2) * F(1, 2) * 1  # value 1 bidding 0: tie with the low type only


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10_000))
def test_random_bayesian_games(seed: int) -> None:
    """Slides 'auction game' (Bayes–Nash equilibrium of a finite Bayesian game): every
    profile returned is a BNE and the MILP extremes bracket all of them."""
    rng = np.random.default_rng(seed)
    prior = rng.integers(1, 5, size=(2, 2)).astype(object)
    prior = prior / prior.sum()
    row = rng.integers(-3, 4, size=(2, 2, 2, 2))
    col = rng.integers(-3, 4, size=(2, 2, 2, 2))
    game = BayesianGame([[F(p) for p in r] for r in prior], row, col)
    eqs = bayes_nash_equilibria(game)
    assert eqs, "a finite game has a BNE; support enumeration must find one here"
    totals = []
    for e in eqs:
        assert is_bayes_nash_equilibrium(game, e.row_strategy, e.col_strategy)
        assert ex_ante_payoffs(game, e.row_strategy, e.col_strategy) == (e.row_payoff, e.col_payoff)
        totals.append(e.row_payoff + e.col_payoff)
    hi = extreme_bayes_nash_equilibrium(game, sense="max")
    lo = extreme_bayes_nash_equilibrium(game, sense="min")
    for e in (hi, lo):
        assert is_bayes_nash_equilibrium(game, e.row_strategy, e.col_strategy) or not e.exact
    h, low = float(hi.row_payoff + hi.col_payoff), float(lo.row_payoff + lo.col_payoff)
    assert all(low - 1e-7 <= float(t) <= h + 1e-7 for t in totals)


def test_extreme_equilibria_respect_support_restrictions() -> None:
    """Slides 'auction game': restricting bids below one's value (undominated bids) still
    yields a BNE of the whole game, exactly."""
    auction = first_price_auction(bid_step=F(1, 2))
    mask1, mask2 = auction.undominated()
    eq = extreme_bayes_nash_equilibrium(auction.game, (1, 1), "min", mask1, mask2)
    assert eq.exact
    assert is_bayes_nash_equilibrium(auction.game, eq.row_strategy, eq.col_strategy)
    x, y = eq.as_arrays()
    assert np.all(x[~mask1] == 0) and np.all(y[~mask2] == 0)
    assert eq.row_payoff + eq.col_payoff == F(5, 4)


def test_malformed_bayesian_games_raise() -> None:
    """Issue 'Tests': malformed input (probabilities not summing to one, mismatched
    shapes, zero-probability types) raises ValueError naming the argument."""
    row = np.zeros((2, 2, 2, 2))
    with pytest.raises(ValueError, match="prior must sum to one"):
        BayesianGame([[0.5, 0.2], [0.2, 0.2]], row, row)
    with pytest.raises(ValueError, match="prior must be non-negative"):
        BayesianGame([[1.5, -0.5], [0, 0]], row, row)
    with pytest.raises(ValueError, match="col must have the shape"):
        BayesianGame([[0.25, 0.25], [0.25, 0.25]], row, np.zeros((2, 2, 2, 3)))
    with pytest.raises(ValueError, match="row must have shape"):
        BayesianGame([[0.25, 0.25], [0.25, 0.25]], np.zeros((3, 2, 2, 2)), np.zeros((3, 2, 2, 2)))
    with pytest.raises(ValueError, match="type 1 of the row player has probability zero"):
        BayesianGame([[0.5, 0.5], [0, 0]], row, row)
    game = BayesianGame([[0.25, 0.25], [0.25, 0.25]], row, row)
    with pytest.raises(ValueError, match="row_strategy: type 0 must sum to one"):
        ex_ante_payoffs(game, [[0.5, 0.4], [1, 0]], [[1, 0], [1, 0]])
    with pytest.raises(ValueError, match="sense must be"):
        extreme_bayes_nash_equilibrium(game, sense="best")
    with pytest.raises(ValueError, match="row_allowed must allow"):
        extreme_bayes_nash_equilibrium(game, row_allowed=[[False, False], [True, True]])
