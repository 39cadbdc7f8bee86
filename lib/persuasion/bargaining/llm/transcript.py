"""Transcripts of language-model calls: one JSON line per call, and replay from them.

Every call is written as it completes (and flushed to disk), so a run that is
interrupted keeps every call it made. A line holds the request (messages, model name,
sampling parameters, response format), the model's identity (name, weights' SHA-256
when local, runtime version, thread count), the raw answer, the parsed decision or the
validation error, and the timing. The replay key is the SHA-256 of the request alone
(canonical JSON), so timing, identity and labels never change it.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import LanguageModelError, ReplayMissError

#: Outcomes a line can record; only ``"answer"`` lines can be replayed.
OUTCOMES = ("answer", "timeout", "http_error")


def canonical_json(value: Any) -> str:
    """JSON with sorted keys and no spaces: the form hashed into replay keys."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def request_key(request: Mapping[str, Any]) -> str:
    """SHA-256 (hex) of the canonical JSON of a request."""
    if not isinstance(request, Mapping) or "messages" not in request:
        raise ValueError("request must be a mapping with 'messages'")
    return hashlib.sha256(canonical_json(dict(request)).encode("utf-8")).hexdigest()


class TranscriptWriter:
    """Appends call records to a JSON-lines file, flushing each line to disk."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._handle = open(self.path, "a", encoding="utf-8")  # noqa: SIM115
        self.count = 0

    def write(self, record: Mapping[str, Any]) -> None:
        """Write one record as a line and push it to disk before returning."""
        if record.get("outcome") not in OUTCOMES:
            raise ValueError(f"record must have an outcome in {OUTCOMES}")
        self._handle.write(canonical_json(dict(record)) + "\n")
        self._handle.flush()
        os.fsync(self._handle.fileno())
        self.count += 1

    def close(self) -> None:
        if not self._handle.closed:
            self._handle.close()

    def __enter__(self) -> TranscriptWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def read_transcript(path: str | Path) -> list[dict[str, Any]]:
    """The records of a transcript file, in order.

    A last line without its newline (a run killed while writing) is dropped; any
    other line that is not a JSON object raises :class:`LanguageModelError` naming
    the line.
    """
    text = Path(path).read_text(encoding="utf-8")
    lines = text.split("\n")
    if lines and lines[-1] != "":
        lines = lines[:-1]  # incomplete final line
    records = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            name = Path(path).name
            raise LanguageModelError(f"{name}, line {number}: not JSON ({err})") from None
        if not isinstance(record, dict) or "key" not in record or "request" not in record:
            raise LanguageModelError(f"{Path(path).name}, line {number}: not a call record")
        records.append(record)
    return records


@dataclass(frozen=True)
class Completion:
    """What an endpoint returned for one request; ``seconds`` is the recorded time of the
    call when it comes from a transcript (``None`` for a live call, which is timed)."""

    content: str
    response_model: str | None = None
    usage: Mapping[str, Any] | None = None
    seconds: float | None = None


class ReplayBackend:
    """Answers requests from recorded transcripts instead of calling a model.

    Built from records (or transcript files); a request is looked up by its key,
    and a request that was never recorded raises :class:`ReplayMissError`. When a
    request was recorded several times with different answers (a nondeterministic
    endpoint), the first answer is used and :attr:`conflicts` counts the others.
    """

    def __init__(self, records: Iterable[Mapping[str, Any]]) -> None:
        self._answers: dict[str, Mapping[str, Any]] = {}
        self.identities: list[dict[str, Any]] = []
        self.conflicts = 0
        self.hits = 0
        for record in records:
            if record.get("outcome") != "answer":
                continue
            key = record["key"]
            if key != request_key(record["request"]):
                raise LanguageModelError(f"record {key[:12]}: key does not match its request")
            if key in self._answers:
                if self._answers[key]["raw_answer"] != record["raw_answer"]:
                    self.conflicts += 1
                continue
            self._answers[key] = record
            identity = record.get("identity")
            if identity is not None and identity not in self.identities:
                self.identities.append(identity)

    @classmethod
    def from_files(cls, paths: Iterable[str | Path]) -> ReplayBackend:
        records: list[dict[str, Any]] = []
        for path in paths:
            records.extend(read_transcript(path))
        return cls(records)

    def __len__(self) -> int:
        return len(self._answers)

    def __contains__(self, request: Mapping[str, Any]) -> bool:
        return request_key(request) in self._answers

    def complete(self, request: Mapping[str, Any]) -> Completion:
        key = request_key(request)
        record = self._answers.get(key)
        if record is None:
            messages = request.get("messages") or [{}]
            last = str(messages[-1].get("content", ""))[:120].replace("\n", " ")
            raise ReplayMissError(
                f"request {key[:12]} is not in the transcript (last message: {last!r}); "
                "run it live to record it"
            )
        self.hits += 1
        return Completion(
            content=record["raw_answer"],
            response_model=record.get("response_model"),
            usage=record.get("usage"),
            seconds=record.get("seconds"),
        )


class RecordThroughBackend:
    """Replay what a transcript already holds, call ``live`` for the rest.

    Used to resume an interrupted recording: requests already answered are not sent
    again (``hits`` counts them), new ones go to the live backend (``misses``); the
    caller's :class:`TranscriptWriter` records both, so the new transcript is complete.
    """

    def __init__(self, recorded: ReplayBackend, live: Any) -> None:
        self.recorded = recorded
        self.live = live
        self.misses = 0

    @property
    def hits(self) -> int:
        return self.recorded.hits

    def complete(self, request: Mapping[str, Any]) -> Completion:
        if request in self.recorded:
            return self.recorded.complete(request)
        self.misses += 1
        return self.live.complete(request)
