"""The outcome polygon of a persuasion game and its Pareto frontier, exactly.

For a finite persuasion game (:class:`persuasion.Instance`) the set of expected
payoff pairs ``(U_S, U_R)`` achievable by persuasive (obedient) direct schemes
is the image of a polytope under a linear map: a convex polygon
(the bargaining set of Lin et al., 2025).  By the revelation principle it is
also the set of pairs achievable by any scheme when the receiver best-responds
to her posteriors, so it is the set the two sides bargain over.

:func:`outcome_set` traces the polygon by exact weighted LPs
(:mod:`persuasion.bargaining.weighted_lp`): starting from the four axis
directions, every edge of the current hull is tested with its outward normal;
an edge whose LP value does not exceed it is an edge of the polygon
(the exact certificate proves it), otherwise the new vertex is added.  Each
vertex carries an exact scheme achieving it.

The convention throughout: the receiver obeys a recommendation when she is
indifferent (the sender-preferred convention of Kamenica and Gentzkow, 2011,
under which optimal schemes exist).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from ..model import Instance
from .polygon import Frontier, Point, convex_hull, edges, outward_normal
from .weighted_lp import ExactData, exact_data, weighted_optimum

Scheme = tuple[tuple[Fraction, ...], ...]

#: From this many scheme variables (states × actions) on, each weighted LP is warm-started
#: from HiGHS's vertex; smaller ones continue the exact simplex from the previous optimum
#: (benchmarks/bench_bargaining.py).
HIGHS_FROM = 30


def check_instance(instance: Any) -> Instance:
    """``instance`` if it is a :class:`persuasion.Instance`, else ``ValueError``."""
    if not isinstance(instance, Instance):
        raise ValueError(
            f"instance must be a persuasion.Instance, got {type(instance).__name__}"
        )
    return instance


@dataclass(frozen=True, eq=False)
class OutcomeSet:
    """The polygon of achievable ``(U_S, U_R)`` over persuasive direct schemes.

    ``vertices`` are counter-clockwise (exact Fractions) and ``schemes[k]`` is a
    persuasive direct scheme (rows of Fractions) achieving ``vertices[k]``.
    ``lp_solves`` counts the exact weighted LPs used to trace it.
    """

    vertices: tuple[Point, ...]
    schemes: tuple[Scheme, ...]
    lp_solves: int
    data: ExactData = field(repr=False)

    @property
    def frontier(self) -> Frontier:
        """The Pareto frontier (receiver's best point to sender's best point)."""
        return Frontier.of_polygon(self.vertices)

    def scheme_of(self, vertex: Point) -> Scheme:
        """The stored scheme achieving a vertex."""
        return self.schemes[self.vertices.index(vertex)]

    def scheme_at(self, point: Point) -> Scheme:
        """An exact persuasive scheme achieving a boundary ``point`` (a vertex or a
        point of an edge: the mixture of the two ends' schemes)."""
        if point in self.vertices:
            return self.scheme_of(point)
        for p, q in edges(self.vertices):
            span = (q[0] - p[0], q[1] - p[1])
            off = (point[0] - p[0], point[1] - p[1])
            if span[0] * off[1] - span[1] * off[0] != 0:
                continue
            axis = 0 if span[0] != 0 else 1
            t = off[axis] / span[axis]
            if 0 <= t <= 1:
                return mix(self.scheme_of(p), self.scheme_of(q), t)
        raise ValueError(f"point {point} is not on the boundary of the outcome polygon")


def mix(first: Scheme, second: Scheme, t: Fraction) -> Scheme:
    """``(1 − t)·first + t·second`` (persuasive schemes form a convex set)."""
    return tuple(
        tuple((1 - t) * u + t * v for u, v in zip(r1, r2, strict=True))
        for r1, r2 in zip(first, second, strict=True)
    )


def outcome_set(instance: Instance) -> OutcomeSet:
    """The exact outcome polygon of ``instance`` (module docstring).

    Vertices are Fractions, counter-clockwise, starting from the lowest-leftmost
    one; a degenerate polygon is a segment (two vertices) or a point (one).
    """
    check_instance(instance)
    data = exact_data(instance)
    found: dict[Point, Scheme] = {}
    solves = 0
    small = instance.n_states * instance.n_actions < HIGHS_FROM
    last: Any = "cold"

    def probe(a: Fraction, b: Fraction) -> tuple[Point, Fraction]:
        nonlocal solves, last
        opt = weighted_optimum(instance, a, b, data=data, start=last if small else "highs")
        last = opt.basis
        solves += 1
        point = (opt.sender, opt.receiver)
        found.setdefault(point, opt.scheme)
        return point, opt.value

    one, zero = Fraction(1), Fraction(0)
    for a, b in ((one, zero), (zero, one), (-one, zero), (zero, -one)):
        probe(a, b)
    confirmed: set[tuple[Point, Point]] = set()
    while True:
        hull = convex_hull(list(found))
        pending = [e for e in edges(hull) if e not in confirmed]
        if not pending:
            break
        for p, q in pending:
            normal = outward_normal(p, q)
            point, value = probe(*normal)
            if value <= normal[0] * p[0] + normal[1] * p[1]:
                confirmed.add((p, q))  # no persuasive scheme lies beyond this edge
            else:
                break  # a new vertex beyond the edge: recompute the hull
    hull = convex_hull(list(found))
    return OutcomeSet(tuple(hull), tuple(found[v] for v in hull), solves, data)


def pareto_frontier(instance: Instance) -> Frontier:
    """The Pareto frontier of the outcome polygon: vertices (exact) from the receiver's
    best point to the sender's best point, ``U_S`` increasing and ``U_R`` decreasing."""
    return outcome_set(instance).frontier


@dataclass(frozen=True)
class Play:
    """What a scheme induces when the receiver best-responds to each recommendation.

    ``actions[i]`` is the action taken on recommendation ``i`` (the recommended
    one when it is a best response — the receiver obeys when indifferent —,
    otherwise the sender-preferred best response, then the lowest index; ``-1``
    for a recommendation never sent); ``persuasive`` tells whether she always
    obeys.  ``sender`` and ``receiver`` are exact expected payoffs.
    """

    sender: Fraction
    receiver: Fraction
    actions: tuple[int, ...]
    persuasive: bool


def induced_play(instance: Instance, scheme: Any, data: ExactData | None = None) -> Play:
    """Exact payoffs of a direct ``scheme`` (shape ``(T, n)``, rows exact
    distributions) when the receiver best-responds to her posteriors (π1)."""
    data = exact_data(instance) if data is None else data
    T, n = data.n_states, data.n_actions
    phi = [[Fraction(v) for v in row] for row in scheme]
    us = ur = Fraction(0)
    actions = []
    for i in range(n):
        mass = [data.prior[t] * phi[t][i] for t in range(T)]
        if not any(mass):
            actions.append(-1)
            continue
        value_r = [sum(m * data.receiver[t][j] for t, m in enumerate(mass)) for j in range(n)]
        value_s = [sum(m * data.sender[t][j] for t, m in enumerate(mass)) for j in range(n)]
        best = max(value_r)
        if value_r[i] == best:
            action = i
        else:
            ties = [j for j in range(n) if value_r[j] == best]
            action = max(ties, key=lambda j: (value_s[j], -j))
        actions.append(action)
        us += value_s[action]
        ur += value_r[action]
    persuasive = all(a in (-1, i) for i, a in enumerate(actions))
    return Play(us, ur, tuple(actions), persuasive)


def prior_action(instance: Instance, data: ExactData | None = None) -> int:
    """The receiver's best response to the prior (π0), ties broken for the sender,
    then by lowest index."""
    data = exact_data(instance) if data is None else data
    T, n = data.n_states, data.n_actions
    value_r = [sum(data.prior[t] * data.receiver[t][j] for t in range(T)) for j in range(n)]
    value_s = [sum(data.prior[t] * data.sender[t][j] for t in range(T)) for j in range(n)]
    best = max(value_r)
    ties = [j for j in range(n) if value_r[j] == best]
    return max(ties, key=lambda j: (value_s[j], -j))


def constant_scheme(n_states: int, n_actions: int, action: int) -> Scheme:
    """The uninformative direct scheme recommending ``action`` in every state."""
    return tuple(
        tuple(Fraction(1) if i == action else Fraction(0) for i in range(n_actions))
        for _ in range(n_states)
    )
