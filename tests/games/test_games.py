"""Tests of persuasion.games.normal_form: normal-form games, Nash and Stackelberg equilibria."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from persuasion.games.normal_form import (
    NormalFormGame,
    best_responses,
    expected_payoffs,
    is_nash_equilibrium,
    mixed_stackelberg_equilibrium,
    nash_equilibria,
    pure_nash_equilibria,
    stackelberg_equilibrium,
)
from persuasion.rational import to_fraction

F = Fraction


def battle_of_the_sexes() -> NormalFormGame:
    return NormalFormGame(
        [[10, 0], [0, 9]], [[9, 0], [0, 10]], ("opera", "football"), ("opera", "football")
    )


def prompting() -> NormalFormGame:
    return NormalFormGame([[10, 5, -1], [-1, -1, 8]], [[9, 8, -1], [-1, -1, 10]])


def test_battle_of_the_sexes_equilibria_exact() -> None:
    """Slides 'economic settings / examples': the bimatrix game (10,9)/(9,10), whose
    actions are selected in a Nash equilibrium; all three equilibria, exactly."""
    game = battle_of_the_sexes()
    assert pure_nash_equilibria(game) == [(0, 0), (1, 1)]
    eqs = nash_equilibria(game)
    assert [(e.row_strategy, e.col_strategy, e.payoffs) for e in eqs] == [
        ((F(1), F(0)), (F(1), F(0)), (F(10), F(9))),
        ((F(0), F(1)), (F(0), F(1)), (F(9), F(10))),
        ((F(10, 19), F(9, 19)), (F(9, 19), F(10, 19)), (F(90, 19), F(90, 19))),
    ]
    assert eqs[2].row_payoff == sp.Rational(90, 19)
    assert [e.is_pure for e in eqs] == [True, True, False]


def test_expected_payoffs_and_best_responses_exact() -> None:
    """Slides 'economic settings': player i receives u_i(a); expected payoffs of mixed
    strategies and best responses, in exact arithmetic."""
    game = battle_of_the_sexes()
    assert expected_payoffs(game, [F(1, 2), F(1, 2)], 0) == (F(5), F(9, 2))
    assert best_responses(game, "row", [F(9, 19), F(10, 19)]) == (0, 1)
    assert best_responses(game, "col", [F(1, 2), F(1, 2)]) == (1,)
    assert best_responses(game, "row", 1) == (1,)


def test_degenerate_game_keeps_pure_equilibria() -> None:
    """Slides 'AI-augmented examples': with weather w = 0 football pays (0, 0), a
    degenerate game; both pure equilibria are still found."""
    game = NormalFormGame([[10, 0], [0, 0]], [[9, 0], [0, 0]])
    payoffs = sorted(e.payoffs for e in nash_equilibria(game))
    assert payoffs == [(0, 0), (10, 9)]


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000))
def test_support_enumeration_on_random_nondegenerate_games(seed: int) -> None:
    """Slides 'economic settings' (Nash equilibria of bimatrix games): every equilibrium
    found is one, and a nondegenerate game has an odd number of them."""
    rng = np.random.default_rng(seed)
    m, n = rng.integers(2, 4, size=2)
    row = np.round(rng.random((m, n)), 6)
    col = np.round(rng.random((m, n)), 6)
    game = NormalFormGame(row, col)
    eqs = nash_equilibria(game)
    assert len(eqs) % 2 == 1
    for eq in eqs:
        assert is_nash_equilibrium(game, eq.row_strategy, eq.col_strategy)
        assert sum(eq.row_strategy) == 1 and sum(eq.col_strategy) == 1


def test_prompting_stackelberg_equilibrium() -> None:
    """Slides 'Stackelberg game': leader commits to a, follower best-responds; the 2x3
    matrix ((10,9),(5,8),(-1,-1) / (-1,-1),(-1,-1),(8,10)) has SE (a1, b1) with payoffs
    (10, 9); the follower answers a1 with b1 and a2 with b3."""
    se = stackelberg_equilibrium(prompting())
    assert (se.leader_action, se.follower_action) == (0, 0)
    assert (se.leader_payoff, se.follower_payoff) == (10, 9)
    assert se.responses == (0, 2)
    assert se.best_response_sets == ((0,), (2,))


def test_stackelberg_tie_breaking_rule() -> None:
    """Slides 'Stackelberg game' (b*(a) in argmax): with a follower tie, the stated rule
    decides: leader-favourable (strong) vs leader-adverse (weak) equilibrium."""
    game = NormalFormGame([[3, 0], [1, 1]], [[1, 1], [0, 2]])
    strong = stackelberg_equilibrium(game, tie_break="leader")
    weak = stackelberg_equilibrium(game, tie_break="adverse")
    assert (strong.leader_action, strong.follower_action, strong.leader_payoff) == (0, 0, 3)
    assert (weak.leader_action, weak.follower_action, weak.leader_payoff) == (1, 1, 1)


def test_column_player_can_lead() -> None:
    """Slides 'Stackelberg game': the leader may be either player."""
    se = stackelberg_equilibrium(prompting().transpose(), leader="col")
    assert (se.leader_action, se.follower_action, se.leader_payoff) == (0, 0, 10)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(-5, 5), min_size=6, max_size=6))
def test_aligned_stackelberg_equilibrium_is_the_best_cell(values: list[int]) -> None:
    """Slides 'Stackelberg game': if leader and follower are aligned, payoffs are totally
    ordered and the SE is the best outcome."""
    v = np.array(values).reshape(2, 3)
    se = stackelberg_equilibrium(NormalFormGame(v, v))
    assert se.leader_payoff == v.max()


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 10_000))
def test_commitment_beats_simultaneous_play(seed: int) -> None:
    """von Stengel and Zamir (2010), behind the slides' 'prompting as a Stackelberg
    game': optimal mixed commitment is worth at least pure commitment and at least the
    leader's payoff in any Nash equilibrium."""
    rng = np.random.default_rng(seed)
    row = rng.integers(-3, 4, size=(2, 3))
    col = rng.integers(-3, 4, size=(2, 3))
    game = NormalFormGame(row, col)
    mixed = mixed_stackelberg_equilibrium(game)
    pure = stackelberg_equilibrium(game)
    assert mixed.leader_payoff >= float(pure.leader_payoff) - 1e-9
    best_ne = max(float(e.row_payoff) for e in nash_equilibria(game))
    assert mixed.leader_payoff >= best_ne - 1e-9


def test_mixed_commitment_on_prompting_game_is_pure() -> None:
    """Slides 'prompting as a Stackelberg game': on the slides' matrix, committing to a1
    outright is optimal even among mixed commitments."""
    mixed = mixed_stackelberg_equilibrium(prompting())
    assert mixed.follower_action == 0
    assert mixed.leader_payoff == pytest.approx(10.0)
    np.testing.assert_allclose(mixed.leader_strategy, [1.0, 0.0], atol=1e-9)


def test_to_fraction_reads_decimals_exactly() -> None:
    """Exactness convention: 0.9 means 9/10, a SymPy rational keeps its value."""
    assert to_fraction(0.9) == F(9, 10)
    assert to_fraction(sp.Rational(5, 2)) == F(5, 2)
    assert to_fraction(np.int64(3)) == 3
    with pytest.raises(ValueError, match="exact number"):
        to_fraction("abc")


@pytest.mark.parametrize(
    ("row", "col", "match"),
    [
        ([[1, 2], [3, 4]], [[1, 2, 3], [4, 5, 6]], "col must have the shape"),
        ([1, 2], [1, 2], "row must have 2 dimension"),
        ([[1, np.nan]], [[1, 2]], "row must hold finite"),
        (np.zeros((0, 2)), np.zeros((0, 2)), "row must hold at least one action"),
    ],
)
def test_malformed_games_raise(row: object, col: object, match: str) -> None:
    """Issue 'Tests': payoff matrices of mismatched shapes raise the documented error."""
    with pytest.raises(ValueError, match=match):
        NormalFormGame(row, col)


def test_malformed_strategies_raise() -> None:
    """Issue 'Tests': probabilities not summing to one raise ValueError naming them."""
    game = battle_of_the_sexes()
    with pytest.raises(ValueError, match="row_strategy must sum to one"):
        expected_payoffs(game, [0.5, 0.6], 0)
    with pytest.raises(ValueError, match="col_strategy must be non-negative"):
        expected_payoffs(game, 0, [1.5, -0.5])
    with pytest.raises(ValueError, match="col_strategy must have 2 entries"):
        is_nash_equilibrium(game, 0, [1, 0, 0])
    with pytest.raises(ValueError, match="player must be"):
        best_responses(game, "third", 0)
    with pytest.raises(ValueError, match="tie_break must be"):
        stackelberg_equilibrium(game, tie_break="random")
    with pytest.raises(ValueError, match="row_labels must have 2"):
        NormalFormGame([[1, 2], [3, 4]], [[1, 2], [3, 4]], row_labels=["x"])
