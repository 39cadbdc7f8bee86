"""The agent protocol and the play loop (chapter "Information bargaining", section
"The protocol engine"; the contract the agents of the next chapter implement)."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

import persuasion as ps
from persuasion.bargaining import (
    Agent,
    BargainingGame,
    GameView,
    Proposal,
    RationalAgent,
    Response,
    SplitGame,
    check_proposal,
    play,
    solve_game,
)
from persuasion.random_instances import random_instance

F = Fraction
BASE = ps.Instance([F(2, 3), F(1, 3)], [[0, 1], [0, 1]], [[0, -1], [0, 1]])


def _games(count: int, seed: int) -> list[BargainingGame]:
    rng = np.random.default_rng(seed)
    games = []
    for k in range(count):
        source = (random_instance(rng, 2 + k % 2, 2 + (k // 2) % 2, max_payoff=2)
                  if k % 5 else SplitGame(("unbounded", "bounded")[k % 2]))
        first = ("sender", "receiver")[k % 2]
        rule = ("at_least", "equal", "identical")[(k // 3) % 3]
        kind = k % 3
        if kind == 0:
            games.append(BargainingGame.one_shot(source, first, rule))
        elif kind == 1:
            games.append(BargainingGame.repeated(source, 1 + k % 5, first, F(1, 1 + k % 2),
                                                 rule))
        else:
            games.append(BargainingGame.alternating(source, first, F(9, 10), 1 + k % 10, rule))
    return games


class Stubborn:
    """Rejects every offer and proposes a fixed offer: an off-path opponent."""

    def __init__(self, proposal: Proposal) -> None:
        self.proposal = proposal

    def propose(self, view: GameView) -> Proposal:
        return self.proposal

    def respond(self, view: GameView, proposal: Proposal) -> Response:
        return Response(False)


def test_rational_agents_play_the_equilibrium() -> None:
    """Two rational agents agree on the first offer at the exact subgame-perfect payoffs,
    with the equilibrium scheme or split (120 random games, persuasion and splits, all
    three horizons and all three receiver-proposer rules)."""
    for k, game in enumerate(_games(120, 11)):
        record = play(game, RationalAgent(), RationalAgent(), k, realization_rounds=20)
        eq = solve_game(game)
        assert record.outcome == "agreement" and record.offers == 1
        assert record.expected == eq.point == record.deal.value
        assert record.last_proposer == game.first
        if game.is_split:
            assert record.deal.split == eq.split
        else:
            assert record.deal.scheme == tuple(tuple(row) for row in eq.scheme)


def test_rational_responder_against_stubborn_proposer() -> None:
    """Off path: against an opponent who rejects everything, the game ends in disagreement
    after the last offer or in breakdown after a failed coin, paying d; a rational receiver
    ignores a non-persuasive scheme worth less than rejecting."""
    game = BargainingGame.alternating(BASE, "sender", F(1, 2), 6)
    outcomes = set()
    for seed in range(40):
        record = play(game, RationalAgent(), Stubborn(Proposal(scheme=[[1, 0], [1, 0]])), seed,
                      realization_rounds=5)
        outcomes.add(record.outcome)
        if record.outcome != "agreement":
            assert record.expected == (0, 0)
            assert all(turn.continued for turn in record.history[:-1])
        else:  # the stubborn receiver's uninformative φ1 (worth 0 to her) is accepted
            assert record.history[-1].proposer == "receiver"
    assert outcomes == {"agreement", "breakdown"}
    bad = Proposal(scheme=[[0, 1], [0, 1]])  # "always act": uninformative, worth 0 to her
    two = BargainingGame.alternating(BASE, "sender", F(9, 10), 2)  # rejecting is worth 3/10
    record = play(two, Stubborn(bad), RationalAgent(), 0, realization_rounds=5)
    assert not record.history[0].response.accept
    assert record.outcome in ("disagreement", "breakdown") and record.expected == (0, 0)


def test_play_is_reproducible_and_coins_are_independent_of_realization() -> None:
    """Same seed, same record; the continuation coins do not depend on the realization
    length (they come from their own spawned generator)."""
    game = BargainingGame.alternating(BASE, "receiver", F(1, 2), 8)
    stubborn = Stubborn(Proposal(scheme=[[F(1, 2), F(1, 2)], [0, 1]]))
    a = play(game, stubborn, Stubborn(Proposal(scheme=[[1, 0], [0, 1]])), 5, 10)
    b = play(game, stubborn, Stubborn(Proposal(scheme=[[1, 0], [0, 1]])), 5, 300)
    assert [t.continued for t in a.history] == [t.continued for t in b.history]
    c = play(game, stubborn, Stubborn(Proposal(scheme=[[1, 0], [0, 1]])), 5, 300)
    assert np.array_equal(b.realization.payoffs, c.realization.payoffs)


def test_receiver_proposer_deal_uses_the_senders_best_reply() -> None:
    """A sender accepting φ1 without naming a scheme is committed to her best reply: on the
    base game φ1 = (x1, x2) = (1/4, 1/2) is worth 0 to the receiver; the best reply is the
    persuasion point (2/3, 0)."""
    game = BargainingGame.one_shot(BASE, "receiver")

    class Accept:
        def propose(self, view):
            raise AssertionError("not the proposer")

        def respond(self, view, proposal):
            return Response(True)

    phi1 = Proposal(scheme=[[F(3, 4), F(1, 4)], [F(1, 2), F(1, 2)]])
    record = play(game, Accept(), Stubborn(phi1), 1, 10)
    assert record.expected == (F(2, 3), 0)


def test_decisions_validate() -> None:
    """Proposal and Response validate their fields and name them; check_proposal checks
    kind, shape and range against the game; rows summing to one within 1e-9 are rescaled."""
    assert Proposal(scheme=[[0.3, 0.7], [0, 1]]).scheme == ((F(3, 10), F(7, 10)), (0, 1))
    near = Proposal(scheme=[[0.3333333333333, 0.6666666666667], [1, 0]]).scheme
    assert sum(near[0]) == 1
    with pytest.raises(ValueError, match="exactly one"):
        Proposal()
    with pytest.raises(ValueError, match="exactly one"):
        Proposal(scheme=[[1, 0]], split=0.5)
    with pytest.raises(ValueError, match="scheme row 0"):
        Proposal(scheme=[[0.5, 0.4], [1, 0]])
    with pytest.raises(ValueError, match="scheme row 0"):
        Proposal(scheme=[[-0.5, 1.5], [1, 0]])
    with pytest.raises(ValueError, match="scheme"):
        Proposal(scheme=[1, 0])
    with pytest.raises(ValueError, match="split"):
        Proposal(split="half")
    with pytest.raises(ValueError, match="accept"):
        Response("yes")
    assert Response(np.bool_(True)).obey
    game = BargainingGame.one_shot(BASE)
    with pytest.raises(ValueError, match="shape"):
        check_proposal(game, Proposal(scheme=[[1, 0, 0], [0, 1, 0]]))
    with pytest.raises(ValueError, match="scheme in a persuasion game"):
        check_proposal(game, Proposal(split=F(1, 2)))
    pie = BargainingGame.one_shot(SplitGame("bounded"))
    with pytest.raises(ValueError, match="split"):
        check_proposal(pie, Proposal(split=F(3, 4)))
    with pytest.raises(ValueError, match="split in a split game"):
        check_proposal(pie, Proposal(scheme=[[1, 0]]))
    with pytest.raises(ValueError, match="role"):
        GameView("judge", game, 1)
    with pytest.raises(ValueError, match="offer"):
        GameView("sender", game, 0)


def test_play_bad_input() -> None:
    """play names the bad argument: game, agents without the protocol's methods, rng,
    realization_rounds; BargainingGame checks horizon, rule, first, max_offers."""
    game = BargainingGame.one_shot(BASE)
    assert isinstance(RationalAgent(), Agent)
    with pytest.raises(ValueError, match="game"):
        play(BASE, RationalAgent(), RationalAgent(), 0)
    with pytest.raises(ValueError, match="sender_agent"):
        play(game, object(), RationalAgent(), 0)
    with pytest.raises(ValueError, match="receiver_agent"):
        play(game, RationalAgent(), "agent", 0)
    with pytest.raises(ValueError, match="rng"):
        play(game, RationalAgent(), RationalAgent(), None)
    with pytest.raises(ValueError, match="realization_rounds"):
        play(game, RationalAgent(), RationalAgent(), 0, realization_rounds=0)
    with pytest.raises(ValueError, match="horizon"):
        BargainingGame(BASE, "forever")
    with pytest.raises(ValueError, match="rule"):
        BargainingGame(BASE, rule="greater")
    with pytest.raises(ValueError, match="first"):
        BargainingGame(BASE, first="nobody")
    with pytest.raises(ValueError, match="max_offers"):
        BargainingGame(BASE, "one_shot", 2)
    with pytest.raises(ValueError, match="max_offers"):
        BargainingGame(BASE, "alternating", 0)
    with pytest.raises(ValueError, match="continuation"):
        BargainingGame(BASE, "alternating", None, 1)
