"""A scripted OpenAI-compatible endpoint on 127.0.0.1, for tests without a model.

:class:`ScriptedEndpoint` runs a standard-library HTTP server in a thread on a free
loopback port and answers ``POST /v1/chat/completions`` from a script: each step is
an answer text (sent as a chat completion), an HTTP error status, or a delay longer
than the client's timeout. It records every request body it receives, so a test can
count the client's retries and read what was sent.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class Reply:
    """One scripted step: ``content`` (200 with that answer), ``status`` (an HTTP error
    with a JSON error body) or ``delay`` seconds before answering ``content``."""

    content: str | None = None
    status: int | None = None
    delay: float = 0.0


class ScriptedEndpoint:
    """Loopback chat-completions server answering from a script (last step repeats).

    Use as a context manager; :attr:`base_url` is ``http://127.0.0.1:<port>/v1``,
    :attr:`requests` the JSON bodies received and :attr:`headers` their headers.
    """

    def __init__(self, script: Iterable[Reply | str | int]) -> None:
        steps = []
        for step in script:
            if isinstance(step, Reply):
                steps.append(step)
            elif isinstance(step, str):
                steps.append(Reply(content=step))
            elif isinstance(step, int) and not isinstance(step, bool):
                steps.append(Reply(status=step))
            else:
                raise ValueError(f"script steps must be Reply, str or int, got {step!r}")
        if not steps:
            raise ValueError("script must have at least one step")
        self.script = steps
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    def _next(self) -> Reply:
        with self._lock:
            index = min(len(self.requests) - 1, len(self.script) - 1)
            return self.script[index]

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:  # keep test output quiet
                return

            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                length = int(self.headers.get("Content-Length", 0))
                body = json.loads(self.rfile.read(length) or b"{}")
                with endpoint._lock:
                    endpoint.requests.append(body)
                    endpoint.headers.append({k.lower(): v for k, v in self.headers.items()})
                step = endpoint._next()
                if step.delay:
                    time.sleep(step.delay)
                if step.status is not None:
                    payload = {"error": {"message": f"scripted status {step.status}"}}
                    self._send(step.status, payload, {"retry-after-ms": "1"})
                    return
                payload = {
                    "id": f"chatcmpl-{len(endpoint.requests)}",
                    "object": "chat.completion",
                    "created": 0,
                    "model": body.get("model", "scripted"),
                    "choices": [
                        {
                            "index": 0,
                            "message": {"role": "assistant", "content": step.content},
                            "finish_reason": "stop",
                        }
                    ],
                    "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
                }
                self._send(200, payload, {})

            def _send(self, status: int, payload: dict, extra: dict[str, str]) -> None:
                data = json.dumps(payload).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    for name, value in extra.items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):  # client gave up (timeout)
                    pass

        return Handler

    def start(self) -> ScriptedEndpoint:
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    @property
    def base_url(self) -> str:
        if self._server is None:
            raise RuntimeError("the scripted endpoint is not running")
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def __enter__(self) -> ScriptedEndpoint:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
