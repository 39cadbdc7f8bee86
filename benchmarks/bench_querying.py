"""Choosing simulation queries: the interval DP against brute force, in one run.

Usage (from the repository root)::

    .venv/bin/python benchmarks/bench_querying.py
    .venv/bin/python benchmarks/bench_querying.py --small 4 14 --large 500 --k 20

Four measurements (chapter "AI and persuasion", book/ai_persuasion.ipynb), on random
instances with distinct float beliefs in (0, 1) and random weights (seeded):

1. ``optimal_queries`` (interval values, then the DP) against ``brute_force_queries``
   (the same interval values, then every set of ``K = ⌊(n-1)/2⌋`` cuts) for ``n`` in
   ``--small``; both values must agree; ratio = brute force time / DP time.
2. The DP alone for ``n = --large`` types and ``K = --k`` queries (target: under 5 s),
   split into the interval table and the recursion; then in exact arithmetic on every
   fifth type (``n/5`` types, ``K/2`` queries).
3. The interval table: the ``O(n²)`` routine against one policy enumeration per
   interval (``O(n²)`` each) and against one LP per interval (``lp_policy_value``, HiGHS),
   checking that all three agree; ratios against the fast routine.
4. The table's growth with ``n`` (time ratio per doubling; ``O(n²)`` gives about 4).

Times are wall-clock, best of ``--repeats`` runs.
"""

from __future__ import annotations

import argparse
import math
import time
from fractions import Fraction

import numpy as np

from persuasion.querying import (
    brute_force_queries,
    interval_values,
    lp_policy_value,
    optimal_queries,
)
from persuasion.querying.intervals import interval_table
from persuasion.querying.policy import best_plan
from timing import best_time


def instance(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng([seed, n])
    beliefs = np.sort(rng.choice(np.arange(1, 20 * n), n, replace=False) / (20 * n))
    return beliefs, rng.integers(1, 10, n).astype(float)


def dp_against_brute_force(sizes: list[int], seed: int, repeats: int) -> None:
    print("1. Optimal K queries: interval DP against brute force over query sets")
    print(f"{'n':>4} {'K':>3} {'sets':>6} {'DP s':>9} {'brute s':>9} {'ratio':>8}")
    for n in sizes:
        beliefs, weights = instance(n, seed)
        k = (n - 1) // 2
        t_dp, dp = best_time(lambda b=beliefs, w=weights, k=k: optimal_queries(b, w, k), repeats)
        t_bf, bf = best_time(lambda b=beliefs, w=weights, k=k: brute_force_queries(b, w, k),
                             repeats)
        assert abs(dp.value - bf.value) < 1e-12, (n, dp.value, bf.value)
        n_sets = math.comb(n - 1, k)
        print(f"{n:>4} {k:>3} {n_sets:>6} {t_dp:>9.5f} {t_bf:>9.5f} {t_bf / t_dp:>8.1f}")


def large_dp(n: int, k: int, seed: int, repeats: int) -> None:
    print(f"\n2. The DP alone: n = {n} types, K = {k} queries (target under 5 s)")
    beliefs, weights = instance(n, seed)
    t_table, _ = best_time(lambda: interval_values(beliefs, weights, 0.5), repeats)
    t_total, result = best_time(lambda: optimal_queries(beliefs, weights, k, 0.5), repeats)
    print(f"interval table {t_table:.3f} s; table + DP {t_total:.3f} s; "
          f"value {result.value:.6f} with {len(result.thresholds)} thresholds")
    small = n // 5
    exact_b = [Fraction(int(round(v * 20 * small)), 20 * small) for v in beliefs[::5]]
    exact_w = [int(v) for v in weights[::5]]
    t_exact, exact = best_time(lambda: optimal_queries(exact_b, exact_w, k // 2), 1)
    print(f"exact arithmetic (Fractions), n = {small}, K = {k // 2}: {t_exact:.3f} s, "
          f"value {float(exact.value):.6f} (a fraction with a "
          f"{len(str(exact.value.denominator))}-digit denominator)")


def table_against_baselines(sizes: list[int], seed: int) -> None:
    print("\n3. All interval values: O(n^2) routine against one enumeration / one LP per "
          "interval")
    print(f"{'n':>4} {'fast s':>9} {'enum s':>9} {'ratio':>8} {'LP s':>9} {'ratio':>8} "
          f"{'max |diff|':>11}")
    for n in sizes:
        p, w = instance(n, seed)
        w = w / w.sum()
        start = time.perf_counter()
        fast = interval_table(p, w, 0.5, False)
        t_fast = time.perf_counter() - start
        start = time.perf_counter()
        enum = {(a, b): best_plan(p[a:b + 1], w[a:b + 1], 0.5, False).value
                for a in range(n) for b in range(a, n)}
        t_enum = time.perf_counter() - start
        start = time.perf_counter()
        lp = {(a, b): lp_policy_value(p[a:b + 1], w[a:b + 1], 0.5) * w[a:b + 1].sum()
              for a in range(n) for b in range(a, n)}
        t_lp = time.perf_counter() - start
        diff = max(max(abs(fast[a, b] - enum[a, b]), abs(fast[a, b] - lp[a, b])) for a, b in enum)
        assert diff < 1e-8
        print(f"{n:>4} {t_fast:>9.5f} {t_enum:>9.4f} {t_enum / t_fast:>8.0f} {t_lp:>9.3f} "
              f"{t_lp / t_fast:>8.0f} {diff:>11.1e}")


def table_growth(sizes: list[int], seed: int, repeats: int) -> None:
    print("\n4. Growth of the O(n^2) interval table")
    previous = None
    for n in sizes:
        p, w = instance(n, seed)
        elapsed, _ = best_time(lambda p=p, w=w: interval_table(p, w / w.sum(), 0.5, False),
                               repeats)
        ratio = "" if previous is None else f"  x{elapsed / previous:.1f} for 2x n"
        print(f"n = {n:>5}: {elapsed:.4f} s{ratio}")
        previous = elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, nargs=2, default=(4, 14), metavar=("FROM", "TO"))
    parser.add_argument("--large", type=int, default=500)
    parser.add_argument("--k", type=int, default=20)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2023)
    args = parser.parse_args()
    dp_against_brute_force(list(range(args.small[0], args.small[1] + 1)), args.seed,
                           args.repeats)
    large_dp(args.large, args.k, args.seed, args.repeats)
    table_against_baselines([10, 20, 40], args.seed)
    table_growth([250, 500, 1000, 2000], args.seed, args.repeats)


if __name__ == "__main__":
    main()
