"""Record the language-model runs of the chapter (``make llm-runs``).

``python -m persuasion.bargaining.llm.runs`` reassembles and verifies the local model
(:mod:`.local_server`), starts llama.cpp's server on 127.0.0.1, plays the experiment
grid of :mod:`persuasion.bargaining.experiment` live with language-model agents on
both sides, puts the off-path probes to the model, plays a greedy (temperature 0)
subset, writes every call to ``book/data/llm_transcripts/*.jsonl`` as it happens, and
stops the server. It installs nothing: install ``requirements-llm.txt`` first. The
chapter and the tests replay these transcripts with no model and no network.

``--resume`` continues an interrupted recording (answers already in the transcripts
are reused, with their recorded timings); ``--endpoint`` records against the
OpenAI-compatible endpoint named by the ``PERSUASION_LLM_*`` environment variables
instead of the local model.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from ..experiment import (
    LOCAL_MODEL,
    Setting,
    experiment_grid,
    language_model_agents,
    language_model_sampling,
    probe_set,
    run_grid,
    run_probes,
    run_seed,
)
from ..language_agent import LanguageModelAgent
from .client import ChatClient, OpenAIBackend
from .config import EndpointConfig
from .transcript import RecordThroughBackend, ReplayBackend, TranscriptWriter

ROOT = Path(__file__).resolve().parents[4]
TRANSCRIPTS = ROOT / "book" / "data" / "llm_transcripts"

#: The recorded design (the chapter replays exactly this). Sized for a shared 2-core
#: machine, where a call took 15-35 s rather than the 5 s of an idle one.
RUNS = 2
TEMPERATURE = 0.7
SEED = 2025
GRID_FILE = "grid.jsonl"
GREEDY_FILE = "greedy.jsonl"
PROBES_FILE = "probes.jsonl"
PROBE_FRAMINGS = ("letter",)
RECORDED_FRAMINGS = ("abstract", "letter")


def recorded_grid() -> tuple[Setting, ...]:
    """The grid of the recorded runs: :func:`experiment_grid` with ``compact=True`` in the
    abstract and letter framings."""
    return experiment_grid(framings=RECORDED_FRAMINGS, compact=True)


def greedy_settings() -> tuple[Setting, ...]:
    """The subset played at temperature 0: the one-shot persuasion settings with a fixed
    opener, in every framing."""
    return tuple(s for s in recorded_grid()
                 if s.source == "persuasion" and s.horizon == "one_shot" and s.first != "coin")


def recorded_probes() -> tuple:
    """The probes put to the model (letter framing, and the unbounded split)."""
    return probe_set(PROBE_FRAMINGS)


def replay_probes(backend: Any, model: str = LOCAL_MODEL, identity: dict | None = None,
                  writer: TranscriptWriter | None = None) -> list:
    """Put the recorded probes to the model on ``backend`` (greedy), live or replayed."""

    def responder(probe: Any) -> LanguageModelAgent:
        sampling = language_model_sampling(0.0, run_seed(SEED, "probe"))
        client = ChatClient(backend, model, sampling, identity or {}, writer)
        return LanguageModelAgent(client, probe.setting.framing,
                                  {"setting": probe.setting.name, "probe": True})

    return run_probes(recorded_probes(), responder)


def _fresh(path: Path, live: Any, resume: bool) -> tuple[TranscriptWriter, Any]:
    """A new transcript at ``path``, and the backend to use: ``live``, or with ``resume``
    one that reuses the answers of the transcript already there (an interrupted run)."""
    backend = live
    if path.exists() and not resume:
        path.unlink()
    if path.exists():
        backend = RecordThroughBackend(ReplayBackend.from_files([path]), live)
        old = path.with_suffix(".jsonl.old")
        path.replace(old)
        writer = TranscriptWriter(path)
        old.unlink()
        return writer, backend
    return TranscriptWriter(path), backend


def record(backend: Any, identity: dict[str, Any], model: str, out: Path,
           runs: int = RUNS, resume: bool = False) -> dict[str, float]:
    """Play the grid, the probes and the greedy subset live (with ``resume``, reusing the
    answers already in ``out``); return counts and timings."""
    start = time.perf_counter()
    counters = {"calls": 0, "seconds": 0.0}

    def progress(setting: Setting, batch: list) -> None:
        done = time.perf_counter() - start
        print(f"[{done:7.1f} s] {setting.name}: opener payoffs "
              f"{[round(float(r.value), 3) for r in batch]}", file=sys.stderr, flush=True)

    def finish(writer: TranscriptWriter, used: Any) -> None:
        counters["calls"] += writer.count
        counters["reused"] += getattr(used, "hits", 0)
        writer.close()

    counters["reused"] = 0
    writer, used = _fresh(out / GRID_FILE, backend, resume)
    factory = language_model_agents(used, TEMPERATURE, model, identity, writer, SEED)
    run_grid(recorded_grid(), factory, runs, SEED, progress)
    finish(writer, used)
    writer, used = _fresh(out / PROBES_FILE, backend, resume)
    replay_probes(used, model, identity, writer)
    finish(writer, used)
    writer, used = _fresh(out / GREEDY_FILE, backend, resume)
    factory = language_model_agents(used, 0.0, model, identity, writer, SEED)
    run_grid(greedy_settings(), factory, 1, SEED, progress)
    finish(writer, used)
    counters["seconds"] = time.perf_counter() - start
    return counters


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=TRANSCRIPTS,
                        help="directory of the transcripts (default: book/data/llm_transcripts)")
    parser.add_argument("--runs", type=int, default=RUNS, help="runs per setting")
    parser.add_argument("--threads", type=int, default=2, help="llama.cpp threads")
    parser.add_argument("--resume", action="store_true",
                        help="reuse the answers of the transcripts already in --out (an "
                             "interrupted recording); by default they are recorded afresh")
    parser.add_argument("--endpoint", action="store_true",
                        help="use the PERSUASION_LLM_* endpoint instead of the local model")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    if args.endpoint:
        config = EndpointConfig.from_environment()
        identity = {"model": config.model, "local": False}
        counters = record(OpenAIBackend(config), identity, config.model, args.out, args.runs,
                          args.resume)
    else:
        from .local_server import LocalServer, ServerSettings

        with LocalServer(settings=ServerSettings(threads=args.threads)) as server:
            config = EndpointConfig(base_url=server.base_url(), model=LOCAL_MODEL,
                                    timeout=300.0, max_retries=1)
            counters = record(OpenAIBackend(config), server.identity(), LOCAL_MODEL,
                              args.out, args.runs, args.resume)
    calls, seconds = counters["calls"], counters["seconds"]
    live = calls - counters["reused"]
    print(f"{calls} calls recorded ({counters['reused']} reused from an earlier recording, "
          f"{live} live) in {seconds:.0f} s"
          + (f": {live / seconds:.3f} live calls per second" if live else "")
          + f"; transcripts in {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
