"""Full table of the chapter "AI-augmented games"'s auction on finer and finer bid grids.

Usage::

    .venv/bin/python benchmarks/bench_auction_grid.py [--finest 16]

For the scenarios no AI, both AIs with accuracy 3/4 and both with a perfect AI, and bid
steps 1/2, 1/4, ..., 1/finest: the range of bidder 1's surplus over all Bayes–Nash
equilibria in undominated bids (the MILP of ``auction_bidder_range``, made exact), next
to the continuous-bid benchmark. Prints the seconds per cell and, as the baseline
measured in the same run, the ratio to the step-1/2 cell of the same scenario. The
chapter computes steps down to 1/4 (1/16 with a perfect AI). No assertions.
"""

from __future__ import annotations

import argparse
import time
from fractions import Fraction

from persuasion.games.ai_augmented import (
    auction_bidder_range,
    auction_outcome,
    first_price_auction,
)
from persuasion.games.auctions import continuous_first_price


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--finest", type=int, default=16, help="finest step is 1/finest")
    args = parser.parse_args()
    steps = []
    k = 2
    while k <= args.finest:
        steps.append(Fraction(1, k))
        k *= 2
    scenarios = {"no AI": (None, None), "AI q = 3/4": (Fraction(3, 4),) * 2, "AI q = 1": (1, 1)}
    print(f"{'scenario':<12}{'step':>6}{'bidder 1 surplus':>26}{'benchmark':>11}"
          f"{'seconds':>9}{'ratio':>8}")
    for name, acc in scenarios.items():
        bench = continuous_first_price(acc[0])
        base = None
        for h in steps:
            t0 = time.perf_counter()
            auction = first_price_auction(bid_step=h, ai_accuracy=acc)
            best, worst = (auction_outcome(auction, e) for e in auction_bidder_range(auction, 0))
            seconds = time.perf_counter() - t0
            base = base or seconds
            print(f"{name:<12}{str(h):>6}{float(worst.surplus[0]):>14.5f} to "
                  f"{float(best.surplus[0]):.5f}{float(bench.surplus):>11.5f}"
                  f"{seconds:>9.1f}{seconds / base:>7.1f}x", flush=True)


if __name__ == "__main__":
    main()
