"""Time the reduced-form LP (`persuasion.iid_optimum`) against the full LP and the closed forms.

For i.i.d. action types with n actions and m types the full LP
(`persuasion.solve` on `Instance.from_types`, m**n states) is the baseline;
the reduced form has m variables.  One run times, on the same seeded instance:

- build     : `Instance.from_types` (needed by the full LP and the closed forms only);
- full LP   : `persuasion.solve(instance, payments)` as shipped (HiGHS, default = simplex);
- full IPM  : the same LP with HiGHS's interior-point solver (a stronger baseline);
- reduced   : `iid_optimum(..., exact=False)` (HiGHS on the reduced form);
- exact     : `iid_optimum(...)` (HiGHS + the rational simplex certificate);
- closed    : `persuasion.closed_form_optimum(instance, payments)` (Propositions 3-6 on
              the full instance, exact arithmetic);

and prints the ratios full/reduced and full IPM/reduced.  Each full-instance run
happens in a child process stopped after --limit seconds ("> limit" is then
printed, and larger n for that m are skipped).  The last lines time the exact
reduced form at n = 50, m = 5 (the chapter's instance) for the four payment models.

Usage:  .venv/bin/python benchmarks/bench_symmetric.py [--quick] [--max-states N]
        [--limit SECONDS] [--payments MODEL] [--m 2 3 4 5]
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import time
from fractions import Fraction

import cvxpy as cp
import numpy as np

import persuasion as ps

#: The n = 50, m = 5 instance of book/symmetric_scale.ipynb (prior, sender, receiver).
BOOK_N50 = (
    [Fraction(1, 2), Fraction(3, 10), Fraction(3, 25), Fraction(1, 20), Fraction(3, 100)],
    [4, 3, 2, 1, 0],
    [0, 1, 3, 4, 5],
)


def instance_data(n: int, m: int, seed: int = 0):
    """A seeded i.i.d. instance: rational prior, integer payoffs in 0..9."""
    rng = np.random.default_rng([seed, n, m])
    counts = rng.integers(1, 10, m)
    prior = [Fraction(int(c), int(counts.sum())) for c in counts]
    sender = [int(v) for v in rng.integers(0, 10, m)]
    receiver = [int(v) for v in rng.integers(0, 10, m)]
    return prior, sender, receiver


def _child(kind: str, n: int, m: int, payments: str, queue) -> None:
    prior, sender, receiver = instance_data(n, m)
    start = time.perf_counter()
    instance = ps.Instance.from_types(prior, sender, receiver, n)
    built = time.perf_counter() - start
    if kind == "ipm":
        original = cp.Problem.solve

        def solve_ipm(self, *args, **kwargs):
            kwargs.setdefault("highs_options", {"solver": "ipm"})
            return original(self, *args, **kwargs)

        cp.Problem.solve = solve_ipm
    start = time.perf_counter()
    if kind == "closed":
        value = float(ps.closed_form_optimum(instance, payments).value)
    else:
        value = ps.solve(instance, payments).value
    queue.put((built, time.perf_counter() - start, value))


def timed_child(kind: str, n: int, m: int, payments: str, limit: float):
    """(build seconds, run seconds, value) from a child process, or None after ``limit``."""
    context = mp.get_context("fork")
    queue = context.Queue()
    process = context.Process(target=_child, args=(kind, n, m, payments, queue))
    process.start()
    process.join(limit)
    if process.is_alive():
        process.kill()
        process.join()
        return None
    return queue.get() if not queue.empty() else None


def best_of(repeats: int, function):
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return min(times), result


def fmt(seconds, limit) -> str:
    return f"> {limit:.0f}" if seconds is None else f"{seconds:.4f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small grid, short time limit")
    parser.add_argument("--max-states", type=int, default=None, help="largest m**n on the grid")
    parser.add_argument("--limit", type=float, default=None, help="seconds per full-instance run")
    parser.add_argument("--payments", default="none", choices=ps.PAYMENT_MODELS)
    parser.add_argument("--m", type=int, nargs="+", default=[2, 3, 4, 5])
    parser.add_argument("--repeats", type=int, default=5, help="best of this many reduced runs")
    args = parser.parse_args()
    max_states = args.max_states or (1024 if args.quick else 65_536)
    limit = args.limit or (60.0 if args.quick else 1800.0)
    model = args.payments

    print(f"payments = {model}; full-instance runs stopped after {limit:.0f} s; "
          f"reduced = best of {args.repeats}")
    header = (f"{'n':>3} {'m':>2} {'states':>7} {'build':>8} {'full LP':>9} {'full IPM':>9} "
              f"{'reduced':>8} {'exact':>8} {'closed':>9} {'full/red':>9} {'IPM/red':>8} agree")
    print(header)
    for m in args.m:
        stalled = {"lp": False, "ipm": False, "closed": False}
        n = 2
        while m**n <= max_states:
            prior, sender, receiver = instance_data(n, m)
            t_red, fast = best_of(args.repeats, lambda p=prior, s=sender, r=receiver, k=n:
                                  ps.iid_optimum(p, s, r, k, model, exact=False))
            t_exact, sure = best_of(args.repeats, lambda p=prior, s=sender, r=receiver, k=n:
                                    ps.iid_optimum(p, s, r, k, model))
            runs = {}
            for kind in ("lp", "ipm", "closed"):
                runs[kind] = None if stalled[kind] else timed_child(kind, n, m, model, limit)
                stalled[kind] = runs[kind] is None
            build = next((r[0] for r in runs.values() if r is not None), None)
            values = [r[2] for r in runs.values() if r is not None] + [fast.value]
            agree = max(abs(v - float(sure.value_exact)) for v in values) < 1e-6
            t_lp, t_ipm, t_closed = (None if runs[k] is None else runs[k][1]
                                     for k in ("lp", "ipm", "closed"))
            ratio = "" if t_lp is None else f"{t_lp / t_red:9.1f}"
            ratio_lb = f">{limit / t_red:8.0f}" if t_lp is None else ratio
            ipm_ratio = "" if t_ipm is None else f"{t_ipm / t_red:8.1f}"
            print(f"{n:>3} {m:>2} {m**n:>7} {fmt(build, limit):>8} {fmt(t_lp, limit):>9} "
                  f"{fmt(t_ipm, limit):>9} {t_red:8.4f} {t_exact:8.4f} "
                  f"{fmt(t_closed, limit):>9} {ratio_lb:>9} {ipm_ratio:>8} {agree}", flush=True)
            if all(stalled.values()):
                break
            n += 1

    print("\nn = 50, m = 5 (5**50 states), exact reduced form, the chapter's instance:")
    prior, sender, receiver = BOOK_N50
    for payments in ps.PAYMENT_MODELS:
        seconds, solution = best_of(3, lambda p=payments: ps.iid_optimum(
            prior, sender, receiver, 50, p))
        digits = len(str(solution.value_exact.q))
        print(f"  {payments:16s} {seconds:8.4f} s  value {float(solution.value_exact):.6f} "
              f"(exact rational, denominator of {digits} digits)")


if __name__ == "__main__":
    main()
