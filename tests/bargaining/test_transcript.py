"""Transcripts and replay of language-model calls.

Backs the chapter "Agents in information bargaining", section on recorded runs: each
call is one JSON line flushed as it happens; replay answers from the transcript by a
hash of the request (timing excluded) and fails clearly on a request never recorded,
and a replayed run reproduces the live run call by call, retries included.
"""

from __future__ import annotations

import json

import pytest

from persuasion.bargaining.llm import (
    ChatClient,
    InvalidAnswerError,
    LanguageModelError,
    ReplayBackend,
    ReplayMissError,
    Sampling,
    TranscriptWriter,
    read_transcript,
    request_key,
)
from persuasion.bargaining.llm.transcript import Completion, canonical_json
from persuasion.errors import PersuasionError

SCHEMA = {
    "type": "object",
    "properties": {"accept": {"type": "boolean"}},
    "required": ["accept"],
    "additionalProperties": False,
}


def prompt(text):
    return [{"role": "user", "content": text}]


class ScriptBackend:
    """In-process backend answering from a list (so transcript tests need no HTTP)."""

    def __init__(self, answers):
        self.answers = list(answers)
        self.requests = []

    def complete(self, request):
        self.requests.append(request)
        return Completion(content=self.answers[min(len(self.requests), len(self.answers)) - 1])


def record_run(tmp_path, answers, texts):
    backend = ScriptBackend(answers)
    with TranscriptWriter(tmp_path / "run.jsonl") as writer:
        client = ChatClient(
            backend,
            model="m",
            sampling=Sampling.greedy_local(),
            identity={"model": "m", "weights_sha256": "ab" * 32, "threads": 2},
            transcript=writer,
        )
        results = [client.decide(prompt(t), SCHEMA, label={"i": i}) for i, t in enumerate(texts)]
    return results, backend


def test_key_is_the_hash_of_the_canonical_request():
    """The key ignores key order, and changes with any field of the request."""
    a = {"model": "m", "messages": prompt("hi"), "temperature": 0.0}
    b = {"temperature": 0.0, "messages": prompt("hi"), "model": "m"}
    assert request_key(a) == request_key(b)
    assert len(request_key(a)) == 64
    assert request_key(a) != request_key({**a, "temperature": 0.5})
    assert request_key(a) != request_key({**a, "messages": prompt("hi!")})
    with pytest.raises(ValueError, match="request"):
        request_key({"model": "m"})


def test_each_call_is_a_flushed_json_line(tmp_path):
    """A line is on disk as soon as write returns (before close)."""
    writer = TranscriptWriter(tmp_path / "t.jsonl")
    request = {"model": "m", "messages": prompt("x")}
    writer.write({"key": request_key(request), "request": request, "outcome": "answer",
                  "raw_answer": "{}"})
    text = (tmp_path / "t.jsonl").read_text()
    assert text.endswith("\n") and json.loads(text)["raw_answer"] == "{}"
    with pytest.raises(ValueError, match="outcome"):
        writer.write({"key": "k", "request": request})
    writer.close()


def test_live_run_records_identity_sampling_and_answers(tmp_path):
    """Every call of a run is recorded with the model identity and sampling parameters."""
    results, backend = record_run(
        tmp_path, ['{"accept": true}'], ["offer 1", "offer 2"]
    )
    lines = read_transcript(tmp_path / "run.jsonl")
    assert len(lines) == 2 == len(backend.requests)
    for line, request in zip(lines, backend.requests, strict=True):
        assert line["request"] == request
        assert line["identity"]["weights_sha256"] == "ab" * 32
        assert line["request"]["extra_body"] == {"cache_prompt": False, "top_k": 1}
        assert line["parsed"] == {"accept": True}
    assert [r.decision for r in results] == [{"accept": True}] * 2


def test_replay_reproduces_the_run_including_retries(tmp_path):
    """Replaying a transcript gives the same decisions, attempts and keys, with no model."""
    answers = ["yes", '{"accept": 1}', '{"accept": false}']
    live, _ = record_run(tmp_path, answers, ["offer"])
    replay = ReplayBackend.from_files([tmp_path / "run.jsonl"])
    assert len(replay) == 3
    client = ChatClient(replay, model="m", sampling=Sampling.greedy_local())
    again = client.decide(prompt("offer"), SCHEMA)
    assert again.decision == live[0].decision == {"accept": False}
    assert again.raw_answers == live[0].raw_answers and again.keys == live[0].keys
    assert replay.hits == 3
    # a replayed call keeps the time it took when it was recorded
    recorded = sum(line["seconds"] for line in read_transcript(tmp_path / "run.jsonl"))
    assert again.seconds == pytest.approx(recorded)


def test_timing_and_labels_do_not_change_the_key(tmp_path):
    """Two runs of the same request with different timings share one key."""
    record_run(tmp_path, ['{"accept": true}'], ["offer"])
    record_run(tmp_path, ['{"accept": true}'], ["offer"])
    lines = read_transcript(tmp_path / "run.jsonl")
    assert lines[0]["key"] == lines[1]["key"]
    replay = ReplayBackend(lines)
    assert len(replay) == 1 and replay.conflicts == 0


def test_conflicting_answers_are_counted(tmp_path):
    """The same request answered differently (a nondeterministic endpoint) is counted."""
    record_run(tmp_path, ['{"accept": true}'], ["offer"])
    record_run(tmp_path, ['{"accept": false}'], ["offer"])
    replay = ReplayBackend.from_files([tmp_path / "run.jsonl"])
    assert replay.conflicts == 1


def test_replay_miss_is_a_clear_error(tmp_path):
    """A request that was never recorded raises ReplayMissError naming its key."""
    record_run(tmp_path, ['{"accept": true}'], ["offer"])
    client = ChatClient(
        ReplayBackend.from_files([tmp_path / "run.jsonl"]), model="m",
        sampling=Sampling.greedy_local(),
    )
    with pytest.raises(ReplayMissError, match="not in the transcript") as info:
        client.decide(prompt("another offer"), SCHEMA)
    assert isinstance(info.value, PersuasionError)
    assert "another offer" in str(info.value)
    # different sampling parameters are a different request, hence a miss too
    client.sampling = Sampling.greedy_local(seed=99)
    with pytest.raises(ReplayMissError):
        client.decide(prompt("offer"), SCHEMA)


def test_replay_of_invalid_answers_raises_as_live(tmp_path):
    """A recorded run that ended in InvalidAnswerError ends the same way in replay."""
    backend = ScriptBackend(["nope"])
    with TranscriptWriter(tmp_path / "bad.jsonl") as writer:
        client = ChatClient(backend, model="m", transcript=writer, max_attempts=2)
        with pytest.raises(InvalidAnswerError):
            client.decide(prompt("offer"), SCHEMA)
    replay = ChatClient(ReplayBackend.from_files([tmp_path / "bad.jsonl"]), model="m",
                        max_attempts=2)
    with pytest.raises(InvalidAnswerError) as info:
        replay.decide(prompt("offer"), SCHEMA)
    assert info.value.answers == ["nope", "nope"]


def test_failed_calls_are_kept_but_not_replayed(tmp_path):
    """Timeout and HTTP-error lines stay in the transcript and are skipped by replay."""
    request = {"model": "m", "messages": prompt("x")}
    with TranscriptWriter(tmp_path / "t.jsonl") as writer:
        writer.write({"key": request_key(request), "request": request, "outcome": "timeout"})
    replay = ReplayBackend.from_files([tmp_path / "t.jsonl"])
    assert len(replay) == 0
    with pytest.raises(ReplayMissError):
        replay.complete(request)


def test_truncated_last_line_is_dropped_and_corruption_is_reported(tmp_path):
    """A run killed mid-line loses only that line; a corrupt line elsewhere is an error."""
    request = {"model": "m", "messages": prompt("x")}
    good = canonical_json({"key": request_key(request), "request": request,
                           "outcome": "answer", "raw_answer": "{}"})
    path = tmp_path / "t.jsonl"
    path.write_text(good + "\n" + good[:20])
    assert len(read_transcript(path)) == 1
    path.write_text(good[:20] + "\n" + good + "\n")
    with pytest.raises(LanguageModelError, match="line 1"):
        read_transcript(path)
    path.write_text('{"no": "key"}\n')
    with pytest.raises(LanguageModelError, match="not a call record"):
        read_transcript(path)


def test_tampered_record_is_refused():
    """A record whose request was edited after recording no longer matches its key."""
    request = {"model": "m", "messages": prompt("x")}
    record = {"key": request_key(request), "request": {**request, "model": "n"},
              "outcome": "answer", "raw_answer": "{}"}
    with pytest.raises(LanguageModelError, match="does not match"):
        ReplayBackend([record])


def test_record_through_reuses_recorded_answers(tmp_path):
    """Resuming a recording: recorded requests are answered from the transcript (with
    their recorded timing), new ones go live, and the new transcript holds both."""
    from persuasion.bargaining.llm.transcript import RecordThroughBackend

    record_run(tmp_path, ['{"accept": true}'], ["offer 1"])
    recorded = ReplayBackend.from_files([tmp_path / "run.jsonl"])
    live = ScriptBackend(['{"accept": false}'])
    backend = RecordThroughBackend(recorded, live)
    with TranscriptWriter(tmp_path / "resumed.jsonl") as writer:
        client = ChatClient(backend, "m", Sampling.greedy_local(), transcript=writer)
        first = client.decide(prompt("offer 1"), SCHEMA)
        second = client.decide(prompt("offer 2"), SCHEMA)
    assert (first.decision, second.decision) == ({"accept": True}, {"accept": False})
    assert (backend.hits, backend.misses, len(live.requests)) == (1, 1, 1)
    old = read_transcript(tmp_path / "run.jsonl")[0]
    lines = read_transcript(tmp_path / "resumed.jsonl")
    assert len(lines) == 2 and lines[0]["seconds"] == old["seconds"]
