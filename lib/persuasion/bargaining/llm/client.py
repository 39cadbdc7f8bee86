"""Ask a chat model for a decision in JSON, validate it, retry a bounded number of times.

:class:`ChatClient` sends a request (messages, sampling parameters and, where the
server supports it, a JSON-schema response format), parses the answer, checks it
against the schema and against a caller's range check, and on a malformed or
out-of-range answer asks again, showing the model its answer and what was wrong,
at most ``max_attempts`` times in all. Every completed call is written to the
transcript as it happens. The backend is either :class:`OpenAIBackend` (a live
OpenAI-compatible endpoint through the ``openai`` package, which brings timeouts
and retries on 429 and 5xx) or :class:`~.transcript.ReplayBackend` (recorded
answers, no network): both go through the same parsing, validation and retries,
so a replay reproduces a live run call by call.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import jsonschema

from ...validation import as_positive_int
from .config import EndpointConfig, Sampling
from .errors import (
    EndpointHTTPError,
    EndpointTimeoutError,
    InvalidAnswerError,
    LanguageModelError,
)
from .transcript import Completion, TranscriptWriter, request_key

Message = dict[str, str]

_FENCE = re.compile(r"^```[a-zA-Z]*\s*\n(.*?)\n?```\s*$", re.DOTALL)


class Backend(Protocol):
    """Anything that turns a request into a completion (live endpoint or replay)."""

    def complete(self, request: Mapping[str, Any]) -> Completion: ...


class OpenAIBackend:
    """A live OpenAI-compatible endpoint, through the ``openai`` client library.

    The library retries timeouts, connection errors, 429 and 5xx responses
    ``config.max_retries`` times with backoff (honouring ``Retry-After``); what is
    left is raised as :class:`EndpointTimeoutError` or :class:`EndpointHTTPError`.
    """

    def __init__(self, config: EndpointConfig) -> None:
        if not isinstance(config, EndpointConfig):
            raise ValueError(f"config must be an EndpointConfig, got {type(config).__name__}")
        try:
            import openai
        except ImportError as err:  # pragma: no cover - depends on the extra
            raise LanguageModelError(
                "live calls need the openai package (pip install -r requirements-llm.txt)"
            ) from err
        self._openai = openai
        self.config = config
        self._client = openai.OpenAI(
            base_url=config.base_url,
            api_key=config.api_key,
            timeout=config.timeout,
            max_retries=config.max_retries,
        )

    def complete(self, request: Mapping[str, Any]) -> Completion:
        openai = self._openai
        arguments = {k: v for k, v in request.items() if k != "extra_body"}
        if "extra_body" in request:
            arguments["extra_body"] = dict(request["extra_body"])
        try:
            response = self._client.chat.completions.create(**arguments)
        except openai.APITimeoutError as err:
            raise EndpointTimeoutError(
                f"the endpoint did not answer within {self.config.timeout:g} s "
                f"({self.config.max_retries} retries)"
            ) from err
        except openai.APIStatusError as err:
            raise EndpointHTTPError(
                f"the endpoint answered HTTP {err.status_code} "
                f"after {self.config.max_retries} retries: {_short(err.message)}",
                status=err.status_code,
            ) from err
        except openai.APIConnectionError as err:
            raise EndpointHTTPError(
                f"could not connect to the endpoint ({_short(str(err))})", status=None
            ) from err
        if not response.choices:
            raise EndpointHTTPError("the endpoint answered with no choices", status=200)
        content = response.choices[0].message.content or ""
        usage = None
        if response.usage is not None:
            usage = {
                "prompt_tokens": response.usage.prompt_tokens,
                "completion_tokens": response.usage.completion_tokens,
            }
        return Completion(content=content, response_model=response.model, usage=usage)


def _short(text: str, limit: int = 200) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def parse_json_answer(content: str) -> Any:
    """Parse a model's answer as JSON, allowing one surrounding Markdown code fence.

    Raises ``ValueError`` saying why the text is not JSON.
    """
    text = content.strip()
    match = _FENCE.match(text)
    if match:
        text = match.group(1).strip()
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        reason = f"{err.msg} at position {err.pos}"
        raise ValueError(f"the answer is not valid JSON ({reason})") from None


@dataclass(frozen=True)
class Answer:
    """A validated decision and how it was obtained."""

    decision: Any
    raw_answers: tuple[str, ...]
    keys: tuple[str, ...]
    seconds: float

    @property
    def attempts(self) -> int:
        return len(self.raw_answers)


@dataclass
class ChatClient:
    """Validated JSON decisions from a chat model, with bounded retries and a transcript.

    ``identity`` (model name, weights' SHA-256 when local, runtime, threads) is written
    into every transcript line; ``json_schema`` sends the schema as the response
    format (set it to False for servers without structured output: the schema is
    still enforced on the answer).
    """

    backend: Backend
    model: str
    sampling: Sampling = field(default_factory=Sampling)
    identity: Mapping[str, Any] = field(default_factory=dict)
    transcript: TranscriptWriter | None = None
    json_schema: bool = True
    max_attempts: int = 3
    calls: int = 0
    seconds: float = 0.0

    def __post_init__(self) -> None:
        as_positive_int("max_attempts", self.max_attempts)
        if not isinstance(self.sampling, Sampling):
            raise ValueError("sampling must be a Sampling")
        if not isinstance(self.model, str) or not self.model:
            raise ValueError(f"model must be a non-empty string, got {self.model!r}")

    def build_request(self, messages: Sequence[Message], schema: Mapping[str, Any]) -> dict:
        """The request for ``messages``, exactly as sent and as keyed for replay."""
        request: dict[str, Any] = {
            "model": self.model,
            "messages": [dict(m) for m in messages],
            **self.sampling.as_request_fields(),
        }
        if self.json_schema:
            request["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": "decision", "schema": dict(schema), "strict": True},
            }
        return request

    def _call(self, request: dict, label: Mapping[str, Any] | None) -> tuple[Completion, dict]:
        key = request_key(request)
        record: dict[str, Any] = {
            "key": key,
            "label": dict(label or {}),
            "request": request,
            "identity": dict(self.identity),
        }
        start = time.perf_counter()
        try:
            completion = self.backend.complete(request)
        except EndpointTimeoutError:
            self._record({**record, "outcome": "timeout", "seconds": _elapsed(start)})
            raise
        except EndpointHTTPError as err:
            seconds = _elapsed(start)
            self._record({**record, "outcome": "http_error", "status": err.status,
                          "seconds": seconds})
            raise
        # a replayed call keeps the time it took when it was recorded
        seconds = _elapsed(start) if completion.seconds is None else completion.seconds
        self.calls += 1
        self.seconds += seconds
        record.update(
            outcome="answer",
            raw_answer=completion.content,
            response_model=completion.response_model,
            usage=dict(completion.usage) if completion.usage is not None else None,
            seconds=seconds,
        )
        return completion, record

    def _record(self, record: dict) -> None:
        if self.transcript is not None:
            self.transcript.write(record)

    def decide(
        self,
        messages: Sequence[Message],
        schema: Mapping[str, Any],
        validate: Callable[[Any], Any] | None = None,
        label: Mapping[str, Any] | None = None,
    ) -> Answer:
        """Ask for a decision; return the first answer that parses, fits ``schema`` and
        passes ``validate`` (which returns the decision or raises ``ValueError``).

        After an invalid answer the model is shown its answer and the reason and asked
        again; after ``max_attempts`` invalid answers :class:`InvalidAnswerError` is
        raised. Timeouts and HTTP failures propagate as the errors of
        :class:`OpenAIBackend` (the transcript keeps a line for them too).
        """
        if not messages or not all(
            isinstance(m, Mapping) and {"role", "content"} <= set(m) for m in messages
        ):
            raise ValueError("messages must be a non-empty list of {'role', 'content'} dicts")
        try:
            jsonschema.Draft202012Validator.check_schema(schema)
        except jsonschema.SchemaError as err:
            raise ValueError(f"schema is not a valid JSON schema ({err.message})") from None
        checker = jsonschema.Draft202012Validator(schema)
        conversation = [dict(m) for m in messages]
        raws: list[str] = []
        keys: list[str] = []
        total = 0.0
        for attempt in range(1, self.max_attempts + 1):
            request = self.build_request(conversation, schema)
            completion, record = self._call(request, {**(label or {}), "attempt": attempt})
            raws.append(completion.content)
            keys.append(record["key"])
            total += record["seconds"]
            try:
                parsed = parse_json_answer(completion.content)
                errors = sorted(checker.iter_errors(parsed), key=lambda e: list(e.path))
                if errors:
                    where = "/".join(str(p) for p in errors[0].path) or "the answer"
                    raise ValueError(f"{where}: {errors[0].message}")
                decision = validate(parsed) if validate is not None else parsed
            except ValueError as err:
                reason = str(err)
                self._record({**record, "parsed": None, "error": reason})
                conversation += [
                    {"role": "assistant", "content": completion.content},
                    {
                        "role": "user",
                        "content": f"That answer is invalid: {reason}. Reply again with "
                        "only a JSON object that follows the required format.",
                    },
                ]
                continue
            self._record({**record, "parsed": parsed, "error": None})
            return Answer(decision, tuple(raws), tuple(keys), total)
        raise InvalidAnswerError(
            f"no valid answer in {self.max_attempts} attempts; last problem: {reason}", raws
        )


def _elapsed(start: float) -> float:
    return round(time.perf_counter() - start, 4)
