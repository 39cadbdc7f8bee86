"""Errors of the language-model layer, all subclasses of :class:`PersuasionError`.

Malformed arguments still raise :class:`ValueError`; these errors say what went
wrong once a call was attempted: the endpoint timed out or answered with an
HTTP error, the model kept answering out of the schema, a replayed request is not
in the transcript, or the local model files are missing or corrupt.
"""

from __future__ import annotations

from ...errors import PersuasionError


class LanguageModelError(PersuasionError):
    """Base class of the errors raised while talking to a language model."""


class EndpointTimeoutError(LanguageModelError, TimeoutError):
    """The endpoint did not answer within the timeout (after the client's retries)."""


class EndpointHTTPError(LanguageModelError):
    """The endpoint answered with an HTTP error status (after the client's retries).

    ``status`` is the HTTP status code (e.g. 429 rate limited, 500 server error),
    or ``None`` when the connection itself failed.
    """

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class InvalidAnswerError(LanguageModelError):
    """Every allowed attempt returned an answer that is not valid JSON for the schema
    or whose values are out of range. ``answers`` holds the raw answers in order."""

    def __init__(self, message: str, answers: list[str]) -> None:
        super().__init__(message)
        self.answers = answers


class ReplayMissError(LanguageModelError, KeyError):
    """Replay mode met a request that the transcript does not hold."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


class ModelFileError(LanguageModelError):
    """The local model's weights are missing, or their size or SHA-256 is wrong."""
