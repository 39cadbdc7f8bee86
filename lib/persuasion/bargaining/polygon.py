"""Exact plane geometry of outcome sets: convex hulls, Pareto frontiers, best replies.

Every set of achievable expected payoff pairs ``(U_S, U_R)`` in this subpackage is
a convex polygon with rational vertices (the projection of the polytope of
persuasive schemes, or the segment of a split game).  This module holds the
arithmetic on such polygons, in :class:`fractions.Fraction` only:

- :func:`convex_hull`: Andrew's monotone chain, counter-clockwise, collinear
  points dropped;
- :class:`Frontier`: the Pareto frontier as a chain of vertices from the
  receiver's best point to the sender's best point, with the two *best reply*
  maps used by every bargaining protocol: the point of the polygon best for one
  player among those giving the other at least ``c`` (ties broken towards the
  other player, so the answer is Pareto efficient);
- :func:`ray_exit`: where the ray ``d + t·v`` leaves the polygon.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

Point = tuple[Fraction, Fraction]


def cross(o: Point, a: Point, b: Point) -> Fraction:
    """``(a − o) × (b − o)``: positive when ``o → a → b`` turns counter-clockwise."""
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])


def convex_hull(points: Sequence[Point]) -> list[Point]:
    """Vertices of the convex hull, counter-clockwise from the lowest-leftmost point.

    Collinear and repeated points are dropped; a single point gives ``[p]`` and a
    segment its two ends.
    """
    pts = sorted(set(points))
    if len(pts) <= 2:
        return pts
    lower: list[Point] = []
    for p in pts:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    upper: list[Point] = []
    for p in reversed(pts):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    hull = lower[:-1] + upper[:-1]
    return hull if len(hull) >= 2 else hull[:1]


def edges(vertices: Sequence[Point]) -> list[tuple[Point, Point]]:
    """Consecutive pairs of a counter-clockwise vertex list (a segment gives both sides)."""
    k = len(vertices)
    if k == 1:
        return []
    return [(vertices[i], vertices[(i + 1) % k]) for i in range(k)]


def outward_normal(p: Point, q: Point) -> Point:
    """Outward normal of the edge ``p → q`` of a counter-clockwise polygon."""
    return (q[1] - p[1], p[0] - q[0])


def lerp(p: Point, q: Point, t: Fraction) -> Point:
    """``(1 − t) p + t q``."""
    return (p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1]))


def contains(vertices: Sequence[Point], point: Point) -> bool:
    """Whether ``point`` lies in the convex polygon (boundary included), exactly."""
    k = len(vertices)
    if k == 1:
        return point == vertices[0]
    if k == 2:
        p, q = vertices
        if cross(p, q, point) != 0:
            return False
        return min(p, q) <= point <= max(p, q)
    return all(cross(p, q, point) >= 0 for p, q in edges(vertices))


def ray_exit(vertices: Sequence[Point], origin: Point, direction: Point) -> Fraction:
    """Largest ``t ≥ 0`` with ``origin + t·direction`` in the polygon (``origin`` inside).

    Used by the Kalai–Smorodinsky and egalitarian solutions.  ``direction`` must
    not be zero; a segment or point polygon is handled by projecting on it.
    """
    if direction == (0, 0):
        raise ValueError("direction must not be zero")
    k = len(vertices)
    if k == 1:
        return Fraction(0)
    if k == 2:
        p, q = vertices
        if cross(p, q, (origin[0] + direction[0], origin[1] + direction[1])) != 0:
            return Fraction(0)
        axis = 0 if q[0] != p[0] else 1
        bounds = [(v[axis] - origin[axis]) / direction[axis] for v in (p, q)
                  if direction[axis] != 0]
        return max([Fraction(0), *bounds])
    best = None
    for p, q in edges(vertices):
        normal = outward_normal(p, q)
        rate = normal[0] * direction[0] + normal[1] * direction[1]
        if rate > 0:
            slack = normal[0] * (p[0] - origin[0]) + normal[1] * (p[1] - origin[1])
            t = slack / rate
            best = t if best is None else min(best, t)
    if best is None:
        raise ValueError("direction points along an unbounded ray (polygon is not bounded?)")
    return max(best, Fraction(0))


@dataclass(frozen=True)
class Frontier:
    """The Pareto frontier of a convex polygon: vertices from the receiver's best point
    (largest ``U_R``, then largest ``U_S``) to the sender's best point (largest
    ``U_S``, then largest ``U_R``); ``U_S`` increases and ``U_R`` decreases strictly
    along it.  A single vertex when one point is best for both players.
    """

    vertices: tuple[Point, ...]

    @classmethod
    def of_polygon(cls, polygon: Sequence[Point]) -> Frontier:
        """The frontier of a counter-clockwise vertex list."""
        verts = list(polygon)
        top = max(range(len(verts)), key=lambda i: (verts[i][1], verts[i][0]))
        right = max(range(len(verts)), key=lambda i: (verts[i][0], verts[i][1]))
        chain = [verts[right]]
        i = right
        while i != top:  # counter-clockwise from the sender's best to the receiver's best
            i = (i + 1) % len(verts)
            chain.append(verts[i])
        return cls(tuple(reversed(chain)))

    @property
    def receiver_best(self) -> Point:
        """The receiver's best point (largest ``U_R``; ties: largest ``U_S``)."""
        return self.vertices[0]

    @property
    def sender_best(self) -> Point:
        """The sender's best point (largest ``U_S``; ties: largest ``U_R``)."""
        return self.vertices[-1]

    def segments(self) -> list[tuple[Point, Point]]:
        """The frontier's edges, from the receiver's end to the sender's end."""
        v = self.vertices
        return [(v[i], v[i + 1]) for i in range(len(v) - 1)]

    def locate(self, point: Point) -> tuple[int, Fraction] | None:
        """``(i, t)`` with ``point = lerp(v[i], v[i+1], t)`` (or ``(0, 0)`` on a
        one-vertex frontier), ``None`` if the point is not on the frontier."""
        v = self.vertices
        if len(v) == 1:
            return (0, Fraction(0)) if point == v[0] else None
        for i, (p, q) in enumerate(self.segments()):
            if cross(p, q, point) == 0 and p[0] <= point[0] <= q[0]:
                return i, (point[0] - p[0]) / (q[0] - p[0])
        return None

    def best_for_sender(self, floor: Fraction) -> Point | None:
        """The point best for the sender among those giving the receiver at least
        ``floor`` (``None`` when no point does): a Pareto-efficient point."""
        floor = Fraction(floor)
        v = self.vertices
        if floor > v[0][1]:
            return None
        if floor <= v[-1][1]:
            return v[-1]
        for p, q in self.segments():
            if q[1] <= floor <= p[1]:
                if q[1] == floor:
                    return q
                t = (p[1] - floor) / (p[1] - q[1])
                return lerp(p, q, t)
        raise AssertionError("unreachable: the frontier's U_R is monotone")

    def best_for_receiver(self, floor: Fraction) -> Point | None:
        """The point best for the receiver among those giving the sender at least
        ``floor`` (``None`` when no point does): a Pareto-efficient point."""
        floor = Fraction(floor)
        v = self.vertices
        if floor > v[-1][0]:
            return None
        if floor <= v[0][0]:
            return v[0]
        for p, q in self.segments():
            if p[0] <= floor <= q[0]:
                if p[0] == floor:
                    return p
                t = (floor - p[0]) / (q[0] - p[0])
                return lerp(p, q, t)
        raise AssertionError("unreachable: the frontier's U_S is monotone")

    def best_for(self, role: str, floor: Fraction) -> Point | None:
        """:meth:`best_for_sender` or :meth:`best_for_receiver` by ``role``."""
        return self.best_for_sender(floor) if role == "sender" else self.best_for_receiver(floor)


def chord(vertices: Sequence[Point], level: Fraction, axis: int = 1) -> tuple[Point, Point] | None:
    """The ends of the polygon's intersection with the line ``coordinate[axis] = level``
    (lowest and highest in the other coordinate), ``None`` if they do not meet."""
    level = Fraction(level)
    other_axis = 1 - axis
    hits = [v for v in vertices if v[axis] == level]
    k = len(vertices)
    for i in range(k):
        p, q = vertices[i], vertices[(i + 1) % k]
        if (p[axis] - level) * (q[axis] - level) < 0:
            hits.append(lerp(p, q, (level - p[axis]) / (q[axis] - p[axis])))
    if not hits:
        return None
    hits.sort(key=lambda v: v[other_axis])
    return hits[0], hits[-1]


def point_text(point: Sequence[Fraction]) -> str:
    """A payoff pair as text, exact numbers as ``p/q``: ``"(2/3, 0)"``."""
    return "(" + ", ".join(str(Fraction(v)) for v in point) + ")"
