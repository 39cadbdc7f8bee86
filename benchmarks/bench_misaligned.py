"""Full-size version of the chapter "AI and learning"'s linear-regret experiment.

Usage::

    .venv/bin/python benchmarks/bench_misaligned.py [--max-exponent 5] [--seeds 50]

The slides' two-state misaligned instance with δ_T = T^{-1/2}, for the four pairs of
learners of the chapter (human / AI): UCB1 / UCB1, ETC / UCB1, UCB1 / ETC, EETC / ETC.
For horizons 10^3, 10^3.5, ..., 10^max it prints max over {human, AI} x {ω1, ω2} of the
mean regret per round against the Stackelberg values (slide units), the share of rounds
with prompt a1 in ω1 and the share of b1 among the AI's answers to a1, and the seconds
each pair took with the ratio to the fastest pair measured in the same run. The chapter
runs horizons up to 10^4 with 20 seeds. No assertions: this measures.
"""

from __future__ import annotations

import argparse
import math
import time

import numpy as np

from persuasion.learning.stackelberg import (
    ExploreTwiceThenCommit,
    FollowerETC,
    FollowerUCB,
    LeaderETC,
    LeaderUCB1,
    misaligned_sweep,
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--max-exponent", type=float, default=5.0, help="largest log10 T")
    parser.add_argument("--seeds", type=int, default=50, help="runs per horizon and state")
    parser.add_argument("--seed", type=int, default=11, help="random seed")
    args = parser.parse_args()
    horizons = [int(round(10**x)) for x in np.arange(3, args.max_exponent + 1e-9, 0.5)]

    def n_of(T: int) -> int:
        return math.ceil((T / 6) ** (2 / 3))

    pairs = {
        "EETC / ETC": (lambda T: ExploreTwiceThenCommit(3 * n_of(T), n_of(T)),
                       lambda T: FollowerETC(n_of(T))),
        "UCB1 / UCB1": (lambda T: LeaderUCB1(), lambda T: FollowerUCB()),
        "ETC / UCB1": (lambda T: LeaderETC(math.ceil(T ** (2 / 3))), lambda T: FollowerUCB()),
        "UCB1 / ETC": (lambda T: LeaderUCB1(), lambda T: FollowerETC(n_of(T))),
    }
    rng = np.random.default_rng(args.seed)
    print(f"delta_T = T^(-1/2), horizons {horizons}, {args.seeds} seeds per state")
    times = {}
    for name, (make_leader, make_follower) in pairs.items():
        t0 = time.perf_counter()
        sweep = misaligned_sweep(make_leader, make_follower, horizons, 1.0, args.seeds, rng)
        times[name] = time.perf_counter() - t0
        print(f"{name:<12} max regret/T: {' '.join(f'{x:6.3f}' for x in sweep.worst)}")
        print(f"{'':<12} a1 share:     {' '.join(f'{x:6.3f}' for x in sweep.a1_share[:, 0])}")
        print(f"{'':<12} b1 | a1:      {' '.join(f'{x:6.3f}' for x in sweep.b1_share[:, 0])}")
    fastest = min(times.values())
    for name, seconds in times.items():
        print(f"{name:<12} {seconds:8.1f} s  {seconds / fastest:6.1f}x the fastest pair")


if __name__ == "__main__":
    main()
