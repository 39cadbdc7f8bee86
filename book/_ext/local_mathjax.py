"""Serve MathJax 3 from the built site so that equations render without internet.

``make book`` installs the npm package ``mathjax@3`` into ``_mathjax/`` (an
ignored folder).  When it is there, this extension copies it next to the HTML
(``html_extra_path``) and points ``mathjax_path`` at it; otherwise Sphinx keeps
its default CDN address.  MathJax is kept out of ``book/_static``, whose
scripts Jupyter Book would load into every page.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging

LOGGER = logging.getLogger(__name__)
PACKAGES = Path("_mathjax") / "node_modules"
ENTRY = "mathjax/es5/tex-mml-chtml.js"


def _use_local_copy(app: Sphinx, config: Config) -> None:
    packages = Path(app.confdir) / PACKAGES
    if (packages / ENTRY).is_file():
        config.html_extra_path = [*config.html_extra_path, str(packages)]
        config.mathjax_path = f"../{ENTRY}"  # relative to _static/
        LOGGER.info("local_mathjax: serving MathJax from %s", PACKAGES / ENTRY)
    else:
        LOGGER.info("local_mathjax: no local MathJax, using the CDN")


def setup(app: Sphinx) -> dict[str, object]:
    app.connect("config-inited", _use_local_copy, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
