"""Time the exact bargaining engine against a grid-search baseline, in one run.

Part 1, the outcome polygon: on seeded random instances from 2 states x 2 actions to
8 x 8 (integer payoffs 0..5),

- exact    : `persuasion.bargaining.outcome_set` (exact weighted LPs: HiGHS warm start
             or the rational simplex, edge by edge until every edge is certified);
- grid     : the baseline a reader would write: HiGHS (`persuasion.solve`) on K equally
             spaced weight directions, the hull of the optimal points as the polygon;

printing both times, their ratio grid/exact, the range of the number of exact vertices,
how many vertices the grid misses, and the largest gap between the grid's and the exact
polygon's support functions over 720 directions (the grid polygon is inside the exact
one; the gap is its error).

Part 2, alternating offers (delta = 9/10, T offers, sender first) on the base game and on
a random 4 x 4 instance:

- exact    : `alternating_offers(instance, "sender", 9/10, T)` (exact backward induction
             over the frontier, Fractions);
- grid     : backward induction over N points of the exact frontier (floats, NumPy),
             the brute force of the tests;

printing times, ratio grid/exact and the largest payoff difference.

Usage:  .venv/bin/python benchmarks/bench_bargaining.py [--quick]
"""

from __future__ import annotations

import argparse
import time
from fractions import Fraction

import numpy as np

import persuasion as ps
from persuasion.bargaining import alternating_offers, bargaining_set, outcome_set
from persuasion.bargaining.polygon import convex_hull
from persuasion.random_instances import random_instance

BASE = ps.Instance([Fraction(2, 3), Fraction(1, 3)], [[0, 1], [0, 1]], [[0, -1], [0, 1]])


def grid_polygon(instance: ps.Instance, directions: int) -> np.ndarray:
    """Hull of HiGHS optima over equally spaced weight directions (the baseline)."""
    points = []
    for angle in np.linspace(0, 2 * np.pi, directions, endpoint=False):
        a, b = np.cos(angle), np.sin(angle)
        weighted = ps.Instance(instance.prior, a * instance.sender + b * instance.receiver,
                               instance.receiver)
        phi = ps.solve(weighted).scheme
        mu = instance.prior[:, None]
        points.append((float((mu * phi * instance.sender).sum()),
                       float((mu * phi * instance.receiver).sum())))
    return np.array(points)


def support_gap(exact_vertices, approx_points: np.ndarray) -> float:
    """Largest difference of support functions over 720 directions."""
    exact = np.array([[float(a), float(b)] for a, b in exact_vertices])
    angles = np.linspace(0, 2 * np.pi, 720, endpoint=False)
    dirs = np.stack([np.cos(angles), np.sin(angles)], axis=1)
    return float(np.max((exact @ dirs.T).max(axis=0) - (approx_points @ dirs.T).max(axis=0)))


def grid_alternating(frontier, d, delta: float, T: int, points: int) -> np.ndarray:
    """Backward induction over ``points`` points of the frontier (floats)."""
    verts = np.array([[float(a), float(b)] for a, b in frontier.vertices])
    if len(verts) == 1:
        grid = verts
    else:
        t = np.linspace(0, 1, max(2, points // (len(verts) - 1)))[:, None]
        grid = np.vstack([p * (1 - t) + q * t for p, q in zip(verts, verts[1:], strict=False)])
    d = np.array([float(d[0]), float(d[1])])
    value = d
    for k in range(T, 0, -1):
        own = 0 if k % 2 == 1 else 1  # sender first
        floor = d if k == T else delta * value + (1 - delta) * d
        ok = grid[:, 1 - own] >= floor[1 - own] - 1e-12
        cand = grid[ok]
        value = cand[np.lexsort((cand[:, 1 - own], cand[:, own]))[-1]]
    return value


def part1(quick: bool) -> None:
    sizes = [(2, 2), (3, 3), (4, 4), (6, 6)] if quick else [(2, 2), (3, 3), (4, 4), (5, 5),
                                                               (6, 6), (8, 8)]
    directions, per_size = 32, 3
    print(f"Part 1: outcome polygon, exact vs grid of {directions} HiGHS directions "
          f"({per_size} seeded games per size, payoffs 0..9, times summed)")
    print(f"{'size':>6} {'exact s':>9} {'grid s':>9} {'grid/exact':>10} {'vertices':>9} "
          f"{'grid misses':>11} {'grid gap':>9}")
    for T, n in sizes:
        t_exact = t_grid = 0.0
        vertices, missed, gap = [], 0, 0.0
        for seed in range(per_size):
            instance = random_instance(np.random.default_rng([seed, T, n]), T, n, max_payoff=9)
            start = time.perf_counter()
            exact = outcome_set(instance)
            t_exact += time.perf_counter() - start
            start = time.perf_counter()
            approx = grid_polygon(instance, directions)
            t_grid += time.perf_counter() - start
            gap = max(gap, support_gap(exact.vertices, approx))
            hull = convex_hull([tuple(p) for p in np.round(approx, 9).tolist()])
            vertices.append(len(exact.vertices))
            missed += max(0, len(exact.vertices) - len(hull))
        print(f"{T}x{n:<4} {t_exact:9.3f} {t_grid:9.3f} {t_grid / t_exact:10.2f} "
              f"{min(vertices):>4d}-{max(vertices):<4d} {missed:11d} {gap:9.2e}")


def part2(quick: bool) -> None:
    horizons = [10, 100] if quick else [10, 100, 1000]
    points = 20_000
    delta = Fraction(9, 10)
    rng = np.random.default_rng(44)
    games = {"base game": BASE, "random 4x4": random_instance(rng, 4, 4, max_payoff=5),
             "random 8x8": random_instance(rng, 8, 8, max_payoff=9)}
    print(f"\nPart 2: alternating offers, delta = 9/10, exact vs grid of {points} frontier points")
    print(f"{'game':>11} {'T':>5} {'exact s':>9} {'grid s':>9} {'grid/exact':>10} "
          f"{'max |diff|':>10}")
    for name, instance in games.items():
        bset = bargaining_set(instance)  # the polygon is shared by both methods
        for T in horizons:
            start = time.perf_counter()
            eq = alternating_offers(instance, "sender", delta, T)
            t_exact = time.perf_counter() - start
            start = time.perf_counter()
            approx = grid_alternating(bset.frontier, bset.disagreement, 0.9, T, points)
            t_grid = time.perf_counter() - start
            diff = float(np.abs(approx - np.array([float(eq.sender), float(eq.receiver)])).max())
            print(f"{name:>11} {T:5d} {t_exact:9.4f} {t_grid:9.4f} {t_grid / t_exact:10.2f} "
                  f"{diff:10.2e}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes and horizons")
    args = parser.parse_args()
    part1(args.quick)
    part2(args.quick)


if __name__ == "__main__":
    main()
