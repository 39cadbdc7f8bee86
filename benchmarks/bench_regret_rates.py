"""Full-size version of the chapter "AI and learning"'s regret-rate sweeps.

Usage::

    .venv/bin/python benchmarks/bench_regret_rates.py [--max-exponent 5] [--gaps 32]
                                                      [--seeds 100] [--boot 1000]

For each bandit algorithm of the chapter (explore-then-commit, ε-greedy, decreasing
ε-greedy told the true gap, the instance-independent ε_t = (K ln t / t)^{1/3}, UCB1) the
worst case over a log-spaced grid of gaps of the mean pseudo-regret, at horizons
10^3, 10^3.5, ..., 10^max: the fitted log-log slope with a 95% bootstrap interval, the
local slope on each decade, and the gap attaining the worst case. Then the pair's
worst-case regret with a plain UCB1 human and a regret-adjusted AI (aligned family of
the chapter). The chapter runs the same code at a smaller size (4 horizons, 16 gaps,
40 seeds). Wall-clock seconds are printed per algorithm, with the ratio to the fastest
(UCB1, the baseline measured in the same run). No assertions: this measures.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from persuasion.learning.bandits import (
    UCB1,
    AnytimeEpsilonGreedy,
    DecreasingEpsilonGreedy,
    EpsilonGreedy,
    ExploreThenCommit,
    bootstrap_slope,
    epsilon_for_horizon,
    etc_exploration,
    regret_sweep,
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--max-exponent", type=float, default=5.0, help="largest log10 T")
    parser.add_argument("--gaps", type=int, default=32, help="number of gaps in the grid")
    parser.add_argument("--seeds", type=int, default=100, help="runs per gap and horizon")
    parser.add_argument("--boot", type=int, default=1000, help="bootstrap replicates")
    parser.add_argument("--seed", type=int, default=2024, help="random seed")
    args = parser.parse_args()
    horizons = [int(round(10**x)) for x in np.arange(3, args.max_exponent + 1e-9, 0.5)]
    gaps = np.geomspace(0.004, 0.5, args.gaps)
    rng = np.random.default_rng(args.seed)
    algorithms = {
        "UCB1": (lambda T: UCB1(), True),
        "explore-then-commit": (lambda T: ExploreThenCommit(etc_exploration(T)), False),
        "epsilon-greedy": (lambda T: EpsilonGreedy(epsilon_for_horizon(T)), False),
        "decreasing eps (oracle gap)": (lambda T: DecreasingEpsilonGreedy(gaps), True),
        "decreasing eps (anytime)": (lambda T: AnytimeEpsilonGreedy(), True),
    }
    print(f"horizons {horizons}, {args.gaps} gaps in [0.004, 0.5], {args.seeds} seeds")
    print(f"{'algorithm':<30}{'slope [95% CI]':>24}  decade slopes   worst gaps   s  ratio")
    base = None
    for name, (make, anytime) in algorithms.items():
        t0 = time.perf_counter()
        sweep = regret_sweep(make, gaps, horizons, args.seeds, rng, anytime=anytime)
        seconds = time.perf_counter() - t0
        base = base or seconds
        est = bootstrap_slope(sweep.horizons, sweep.runs, rng, n_boot=args.boot)
        dec = [bootstrap_slope(sweep.horizons[[k, k + 2]], sweep.runs[[k, k + 2]], rng,
                               n_boot=args.boot).slope for k in range(len(horizons) - 2)]
        worst = " ".join(f"{g:.3g}" for g in sweep.gaps[sweep.worst_index])
        print(f"{name:<30}{est.slope:>8.3f} [{est.low:.3f}, {est.high:.3f}]  "
              f"{' '.join(f'{d:.2f}' for d in dec)}  {worst}  {seconds:.1f}  "
              f"{seconds / base:.1f}x")


if __name__ == "__main__":
    main()
