"""The headless-browser test of the built site: only with ``--site <folder of HTML>``.

``pytest tests`` (the library's unit run) ignores this folder; ``make test`` runs it on
the freshly built book with ``pytest tests/browser --site _build/html`` when Chromium
is installed.  At the end it prints one summary line per page and a total.
"""

from __future__ import annotations

from pathlib import Path

import pytest

HERE = Path(__file__).parent
RESULTS = pytest.StashKey[dict]()


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
    config.stash[RESULTS] = {}


def pytest_terminal_summary(terminalreporter, config: pytest.Config) -> None:  # noqa: ANN001
    results = config.stash.get(RESULTS, {})
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


SCREENSHOTS = pytest.StashKey[str]()
