"""pytest settings shared by the library's tests and strict nbval on the book.

nbval compares every output of a notebook except images (``image/png`` is in its
``skip_compare`` list: rasterized pixels are not text and may differ in antialiasing
between runs).  A figure glued with ``myst_nb.glue`` is stored under the mimetype
``application/papermill.record/image/png``, which nbval does not know is an image;
this file adds the glue image mimetypes to the same list, so that a glued figure is
treated exactly as a displayed one.  Every text output (glued text and Markdown
included) is still compared byte for byte.
"""

from __future__ import annotations

GLUED_IMAGES = tuple(
    f"application/papermill.record/{kind}" for kind in ("image/png", "image/jpeg", "image/svg+xml")
)


def pytest_collectstart(collector) -> None:  # noqa: ANN001 (pytest hook)
    """Extend nbval's list of outputs not compared with the glued images."""
    skip = getattr(collector, "skip_compare", None)
    if isinstance(skip, tuple) and "image/png" in skip:
        collector.skip_compare = skip + GLUED_IMAGES
