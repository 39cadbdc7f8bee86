"""Let one build skip executing the notebooks: ``BOOK_EXECUTE=off jupyter-book build .``.

``_config.yml`` executes every notebook afresh on each build (``make book``).  ``make
test`` first proves with strict nbval that the outputs stored in the notebooks are
exactly what a fresh kernel produces, and then builds the site from those verified
outputs; executing them a second time would only double the test's time.  Jupyter
Book 1 has no command-line option for one configuration key, so this extension reads
the execution mode from the environment variable ``BOOK_EXECUTE`` (one of myst-nb's
modes: ``off``, ``force``, ``auto``, ``cache``, ``inline``) and, when it is set,
overrides ``execute.execute_notebooks`` for that build only.
"""

from __future__ import annotations

import os

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError
from sphinx.util import logging

LOGGER = logging.getLogger(__name__)
VARIABLE = "BOOK_EXECUTE"
MODES = ("off", "force", "auto", "cache", "inline")


def _override(app: Sphinx, config: Config) -> None:
    mode = os.environ.get(VARIABLE, "").strip()
    if not mode:
        return
    if mode not in MODES:
        raise ConfigError(f"{VARIABLE}={mode!r}: expected one of {', '.join(MODES)}")
    LOGGER.info("execution_override: %s=%s (configured: %s)", VARIABLE, mode,
                config.nb_execution_mode)
    config.nb_execution_mode = mode


def setup(app: Sphinx) -> dict[str, object]:
    # myst-nb reads its configuration at builder-inited, after every config-inited
    app.connect("config-inited", _override, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
