"""The book's style sheet for phones and narrow windows (issue 14, item 3).

Adds ``book/_ext/static`` to the HTML static files and loads ``narrow_screens.css``
on every page.  The rules apply below 576 px only; the desktop layout is the theme's.
The browser test (``tests/browser``) checks every page at 1280 px and at 390 px.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config

STATIC = Path(__file__).parent / "static"


def _add_static(app: Sphinx, config: Config) -> None:
    config.html_static_path = [*config.html_static_path, str(STATIC)]


def setup(app: Sphinx) -> dict[str, object]:
    app.connect("config-inited", _add_static)
    app.add_css_file("narrow_screens.css")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
