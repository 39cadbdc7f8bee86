"""Time the vectorized bandit simulations against a plain per-seed loop, in one run.

Usage::

    .venv/bin/python benchmarks/bench_bandits.py [--rounds 100000] [--seeds 200]
                                                 [--baseline-seeds N] [--gap 0.1]

For each algorithm of the chapter "AI and learning" (explore-then-commit with
N = ⌈T^{2/3}⌉, ε-greedy with ε = (K ln T / T)^{1/3}, decreasing ε-greedy with the true
gap, the instance-independent ε_t = (K ln t / t)^{1/3}, UCB1) on a two-armed
Bernoulli instance with means (1/2 + Δ/2, 1/2 − Δ/2):

* vectorized: :func:`persuasion.bandits.simulate`, all seeds at once;
* baseline: :func:`persuasion.bandit_reference.simulate_per_seed`, a Python loop over
  seeds running the plain per-run implementation (pure Python floats, each run drawing
  its own uniforms).

Prints wall-clock seconds, the ratio baseline / vectorized and the mean pseudo-regret of
both (they estimate the same quantity). With ``--baseline-seeds N < seeds`` the baseline
is timed on N seeds and scaled to the full count (the table says so). No assertions:
this measures, it does not test.
"""

from __future__ import annotations

import argparse
import math
import platform
import time
from collections.abc import Callable

import numpy as np

from persuasion.learning.bandit_reference import simulate_per_seed
from persuasion.learning.bandits import (
    UCB1,
    AnytimeEpsilonGreedy,
    BanditPolicy,
    DecreasingEpsilonGreedy,
    EpsilonGreedy,
    ExploreThenCommit,
    epsilon_for_horizon,
    etc_exploration,
    simulate,
    two_armed_means,
)


def algorithms(horizon: int, gap: float) -> dict[str, Callable[[], BanditPolicy]]:
    """The four policies of the chapter, tuned as there."""
    return {
        "explore-then-commit": lambda: ExploreThenCommit(etc_exploration(horizon)),
        "epsilon-greedy": lambda: EpsilonGreedy(epsilon_for_horizon(horizon)),
        "decreasing eps-greedy": lambda: DecreasingEpsilonGreedy(gap),
        "anytime eps-greedy": lambda: AnytimeEpsilonGreedy(),
        "UCB1": lambda: UCB1(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=100_000, help="horizon T")
    parser.add_argument("--seeds", type=int, default=200, help="independent runs")
    parser.add_argument("--baseline-seeds", type=int, default=None,
                        help="time the per-seed loop on this many seeds and scale up")
    parser.add_argument("--gap", type=float, default=0.1, help="gap between the two arms")
    parser.add_argument("--seed", type=int, default=2024, help="random seed")
    args = parser.parse_args()
    T, S = args.rounds, args.seeds
    S_base = min(S, args.baseline_seeds or S)
    means = two_armed_means([args.gap])[0]
    print(f"bandit benchmark: T = {T} rounds, {S} seeds, means = {means.tolist()}")
    print(f"python {platform.python_version()}, numpy {np.__version__}")
    if S_base < S:
        print(f"baseline timed on {S_base} seeds and scaled by {S / S_base:.1f}")
    header = f"{'algorithm':<24}{'vectorized s':>14}{'per-seed s':>13}{'ratio':>9}" \
             f"{'regret (vec)':>15}{'regret (loop)':>15}"
    print(header)
    print("-" * len(header))
    for name, make in algorithms(T, args.gap).items():
        t0 = time.perf_counter()
        run = simulate(make(), means, T, rng=args.seed, n_seeds=S)
        t_vec = time.perf_counter() - t0
        t0 = time.perf_counter()
        loop = simulate_per_seed(make(), means, T, rng=args.seed + 1, n_seeds=S_base)
        t_loop = (time.perf_counter() - t0) * S / S_base
        vec_regret = run.regret[:, -1]
        print(
            f"{name:<24}{t_vec:>14.2f}{t_loop:>13.2f}{t_loop / t_vec:>8.1f}x"
            f"{vec_regret.mean():>9.1f} ± {1.96 * vec_regret.std(ddof=1) / math.sqrt(S):<4.1f}"
            f"{loop.mean():>9.1f} ± {1.96 * loop.std(ddof=1) / math.sqrt(S_base):<4.1f}"
        )


if __name__ == "__main__":
    main()
