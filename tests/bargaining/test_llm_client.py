"""The language-model client against a scripted loopback endpoint (no model, no network).

Backs the chapter "Agents in information bargaining", section on language-model agents:
answers are JSON decisions checked against a schema and a range check, invalid answers
are retried a bounded number of times, timeouts and HTTP failures raise the package's
own errors, and every completed call is in the transcript.
"""

from __future__ import annotations

import json

import pytest

pytest.importorskip("openai", reason="live-client tests need the openai package")

from persuasion.bargaining.llm import (  # noqa: E402
    ChatClient,
    EndpointConfig,
    EndpointHTTPError,
    EndpointTimeoutError,
    InvalidAnswerError,
    OpenAIBackend,
    Sampling,
    TranscriptWriter,
    parse_json_answer,
    read_transcript,
    request_key,
)
from persuasion.bargaining.llm.fake_server import Reply, ScriptedEndpoint  # noqa: E402
from persuasion.errors import PersuasionError  # noqa: E402

SCHEMA = {
    "type": "object",
    "properties": {"x": {"type": "number", "minimum": 0, "maximum": 1}},
    "required": ["x"],
    "additionalProperties": False,
}
MESSAGES = [
    {"role": "system", "content": "You split a dollar."},
    {"role": "user", "content": 'Propose your share as {"x": number in [0, 1]}.'},
]
SECRET = "sk-test-secret-0123456789"


def make_client(endpoint, tmp_path=None, *, timeout=5.0, max_retries=2, **kwargs):
    config = EndpointConfig(
        base_url=endpoint.base_url,
        model="scripted",
        api_key=SECRET,
        timeout=timeout,
        max_retries=max_retries,
    )
    writer = TranscriptWriter(tmp_path / "calls.jsonl") if tmp_path is not None else None
    client = ChatClient(
        OpenAIBackend(config),
        model="scripted",
        sampling=Sampling(temperature=0.0, seed=7, max_tokens=32),
        identity={"model": "scripted", "runtime": "test"},
        transcript=writer,
        **kwargs,
    )
    return client, writer


def test_valid_answer_is_parsed_sent_with_schema_and_recorded(tmp_path):
    """A valid JSON answer is returned after one call; the request carries the schema,
    the sampling parameters and the key; the transcript holds the call."""
    with ScriptedEndpoint(['{"x": 0.25}']) as endpoint:
        client, writer = make_client(endpoint, tmp_path)
        answer = client.decide(MESSAGES, SCHEMA, label={"setting": "demo"})
        writer.close()
    assert answer.decision == {"x": 0.25}
    assert answer.attempts == 1
    sent = endpoint.requests[0]
    assert sent["messages"] == MESSAGES
    assert sent["temperature"] == 0.0 and sent["seed"] == 7 and sent["max_tokens"] == 32
    assert sent["response_format"]["json_schema"]["schema"] == SCHEMA
    assert endpoint.headers[0]["authorization"] == f"Bearer {SECRET}"
    (line,) = read_transcript(tmp_path / "calls.jsonl")
    assert line["outcome"] == "answer"
    assert line["raw_answer"] == '{"x": 0.25}'
    assert line["parsed"] == {"x": 0.25} and line["error"] is None
    assert line["key"] == request_key(line["request"]) == answer.keys[0]
    assert line["label"] == {"setting": "demo", "attempt": 1}
    assert line["identity"] == {"model": "scripted", "runtime": "test"}
    assert line["seconds"] >= 0


def test_api_key_never_written(tmp_path):
    """The key is used for the request but appears neither in the transcript nor in the
    configuration's repr."""
    with ScriptedEndpoint(['{"x": 1}']) as endpoint:
        client, writer = make_client(endpoint, tmp_path)
        client.decide(MESSAGES, SCHEMA)
        writer.close()
    assert SECRET not in (tmp_path / "calls.jsonl").read_text()
    assert SECRET not in repr(client.backend.config)


def test_malformed_json_is_retried_with_the_reason(tmp_path):
    """A malformed answer is shown back to the model with the reason, then a valid answer
    is accepted; both calls are recorded."""
    with ScriptedEndpoint(['{"x": 0.3', '{"x": 0.3}']) as endpoint:
        client, writer = make_client(endpoint, tmp_path)
        answer = client.decide(MESSAGES, SCHEMA)
        writer.close()
    assert answer.decision == {"x": 0.3}
    assert answer.attempts == 2
    second = endpoint.requests[1]["messages"]
    assert second[: len(MESSAGES)] == MESSAGES
    assert second[-2] == {"role": "assistant", "content": '{"x": 0.3'}
    assert "not valid JSON" in second[-1]["content"]
    lines = read_transcript(tmp_path / "calls.jsonl")
    assert [line["error"] is None for line in lines] == [False, True]
    assert "not valid JSON" in lines[0]["error"]


def test_out_of_range_answers_exhaust_the_bounded_retries(tmp_path):
    """An answer outside the schema's range is retried; after max_attempts invalid answers
    the package's InvalidAnswerError lists them; exactly max_attempts calls were made."""
    with ScriptedEndpoint(['{"x": 1.5}']) as endpoint:
        client, writer = make_client(endpoint, tmp_path, max_attempts=3)
        with pytest.raises(InvalidAnswerError, match="3 attempts") as info:
            client.decide(MESSAGES, SCHEMA)
        writer.close()
    assert isinstance(info.value, PersuasionError)
    assert info.value.answers == ['{"x": 1.5}'] * 3
    assert len(endpoint.requests) == 3
    lines = read_transcript(tmp_path / "calls.jsonl")
    assert len(lines) == 3
    assert all("maximum" in line["error"] for line in lines)


def test_range_check_of_the_caller_is_retried():
    """The caller's own check (here x must be at most 1/2) counts as invalid too."""

    def at_most_half(parsed):
        if parsed["x"] > 0.5:
            raise ValueError(f"x must be at most 0.5, got {parsed['x']}")
        return parsed["x"]

    with ScriptedEndpoint(['{"x": 0.75}', '{"x": 0.5}']) as endpoint:
        client, _ = make_client(endpoint)
        answer = client.decide(MESSAGES, SCHEMA, validate=at_most_half)
    assert answer.decision == 0.5
    assert "x must be at most 0.5" in endpoint.requests[1]["messages"][-1]["content"]


def test_wrong_type_and_extra_fields_are_invalid():
    """A string where a number is required, and fields the schema forbids, are invalid."""
    with ScriptedEndpoint(['{"x": "half"}', '{"x": 0.5, "why": 1}', '{"x": 0.5}']) as endpoint:
        client, _ = make_client(endpoint)
        answer = client.decide(MESSAGES, SCHEMA)
    assert answer.attempts == 3 and answer.decision == {"x": 0.5}


@pytest.mark.parametrize("status", [429, 500])
def test_http_errors_are_retried_by_the_client_then_raised(tmp_path, status):
    """HTTP 429 and 500 are retried max_retries times by the client library, then raise
    EndpointHTTPError carrying the status; the transcript records the failure."""
    with ScriptedEndpoint([status]) as endpoint:
        client, writer = make_client(endpoint, tmp_path, max_retries=2)
        with pytest.raises(EndpointHTTPError, match=f"HTTP {status}") as info:
            client.decide(MESSAGES, SCHEMA)
        writer.close()
    assert info.value.status == status
    assert isinstance(info.value, PersuasionError)
    assert len(endpoint.requests) == 3
    (line,) = read_transcript(tmp_path / "calls.jsonl")
    assert line["outcome"] == "http_error" and line["status"] == status


def test_transient_server_error_recovers():
    """A 500 followed by an answer succeeds: the retry is invisible to the caller."""
    with ScriptedEndpoint([500, '{"x": 0.4}']) as endpoint:
        client, _ = make_client(endpoint)
        assert client.decide(MESSAGES, SCHEMA).decision == {"x": 0.4}
    assert len(endpoint.requests) == 2


def test_timeout_raises_the_package_error(tmp_path):
    """An endpoint slower than the timeout raises EndpointTimeoutError after the client's
    retries; the transcript records the timeout."""
    with ScriptedEndpoint([Reply(content='{"x": 0}', delay=1.5)]) as endpoint:
        client, writer = make_client(endpoint, tmp_path, timeout=0.3, max_retries=1)
        with pytest.raises(EndpointTimeoutError, match="0.3 s") as info:
            client.decide(MESSAGES, SCHEMA)
        writer.close()
    assert isinstance(info.value, PersuasionError)
    assert len(endpoint.requests) == 2
    (line,) = read_transcript(tmp_path / "calls.jsonl")
    assert line["outcome"] == "timeout"


def test_completed_calls_survive_a_later_failure(tmp_path):
    """An interrupted run keeps every call completed before the failure."""
    with ScriptedEndpoint(['{"x": 0.2}', 500]) as endpoint:
        client, writer = make_client(endpoint, tmp_path, max_retries=0)
        client.decide(MESSAGES, SCHEMA)
        with pytest.raises(EndpointHTTPError):
            client.decide(MESSAGES + [{"role": "user", "content": "again"}], SCHEMA)
        # read before closing: lines are flushed as they are written
        lines = read_transcript(tmp_path / "calls.jsonl")
        writer.close()
    assert [line["outcome"] for line in lines] == ["answer", "http_error"]


def test_connection_refused_is_an_http_error():
    """No server listening: EndpointHTTPError without a status."""
    with ScriptedEndpoint(['{"x": 0}']) as endpoint:
        url = endpoint.base_url
    config = EndpointConfig(base_url=url, model="m", timeout=1.0, max_retries=0)
    client = ChatClient(OpenAIBackend(config), model="m")
    with pytest.raises(EndpointHTTPError, match="connect") as info:
        client.decide(MESSAGES, SCHEMA)
    assert info.value.status is None


def test_without_structured_output_the_schema_is_still_enforced():
    """json_schema=False sends no response_format, and a fenced JSON answer is accepted."""
    with ScriptedEndpoint(['```json\n{"x": 0.5}\n```']) as endpoint:
        client, _ = make_client(endpoint, json_schema=False)
        assert client.decide(MESSAGES, SCHEMA).decision == {"x": 0.5}
    assert "response_format" not in endpoint.requests[0]


def test_local_sampling_goes_in_the_request_body():
    """top_k and cache_prompt (llama.cpp's fields) are sent as extra body fields."""
    with ScriptedEndpoint(['{"x": 0.5}']) as endpoint:
        client, _ = make_client(endpoint)
        client.sampling = Sampling.greedy_local(seed=3)
        client.decide(MESSAGES, SCHEMA)
    sent = endpoint.requests[0]
    assert sent["top_k"] == 1 and sent["cache_prompt"] is False and sent["seed"] == 3


def test_parse_json_answer():
    """Plain and fenced JSON parse; prose does not."""
    assert parse_json_answer(' {"a": 1} ') == {"a": 1}
    assert parse_json_answer('```\n{"a": 1}\n```') == {"a": 1}
    with pytest.raises(ValueError, match="not valid JSON"):
        parse_json_answer("I accept.")


def test_config_from_environment():
    """Base URL, model and key come from the environment; a missing one is named."""
    env = {
        "PERSUASION_LLM_BASE_URL": "http://127.0.0.1:9/v1",
        "PERSUASION_LLM_MODEL": "m",
        "PERSUASION_LLM_API_KEY": SECRET,
    }
    config = EndpointConfig.from_environment(env)
    assert (config.base_url, config.model, config.api_key) == ("http://127.0.0.1:9/v1", "m", SECRET)
    assert SECRET not in repr(config)
    with pytest.raises(ValueError, match="PERSUASION_LLM_MODEL"):
        EndpointConfig.from_environment({"PERSUASION_LLM_BASE_URL": "http://127.0.0.1:9/v1"})
    assert EndpointConfig.from_environment({}, base_url="http://h/v1", model="n").model == "n"


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"base_url": "ftp://x", "model": "m"}, "base_url"),
        ({"base_url": "http://x", "model": ""}, "model"),
        ({"base_url": "http://x", "model": "m", "timeout": 0}, "timeout"),
        ({"base_url": "http://x", "model": "m", "timeout": float("nan")}, "timeout"),
        ({"base_url": "http://x", "model": "m", "max_retries": -1}, "max_retries"),
    ],
)
def test_bad_endpoint_config(kwargs, name):
    """Malformed configuration raises ValueError naming the argument."""
    with pytest.raises(ValueError, match=name):
        EndpointConfig(**kwargs)


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"temperature": -0.1}, "temperature"),
        ({"temperature": "hot"}, "temperature"),
        ({"seed": -1}, "seed"),
        ({"max_tokens": 0}, "max_tokens"),
        ({"top_p": 0}, "top_p"),
        ({"top_k": 0}, "top_k"),
    ],
)
def test_bad_sampling(kwargs, name):
    """Malformed sampling parameters raise ValueError naming the argument."""
    with pytest.raises(ValueError, match=name):
        Sampling(**kwargs)


def test_bad_client_input():
    """Bad max_attempts, messages and schemas are refused before any call."""
    with ScriptedEndpoint(['{"x": 0}']) as endpoint:
        client, _ = make_client(endpoint)
        with pytest.raises(ValueError, match="messages"):
            client.decide([], SCHEMA)
        with pytest.raises(ValueError, match="messages"):
            client.decide([{"content": "no role"}], SCHEMA)
        with pytest.raises(ValueError, match="schema"):
            client.decide(MESSAGES, {"type": "no-such-type"})
        with pytest.raises(ValueError, match="max_attempts"):
            make_client(endpoint, max_attempts=0)
        with pytest.raises(ValueError, match="config"):
            OpenAIBackend({"base_url": endpoint.base_url})
    assert endpoint.requests == []
    json.dumps(SCHEMA)  # the schema itself is plain JSON
