"""Load each inline script once: the ``THEBE_JS_URL`` SyntaxError on every page.

Sphinx 7.4 keeps a page's scripts as ``_JavaScript`` assets compared by file name.
An inline script (no file, only a body) is registered by ``app.add_js_file(None,
body=...)``; after the HTML builder exists that call also hands the asset to
``builder.add_js_file`` with the file name ``None``, while the builder's own
``init_js_files``/``prepare_writing`` re-add every registered asset with the file
name ``''``.  ``None != ''``, so the same inline script is written twice into
``<head>``: sphinx-thebe's ``const THEBE_JS_URL = ...`` (registered at
env-before-read-docs) then throws "Identifier 'THEBE_JS_URL' has already been
declared" on every page, and sphinx-togglebutton's selector is declared twice.

The fix is at that one place: the builder's ``add_js_file`` is wrapped so that an
inline script's missing file name is always ``''``; the builder's own de-duplication
then sees the two registrations as one asset.
"""

from __future__ import annotations

import functools
from typing import Any

from sphinx.application import Sphinx


def _normalize_inline_scripts(app: Sphinx) -> None:
    builder = app.builder
    original = getattr(builder, "add_js_file", None)
    if original is None or getattr(original, "_inline_name_normalized", False):
        return

    @functools.wraps(original)
    def add_js_file(filename: str | None, **kwargs: Any) -> None:
        original(filename or "", **kwargs)

    add_js_file._inline_name_normalized = True  # type: ignore[attr-defined]
    builder.add_js_file = add_js_file  # type: ignore[method-assign]
    # scripts registered before this point (builder-inited listeners run later)
    if hasattr(builder, "_js_files"):
        builder._js_files[:] = list(dict.fromkeys(builder._js_files))


def setup(app: Sphinx) -> dict[str, object]:
    # before sphinx-togglebutton's builder-inited listener and sphinx-thebe's
    # env-before-read-docs listener add their inline scripts
    app.connect("builder-inited", _normalize_inline_scripts, priority=1)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
