"""The headless-browser test of the built site: only with ``--site <folder of HTML>``.

``pytest tests`` (the library's unit run) ignores this folder; ``make test`` runs it on
the freshly built book with ``pytest tests/browser --site _build/html`` when Chromium
is installed.  At the end it prints one summary line per page and window, and a total
per window.  It runs under pytest-xdist (``-n auto``): each worker drives its own
Chromium, the screenshot folder is prepared once by the controlling process, and each
test hands its result to the controller as a user property of its report.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

HERE = Path(__file__).parent
SCREENSHOTS = pytest.StashKey[str]()
#: the user property under which a test reports its result to the summary
PROPERTY = "browser-result"

#: name -> (width, height, smallest scale of a figure) of the windows every page is checked
#: in.  On the desktop a figure's smallest text, 9 pt at 100 dpi = 12.5 px in the PNG,
#: must stay at least 9 CSS points = 12 px: a scale of at least 0.96.
VIEWPORTS = {"desktop": (1280, 900, 0.96), "phone": (390, 844, 0.5)}


def screenshot_folder(config: pytest.Config) -> Path:
    """``--screenshots``, by default ``screenshots`` beside the site's folder."""
    chosen = config.getoption("screenshots")
    site = Path(config.getoption("site"))
    return Path(chosen).resolve() if chosen else site.resolve().parent / "screenshots"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("browser", "headless-browser test of the built book")
    group.addoption("--site", default=None, help="folder of the built HTML (e.g. _build/html)")
    group.addoption("--screenshots", default=None,
                    help="folder for one PNG per page (default: <site>/../screenshots)")
    group.addoption("--chromium", default=None,
                    help="Chromium executable (default: $CHROMIUM, then chromium on PATH)")


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """Without --site nothing in this folder is collected."""
    inside = HERE in (collection_path, *collection_path.parents)
    if inside and config.getoption("site", default=None) is None:
        return True
    return None


def pytest_configure(config: pytest.Config) -> None:
    if config.getoption("site", default=None) is None or hasattr(config, "workerinput"):
        return  # no browser test, or an xdist worker: the controller prepares the folder
    folder = screenshot_folder(config)
    shutil.rmtree(folder, ignore_errors=True)
    for viewport in VIEWPORTS:
        (folder / viewport).mkdir(parents=True)
    config.stash[SCREENSHOTS] = str(folder)


def pytest_terminal_summary(terminalreporter, config: pytest.Config) -> None:  # noqa: ANN001
    results = {}  # from the reports, so also from xdist workers
    for reports in terminalreporter.stats.values():
        for report in reports:
            for name, value in getattr(report, "user_properties", ()):
                if name == PROPERTY:
                    results.update(value)
    if not results:
        return
    write = terminalreporter.write_line
    terminalreporter.section("browser test of the built site")
    totals: dict[str, list[int]] = {}
    for page, result in sorted(results.items()):
        total = totals.setdefault(result["viewport"], [0, 0, 0])
        total[0] += 1
        total[1] += result["equations"]
        total[2] += len(result["problems"])
        write(f"{page}: {result['equations']} equations rendered, "
              f"{result['images']} images, {len(result['problems'])} problems")
        for problem in result["problems"]:
            write(f"    - {problem}")
    for viewport, (pages, equations, problems) in totals.items():
        write(f"{viewport}: pages: {pages}, equations rendered: {equations}, "
              f"problems: {problems}")
    write(f"screenshots in {config.stash.get(SCREENSHOTS, '?')}")

