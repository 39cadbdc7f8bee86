"""The committed transcripts come from the model they name: a sample re-run live.

Backs the chapter "Agents in information bargaining", section on the real local model:
a sample of recorded calls is sent again to the local model (same weights, runtime and
thread count, greedy sampling) and must give byte-identical answers. Skipped, with the
reason printed, when the local model (requirements-llm.txt) is not installed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from persuasion.bargaining.llm.local_server import (
    MODEL_SHA256,
    local_model_available,
)

TRANSCRIPTS = Path(__file__).resolve().parents[2] / "book" / "data" / "llm_transcripts"
SAMPLE_SIZE = 4


def _skip(reason: str) -> None:
    print(f"SKIPPED live replay check: {reason}")
    pytest.skip(reason)


def recorded_sample() -> list[dict]:
    from persuasion.bargaining.llm import read_transcript

    records = []
    for path in sorted(TRANSCRIPTS.glob("*.jsonl")):
        records.extend(
            r
            for r in read_transcript(path)
            if r["outcome"] == "answer" and r["identity"].get("weights_sha256") == MODEL_SHA256
        )
    records.sort(key=lambda r: r["key"])
    if len(records) <= SAMPLE_SIZE:
        return records
    step = len(records) / SAMPLE_SIZE
    return [records[int(i * step)] for i in range(SAMPLE_SIZE)]


def test_recorded_calls_reproduce_live():
    """Re-running a sample of recorded calls on the local model gives identical answers."""
    available, reason = local_model_available()
    if not available:
        _skip(reason)
    sample = recorded_sample()
    if not sample:
        _skip("no recorded calls of the local model under book/data/llm_transcripts")
    from persuasion.bargaining.llm import EndpointConfig, OpenAIBackend
    from persuasion.bargaining.llm.local_server import LocalServer, ServerSettings, runtime_version

    identity = sample[0]["identity"]
    assert all(record["identity"] == identity for record in sample)
    if identity.get("runtime") != runtime_version():
        _skip(f"recorded with {identity.get('runtime')}, installed {runtime_version()}")
    settings = ServerSettings(
        threads=identity["threads"], seed=identity["seed"], context=identity["context"]
    )
    with LocalServer(settings=settings) as server:
        assert server.identity() == identity
        backend = OpenAIBackend(
            EndpointConfig(base_url=server.base_url(), model=identity["model"], max_retries=0)
        )
        for record in sample:
            again = backend.complete(record["request"])
            assert again.content == record["raw_answer"], record["key"]
