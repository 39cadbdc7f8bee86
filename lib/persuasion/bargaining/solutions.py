"""Points of the bargaining set: classic persuasion, full revelation, and the
cooperative bargaining solutions, each with the scheme (or split) achieving it.

- :func:`bayesian_persuasion`: the sender's best point (Kamenica and Gentzkow,
  2011): the largest ``U_S`` over persuasive schemes, ties towards the receiver;
- :func:`full_revelation`: the receiver's best point (she learns the state; her
  ties broken for the sender, which is also what obedience gives);
- :func:`disagreement_point`: the receiver ignores signals and best-responds to
  the prior (π0), the threat that backs every rejection;
- :func:`nash_bargaining`: ``argmax (U_S − d_S)(U_R − d_R)`` over achievable
  points with ``U ≥ d`` (Nash, 1950), exact: on each frontier edge the product is
  a concave quadratic in the edge parameter, maximized in closed form;
- :func:`kalai_smorodinsky`: the largest point on the segment from ``d`` to the
  ideal point (each player's best payoff given the other's ``d``) (Kalai and
  Smorodinsky, 1975);
- :func:`egalitarian`: the largest point with equal gains ``U − d`` (Kalai, 1977).

Each accepts a :class:`persuasion.Instance`, a :class:`SplitGame` or a
:class:`BargainingGame`, and an optional ``disagreement`` pair; each returns an
:class:`Agreement` with exact ``sender``, ``receiver`` and the ``scheme``/``split``.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from .games import Agreement, bargaining_set, check_disagreement
from .polygon import lerp, ray_exit


def bayesian_persuasion(game: Any) -> Agreement:
    """The sender's best point (classic Bayesian persuasion, the sender commits first)."""
    bset = bargaining_set(game)
    return bset.agreement(bset.frontier.sender_best, "Bayesian persuasion")


def full_revelation(game: Any) -> Agreement:
    """The receiver's best point: full revelation of the state (for a split game,
    the split best for player 2)."""
    bset = bargaining_set(game)
    return bset.agreement(bset.frontier.receiver_best, "full revelation")


def disagreement_point(game: Any) -> Agreement:
    """The disagreement point: the receiver ignores signals and takes her best response
    to the prior (ties broken for the sender, then lowest index); ``(0, 0)`` for splits."""
    bset = bargaining_set(game)
    return bset.agreement(bset.disagreement, "disagreement")


def nash_product(point: tuple[Fraction, Fraction], d: tuple[Fraction, Fraction]) -> Fraction:
    """``(U_S − d_S)(U_R − d_R)``."""
    return (point[0] - d[0]) * (point[1] - d[1])


def nash_bargaining(game: Any, disagreement: Any = None) -> Agreement:
    """The Nash bargaining solution (exact).  When no achievable point gives both
    players strictly more than ``d`` (the product is then zero on every individually
    rational point), the one individually rational Pareto point is returned."""
    bset = bargaining_set(game)
    d = check_disagreement(bset, disagreement)
    frontier = bset.frontier
    candidates = []
    for p, q in frontier.segments():
        ds, dr = q[0] - p[0], q[1] - p[1]  # ds > 0 > dr along the frontier
        lo = max(Fraction(0), (d[0] - p[0]) / ds)
        hi = min(Fraction(1), (d[1] - p[1]) / dr)
        if lo > hi:
            continue
        # N(t) = (p_S − d_S + t ds)(p_R − d_R + t dr), concave: stationary point clamped
        a, b = p[0] - d[0], p[1] - d[1]
        t = -(a * dr + b * ds) / (2 * ds * dr)
        t = min(max(t, lo), hi)
        candidates.append(lerp(p, q, t))
    if not candidates:  # a one-vertex frontier
        candidates = list(frontier.vertices)
    best = max(candidates, key=lambda u: (nash_product(u, d), u[0] + u[1], u[0]))
    if nash_product(best, d) == 0:
        best = frontier.best_for_sender(d[1])
    return bset.agreement(best, "Nash bargaining")


def ideal_point(game: Any, disagreement: Any = None) -> tuple[Fraction, Fraction]:
    """Each player's best payoff among achievable points giving the other her ``d``."""
    bset = bargaining_set(game)
    d = check_disagreement(bset, disagreement)
    return (bset.frontier.best_for_sender(d[1])[0], bset.frontier.best_for_receiver(d[0])[1])


def _along(game: Any, disagreement: Any, direction_of: Any, label: str) -> Agreement:
    bset = bargaining_set(game)
    d = check_disagreement(bset, disagreement)
    direction = direction_of(bset, d)
    if direction == (0, 0):
        return bset.agreement(d, label)
    t = ray_exit(bset.vertices, d, direction)
    point = (d[0] + t * direction[0], d[1] + t * direction[1])
    return bset.agreement(point, label)


def kalai_smorodinsky(game: Any, disagreement: Any = None) -> Agreement:
    """The Kalai–Smorodinsky solution: the largest achievable point on the segment
    from ``d`` to the ideal point (gains proportional to the ideal gains)."""

    def direction(bset: Any, d: tuple[Fraction, Fraction]) -> tuple[Fraction, Fraction]:
        ideal = ideal_point(bset, d)
        return (ideal[0] - d[0], ideal[1] - d[1])

    return _along(game, disagreement, direction, "Kalai-Smorodinsky")


def egalitarian(game: Any, disagreement: Any = None) -> Agreement:
    """The egalitarian solution: the largest achievable point with equal gains."""
    return _along(game, disagreement, lambda bset, d: (Fraction(1), Fraction(1)), "egalitarian")
