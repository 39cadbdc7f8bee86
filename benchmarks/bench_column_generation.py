"""Full LP-Binary against column generation (Lemma 4, Prop. 9), in one run.

Usage (from the repository root)::

    .venv/bin/python benchmarks/bench_column_generation.py            # defaults below
    .venv/bin/python benchmarks/bench_column_generation.py --states 8 --small 4 8 --large 30
    .venv/bin/python benchmarks/bench_column_generation.py --profile 12   # where the time goes

For each number of states ``T`` and receivers ``N`` a random pairwise-supermodular
instance (monotone sender, positive externalities) **with a non-trivial optimum** is
drawn (``nontrivial_pairwise_instance``: the no-payment optimum lies strictly between 0
and the sender's first best, so persuasion matters and the constraints bind) and solved
without payments

- by the full LP (``persuasion.solve`` on the dense instance: ``T·2^N`` columns,
  (*) and (**)), for ``N`` in ``--small``; "build" is the time to tabulate the
  dense instance, "LP" the time of ``solve``;
- by column generation with three exact oracles: networkx's min cut
  (:func:`persuasion.receivers.oracles.maximize_min_cut`, one call per state), the
  compiled min cut of :mod:`persuasion.receivers.mincut` (SciPy's maximum flow, what
  ``oracle="min_cut"`` means; a whole pricing round per call, usually one flow, when
  ``column_generation`` prices in batches, see the header line) and the exhaustive
  oracle (``N`` in ``--small``); and with the two min-cut oracles alone for ``N`` in
  ``--large``.

It prints times, the ratios LP time / column-generation time, restricted master LPs
solved (iterations), exact oracle calls, the value and the certified gap.  Times are
wall-clock, best of ``--repeats``.  ``--profile N`` profiles one column-generation run
per oracle at ``N`` receivers and the largest ``T`` and prints where the time goes.
"""

from __future__ import annotations

import argparse
import cProfile
import importlib
import inspect
import io
import pstats

import numpy as np

import persuasion as ps
from persuasion.receivers.instances import nontrivial_pairwise_instance
from persuasion.receivers.mincut import maximize_min_cut_fast
from persuasion.receivers.oracles import maximize_min_cut
from timing import best_time

# the module (the package re-exports the function under the same name)
cg_module = importlib.import_module("persuasion.receivers.column_generation")
column_generation = cg_module.column_generation


def batch_pricing() -> str:
    """How column generation hands a whole pricing round to the SciPy oracle: through
    ``oracle.batch_arrays`` (stacked arrays) or ``oracle.batch`` (a list of functions),
    each looked up by name, so the string appears among the module's code constants."""

    def constants(code) -> set:
        found = set()
        for const in code.co_consts:
            if isinstance(const, str):
                found.add(const)
            elif inspect.iscode(const):
                found |= constants(const)
        return found

    names = set()
    for _, member in inspect.getmembers(cg_module, inspect.isclass):
        if member.__module__ == cg_module.__name__:
            for _, method in inspect.getmembers(member, inspect.isfunction):
                names |= constants(method.__code__)
    names |= constants(column_generation.__code__)
    for attribute in ("batch_arrays", "batch"):
        if attribute in names and hasattr(maximize_min_cut_fast, attribute):
            return f"on (oracle.{attribute})"
    return "off"


def instance_for(n_states: int, n: int, density: float, seed: int):
    """A seeded instance with a non-trivial optimum (and how many draws it took)."""
    found = nontrivial_pairwise_instance(
        np.random.default_rng([seed, n_states, n]), n_states, n, density=density
    )
    return found.instance, found.draws


# networkx's cut is passed as a callable: the name "min_cut" means the SciPy cut
ORACLES = {"networkx cut": maximize_min_cut, "SciPy cut": maximize_min_cut_fast}


def small_table(states: list[int], sizes: list[int], density: float, seed: int, repeats: int):
    print("Full LP against column generation (CG); ratio = LP time / CG time")
    header = (
        f"{'T':>3} {'N':>3} {'draws':>5} {'build s':>8} {'LP s':>8} | {'nx cut s':>8} {'ratio':>6}"
        f" | {'SciPy s':>8} {'ratio':>6} {'iter':>5} {'oracle':>6} | {'exh s':>7} {'ratio':>6}"
        f" | {'value':>9} {'|diff|':>8}"
    )
    print(header)
    print("-" * len(header))
    for n_states in states:
        for n in sizes:
            instance, draws = instance_for(n_states, n, density, seed)
            build, dense = best_time(instance.to_dense, repeats)
            lp_time, full = best_time(lambda d=dense: ps.solve(d), repeats)
            runs = {}
            for name, oracle in [*ORACLES.items(), ("exhaustive", "exhaustive")]:
                runs[name] = best_time(
                    lambda i=instance, o=oracle: column_generation(i, oracle=o), repeats
                )
            diff = max(abs(run.value - full.value) for _, run in runs.values())
            (nx_s, _), (sp_s, fast), (ex_s, _) = runs.values()
            print(
                f"{n_states:>3} {n:>3} {draws:>5} {build:>8.3f} {lp_time:>8.3f} | {nx_s:>8.3f} "
                f"{lp_time / nx_s:>6.1f} | {sp_s:>8.3f} {lp_time / sp_s:>6.1f} "
                f"{fast.iterations:>5} {fast.oracle_calls:>6} | {ex_s:>7.3f} "
                f"{lp_time / ex_s:>6.1f} | {full.value:>9.4f} {diff:>8.1e}",
                flush=True,
            )


def large_table(states: list[int], sizes: list[int], density: float, seed: int):
    print()
    print("Column generation with the min-cut oracles only (no dense form)")
    header = (
        f"{'T':>3} {'N':>3} {'nx cut s':>8} {'SciPy s':>8} {'speedup':>7} {'iter':>5} "
        f"{'oracle':>6} {'gap':>8} {'value':>10} {'support':>7}"
    )
    print(header)
    print("-" * len(header))
    for n_states in states:
        for n in sizes:
            instance, _ = instance_for(n_states, n, density, seed)
            nx_s, slow = best_time(
                lambda i=instance: column_generation(i, oracle=maximize_min_cut), 1
            )
            sp_s, fast = best_time(
                lambda i=instance: column_generation(i, oracle=maximize_min_cut_fast), 1
            )
            assert abs(slow.value - fast.value) < 1e-6 * (1 + abs(slow.value))
            print(
                f"{n_states:>3} {n:>3} {nx_s:>8.2f} {sp_s:>8.2f} {nx_s / sp_s:>7.1f} "
                f"{fast.iterations:>5} {fast.oracle_calls:>6} {fast.gap:>8.1e} "
                f"{fast.value:>10.3f} {len(fast.support):>7}",
                flush=True,
            )


def profile(n_states: int, n: int, density: float, seed: int, top: int = 12) -> None:
    print()
    instance, _ = instance_for(n_states, n, density, seed)
    for name, oracle in ORACLES.items():
        print(f"Profile of column generation, T = {n_states}, N = {n}, oracle: {name} "
              f"(top {top} functions by own time)")
        profiler = cProfile.Profile()
        profiler.enable()
        column_generation(instance, oracle=oracle)
        profiler.disable()
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(top)
        lines = [line for line in out.getvalue().splitlines() if line.strip()]
        print("\n".join(line.strip() if k == 0 else line for k, line in enumerate(lines)
                        if k != 1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--states", type=int, nargs="+", default=[4, 16, 32])
    parser.add_argument("--small", type=int, nargs="*", default=[4, 6, 8, 10, 12])
    parser.add_argument("--large", type=int, nargs="*", default=[20, 30, 40, 60])
    parser.add_argument("--density", type=float, default=0.5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--profile", type=int, default=0, metavar="N")
    args = parser.parse_args()
    print(f"density {args.density}, seed {args.seed}, best of {args.repeats} run(s); "
          f"batch pricing (a whole round per SciPy cut call) {batch_pricing()}")
    warm, _ = instance_for(2, 3, args.density, args.seed)  # load cvxpy, HiGHS, networkx, SciPy
    ps.solve(warm.to_dense())
    for oracle in [*ORACLES.values(), "exhaustive"]:
        column_generation(warm, oracle=oracle)
    if args.small:
        small_table(args.states, args.small, args.density, args.seed, args.repeats)
    if args.large:
        large_table(args.states, args.large, args.density, args.seed)
    if args.profile:
        profile(max(args.states), args.profile, args.density, args.seed)


if __name__ == "__main__":
    main()
