"""Informational advantage versus proposer advantage.

The abstract of Lin et al. (2025) separates two advantages that classic
Bayesian persuasion conflates: the sender's *informational* advantage and the
*proposer's* (commitment) advantage.  The paper's body is not public; the book
uses these definitions, relative to the disagreement point ``d``:

- **informational advantage**: what the sender secures *without* proposing,
  when the receiver makes a take-it-or-leave-it offer:
  ``I = U_S(receiver proposes) − d_S``.  The receiver's best offer is her best
  point subject to the sender's participation; the sender keeps the rent the
  receiver cannot take from her without destroying information;
- **proposer advantage** (of the sender): what proposing adds,
  ``P = U_S(sender proposes) − U_S(receiver proposes)``, so that the classic
  persuasion gain ``U_S(BP) − d_S = I + P``;
- the receiver's proposer advantage ``U_R(receiver proposes) − U_R(sender
  proposes)``;
- for reference, the sender's gain under symmetric bargaining (Nash):
  ``U_S(Nash) − d_S``.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from .polygon import Point
from .protocols import ultimatum
from .solutions import disagreement_point, nash_bargaining


@dataclass(frozen=True)
class Advantages:
    """The decomposition of the module docstring (exact)."""

    disagreement: Point
    sender_proposes: Point
    receiver_proposes: Point
    nash: Point

    @property
    def informational(self) -> Fraction:
        return self.receiver_proposes[0] - self.disagreement[0]

    @property
    def proposer(self) -> Fraction:
        return self.sender_proposes[0] - self.receiver_proposes[0]

    @property
    def persuasion_gain(self) -> Fraction:
        """``U_S(BP) − d_S`` = informational + proposer advantage."""
        return self.sender_proposes[0] - self.disagreement[0]

    @property
    def receiver_proposer(self) -> Fraction:
        return self.receiver_proposes[1] - self.sender_proposes[1]

    @property
    def nash_gain(self) -> Fraction:
        return self.nash[0] - self.disagreement[0]


def advantages(game: Any) -> Advantages:
    """The informational / proposer decomposition of an instance or split game."""
    return Advantages(
        disagreement_point(game).point,
        ultimatum(game, "sender").point,
        ultimatum(game, "receiver").point,
        nash_bargaining(game).point,
    )
