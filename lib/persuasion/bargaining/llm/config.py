"""Where the chat endpoint is and how to sample from it.

An endpoint is any OpenAI-compatible chat-completions server. Its address, model
name and key come from the environment (``PERSUASION_LLM_BASE_URL``,
``PERSUASION_LLM_MODEL``, ``PERSUASION_LLM_API_KEY``) or from arguments; the key is
held only in memory: it is left out of ``repr`` and never written to a transcript.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ...validation import as_positive_int

ENV_BASE_URL = "PERSUASION_LLM_BASE_URL"
ENV_MODEL = "PERSUASION_LLM_MODEL"
ENV_API_KEY = "PERSUASION_LLM_API_KEY"


def _positive_float(name: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"{name} must be a number, got {value!r}")
    value = float(value)
    if not math.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be positive and finite, got {value!r}")
    return value


@dataclass(frozen=True)
class EndpointConfig:
    """An OpenAI-compatible endpoint.

    ``timeout`` (seconds) bounds each HTTP request; ``max_retries`` is the number of
    times the client library retries a request that timed out or failed with a
    retryable status (429, 5xx) before the error is raised.
    """

    base_url: str
    model: str
    api_key: str = field(default="not-needed", repr=False)
    timeout: float = 120.0
    max_retries: int = 2

    def __post_init__(self) -> None:
        if not isinstance(self.base_url, str) or not self.base_url.startswith(
            ("http://", "https://")
        ):
            raise ValueError(f"base_url must be an http(s) URL, got {self.base_url!r}")
        if not isinstance(self.model, str) or not self.model:
            raise ValueError(f"model must be a non-empty string, got {self.model!r}")
        if not isinstance(self.api_key, str):
            raise ValueError("api_key must be a string")
        object.__setattr__(self, "timeout", _positive_float("timeout", self.timeout))
        as_positive_int("max_retries", self.max_retries, minimum=0)

    @classmethod
    def from_environment(
        cls, environ: Mapping[str, str] | None = None, **overrides: Any
    ) -> EndpointConfig:
        """Read base URL, model and key from the environment (keyword overrides win).

        Raises ``ValueError`` naming the variable that is missing.
        """
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for argument, variable in (
            ("base_url", ENV_BASE_URL),
            ("model", ENV_MODEL),
            ("api_key", ENV_API_KEY),
        ):
            if argument in overrides:
                continue
            if variable in env and env[variable]:
                values[argument] = env[variable]
            elif argument != "api_key":
                raise ValueError(f"{variable} must be set to use a live endpoint")
        values.update(overrides)
        return cls(**values)


@dataclass(frozen=True)
class Sampling:
    """Sampling parameters sent with every request (and part of its replay key).

    ``top_k`` and ``extra`` are not OpenAI parameters: they go in the request body as
    extra fields (llama.cpp's server reads ``top_k`` and ``cache_prompt``); leave them
    unset for endpoints that reject unknown fields.
    """

    temperature: float = 0.0
    seed: int | None = 1234
    max_tokens: int = 64
    top_p: float | None = None
    top_k: int | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if isinstance(self.temperature, bool) or not isinstance(self.temperature, (int, float)):
            raise ValueError(f"temperature must be a number, got {self.temperature!r}")
        if not math.isfinite(self.temperature) or not 0 <= self.temperature <= 2:
            raise ValueError(f"temperature must lie in [0, 2], got {self.temperature!r}")
        if self.seed is not None:
            as_positive_int("seed", self.seed, minimum=0)
        as_positive_int("max_tokens", self.max_tokens)
        if self.top_p is not None and not (
            isinstance(self.top_p, (int, float)) and 0 < self.top_p <= 1
        ):
            raise ValueError(f"top_p must lie in (0, 1], got {self.top_p!r}")
        if self.top_k is not None:
            as_positive_int("top_k", self.top_k)
        if not isinstance(self.extra, Mapping):
            raise ValueError("extra must be a mapping of extra request fields")
        object.__setattr__(self, "temperature", float(self.temperature))
        object.__setattr__(self, "extra", dict(self.extra))

    @classmethod
    def greedy_local(cls, seed: int = 1234, max_tokens: int = 64) -> Sampling:
        """The deterministic settings used with the local llama.cpp server: temperature 0,
        top-k 1, a fixed seed and the prompt cache off."""
        return cls(
            temperature=0.0,
            seed=seed,
            max_tokens=max_tokens,
            top_k=1,
            extra={"cache_prompt": False},
        )

    def as_request_fields(self) -> dict[str, Any]:
        """The fields this adds to a request, in the transcript's (and key's) form."""
        fields: dict[str, Any] = {"temperature": self.temperature, "max_tokens": self.max_tokens}
        if self.seed is not None:
            fields["seed"] = self.seed
        if self.top_p is not None:
            fields["top_p"] = float(self.top_p)
        extra = dict(self.extra)
        if self.top_k is not None:
            extra["top_k"] = self.top_k
        if extra:
            fields["extra_body"] = extra
        return fields
