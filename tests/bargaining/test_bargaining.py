"""The base game of Lin et al. (2025) exactly (chapter "Information bargaining": every
value the chapter states for the recommendation-letter game), the split analogs, and the
corrections to the public experiment code (the chapter's note boxes)."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

import persuasion as ps
from persuasion.bargaining import (
    BargainingGame,
    SplitGame,
    advantages,
    alternating_offers,
    babbling_points,
    bargaining_set,
    bayesian_persuasion,
    cheap_talk_equilibria,
    deal_of,
    disagreement_point,
    egalitarian,
    full_revelation,
    kalai_smorodinsky,
    nash_bargaining,
    outcome_set,
    pareto_frontier,
    repeated_ultimatum,
    sender_reply,
    ultimatum,
)
from persuasion.bargaining.agents import Proposal, Response

F = Fraction
#: States weak (2/3) and strong (1/3); actions "not act" and "act"; the sender wants the
#: action, the receiver gains 1 acting in the strong state and loses 1 in the weak one.
BASE = ps.Instance([F(2, 3), F(1, 3)], [[0, 1], [0, 1]], [[0, -1], [0, 1]],
                   state_labels=("weak", "strong"), action_labels=("not act", "act"))


def _x(scheme) -> tuple[Fraction, Fraction]:
    """(x1, x2): probability of recommending "act" in the weak and the strong state."""
    return scheme[0][1], scheme[1][1]


def test_base_game_polygon_and_frontier() -> None:
    """The base game's outcome polygon is the triangle (0,0), (2/3,0), (1/3,1/3); its
    frontier runs from full revelation (1/3,1/3) to persuasion (2/3,0) with U_S + U_R = 2/3,
    achieved by x2 = 1, x1 ∈ [0, 1/2]."""
    polygon = outcome_set(BASE)
    assert polygon.vertices == ((0, 0), (F(2, 3), 0), (F(1, 3), F(1, 3)))
    frontier = pareto_frontier(BASE)
    assert frontier.vertices == ((F(1, 3), F(1, 3)), (F(2, 3), 0))
    for t in (F(0), F(1, 4), F(1, 2), F(1)):
        point = (F(1, 3) + t / 3, F(1, 3) - t / 3)
        assert sum(point) == F(2, 3)
        x1, x2 = _x(polygon.scheme_at(point))
        assert x2 == 1 and x1 == t / 2


def test_base_game_points() -> None:
    """d = (0, 0); classic persuasion (2/3, 0) with x = (1/2, 1); full revelation (1/3, 1/3);
    Nash bargaining (1/3, 1/3) = egalitarian; Kalai–Smorodinsky (4/9, 2/9)."""
    assert disagreement_point(BASE).point == (0, 0)
    bp = bayesian_persuasion(BASE)
    assert bp.point == (F(2, 3), 0) and _x(bp.scheme) == (F(1, 2), 1)
    full = full_revelation(BASE)
    assert full.point == (F(1, 3), F(1, 3)) and _x(full.scheme) == (0, 1)
    assert nash_bargaining(BASE).point == (F(1, 3), F(1, 3))
    assert egalitarian(BASE).point == (F(1, 3), F(1, 3))
    ks = kalai_smorodinsky(BASE)
    assert ks.point == (F(4, 9), F(2, 9)) and _x(ks.scheme) == (F(1, 6), 1)


def test_base_game_protocols() -> None:
    """Ultimatum: sender-proposer (2/3, 0), receiver-proposer (1/3, 1/3); repeated ultimatum
    the same; alternating offers with no limit: sender first (2/3 − δ/3, δ/3), receiver
    first (1/3, 1/3); with at most 10 offers and δ = 9/10 the receiver-first value differs."""
    assert ultimatum(BASE, "sender").point == (F(2, 3), 0)
    assert ultimatum(BASE, "receiver").point == (F(1, 3), F(1, 3))
    assert repeated_ultimatum(BASE, 5, "sender").point == (F(2, 3), 0)
    assert repeated_ultimatum(BASE, 5, "receiver").point == (F(1, 3), F(1, 3))
    for delta in (F(1, 2), F(9, 10), F(99, 100)):
        assert alternating_offers(BASE, "sender", delta, None).point == (
            F(2, 3) - delta / 3, delta / 3)
        assert alternating_offers(BASE, "receiver", delta, None).point == (F(1, 3), F(1, 3))
    finite = alternating_offers(BASE, "receiver", F(9, 10), 10)
    # the sender makes the 10th offer: backward induction by hand on U_S + U_R = 2/3
    value = (F(2, 3), F(0))
    for k in range(9, 0, -1):
        if k % 2 == 1:  # receiver proposes: sender gets δ·V_S, receiver the rest (cap 1/3)
            s = max(F(9, 10) * value[0], F(1, 3))
            value = (s, F(2, 3) - s)
        else:  # sender proposes: receiver gets δ·V_R
            r = F(9, 10) * value[1]
            value = (F(2, 3) - r, r)
    assert finite.point == value
    assert finite.point != (F(1, 3), F(1, 3))


def test_disagreement_and_cheap_talk() -> None:
    """Cheap talk in the base game is babbling only, paying the disagreement point (0, 0):
    commitment buys the sender 2/3.  Babbling and π0 coincide whenever the receiver's best
    response to the prior is unique."""
    equilibria = cheap_talk_equilibria(BASE)
    assert [e.point for e in equilibria] == [(0, 0)] and equilibria[0].babbling
    assert babbling_points(BASE) == [(0, 0)]
    assert bayesian_persuasion(BASE).sender - equilibria[0].sender == F(2, 3)


def test_nonzero_disagreement_point() -> None:
    """An instance whose prior best response (action 0: 3/2 against 1/2 and 1/2) pays
    (1, 3/2) ≠ (0, 0): the solutions and protocols measure gains from there."""
    inst = ps.Instance([F(1, 2), F(1, 2)], [[1, 0, 2], [1, 0, 2]], [[2, 3, 0], [1, -2, 1]])
    d = disagreement_point(inst)
    assert d.point == (F(1), F(3, 2)) and d.point != (0, 0)
    nash = nash_bargaining(inst)
    assert nash.sender >= d.sender and nash.receiver >= d.receiver
    assert ultimatum(inst, "receiver").sender >= d.sender


def test_advantage_decomposition() -> None:
    """Base game: informational advantage 1/3 (what the sender keeps when the receiver
    proposes), proposer advantage 1/3 (what proposing adds); they sum to the persuasion
    gain 2/3; the Nash gain is 1/3."""
    adv = advantages(BASE)
    assert (adv.informational, adv.proposer, adv.persuasion_gain) == (F(1, 3), F(1, 3), F(2, 3))
    assert adv.receiver_proposer == F(1, 3) and adv.nash_gain == F(1, 3)


def test_splits() -> None:
    """Split analogs: unbounded (x, 1 − x), bounded ((1 + 2x)/3, (1 − 2x)/3) on [0, 1/2];
    one-shot targets 1 and 2/3 for a proposer keeping the most; with at most 10 offers and
    δ = 9/10 the first proposer of the unbounded split gets (1 − 0.9¹⁰)/1.9, not 1/2."""
    pie, bounded = SplitGame("unbounded"), SplitGame("bounded")
    assert pie.payoffs(F(1, 4)) == (F(1, 4), F(3, 4))
    assert bounded.payoffs(F(1, 2)) == (F(2, 3), 0) and bounded.payoffs(0) == (F(1, 3), F(1, 3))
    assert ultimatum(pie, "sender").point == (1, 0) and ultimatum(pie, "receiver").point == (0, 1)
    assert ultimatum(bounded, "sender").point == (F(2, 3), 0)
    assert ultimatum(bounded, "receiver").point == (F(1, 3), F(1, 3))
    ten = alternating_offers(pie, "sender", F(9, 10), 10)
    assert ten.sender == (1 - F(9, 10) ** 10) / F(19, 10) and ten.split == ten.sender
    assert alternating_offers(pie, "sender", F(9, 10), None).sender == F(10, 19)
    with pytest.raises(ValueError, match="x"):
        bounded.payoffs(F(3, 4))


def test_public_code_notes() -> None:
    """The note boxes' values.  (1) Equality rules (same payoff, or the public code's same
    scheme): same equilibrium value, but a sender who offers the receiver more than φ1 is
    ignored (disagreement) instead of obeyed.  (2) A
    coin-flip proposer gets 2/3 or 1/3 (mean 1/2), never 2/3 as a receiver.  (3) Showing
    (y1, y1) for the receiver's (y1, y2) = (0, 1) misreports (1/3, 1/3) as (0, 0).
    (4) Finite-horizon alternating targets differ from the infinite-horizon labels."""
    for rule in ("at_least", "equal", "identical"):
        assert ultimatum(BASE, "receiver", rule).point == (F(1, 3), F(1, 3))
    bset = bargaining_set(BASE)
    assert sender_reply(bset, F(1, 6), "at_least") == (F(1, 2), F(1, 6))
    assert sender_reply(bset, F(1, 6), "equal") == (F(1, 2), F(1, 6))
    phi1 = Proposal(scheme=[[F(3, 4), F(1, 4)], [0, 1]])  # U_R = 1/6
    full = Response(True, scheme=[[1, 0], [0, 1]])
    at_least = BargainingGame.one_shot(BASE, "receiver", "at_least")
    equal = BargainingGame.one_shot(BASE, "receiver", "equal")
    assert deal_of(at_least, "receiver", phi1, full).value == (F(1, 3), F(1, 3))
    deal = deal_of(equal, "receiver", phi1, full)
    assert deal.policy == "ignore" and deal.value == (0, 0)
    identical = BargainingGame.one_shot(BASE, "receiver", "identical")
    assert deal_of(identical, "receiver", phi1, full).value == (0, 0)
    assert deal_of(identical, "receiver", phi1).value == (F(1, 2), F(1, 6))
    same = Response(True, scheme=phi1.scheme)
    assert deal_of(identical, "receiver", phi1, same).policy == "obey"
    with pytest.raises(ValueError, match="identical"):
        sender_reply(bset, F(1, 6), "identical")
    sender_first, receiver_first = ultimatum(BASE, "sender"), ultimatum(BASE, "receiver")
    assert (sender_first.sender + receiver_first.receiver) / 2 == F(1, 2)
    assert bset.value_of_scheme([[1, 0], [0, 1]]) == (F(1, 3), F(1, 3))
    assert bset.value_of_scheme([[1, 0], [1, 0]]) == (0, 0)
    for game, first, label in ((SplitGame("unbounded"), "sender", F(1, 2)),
                               (SplitGame("bounded"), "sender", F(1, 3)),
                               (BASE, "sender", F(1, 3))):
        value = alternating_offers(game, first, F(9, 10), 10)
        assert value.sender != label


def test_solutions_bad_input() -> None:
    """Solutions name the bad argument: a non-instance, a disagreement point that is not a
    pair or not achievable."""
    for func in (nash_bargaining, kalai_smorodinsky, egalitarian):
        with pytest.raises(ValueError, match="instance"):
            func([[1, 0]])
        with pytest.raises(ValueError, match="disagreement"):
            func(BASE, disagreement=(F(1), F(1)))
        with pytest.raises(ValueError, match="disagreement"):
            func(BASE, disagreement=(1, 2, 3))
        with pytest.raises(ValueError, match="disagreement"):
            func(BASE, disagreement="origin")
    for func in (bayesian_persuasion, full_revelation, disagreement_point, advantages):
        with pytest.raises(ValueError, match="instance"):
            func(None)
    with pytest.raises(ValueError, match="max_states"):
        cheap_talk_equilibria(ps.Instance(np.full(9, F(1, 9)), np.zeros((9, 2)),
                                          np.eye(9, 2)), max_states=8)
