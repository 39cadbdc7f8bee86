"""Agents that bargain, and the loop that plays them: the agent protocol.

This module is the contract between the protocol engine and every kind of
agent (rational here; quantal and language-model agents elsewhere).

Decisions
---------
:class:`Proposal`
    what a proposer offers: ``scheme`` — for a persuasion game a direct scheme,
    a ``(T, n)`` table whose row ``θ`` is the distribution of recommended
    actions in state ``θ`` (Fractions, ints or floats; stored as exact
    Fractions, a row summing to one within ``1e-9`` is rescaled to sum to one
    exactly) — or ``split`` — for a split game the number ``x``.  Exactly one of
    the two is given.  A sender-proposer offers the scheme she will commit to; a
    receiver-proposer announces the scheme φ1 that fixes her demand.
:class:`Response`
    ``accept``: a receiver answering a sender's scheme *obeys* (π1, ``True``) or
    *ignores signals* (π0, ``False``); a sender answering a receiver's φ1
    accepts (commits to a scheme the receiver obeys) or rejects; in split games
    accept/reject.  A sender who accepts a φ1 may name the ``scheme`` she commits
    to; without one, the engine commits her to her best reply (the scheme best
    for her among those the receiver obeys, see
    :func:`persuasion.bargaining.protocols.sender_reply`; under the rule
    ``"identical"``, φ1 itself).  If she names a scheme
    the receiver does not obey under the game's rule, the receiver ignores
    signals (the disagreement payoffs are realized).
``Turn``
    one offer of the history: number, proposer, proposal, response, the
    proposal's payoffs if accepted, and after a rejection whether the game went
    on (the continuation coin; ``None`` when no coin was drawn).

What an agent sees
------------------
:class:`GameView`: its ``role`` (``"sender"`` or ``"receiver"``), the
:class:`~persuasion.bargaining.games.BargainingGame` (``game.source`` is the
:class:`persuasion.Instance` — prior, payoffs — or the
:class:`~persuasion.bargaining.games.SplitGame`; ``game.horizon`` is
``"one_shot"``, ``"repeated"`` or ``"alternating"``; ``game.max_offers``,
``game.continuation`` δ, ``game.first``, ``game.rule``), the current offer
number ``offer`` (from 1) and the ``history`` of earlier turns.  In a split
game "sender" is player 1 (the first payoff) and "receiver" player 2.

Agents
------
:class:`Agent` is a :class:`typing.Protocol`: ``propose(view) -> Proposal`` and
``respond(view, proposal) -> Response``.  :class:`RationalAgent` plays the exact
subgame-perfect strategy of :func:`persuasion.bargaining.protocols.solve_game`.

Playing
-------
:func:`play` runs the bargaining stage turn by turn (after a rejected offer the
game goes on with probability δ, drawn from a generator spawned from ``rng``;
a rejected last offer ends it) and then the realization stage
(:func:`persuasion.bargaining.realization.realization_stage`, from a second
spawned generator, so the coins do not depend on how long the realization is),
and returns a :class:`PlayRecord`: the history, the outcome (``"agreement"``,
``"disagreement"`` after the last offer, ``"breakdown"`` after a failed coin),
the committed scheme or split and policy, and the expected (exact) and
realized payoffs.  Conventions: the receiver obeys when indifferent, a
responder accepts when indifferent, a rejected last offer ends at the
disagreement point.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Protocol, runtime_checkable

import numpy as np

from ..rational import exact_distribution, to_fraction
from ..validation import as_generator, as_positive_int
from .checks import ROLES, other
from .games import BargainingGame, BargainingSet, bargaining_set
from .polygon import Point
from .protocols import Equilibrium, sender_reply, solve_game
from .realization import RealizationStage, realization_stage
from .splits import SplitGame

Scheme = tuple[tuple[Fraction, ...], ...]


@dataclass(frozen=True)
class Proposal:
    """An offer: a direct ``scheme`` (persuasion games) or a ``split`` (split games)."""

    scheme: Any = None
    split: Any = None

    def __post_init__(self) -> None:
        if (self.scheme is None) == (self.split is None):
            raise ValueError("proposal must give exactly one of scheme and split")
        if self.scheme is not None:
            rows = np.asarray(self.scheme, dtype=object)
            if rows.ndim != 2 or rows.shape[0] == 0 or rows.shape[1] < 2:
                raise ValueError(f"scheme must be a (T, n) table with n >= 2, got shape "
                                 f"{rows.shape}")
            exact = tuple(exact_distribution(f"scheme row {t}", row) for t, row in
                          enumerate(self.scheme))
            object.__setattr__(self, "scheme", exact)
        else:
            try:
                value = to_fraction(self.split)
            except ValueError:
                raise ValueError(f"split must be a number, got {self.split!r}") from None
            object.__setattr__(self, "split", value)

    @classmethod
    def of(cls, agreement: Any) -> Proposal:
        """The proposal of an :class:`~persuasion.bargaining.games.Agreement`."""
        if agreement.split is not None:
            return cls(split=agreement.split)
        return cls(scheme=agreement.scheme)


@dataclass(frozen=True)
class Response:
    """An answer: ``accept`` (obey / accept) or not; a sender accepting a receiver's
    φ1 may name the ``scheme`` she commits to."""

    accept: bool
    scheme: Any = None

    def __post_init__(self) -> None:
        if not isinstance(self.accept, bool | np.bool_):
            raise ValueError(f"accept must be a boolean, got {self.accept!r}")
        object.__setattr__(self, "accept", bool(self.accept))
        if self.scheme is not None:
            object.__setattr__(self, "scheme", Proposal(scheme=self.scheme).scheme)

    @property
    def obey(self) -> bool:
        """The receiver's reading of ``accept``: obey (π1) rather than ignore (π0)."""
        return self.accept


@dataclass(frozen=True)
class Turn:
    """One offer and its answer."""

    offer: int
    proposer: str
    proposal: Proposal
    response: Response
    value: Point | None = None  # payoffs of the deal if accepted (exact)
    continued: bool | None = None  # the continuation coin after a rejection


@dataclass(frozen=True)
class GameView:
    """What an agent sees when it decides (module docstring)."""

    role: str
    game: BargainingGame
    offer: int
    history: tuple[Turn, ...] = ()

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise ValueError(f"role must be 'sender' or 'receiver', got {self.role!r}")
        if not isinstance(self.game, BargainingGame):
            raise ValueError(f"game must be a BargainingGame, got {type(self.game).__name__}")
        as_positive_int("offer", self.offer)

    @property
    def proposer(self) -> str:
        """Who makes the current offer."""
        return self.game.proposer(self.offer)

    @property
    def is_last(self) -> bool:
        """Whether the current offer is the last one allowed."""
        return self.game.is_last(self.offer)


@runtime_checkable
class Agent(Protocol):
    """Anything that can propose and respond."""

    def propose(self, view: GameView) -> Proposal: ...

    def respond(self, view: GameView, proposal: Proposal) -> Response: ...


# ----------------------------------------------------------------------------- the deal
def check_proposal(game: BargainingGame, proposal: Any) -> Proposal:
    """``proposal`` validated against ``game`` (kind, shape, range), else ``ValueError``."""
    if not isinstance(proposal, Proposal):
        raise ValueError(f"proposal must be a Proposal, got {type(proposal).__name__}")
    if isinstance(game.source, SplitGame):
        if proposal.split is None:
            raise ValueError("proposal must give a split in a split game")
        game.source.check_split("proposal split", proposal.split)
    else:
        if proposal.scheme is None:
            raise ValueError("proposal must give a scheme in a persuasion game")
        shape = (len(proposal.scheme), len(proposal.scheme[0]))
        want = (game.source.n_states, game.source.n_actions)
        if shape != want:
            raise ValueError(f"proposal scheme must have shape {want}, got {shape}")
    return proposal


@dataclass(frozen=True)
class Deal:
    """What an accepted offer commits the players to: the ``scheme`` (persuasion) or
    ``split``, the receiver's ``policy`` (``"obey"`` = π1 or ``"ignore"`` = π0) and the
    exact expected payoffs."""

    scheme: Scheme | None
    split: Fraction | None
    policy: str
    value: Point


def deal_of(game: BargainingGame, proposer: str, proposal: Proposal,
            response: Response | None = None) -> Deal:
    """The commitments and payoffs if ``proposal`` by ``proposer`` is accepted."""
    bset = bargaining_set(game)
    check_proposal(game, proposal)
    if bset.is_split:
        return Deal(None, proposal.split, "obey", bset.source.payoffs(proposal.split))
    if proposer == "sender":
        return Deal(proposal.scheme, None, "obey", bset.value_of_scheme(proposal.scheme))
    announced = bset.value_of_scheme(proposal.scheme)[1]
    if response is not None and response.scheme is not None:
        scheme = response.scheme
        if len(scheme) != game.source.n_states or len(scheme[0]) != game.source.n_actions:
            raise ValueError("response scheme must have the game's shape (T, n)")
        value = bset.value_of_scheme(scheme)
        obeyed = {"at_least": value[1] >= announced, "equal": value[1] == announced,
                  "identical": scheme == proposal.scheme}[game.rule]
        if obeyed:
            return Deal(scheme, None, "obey", value)
        return Deal(scheme, None, "ignore", bset.disagreement)
    if game.rule == "identical":
        return Deal(proposal.scheme, None, "obey", bset.value_of_scheme(proposal.scheme))
    point = sender_reply(bset, announced, game.rule)
    return Deal(bset.agreement(point).scheme, None, "obey", point)


# ----------------------------------------------------------------------------- agents
class RationalAgent:
    """Plays the exact subgame-perfect strategy (:func:`solve_game`), whatever the history:
    offers the equilibrium proposal of the current offer number, accepts an offer iff
    its payoff is at least what rejecting is worth (ties: accept)."""

    def __init__(self) -> None:
        self._solved: dict[int, tuple[BargainingGame, Equilibrium]] = {}

    def equilibrium(self, game: BargainingGame) -> Equilibrium:
        """The (cached) equilibrium of ``game``."""
        key = id(game)
        if key not in self._solved or self._solved[key][0] is not game:
            self._solved[key] = (game, solve_game(game))
        return self._solved[key][1]

    def propose(self, view: GameView) -> Proposal:
        return Proposal.of(self.equilibrium(view.game).proposal(view.offer))

    def respond(self, view: GameView, proposal: Proposal) -> Response:
        eq = self.equilibrium(view.game)
        deal = deal_of(view.game, other(view.role), proposal)
        own = 0 if view.role == "sender" else 1
        accept = deal.value[own] >= eq.threshold(view.offer)[own]
        if accept and view.role == "sender" and deal.scheme is not None:
            return Response(True, scheme=deal.scheme)
        return Response(accept)


# ----------------------------------------------------------------------------- playing
@dataclass(frozen=True, eq=False)
class PlayRecord:
    """One play of a bargaining game (module docstring).

    ``expected`` is exact (the deal's payoffs, or the disagreement point);
    ``realized`` the mean payoffs of the realization stage; ``last_proposer`` the
    role that made the last offer (``None`` if no offer was made).
    """

    game: BargainingGame
    history: tuple[Turn, ...]
    outcome: str
    deal: Deal | None
    expected: Point
    realization: RealizationStage = field(repr=False)

    @property
    def realized(self) -> tuple[float, float]:
        return self.realization.empirical

    @property
    def agreed(self) -> bool:
        return self.outcome == "agreement"

    @property
    def offers(self) -> int:
        return len(self.history)

    @property
    def last_proposer(self) -> str | None:
        return self.history[-1].proposer if self.history else None


def _check_agent(name: str, agent: Any) -> Any:
    if not (callable(getattr(agent, "propose", None)) and callable(getattr(agent, "respond",
                                                                            None))):
        raise ValueError(f"{name} must have propose(view) and respond(view, proposal) methods")
    return agent


def play(game: BargainingGame, sender_agent: Any, receiver_agent: Any, rng: Any,
         realization_rounds: int = 100) -> PlayRecord:
    """Play ``game`` with the two agents (bargaining stage, then realization stage)."""
    if not isinstance(game, BargainingGame):
        raise ValueError(f"game must be a BargainingGame, got {type(game).__name__}")
    agents = {"sender": _check_agent("sender_agent", sender_agent),
              "receiver": _check_agent("receiver_agent", receiver_agent)}
    rng = as_generator("rng", rng)
    realization_rounds = as_positive_int("realization_rounds", realization_rounds)
    coins, realize = rng.spawn(2)
    bset: BargainingSet = bargaining_set(game)
    history: list[Turn] = []
    deal: Deal | None = None
    outcome = "disagreement"
    offer = 1
    while True:
        proposer = game.proposer(offer)
        responder = other(proposer)
        proposal = agents[proposer].propose(GameView(proposer, game, offer, tuple(history)))
        check_proposal(game, proposal)
        response = agents[responder].respond(GameView(responder, game, offer, tuple(history)),
                                             proposal)
        if not isinstance(response, Response):
            raise ValueError(f"{responder}_agent.respond must return a Response, "
                             f"got {type(response).__name__}")
        if response.accept:
            deal = deal_of(game, proposer, proposal, response)
            history.append(Turn(offer, proposer, proposal, response, deal.value))
            outcome = "agreement"
            break
        if game.is_last(offer):
            history.append(Turn(offer, proposer, proposal, response))
            outcome = "disagreement"
            break
        go_on = True if game.continuation == 1 else bool(coins.random() < game.continuation)
        history.append(Turn(offer, proposer, proposal, response, None, go_on))
        if not go_on:
            outcome = "breakdown"
            break
        offer += 1
    if deal is not None and deal.policy == "obey":
        agreed = deal.split if bset.is_split else deal.scheme
        stage = realization_stage(bset, agreed, realization_rounds, realize, "obey")
        expected = deal.value
    else:
        stage = realization_stage(bset, None, realization_rounds, realize, "ignore")
        expected = bset.disagreement
    return PlayRecord(game, tuple(history), outcome, deal, expected, stage)
