"""What the two sides bargain over, and the games they bargain in.

Two kinds of bargaining problems share one engine:

- a **persuasion game** (:class:`persuasion.Instance`): the agreements are
  persuasive direct schemes, their payoffs fill the outcome polygon of
  :mod:`persuasion.bargaining.outcomes`, and the disagreement point is the
  receiver ignoring signals (π0);
- a **split game** (:class:`SplitGame`, the plain bargaining analogs of the
  experiments of Lin et al., 2025): the agreements are numbers ``x``; the
  *unbounded* split pays ``(x, 1 − x)`` for ``x ∈ [0, 1]``, the *bounded*
  split pays ``((1 + 2x)/3, (1 − 2x)/3)`` for ``x ∈ [0, 1/2]`` (the Pareto
  frontier of the base persuasion game, read as a pie), disagreement ``(0, 0)``.
  The first payoff is "the sender's" (player 1), the second "the receiver's".

:func:`bargaining_set` turns either into a :class:`BargainingSet` (polygon,
frontier, disagreement point, and the map from a payoff pair to the agreement
that achieves it).  :class:`BargainingGame` adds the protocol: one-shot,
repeated ultimatum or alternating offers, number of offers, continuation
probability δ, first proposer and the receiver-proposer rule.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from ..rational import to_fraction
from ..validation import as_real_array
from .checks import as_continuation, check_role, other
from .outcomes import (
    OutcomeSet,
    Scheme,
    check_instance,
    constant_scheme,
    induced_play,
    outcome_set,
    prior_action,
)
from .polygon import Frontier, Point, contains, convex_hull
from .splits import SplitGame

#: Horizons of the bargaining stage.
HORIZONS = ("one_shot", "repeated", "alternating")
#: Receiver-proposer rules: obey schemes giving at least (the rule of Lin et al.) or
#: exactly the payoff of the announced scheme, or only the announced scheme itself (the
#: public experiment code).  All three have the same equilibrium values.
RULES = ("at_least", "equal", "identical")


@dataclass(frozen=True, eq=False)
class BargainingSet:
    """A bargaining problem: the polygon of achievable payoffs, its frontier, the
    disagreement point and how to achieve each point.

    ``source`` is the :class:`persuasion.Instance` or :class:`SplitGame`;
    ``outcomes`` the exact outcome set of an instance (``None`` for splits).
    """

    source: Any
    vertices: tuple[Point, ...]
    disagreement: Point
    outcomes: OutcomeSet | None = field(repr=False, default=None)

    @property
    def frontier(self) -> Frontier:
        return Frontier.of_polygon(self.vertices)

    @property
    def is_split(self) -> bool:
        return isinstance(self.source, SplitGame)

    def disagreement_scheme(self) -> Scheme | None:
        """The scheme whose obedient play gives the disagreement point (the constant
        recommendation of the receiver's prior best response), ``None`` for splits."""
        if self.is_split:
            return None
        inst = self.source
        return constant_scheme(inst.n_states, inst.n_actions,
                               prior_action(inst, self.outcomes.data))

    def agreement(self, point: Point, label: str = "") -> Agreement:
        """The :class:`Agreement` achieving a boundary ``point`` (or the disagreement point)."""
        point = (Fraction(point[0]), Fraction(point[1]))
        if self.is_split:
            return Agreement(point[0], point[1], None, self.source.split_of(point), label)
        if point == self.disagreement:
            scheme = self.disagreement_scheme()
        else:
            scheme = self.outcomes.scheme_at(point)
        return Agreement(point[0], point[1], scheme, None, label)

    def value_of_scheme(self, scheme: Any) -> Point:
        """Exact payoffs of a direct scheme when the receiver best-responds (π1)."""
        play = induced_play(self.source, scheme, self.outcomes.data)
        return (play.sender, play.receiver)


@dataclass(frozen=True)
class Agreement:
    """A point of the bargaining set with what achieves it.

    ``sender`` and ``receiver`` are the expected payoffs (exact Fractions);
    ``scheme`` is the persuasive direct scheme (rows of Fractions) for a
    persuasion game, ``split`` the ``x`` of a split game; ``label`` names it.
    """

    sender: Fraction
    receiver: Fraction
    scheme: Scheme | None = None
    split: Fraction | None = None
    label: str = ""

    @property
    def point(self) -> Point:
        return (self.sender, self.receiver)


_CACHE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_SPLIT_CACHE: dict[str, BargainingSet] = {}


def bargaining_set(game: Any) -> BargainingSet:
    """The :class:`BargainingSet` of an instance, a split game or a :class:`BargainingGame`
    (cached per object).  Raises ``ValueError`` naming ``instance`` for anything else."""
    if isinstance(game, BargainingGame):
        game = game.source
    if isinstance(game, BargainingSet):
        return game
    if isinstance(game, SplitGame):
        if game.kind not in _SPLIT_CACHE:
            low, high = game.bounds
            ends = [game.payoffs(low), game.payoffs(high)]
            d = (Fraction(0), Fraction(0))
            _SPLIT_CACHE[game.kind] = BargainingSet(game, tuple(convex_hull([*ends, d])), d)
        return _SPLIT_CACHE[game.kind]
    check_instance(game)
    cached = _CACHE.get(game)
    if cached is None:
        outcomes = outcome_set(game)
        action = prior_action(game, outcomes.data)
        scheme = constant_scheme(game.n_states, game.n_actions, action)
        play = induced_play(game, scheme, outcomes.data)
        cached = BargainingSet(game, outcomes.vertices, (play.sender, play.receiver), outcomes)
        _CACHE[game] = cached
    return cached


def check_disagreement(bset: BargainingSet, disagreement: Any) -> Point:
    """The disagreement point to use: the set's own, or a validated achievable pair
    (a point of the polygon; else ``ValueError`` naming ``disagreement``)."""
    if disagreement is None:
        return bset.disagreement
    as_real_array("disagreement", disagreement, shape=(2,))  # the shared checks first
    first, second = np.asarray(disagreement, dtype=object)
    d = (to_fraction(first), to_fraction(second))
    if not contains(bset.vertices, d):
        raise ValueError(f"disagreement {disagreement!r} is not an achievable payoff pair "
                         "(outside the outcome polygon)")
    return d


@dataclass(frozen=True, eq=False)
class BargainingGame:
    """A bargaining stage: what is bargained over and the protocol.

    Parameters
    ----------
    source: a :class:`persuasion.Instance` (persuasion game) or a :class:`SplitGame`.
    horizon: ``"one_shot"`` (one offer), ``"repeated"`` (repeated ultimatum: the
        same proposer up to ``max_offers`` times) or ``"alternating"`` (roles swap
        after each rejection, at most ``max_offers`` offers).
    max_offers: number of offers allowed (1 for one-shot; ``None`` is an infinite
        horizon and needs ``continuation < 1``).
    continuation: δ, the probability that the bargaining goes on after a rejected
        offer (otherwise it ends at the disagreement point); in (0, 1].
    first: who makes the first offer.
    rule: how a receiver-proposer's announcement binds her: ``"at_least"`` (she
        obeys any scheme giving her at least the payoff of her announced scheme
        φ1), ``"equal"`` (exactly that payoff) or ``"identical"`` (only φ1 itself, as
        coded in the public experiments).  The equilibrium values are the same under
        the three rules; they differ off the equilibrium path.

    Conventions: the receiver obeys when indifferent between actions; a responder
    accepts when indifferent; a rejected last offer ends at the disagreement point.
    """

    source: Any
    horizon: str = "one_shot"
    max_offers: int | None = 1
    continuation: Fraction = Fraction(1)
    first: str = "sender"
    rule: str = "at_least"

    def __post_init__(self) -> None:
        if not isinstance(self.source, SplitGame):
            check_instance(self.source)
        if self.horizon not in HORIZONS:
            raise ValueError(f"horizon must be one of {HORIZONS}, got {self.horizon!r}")
        check_role("first", self.first)
        if self.rule not in RULES:
            raise ValueError(f"rule must be one of {RULES}, got {self.rule!r}")
        delta = as_continuation(self.continuation)
        object.__setattr__(self, "continuation", delta)
        offers = self.max_offers
        if offers is None:
            if delta == 1:
                raise ValueError("continuation must be below 1 for an infinite horizon "
                                 "(max_offers=None)")
        elif isinstance(offers, bool) or not isinstance(offers, int) or offers < 1:
            raise ValueError(f"max_offers must be a positive integer or None, got {offers!r}")
        if self.horizon == "one_shot" and offers != 1:
            raise ValueError(f"max_offers must be 1 for a one-shot game, got {offers!r}")

    @classmethod
    def one_shot(cls, source: Any, first: str = "sender", rule: str = "at_least"
                 ) -> BargainingGame:
        """A take-it-or-leave-it offer by ``first``."""
        return cls(source, "one_shot", 1, Fraction(1), first, rule)

    @classmethod
    def repeated(cls, source: Any, rounds: int, proposer: str = "sender",
                 continuation: Any = 1, rule: str = "at_least") -> BargainingGame:
        """Repeated ultimatum: ``proposer`` offers up to ``rounds`` times."""
        return cls(source, "repeated", rounds, continuation, proposer, rule)

    @classmethod
    def alternating(cls, source: Any, first: str = "sender", continuation: Any = Fraction(9, 10),
                    max_offers: int | None = 10, rule: str = "at_least") -> BargainingGame:
        """Alternating offers: roles swap after each rejection."""
        return cls(source, "alternating", max_offers, continuation, first, rule)

    @property
    def is_split(self) -> bool:
        return isinstance(self.source, SplitGame)

    def proposer(self, offer: int) -> str:
        """Who makes offer number ``offer`` (counted from 1)."""
        if self.horizon == "alternating" and offer % 2 == 0:
            return other(self.first)
        return self.first

    def is_last(self, offer: int) -> bool:
        """Whether offer number ``offer`` is the last one allowed."""
        return self.max_offers is not None and offer >= self.max_offers

