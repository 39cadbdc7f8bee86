"""Quantal agents: agent QRE by backward induction, and its limit the rational agent.

Backs the chapter "Agents in information bargaining", section on quantal agents: the
equilibrium is the logit response computed offer by offer from the last, it is checked
against an independent forward computation, and as the temperature goes to zero its
payoffs approach the exact subgame-perfect ones within the resolution of the grid.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from persuasion.bargaining import BargainingGame, GameView, SplitGame, bargaining_set, play
from persuasion.bargaining.agents import Proposal, deal_of
from persuasion.bargaining.experiment import base_game
from persuasion.bargaining.protocols import solve_game
from persuasion.bargaining.quantal import (
    QuantalAgent,
    proposal_grid,
    quantal_equilibrium,
)
from persuasion.model import Instance


def games(source):
    return [
        BargainingGame.one_shot(source, "sender"),
        BargainingGame.one_shot(source, "receiver"),
        BargainingGame.repeated(source, 3),
        BargainingGame.alternating(source, "sender", Fraction(9, 10), 6),
        BargainingGame.alternating(source, "receiver", Fraction(9, 10), 5),
    ]


SOURCES = [SplitGame("unbounded"), SplitGame("bounded"), base_game()]
# the payoff change between neighbouring grid proposals (grid = 20)
STEP = {"unbounded": 1 / 20, "bounded": 1 / 30, "persuasion": 1 / 30}


def step_of(source):
    return STEP[source.kind] if isinstance(source, SplitGame) else STEP["persuasion"]


@pytest.mark.parametrize("source", SOURCES, ids=["unbounded", "bounded", "letter"])
def test_zero_temperature_limit_is_subgame_perfect(source):
    """As the temperature goes to zero the QRE payoffs approach the exact subgame-perfect
    payoffs, within two grid steps (the limit proposer offers the best grid point strictly
    above the responder's indifference)."""
    for game in games(source):
        eq = solve_game(game)
        q = quantal_equilibrium(game, 1e-5, grid=20)
        gap = np.abs(q.value - [float(eq.sender), float(eq.receiver)]).max()
        assert gap <= 2 * step_of(source) + 1e-9, (game.horizon, game.first, gap)


def test_finer_grid_gets_closer():
    """On the unbounded split the zero-temperature gap shrinks with the grid step."""
    game = BargainingGame.alternating(SplitGame("unbounded"), "sender", Fraction(9, 10), 10)
    eq = solve_game(game)
    gaps = [abs(quantal_equilibrium(game, 1e-6, grid=g).value[0] - float(eq.sender))
            for g in (10, 40, 160)]
    assert gaps[2] <= 2 / 160 + 1e-9 and gaps[2] < gaps[0]


def forward_values(game, lam, grid):
    """Independent computation: enumerate the offers forward by recursion (no arrays)."""
    proposals = proposal_grid(game.source, grid)
    d = (0.0, 0.0)
    delta = float(game.continuation)
    T = game.max_offers

    def value(k):
        if k == T:
            floor = d
        else:
            v = value(k + 1)
            floor = (delta * v[0] + (1 - delta) * d[0], delta * v[1] + (1 - delta) * d[1])
        proposer = game.proposer(k)
        own, them = (0, 1) if proposer == "sender" else (1, 0)
        rows = []
        for p in proposals:
            u = [float(x) for x in deal_of(game, proposer, p).value]
            a = 1 / (1 + np.exp(-(u[them] - floor[them]) / lam))
            rows.append((a, u))
        eu = [a * u[own] + (1 - a) * floor[own] for a, u in rows]
        w = np.exp((np.array(eu) - max(eu)) / lam)
        w /= w.sum()
        return tuple(
            sum(wi * (a * u[j] + (1 - a) * floor[j]) for wi, (a, u) in zip(w, rows, strict=True))
            for j in (0, 1)
        )

    return value(1)


@pytest.mark.parametrize("lam", [0.02, 0.2])
def test_backward_induction_matches_a_forward_recursion(lam):
    """The vectorized backward induction equals a plain recursive computation."""
    for source in (SplitGame("bounded"), base_game()):
        for game in games(source)[2:4]:
            q = quantal_equilibrium(game, lam, grid=6)
            assert np.allclose(q.value, forward_values(game, lam, 6), atol=1e-12)


def test_probabilities_are_distributions_and_logistic():
    """Proposal probabilities sum to one; acceptance is the logistic of the payoff gain."""
    game = BargainingGame.alternating(base_game(), "receiver", Fraction(9, 10), 4)
    q = quantal_equilibrium(game, 0.1, grid=8)
    for k in range(4):
        assert q.choice[k].min() >= 0 and abs(q.choice[k].sum() - 1) < 1e-12
        assert np.all((q.acceptance[k] > 0) & (q.acceptance[k] < 1))
    agent = QuantalAgent(0.1, grid=8, rng=0)
    view = GameView("sender", game, 1)
    proposal = q.proposals[17]
    u = float(deal_of(game, "receiver", proposal).value[0])
    expected = 1 / (1 + np.exp(-(u - q.thresholds[0][0]) / 0.1))
    assert agent.accept_probability(view, proposal) == pytest.approx(expected, abs=1e-12)
    # an off-grid proposal is valued exactly
    off = Proposal(scheme=((Fraction(2, 3), Fraction(1, 3)), (Fraction(0), Fraction(1))))
    assert 0 < agent.accept_probability(view, off) < 1


def test_higher_temperature_lowers_the_ultimatum_proposer_payoff():
    """In the one-shot ultimatum the proposer's QRE payoff falls as noise rises."""
    game = BargainingGame.one_shot(SplitGame("unbounded"), "sender")
    values = [quantal_equilibrium(game, lam, 50).value[0] for lam in (0.001, 0.01, 0.1, 1.0)]
    assert all(a > b for a, b in zip(values, values[1:], strict=False))


def random_instance(rng, states, actions):
    prior = rng.integers(1, 4, size=states)
    prior = [Fraction(int(p), int(prior.sum())) for p in prior]
    sender = rng.integers(-1, 3, size=(states, actions)).tolist()
    receiver = rng.integers(-1, 3, size=(states, actions)).tolist()
    return Instance(prior, sender, receiver)


def test_cold_equilibrium_is_the_best_strictly_acceptable_grid_offer():
    """On 150 random 2-state integer games (ties included), the near-zero-temperature QRE
    of the one-shot ultimatum gives the sender what a brute force over the grid gives:
    the best of: an offer the receiver strictly prefers to the disagreement point, the
    even chance of an offer leaving her exactly indifferent (logit acceptance 1/2), the
    disagreement payoff; and never more than the exact subgame-perfect payoff."""
    rng = np.random.default_rng(11)
    for trial in range(150):
        inst = random_instance(rng, 2, 2 + trial % 2)
        game = BargainingGame.one_shot(inst, "sender")
        q = quantal_equilibrium(game, 1e-7, grid=3)
        eq = solve_game(game)
        d = bargaining_set(inst).disagreement
        brute = d[0]
        for p in q.proposals:
            u = deal_of(game, "sender", p).value
            if u[1] > d[1]:
                brute = max(brute, u[0])
            elif u[1] == d[1]:
                brute = max(brute, (u[0] + d[0]) / 2)
        assert q.value[0] <= float(eq.sender) + 1e-6
        assert q.value[0] == pytest.approx(float(brute), abs=1e-6), trial


def test_play_is_seeded():
    """The same seeds give the same plays; other seeds give other plays somewhere."""
    game = BargainingGame.alternating(base_game(), "sender")

    def run(seed):
        rec = play(game, QuantalAgent(0.2, rng=seed), QuantalAgent(0.2, rng=seed + 1), seed)
        return [(t.proposal, t.response.accept) for t in rec.history]

    assert run(3) == run(3)
    assert any(run(3) != run(s) for s in range(4, 10))


@pytest.mark.parametrize("bad", [0, -0.1, float("nan"), float("inf"), True, "hot", None])
def test_bad_temperature(bad):
    """A temperature that is not a positive finite number raises ValueError naming it."""
    with pytest.raises(ValueError, match="temperature"):
        QuantalAgent(bad)
    with pytest.raises(ValueError, match="temperature"):
        quantal_equilibrium(BargainingGame.one_shot(SplitGame()), bad)


def test_bad_inputs():
    """Bad grid, rng, game and an infinite horizon raise ValueError naming the argument."""
    with pytest.raises(ValueError, match="grid"):
        QuantalAgent(0.1, grid=0)
    with pytest.raises(ValueError, match="rng"):
        QuantalAgent(0.1, rng=None)
    with pytest.raises(ValueError, match="game"):
        quantal_equilibrium("ultimatum", 0.1)
    infinite = BargainingGame.alternating(SplitGame(), "sender", Fraction(9, 10), None)
    with pytest.raises(ValueError, match="max_offers"):
        quantal_equilibrium(infinite, 0.1)
