"""Replaying the recorded language-model runs against running them live, in one run.

Usage::

    .venv/bin/python benchmarks/bench_agents.py

Replays the whole recorded grid of the chapter "Agents in information bargaining" (the
grid at temperature 0.7, the probes, the greedy subset) from the committed transcripts in
``book/data/llm_transcripts`` — no model, no network — and times it. The baseline is the
live cost of the same calls: the sum of the per-call times recorded in the transcripts
(llama.cpp serving Qwen2.5-Coder-0.5B on this kind of 2-core machine). Prints both, their
ratio, the replay's calls per second and the recorded live calls per second. Also times
the grid with rational and with quantal agents (λ = 0.1). No assertions: this measures,
it does not test.
"""

from __future__ import annotations

import platform
import time

from persuasion.bargaining.experiment import (
    language_model_agents,
    rational_agents,
    run_grid,
    run_seed,
)
from persuasion.bargaining.llm import ReplayBackend, read_transcript
from persuasion.bargaining.llm.runs import (
    GREEDY_FILE,
    GRID_FILE,
    PROBES_FILE,
    RUNS,
    SEED,
    TEMPERATURE,
    TRANSCRIPTS,
    greedy_settings,
    recorded_grid,
    replay_probes,
)
from persuasion.bargaining.quantal import QuantalAgent


def replay_all() -> int:
    grid = ReplayBackend.from_files([TRANSCRIPTS / GRID_FILE])
    run_grid(recorded_grid(), language_model_agents(grid, TEMPERATURE, seed=SEED), RUNS, SEED)
    greedy = ReplayBackend.from_files([TRANSCRIPTS / GREEDY_FILE])
    run_grid(greedy_settings(), language_model_agents(greedy, 0.0, seed=SEED), 1, SEED)
    probes = ReplayBackend.from_files([TRANSCRIPTS / PROBES_FILE])
    replay_probes(probes)
    return grid.hits + greedy.hits + probes.hits


def quantal_factory(lam: float):
    def make(setting, run, opener):
        seed = run_seed(SEED, setting.name, run, lam)
        return QuantalAgent(lam, rng=seed), QuantalAgent(lam, rng=seed + 1)

    return make


def main() -> None:
    records = [r for name in (GRID_FILE, GREEDY_FILE, PROBES_FILE)
               for r in read_transcript(TRANSCRIPTS / name) if r["outcome"] == "answer"]
    live = sum(r["seconds"] for r in records)
    start = time.perf_counter()
    calls = replay_all()
    replay = time.perf_counter() - start
    start = time.perf_counter()
    run_grid(recorded_grid(), rational_agents, RUNS, SEED)
    rational = time.perf_counter() - start
    start = time.perf_counter()
    run_grid(recorded_grid(), quantal_factory(0.1), RUNS, SEED)
    quantal = time.perf_counter() - start
    print(f"python {platform.python_version()}, {platform.machine()}")
    print(f"recorded calls: {len(records)}; replayed calls: {calls}")
    print(f"{'what':<44}{'seconds':>10}{'calls/s':>10}")
    print(f"{'live (recorded per-call times, summed)':<44}{live:>10.1f}"
          f"{len(records) / live:>10.3f}")
    print(f"{'replay of grid + probes + greedy subset':<44}{replay:>10.2f}{calls / replay:>10.1f}")
    print(f"{'rational agents on the grid':<44}{rational:>10.2f}")
    print(f"{'quantal agents (lambda 0.1) on the grid':<44}{quantal:>10.2f}")
    print(f"ratio live / replay: {live / replay:.0f}x")


if __name__ == "__main__":
    main()
