"""Full LP-Binary against column generation (Lemma 4, Prop. 9), in one run.

Usage (from the repository root)::

    .venv/bin/python benchmarks/bench_column_generation.py            # defaults below
    .venv/bin/python benchmarks/bench_column_generation.py --states 8 --small 4 8 --large 30

For each number of states ``T`` and receivers ``N`` a random pairwise-supermodular
instance (monotone sender, positive externalities; ``random_pairwise_instance``)
is solved without payments

- by the full LP (``persuasion.solve`` on the dense instance: ``T·2^N`` columns,
  (*) and (**)), for ``N`` in ``--small``; "build" is the time to tabulate the
  dense instance, "LP" the time of ``solve``;
- by column generation with the min-cut oracle and with the exhaustive oracle
  (``N`` in ``--small``), and with the min-cut oracle alone for ``N`` in ``--large``.

It prints times, the ratio LP time / column-generation time, restricted master
LPs solved (iterations), columns generated, exact oracle calls, local-search
pricing runs and the certified gap.  Times are wall-clock, best of ``--repeats``.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

import persuasion as ps
from persuasion.receivers.column_generation import column_generation, random_pairwise_instance


def best_time(function, repeats: int):
    """``(seconds, result)``: the fastest of ``repeats`` runs."""
    best, result = np.inf, None
    for _ in range(repeats):
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


def instance_for(n_states: int, n: int, density: float, seed: int):
    return random_pairwise_instance(
        np.random.default_rng([seed, n_states, n]), n_states, n, density=density
    )


def small_table(states: list[int], sizes: list[int], density: float, seed: int, repeats: int):
    print("Full LP against column generation (CG); ratio = LP time / CG time")
    header = (
        f"{'T':>3} {'N':>3} {'build s':>8} {'LP s':>8} | {'CG cut s':>8} {'ratio':>6} "
        f"{'iter':>5} {'cols':>5} {'oracle':>6} {'local':>6} | {'CG exh s':>8} {'ratio':>6} "
        f"{'|diff|':>8}"
    )
    print(header)
    print("-" * len(header))
    for n_states in states:
        for n in sizes:
            instance = instance_for(n_states, n, density, seed)
            build, dense = best_time(instance.to_dense, repeats)
            lp_time, full = best_time(lambda d=dense: ps.solve(d), repeats)
            cut_time, cut = best_time(
                lambda i=instance: column_generation(i, oracle="min_cut"), repeats
            )
            exh_time, exh = best_time(
                lambda i=instance: column_generation(i, oracle="exhaustive"), repeats
            )
            diff = max(abs(cut.value - full.value), abs(exh.value - full.value))
            print(
                f"{n_states:>3} {n:>3} {build:>8.3f} {lp_time:>8.3f} | {cut_time:>8.3f} "
                f"{lp_time / cut_time:>6.1f} {cut.iterations:>5} {cut.columns_generated:>5} "
                f"{cut.oracle_calls:>6} {cut.local_searches:>6} | {exh_time:>8.3f} "
                f"{lp_time / exh_time:>6.1f} {diff:>8.1e}",
                flush=True,
            )


def large_table(states: list[int], sizes: list[int], density: float, seed: int):
    print()
    print("Column generation with the min-cut oracle only (no dense form)")
    header = (
        f"{'T':>3} {'N':>3} {'CG s':>8} {'iter':>5} {'cols':>5} {'oracle':>6} {'local':>6} "
        f"{'gap':>8} {'value':>10} {'support':>7}"
    )
    print(header)
    print("-" * len(header))
    for n_states in states:
        for n in sizes:
            instance = instance_for(n_states, n, density, seed)
            seconds, result = best_time(
                lambda i=instance: column_generation(i, oracle="min_cut"), 1
            )
            print(
                f"{n_states:>3} {n:>3} {seconds:>8.2f} {result.iterations:>5} "
                f"{result.columns_generated:>5} {result.oracle_calls:>6} "
                f"{result.local_searches:>6} {result.gap:>8.1e} {result.value:>10.3f} "
                f"{len(result.support):>7}",
                flush=True,
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--states", type=int, nargs="+", default=[4, 16, 32])
    parser.add_argument("--small", type=int, nargs="*", default=[4, 6, 8, 10, 12])
    parser.add_argument("--large", type=int, nargs="*", default=[20, 30, 40, 60])
    parser.add_argument("--density", type=float, default=0.5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeats", type=int, default=1)
    args = parser.parse_args()
    print(f"density {args.density}, seed {args.seed}, best of {args.repeats} run(s)")
    warm = instance_for(2, 3, args.density, args.seed)  # load cvxpy, HiGHS and networkx
    ps.solve(warm.to_dense())
    column_generation(warm)
    if args.small:
        small_table(args.states, args.small, args.density, args.seed, args.repeats)
    if args.large:
        large_table(args.states, args.large, args.density, args.seed)


if __name__ == "__main__":
    main()
