"""Subgame-perfect values of the bargaining stage, exactly, by backward induction.

The bargaining stage of Lin et al. (2025): offers are made one at a time.  A
sender-proposer offers a scheme; the receiver answers by committing to obey it
(π1, best-respond to her posteriors) or to ignore signals (π0).  A
receiver-proposer announces a scheme φ1 and commits to obey any scheme giving
her **at least** her payoff under φ1 (else π0); the sender answers by
committing to a scheme, and her best reply is the scheme best for her among
those (rule ``"equal"``: exactly her payoff under φ1; rule ``"identical"``: φ1
itself, as in the public code; the three rules have the same equilibrium values).
Either way an offer is a point of the outcome polygon, and the proposer's best
offer is the Pareto point best for her among those leaving the responder at
least what rejecting is worth (:class:`persuasion.bargaining.polygon.Frontier`).

Conventions: the receiver obeys when indifferent; a responder accepts when
indifferent; after a rejected offer the game goes on with probability δ
(``continuation``) and otherwise ends at the disagreement point ``d``; a
rejected last offer ends at ``d``.  So the responder to offer ``k`` accepts iff
she gets at least

.. math:: C_k = δ V_{k+1} + (1 − δ) d \\quad (k < T), \\qquad C_T = d,

where ``V_{k+1}`` is the value of the game from offer ``k + 1`` on, and the
proposer of offer ``k`` offers the best point for her subject to that, so
``V_k`` is that point (agreement at once on the equilibrium path).

Horizons: one-shot ultimatum (``T = 1``), repeated ultimatum (the same
proposer, up to ``rounds`` offers), alternating offers (roles swap after each
rejection, ``max_offers`` offers).  With ``max_offers=None`` and ``δ < 1`` the
infinite-horizon (Rubinstein, 1982) values: the stationary pair of offers ``x``
(sender's) and ``y`` (receiver's) with ``x_R = δ y_R + (1 − δ) d_R`` and
``y_S = δ x_S + (1 − δ) d_S``, solved exactly piece by piece of the frontier.
As δ → 1 both tend to the Nash bargaining solution (Binmore, Rubinstein and
Wolinsky, 1986).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from ..errors import PersuasionError
from ..validation import as_positive_int
from .games import (
    Agreement,
    BargainingGame,
    BargainingSet,
    as_continuation,
    bargaining_set,
    check_role,
    other,
)
from .polygon import Frontier, Point, chord


def _mix(delta: Fraction, v: Point, d: Point) -> Point:
    return (delta * v[0] + (1 - delta) * d[0], delta * v[1] + (1 - delta) * d[1])


def best_offer(frontier: Frontier, proposer: str, floor: Point) -> Point:
    """The proposer's best point leaving the responder at least her coordinate of ``floor``."""
    responder_floor = floor[1] if proposer == "sender" else floor[0]
    point = frontier.best_for(proposer, responder_floor)
    if point is None:
        raise PersuasionError(f"no achievable point gives the {other(proposer)} "
                              f"at least {responder_floor}")
    return point


@dataclass(frozen=True, eq=False)
class Equilibrium:
    """Subgame-perfect play of a :class:`BargainingGame` (agreement on the first offer).

    ``sender``, ``receiver``: the equilibrium payoffs (exact); ``scheme`` or
    ``split``: the agreement.  :meth:`offer_point` and :meth:`threshold` give, for
    every offer ``k`` (from 1), the equilibrium offer and the payoffs a rejection
    is worth (``C_k``); a responder accepts iff her payoff is at least hers in
    ``threshold(k)``.
    """

    game: BargainingGame
    sender: Fraction
    receiver: Fraction
    scheme: Any
    split: Fraction | None
    offers: tuple[Point, ...] = field(repr=False)
    thresholds: tuple[Point, ...] = field(repr=False)
    stationary: bool = False

    @property
    def point(self) -> Point:
        return (self.sender, self.receiver)

    def _index(self, offer: int) -> int:
        offer = as_positive_int("offer", offer)
        if self.stationary:
            return 0 if self.game.proposer(offer) == "sender" else 1
        if self.game.max_offers is not None and offer > self.game.max_offers:
            raise ValueError(f"offer must be at most {self.game.max_offers}, got {offer}")
        return offer - 1

    def offer_point(self, offer: int) -> Point:
        """Payoffs of the equilibrium offer number ``offer``."""
        return self.offers[self._index(offer)]

    def threshold(self, offer: int) -> Point:
        """What rejecting offer number ``offer`` is worth to each player (``C_k``)."""
        return self.thresholds[self._index(offer)]

    def proposal(self, offer: int) -> Agreement:
        """The equilibrium offer number ``offer`` with its scheme or split."""
        proposer = self.game.proposer(offer)
        return bargaining_set(self.game).agreement(self.offer_point(offer), f"{proposer} offer")


def _finite(game: BargainingGame, bset: BargainingSet) -> tuple[list[Point], list[Point]]:
    frontier, d, delta = bset.frontier, bset.disagreement, game.continuation
    T = game.max_offers
    offers: list[Point] = [d] * T
    thresholds: list[Point] = [d] * T
    value = d
    for k in range(T, 0, -1):
        floor = d if k == T else _mix(delta, value, d)
        value = best_offer(frontier, game.proposer(k), floor)
        offers[k - 1], thresholds[k - 1] = value, floor
    return offers, thresholds


def _pieces(frontier: Frontier, role: str) -> list[tuple[Fraction, Fraction, Fraction, Fraction]]:
    """``best_for(role, c)``'s own payoff as affine pieces ``(lo, hi, α, β)``: α + β c on
    ``[lo, hi]`` (``lo = None``: unbounded below)."""
    v = frontier.vertices
    own, them = (0, 1) if role == "sender" else (1, 0)
    # the responder's coordinate along the frontier, from the proposer's best end
    chain = list(reversed(v)) if role == "sender" else list(v)
    pieces = [(None, chain[0][them], chain[0][own], Fraction(0))]
    for p, q in zip(chain, chain[1:], strict=False):
        beta = (q[own] - p[own]) / (q[them] - p[them])
        pieces.append((p[them], q[them], p[own] - beta * p[them], beta))
    return pieces


def _stationary(game: BargainingGame, bset: BargainingSet) -> tuple[Point, Point]:
    """Exact stationary offers ``(x, y)`` of the infinite-horizon game with δ < 1."""
    frontier, d, delta = bset.frontier, bset.disagreement, game.continuation
    if game.horizon == "repeated":
        # the same proposer forever: her ultimatum point is stationary
        x = best_offer(frontier, game.first, d)
        assert best_offer(frontier, game.first, _mix(delta, x, d)) == x
        return (x, x)
    for lo_f, hi_f, alpha, beta in _pieces(frontier, "sender"):
        for lo_g, hi_g, gamma, eps in _pieces(frontier, "receiver"):
            # a = α + β (δ b + (1−δ) d_R),  b = γ + ε (δ a + (1−δ) d_S)
            det = 1 - beta * eps * delta * delta
            if det == 0:
                continue
            rhs_a = alpha + beta * (1 - delta) * d[1]
            rhs_b = gamma + eps * (1 - delta) * d[0]
            a = (rhs_a + beta * delta * rhs_b) / det
            b = (rhs_b + eps * delta * rhs_a) / det
            c_r = delta * b + (1 - delta) * d[1]
            c_s = delta * a + (1 - delta) * d[0]
            if (lo_f is None or lo_f <= c_r) and c_r <= hi_f and (
                (lo_g is None or lo_g <= c_s) and c_s <= hi_g
            ):
                x = frontier.best_for_sender(c_r)
                y = frontier.best_for_receiver(c_s)
                if x is not None and y is not None and x[0] == a and y[1] == b:
                    return x, y
    raise PersuasionError("no stationary equilibrium found on the frontier pieces")


def solve_game(game: BargainingGame) -> Equilibrium:
    """The subgame-perfect equilibrium of ``game`` (exact; module docstring)."""
    if not isinstance(game, BargainingGame):
        raise ValueError(f"game must be a BargainingGame, got {type(game).__name__}")
    bset = bargaining_set(game)
    d, delta = bset.disagreement, game.continuation
    if game.max_offers is None:
        x, y = _stationary(game, bset)
        offers = (x, y)
        thresholds = (_mix(delta, y, d), _mix(delta, x, d))
        first = x if game.first == "sender" else y
        stationary = True
    else:
        offers_l, thresholds_l = _finite(game, bset)
        offers, thresholds = tuple(offers_l), tuple(thresholds_l)
        first = offers[0]
        stationary = False
    agreement = bset.agreement(first)
    return Equilibrium(game, first[0], first[1], agreement.scheme, agreement.split,
                       offers, thresholds, stationary)


# ----------------------------------------------------------------------------- entry points
def ultimatum(instance: Any, proposer: str = "sender", rule: str = "at_least") -> Equilibrium:
    """One-shot take-it-or-leave-it offer by ``proposer`` (``"sender"`` or ``"receiver"``).

    A sender-proposer gets the Bayesian-persuasion point (the classic sender
    commitment); a receiver-proposer gets her best point subject to the
    sender's participation.
    """
    check_role("proposer", proposer)
    return solve_game(BargainingGame.one_shot(instance, proposer, rule))


def repeated_ultimatum(instance: Any, rounds: int, proposer: str = "sender",
                       continuation: Any = 1, rule: str = "at_least") -> Equilibrium:
    """Repeated ultimatum: the same ``proposer`` offers up to ``rounds`` times, the
    game continuing after a rejection with probability ``continuation``."""
    check_role("proposer", proposer)
    rounds = as_positive_int("rounds", rounds)
    as_continuation(continuation)
    return solve_game(BargainingGame.repeated(instance, rounds, proposer, continuation, rule))


def alternating_offers(instance: Any, first: str = "sender",
                       continuation: Any = Fraction(9, 10), max_offers: int | None = 10,
                       rule: str = "at_least") -> Equilibrium:
    """Alternating offers: ``first`` proposes, roles swap after each rejection, the game
    goes on after a rejection with probability ``continuation`` and stops after
    ``max_offers`` offers (``None``: infinite horizon, Rubinstein's values)."""
    check_role("first", first)
    as_continuation(continuation)
    if max_offers is not None:
        max_offers = as_positive_int("max_offers", max_offers)
    return solve_game(BargainingGame.alternating(instance, first, continuation, max_offers, rule))


def sender_reply(bset: BargainingSet, announced: Fraction, rule: str = "at_least") -> Point:
    """The sender's best reply to a receiver-proposer who announced a scheme worth
    ``announced`` to her: the best point for the sender among those the receiver
    obeys (``U_R ≥ announced``, or ``U_R = announced`` under rule ``"equal"``).
    Under rule ``"identical"`` the only reply is the announced scheme itself (see
    :func:`persuasion.bargaining.agents.deal_of`)."""
    if rule == "identical":
        raise ValueError("rule 'identical' has no best reply by payoff: the sender can only "
                         "commit to the announced scheme")
    if rule == "at_least":
        point = bset.frontier.best_for_sender(announced)
    else:
        ends = chord(bset.vertices, announced, axis=1)
        point = None if ends is None else ends[1]
    if point is None:
        raise ValueError(f"announced payoff {announced} is not achievable")
    return point
