"""The plain bargaining analogs of the experiments: splits of a pie.

Lin et al. (2025) validate their agents on plain bargaining before persuasion:

- the **unbounded split** pays ``(x, 1 − x)`` for ``x ∈ [0, 1]``;
- the **bounded split** pays ``((1 + 2x)/3, (1 − 2x)/3)`` for ``x ∈ [0, 1/2]``,
  which is the Pareto frontier of the base persuasion game read as a pie
  (``x`` is the probability of recommending action in the weak state when the
  strong state is always recommended): player 2 never gets more than 1/3.

Disagreement pays ``(0, 0)``.  The first payoff is player 1's, called "sender"
by the engine, the second player 2's ("receiver").  The protocols of
:mod:`persuasion.bargaining.protocols` solve both; :func:`pie_share` is the
textbook closed form for the unbounded split, an independent check:
with at most ``T`` offers and continuation δ the first proposer gets
``Σ_{k<T} (−δ)^k = (1 − (−δ)^T)/(1 + δ)``, and ``1/(1 + δ)`` with no limit
(Rubinstein, 1982).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from ..rational import to_fraction
from ..validation import as_positive_int
from .checks import as_continuation

Point = tuple[Fraction, Fraction]

#: Split games.
SPLITS = ("unbounded", "bounded")


@dataclass(frozen=True)
class SplitGame:
    """A plain bargaining problem over a split ``x`` (module docstring)."""

    kind: str = "unbounded"

    def __post_init__(self) -> None:
        if self.kind not in SPLITS:
            raise ValueError(f"kind must be one of {SPLITS}, got {self.kind!r}")

    @property
    def bounds(self) -> tuple[Fraction, Fraction]:
        """The range of ``x``."""
        return (Fraction(0), Fraction(1) if self.kind == "unbounded" else Fraction(1, 2))

    def payoffs(self, x: Any) -> Point:
        """``(player 1, player 2)`` payoffs of the split ``x`` (exact)."""
        x = self.check_split("x", x)
        if self.kind == "unbounded":
            return (x, 1 - x)
        return ((1 + 2 * x) / 3, (1 - 2 * x) / 3)

    def split_of(self, point: Point) -> Fraction:
        """The ``x`` whose payoffs are ``point`` (a point of the frontier)."""
        x = point[0] if self.kind == "unbounded" else (3 * point[0] - 1) / 2
        if self.payoffs(x) != tuple(point):
            raise ValueError(f"point {point} is not a split of the {self.kind} game")
        return x

    def check_split(self, name: str, x: Any) -> Fraction:
        """``x`` as a Fraction within :attr:`bounds`, else ``ValueError`` naming ``name``."""
        try:
            value = to_fraction(x)
        except ValueError:
            raise ValueError(f"{name} must be a number, got {x!r}") from None
        low, high = self.bounds
        if not low <= value <= high:
            raise ValueError(f"{name} must lie in [{low}, {high}], got {x!r}")
        return value


def pie_share(continuation: Any, max_offers: int | None) -> Fraction:
    """The first proposer's subgame-perfect share of a unit pie under alternating
    offers (closed form, module docstring); ``max_offers=None`` for no limit."""
    delta = as_continuation(continuation)
    if max_offers is None:
        if delta == 1:
            raise ValueError("continuation must be below 1 for an infinite horizon")
        return 1 / (1 + delta)
    T = as_positive_int("max_offers", max_offers)
    return (1 - (-delta) ** T) / (1 + delta)
