"""Every page of the built book, looked at in headless Chromium (issue 14, item 16).

Each HTML page of the site is opened from disk, offline, twice: in a 1280 px desktop
window and in a 390 px phone screen (issue 14, items 3, 13 and 16).  With collapsed
content (exercise solutions, dropdowns) opened, the test checks what a reader would see:

* MathJax has typeset every formula: no raw ``$$``, ``\\frac``, ``\\begin`` or
  ``$\\command`` left in the visible text (code cells excepted);
* no unresolved markup: no glue or role (``{glue:text}``, ``{prf:ref}``, ...), no
  directive fence or option left as text, no ``??`` of a missing reference;
* every image has loaded, and has a text alternative that is not its file path;
* no error in the console, no uncaught exception, no request leaving the machine;
* nothing wider than the page: no horizontal scroll of the page, no element sticking
  out of the window, no inline formula wider than its line; no display formula cut at
  the edge of its box (on the desktop none may even need to scroll; on the phone a
  long display formula may scroll inside its own box, which the book's style sheet
  allows, ``book/_ext/static/narrow_screens.css``);
* figures at a legible size: on the desktop shown at (at least 96% of) their own size,
  so their text stays at the 9 pt or more that ``persuasion.glue.glue_figure`` checks
  when the chapter glues them; on the phone shrunk by at most half;

and saves a full-page screenshot of each page, as it first appears, under
``<screenshots>/desktop`` and ``<screenshots>/phone``.  Run it with
``pytest tests/browser --site _build/html`` (``make test`` does, after the build).
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

import pytest

from .conftest import PROPERTY, VIEWPORTS, screenshot_folder

CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
SKIPPED_FOLDERS = {"_static", "_sources", "_images", "mathjax", "_sphinx_design_static"}

RAW_TEX = [
    (re.compile(r"\$\$"), "raw $$"),
    (re.compile(r"\\d?frac\b"), "raw \\frac"),
    (re.compile(r"\\begin\{"), "raw \\begin{...}"),
    (re.compile(r"\$\\[A-Za-z]+"), "raw $\\command"),
    (re.compile(r"\\\(|\\\)|\\\[|\\\]"), "raw \\( \\) \\[ \\] delimiters"),
]
UNRESOLVED = [
    (re.compile(r"\{(glue|glue:[a-z]+|prf:[a-z]+|doc|ref|numref|eq|cite(:[a-z]+)?|term|"
                r"download|math|numref)\}`?"), "unresolved role"),
    (re.compile(r"```|:::"), "directive fence left as text"),
    (re.compile(r"(^|\n)\s*:(label|class|name|nonumber|caption|tags):"),
     "directive option as text"),
    (re.compile(r"\?\?"), "'??' of an unresolved reference"),
]

# JavaScript run in the page ------------------------------------------------------------

VISIBLE_TEXT = """() => {
  const root = document.querySelector('article') || document.body;
  const clone = root.cloneNode(true);
  clone.querySelectorAll('pre, code, .highlight, script, style, mjx-container, .MathJax, '
    + 'mjx-assistive-mml, .headerlink').forEach(e => e.remove());
  return clone.innerText;
}"""

IMAGES = """async () => {
  const images = [...document.images];
  images.forEach(img => { img.loading = 'eager'; });
  await Promise.all(images.map(img => img.complete ? null :
    new Promise(resolve => { img.onload = img.onerror = resolve; })));
  return images.map(img => ({src: img.getAttribute('src'), alt: img.getAttribute('alt'),
    ok: img.complete && img.naturalWidth > 0}));
}"""

MATHJAX_READY = """async () => {
  if (!window.MathJax) return {present: false, count: 0};
  if (MathJax.startup && MathJax.startup.promise) { await MathJax.startup.promise; }
  if (MathJax.typesetPromise) { await MathJax.typesetPromise(); }
  return {present: true, count: document.querySelectorAll('mjx-container').length,
          errors: [...document.querySelectorAll('mjx-merror')].map(e => e.textContent)};
}"""

REVEAL = """() => {
  document.querySelectorAll('.toggle-hidden').forEach(e => e.classList.remove('toggle-hidden'));
  document.querySelectorAll('details').forEach(d => { d.open = true; });
}"""

FIGURES = """(smallest) => {
  const problems = [];
  for (const img of document.querySelectorAll('article figure img, article .cell_output img')) {
    if (!img.naturalWidth) continue;
    const scale = img.getBoundingClientRect().width / img.naturalWidth;
    if (scale < smallest) {
      problems.push(`figure ${img.getAttribute('src')} shown at ${Math.round(100 * scale)}% `
        + `of its size (at least ${Math.round(100 * smallest)}% keeps its text legible)`);
    }
  }
  return problems;
}"""

OVERFLOW = """(phone) => {
  const width = document.documentElement.clientWidth;
  const problems = [];
  if (document.documentElement.scrollWidth > width + 1) {
    problems.push(`the page scrolls sideways: ${document.documentElement.scrollWidth} px `
      + `wide in a ${width} px window`);
  }
  const describe = e => {
    const text = (e.innerText || e.textContent || '').trim().replace(/\\s+/g, ' ');
    const id = e.id ? '#' + e.id : '';
    return `<${e.tagName.toLowerCase()}${id}> "${text.slice(0, 60)}"`;
  };
  const scrolls = e => {
    for (let p = e.parentElement; p; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX;
      if ((o === 'auto' || o === 'scroll') && p.scrollWidth > p.clientWidth + 1) return true;
    }
    return false;
  };
  const main = document.querySelector('article') || document.body;
  // every element, but inside a formula only its container: MathJax's own elements lie
  // within it, and its assistive MathML is clipped (for screen readers only)
  const walker = document.createTreeWalker(main, NodeFilter.SHOW_ELEMENT, {acceptNode: n =>
    n.tagName.startsWith('MJX-') && n.tagName !== 'MJX-CONTAINER'
      ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT});
  for (let e = walker.nextNode(); e; e = walker.nextNode()) {
    const r = e.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    if (r.right > width + 1 && !scrolls(e)) {
      problems.push(`${describe(e)} sticks out of the window by ${Math.round(r.right - width)} px`);
    }
  }
  for (const m of main.querySelectorAll('mjx-container')) {
    if (m.closest('mjx-assistive-mml')) continue;
    const box = m.closest('p, div, li, td, th, dd, dt, figcaption, caption');
    if (m.getAttribute('display') !== 'true') {
      const width = m.getBoundingClientRect().width;
      if (box && width > box.clientWidth + 1) {
        problems.push(`inline formula ${Math.round(width)} px wide on a `
          + `${box.clientWidth} px line: ${describe(box)}`);
      }
      continue;
    }
    const over = m.scrollWidth - m.clientWidth;
    if (over <= 1) continue;
    const scrolls = ['auto', 'scroll'].includes(getComputedStyle(m).overflowX);
    if (!phone || !scrolls) {
      problems.push(`display formula ${scrolls ? 'scrolled' : 'cut'} at its box by `
        + `${over} px: ${describe(box || m)}`);
    }
  }
  return [...new Set(problems)].slice(0, 40);
}"""


# fixtures ---------------------------------------------------------------------------------

def _chromium(config: pytest.Config) -> str | None:
    for candidate in (config.getoption("chromium"), os.environ.get("CHROMIUM"),
                      "chromium", "chromium-browser", "google-chrome"):
        if candidate and (path := shutil.which(candidate)):
            return path
    return None


def _site(config: pytest.Config) -> Path:
    return Path(config.getoption("site")).resolve()


def _pages(site: Path) -> list[str]:
    pages = []
    for path in sorted(site.rglob("*.html")):
        relative = path.relative_to(site)
        if SKIPPED_FOLDERS & set(relative.parts[:-1]):
            continue
        if 'http-equiv="Refresh"' in path.read_text(encoding="utf-8", errors="replace")[:300]:
            continue  # the redirect of index.html
        pages.append(relative.as_posix())
    return pages


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "page" in metafunc.fixturenames:
        site = _site(metafunc.config)
        pages = _pages(site) if site.is_dir() else []
        metafunc.parametrize("page", pages or ["(no pages)"])


@pytest.fixture(scope="session")
def browser_context(pytestconfig: pytest.Config):  # noqa: ANN201
    site = _site(pytestconfig)
    if not site.is_dir():
        pytest.fail(f"--site {site}: no such folder (build the book first)")
    executable = _chromium(pytestconfig)
    if executable is None:
        pytest.skip("Chromium not found (Debian: apt-get install chromium; or set CHROMIUM)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("the Python package playwright is not installed")
    screenshots = screenshot_folder(pytestconfig)  # emptied by conftest.pytest_configure
    for viewport in VIEWPORTS:
        (screenshots / viewport).mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="book-browser-") as profile, \
            sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            profile, executable_path=executable, headless=True, args=CHROMIUM_FLAGS,
            viewport={"width": VIEWPORTS["desktop"][0], "height": VIEWPORTS["desktop"][1]},
            device_scale_factor=1,
        )
        try:
            yield context, site, screenshots
        finally:
            context.close()


# the test ---------------------------------------------------------------------------------

def _text_problems(text: str) -> list[str]:
    problems = []
    for patterns in (RAW_TEX, UNRESOLVED):
        for pattern, what in patterns:
            for match in list(pattern.finditer(text))[:3]:
                start, end = max(match.start() - 40, 0), min(match.end() + 40, len(text))
                context = " ".join(text[start:end].split())
                problems.append(f"{what}: \u2026{context}\u2026")
    return problems


def _resize(tab, viewport: str) -> None:  # noqa: ANN001
    width, height, _ = VIEWPORTS[viewport]
    tab.set_viewport_size({"width": width, "height": height})
    tab.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def test_page_reads_cleanly(page: str, browser_context, pytestconfig: pytest.Config,
                            request: pytest.FixtureRequest) -> None:
    """Issue 14 items 3, 13 and 16: the page as a reader sees it on a desktop and on a
    phone (math, references, images, width, figure size).

    The page is loaded and typeset once, in the desktop window, then resized: MathJax's
    output is laid out by the browser, so the phone sees the same formulas reflowed."""
    if page == "(no pages)":
        pytest.fail(f"no HTML pages under {_site(pytestconfig)}")
    context, site, screenshots = browser_context
    problems: list[str] = []
    by_viewport: dict[str, list[str]] = {viewport: [] for viewport in VIEWPORTS}
    tab = context.new_page()
    _resize(tab, "desktop")

    def on_request(route, request) -> None:  # noqa: ANN001
        if request.url.startswith(("file:", "data:", "blob:", "about:")):
            route.continue_()
        else:
            problems.append(f"request leaving the machine: {request.url}")
            route.abort()

    tab.route("**/*", on_request)
    tab.on("pageerror", lambda error: problems.append(f"uncaught exception: {error}"))
    tab.on("console", lambda message: problems.append(f"console {message.type}: {message.text}")
           if message.type in ("error", "assert") else None)
    try:
        tab.goto((site / page).as_uri(), wait_until="load")
        mathjax = tab.evaluate(MATHJAX_READY)
        problems += [f"MathJax error: {error}" for error in mathjax.get("errors", [])]
        images = tab.evaluate(IMAGES)
        for image in images:
            if not image["ok"]:
                problems.append(f"image not loaded: {image['src']}")
            alt = (image["alt"] or "").strip()
            if not alt or alt == image["src"] or re.search(r"\.(png|jpe?g|svg|gif)$", alt):
                problems.append(f"image without a text alternative: {image['src']}")
        name = page.removesuffix(".html").replace("/", "__") + ".png"
        for viewport in VIEWPORTS:  # as the page first appears, dropdowns closed
            _resize(tab, viewport)
            tab.screenshot(path=str(screenshots / viewport / name), full_page=True)
        tab.evaluate(REVEAL)
        problems += _text_problems(tab.evaluate(VISIBLE_TEXT))
        for viewport, (_, _, smallest_figure) in VIEWPORTS.items():
            _resize(tab, viewport)
            by_viewport[viewport] += tab.evaluate(OVERFLOW, viewport == "phone")
            by_viewport[viewport] += tab.evaluate(FIGURES, smallest_figure)
    finally:
        tab.close()
    # a failed request also logs a console error: keep the more telling line only
    if any(p.startswith("request leaving") for p in problems):
        problems = [p for p in problems if "net::ERR_FAILED" not in p]
    report, results = [], {}
    for viewport, found in by_viewport.items():
        found = list(dict.fromkeys(problems + found))
        width = VIEWPORTS[viewport][0]
        results[f"{page} [{viewport} {width} px]"] = {
            "viewport": f"{viewport} {width} px", "equations": mathjax["count"],
            "images": len(images), "problems": found,
        }
        report += [f"[{viewport}] {problem}" for problem in found]
    request.node.user_properties.append((PROPERTY, results))
    report = list(dict.fromkeys(report))
    assert not report, f"{page}: {len(report)} problems\n" + "\n".join(report)
