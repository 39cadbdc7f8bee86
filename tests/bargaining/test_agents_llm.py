"""Agents against the exact engine: rational and quantal agents played turn by turn, and
the language-model agent's prompts, parsing, retries and fallbacks (scripted answers).

Backs the chapter "Agents in information bargaining", sections on the agents: rational
agents played through the protocol reach the engine's exact subgame-perfect payoffs on
random games with ties; a quantal agent's play is a draw from its equilibrium; the
language-model agent turns JSON answers into proposals and responses of the protocol.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from persuasion.bargaining import BargainingGame, GameView, RationalAgent, SplitGame, play
from persuasion.bargaining.agents import Proposal
from persuasion.bargaining.experiment import base_game
from persuasion.bargaining.language_agent import (
    FRAMINGS,
    LanguageModelAgent,
    describe,
    fmt,
    scheme_of,
)
from persuasion.bargaining.llm import ChatClient, InvalidAnswerError, Sampling
from persuasion.bargaining.llm.transcript import Completion
from persuasion.bargaining.protocols import solve_game
from persuasion.bargaining.quantal import QuantalAgent, quantal_equilibrium
from persuasion.model import Instance


def random_instance(rng, states, actions):
    prior = rng.integers(1, 4, size=states)
    prior = [Fraction(int(p), int(prior.sum())) for p in prior]
    sender = rng.integers(-1, 3, size=(states, actions)).tolist()
    receiver = rng.integers(-1, 3, size=(states, actions)).tolist()
    return Instance(prior, sender, receiver)


def test_rational_play_reaches_the_exact_equilibrium():
    """On 200 random integer games (2 or 3 states and actions, ties included) and every
    horizon, two rational agents played by the engine agree on the first offer at the
    exact subgame-perfect payoffs."""
    rng = np.random.default_rng(4)
    for trial in range(200):
        inst = random_instance(rng, 2 + trial % 2, 2 + (trial // 2) % 2)
        game = [
            BargainingGame.one_shot(inst, "sender" if trial % 3 else "receiver"),
            BargainingGame.repeated(inst, 3, "receiver"),
            BargainingGame.alternating(inst, "sender" if trial % 2 else "receiver",
                                       Fraction(9, 10), 4),
        ][trial % 3]
        record = play(game, RationalAgent(), RationalAgent(), trial, realization_rounds=1)
        assert record.agreed and record.offers == 1
        assert record.expected == solve_game(game).point


def test_quantal_first_offer_follows_its_equilibrium():
    """A quantal proposer's first offers are draws from its equilibrium's distribution
    (chi-square-free check: the empirical mean payoff matches the equilibrium mean)."""
    game = BargainingGame.one_shot(SplitGame("unbounded"), "sender")
    q = quantal_equilibrium(game, 0.05, grid=10)
    agent = QuantalAgent(0.05, grid=10, rng=1)
    draws = [float(agent.propose(GameView("sender", game, 1)).split) for _ in range(4000)]
    mean = sum(float(p.split) * w for p, w in zip(q.proposals, q.choice[0], strict=True))
    assert np.mean(draws) == pytest.approx(mean, abs=0.01)


class Scripted:
    """In-process backend answering from a list, recording requests."""

    def __init__(self, answers):
        self.answers = list(answers)
        self.requests = []

    def complete(self, request):
        self.requests.append(request)
        return Completion(self.answers[min(len(self.requests), len(self.answers)) - 1])


def agent(answers, framing="abstract"):
    backend = Scripted(answers)
    client = ChatClient(backend, "m", Sampling.greedy_local(), max_attempts=2)
    return LanguageModelAgent(client, framing, {"setting": "t"}), backend


def test_language_agent_proposes_schemes_and_splits():
    """JSON answers become exact proposals: (x1, x2) a scheme, x a split."""
    game = BargainingGame.one_shot(base_game(), "sender")
    a, backend = agent(['{"x1": 0.5, "x2": 1}'])
    proposal = a.propose(GameView("sender", game, 1))
    assert proposal == Proposal(scheme=scheme_of(Fraction(1, 2), 1))
    schema = backend.requests[0]["response_format"]["json_schema"]["schema"]
    assert set(schema["properties"]) == {"x1", "x2"}
    split_game = BargainingGame.one_shot(SplitGame("bounded"), "receiver")
    a, backend = agent(['{"x": 0.25}'])
    assert a.propose(GameView("receiver", split_game, 1)).split == Fraction(1, 4)
    assert backend.requests[0]["response_format"]["json_schema"]["schema"]["properties"][
        "x"]["maximum"] == 0.5


def test_language_agent_responds():
    """accept/reject answers become responses; the prompt names the offer."""
    game = BargainingGame.alternating(base_game(), "sender")
    a, backend = agent(['{"decision": "reject"}'], framing="letter")
    proposal = Proposal(scheme=scheme_of(Fraction(1, 4), 1))
    assert a.respond(GameView("receiver", game, 1), proposal).accept is False
    text = backend.requests[0]["messages"][-1]["content"]
    assert "(x1, x2) = (1/4, 1)" in text and "the professor" in text.lower()


def test_out_of_range_proposal_is_retried_then_clipped():
    """Out-of-range numbers are retried; if every attempt is out of range the last
    answer is clipped into range and counted."""
    game = BargainingGame.one_shot(base_game(), "sender")
    a, backend = agent(['{"x1": 2, "x2": 1}', '{"x1": 0.2, "x2": 1}'])
    assert a.propose(GameView("sender", game, 1)) == Proposal(
        scheme=scheme_of(Fraction(1, 5), 1))
    assert a.clipped == 0 and len(backend.requests) == 2
    a, backend = agent(['{"x1": 2, "x2": -1}'])
    assert a.propose(GameView("sender", game, 1)) == Proposal(scheme=scheme_of(1, 0))
    assert a.clipped == 1 and len(backend.requests) == 2
    a, _ = agent(["not json"])
    with pytest.raises(InvalidAnswerError):
        a.propose(GameView("sender", game, 1))


def test_language_agents_play_a_whole_game():
    """Two language-model agents play alternating offers through the engine: the history
    is shown in later prompts and the deal is the engine's."""
    game = BargainingGame.alternating(SplitGame("unbounded"), "sender", Fraction(1), 3)
    answers = ['{"x": 0.9}', '{"decision": "reject"}', '{"x": 0.2}', '{"decision": "accept"}']
    backend = Scripted(answers)
    backend.answers = answers
    order = iter(answers)

    class InOrder(Scripted):
        def complete(self, request):
            self.requests.append(request)
            return Completion(next(order))

    backend = InOrder([])
    client = ChatClient(backend, "m")
    a = LanguageModelAgent(client)
    record = play(game, a, a, 0, realization_rounds=1)
    assert record.agreed and record.offers == 2
    assert record.expected == (Fraction(1, 5), Fraction(4, 5))
    assert "Offer 1: player A proposed x = 9/10; rejected." in backend.requests[2]["messages"][1][
        "content"]


def test_prompts_are_deterministic_and_framed():
    """Each framing gives its own wording of the same numbers; prompts do not change
    between calls."""
    game = BargainingGame.alternating(base_game(), "receiver")
    texts = {f: describe(GameView("sender", game, 1), f)[1]["content"] for f in FRAMINGS}
    assert len(set(texts.values())) == 3
    for text in texts.values():
        assert "2/3" in text and "1/3" in text and "9/10" in text and "10 offers" in text
    assert describe(GameView("sender", game, 1), "seller") == describe(
        GameView("sender", game, 1), "seller")
    assert fmt(Fraction(2, 3)) == "2/3" and fmt(0.30000000001) == "0.3" and fmt(-0.0) == "0"


def test_language_agent_bad_input():
    """A bad framing, a client that is not a ChatClient, or a game with more than two
    states or actions raise ValueError naming the argument."""
    with pytest.raises(ValueError, match="framing"):
        agent(["{}"], framing="poem")
    with pytest.raises(ValueError, match="client"):
        LanguageModelAgent("client")
    big = Instance([0.5, 0.5], [[0, 1, 2], [0, 1, 2]], [[1, 0, 0], [0, 0, 1]])
    a, _ = agent(["{}"])
    with pytest.raises(ValueError, match="instance"):
        a.propose(GameView("sender", BargainingGame.one_shot(big, "sender"), 1))
