"""The Colab install cell of every chapter, made from the repository URL in _config.yml.

A chapter opened on Colab (through its launch button) runs in a bare Colab runtime:
its first code cell must fetch the book and install the package.  Everywhere else
(Jupyter with the project kernel, Binder, nbval, the book build) the package is
already installed and the cell must do nothing and print nothing.  The cell is the
second cell of each notebook (right after the title cell), tagged ``remove-cell``
(hidden from the book) and ``colab-setup`` (how this module finds it).

Its text is made from ``repository.url`` and ``repository.branch`` of
``_config.yml``, the one setting that a fork changes, so:

* ``python book/_ext/colab_cell.py book/*.ipynb`` (``make colab-cells``) inserts the
  cell where it is missing and rewrites it where it differs;
* as a Sphinx extension, this module warns (an error under ``-W``) about every
  notebook whose cell is missing or out of date, so that ``make test`` fails until
  ``make colab-cells`` has been run after the URL changed.

Colab runs a newer Python than the 3.11 that the lock pins, hence
``--ignore-requires-python``; the package's own dependency ranges are satisfied by
Colab's preinstalled NumPy, SciPy and Matplotlib, so no restart is needed.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

TAG = "colab-setup"
TAGS = ["remove-cell", TAG]
CLONE = "/content/persuasion-book"


def cell_source(url: str, branch: str) -> str:
    """The code of the Colab install cell for the repository ``url`` at ``branch``."""
    if not url.startswith("https://"):
        raise ValueError(f"url: expected an https:// repository address, got {url!r}")
    if not branch or any(c in branch for c in " \"'\\"):
        raise ValueError(f"branch: expected a git branch name, got {branch!r}")
    return "\n".join(
        [
            "# On Colab only: fetch the book and install its package (elsewhere: nothing to do).",
            "import sys",
            "",
            'if "google.colab" in sys.modules:',
            "    import os",
            "    import subprocess",
            "",
            f'    BOOK = "{CLONE}"',
            "    if not os.path.isdir(BOOK):",
            f'        repository = "{url}"',
            '        subprocess.run(["git", "clone", "--depth", "1", "--branch", '
            f'"{branch}", repository, BOOK],',
            "                       check=True)",
            '    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet",',
            '                    "--ignore-requires-python", BOOK], check=True)',
            '    os.chdir(os.path.join(BOOK, "book"))',
        ]
    )


def repository_from_config(config_path: Path) -> tuple[str, str]:
    """``(url, branch)`` from the ``repository`` section of a Jupyter Book config."""
    import yaml

    config = yaml.safe_load(config_path.read_text(encoding="utf-8")) or {}
    repository = config.get("repository") or {}
    url = repository.get("url")
    if not url:
        raise ValueError(f"{config_path}: repository.url is not set")
    return str(url).rstrip("/"), str(repository.get("branch") or "main")


def _find(cells: list[dict]) -> int | None:
    for index, cell in enumerate(cells):
        if TAG in cell.get("metadata", {}).get("tags", []):
            return index
    return None


def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def status(cells: list[dict], source: str) -> str:
    """``"ok"``, ``"missing"`` or ``"outdated"`` for a notebook's list of cells."""
    index = _find(cells)
    if index is None:
        return "missing"
    cell = cells[index]
    if cell.get("cell_type") != "code" or _source(cell) != source or index != 1:
        return "outdated"
    return "ok"


def _dumps(notebook: dict) -> str:
    """The notebook as Jupyter writes it (nbformat: one-space indent, sorted keys)."""
    return json.dumps(notebook, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def update_notebook(path: Path, source: str) -> str:
    """Insert or rewrite the cell in the notebook at ``path``; returns what was done.

    Only that cell changes: the rest of the file is written back as it was read.
    """
    notebook = json.loads(path.read_text(encoding="utf-8"))
    cells = notebook["cells"]
    state = status(cells, source)
    if state == "ok":
        return "up to date"
    index = _find(cells)
    if index is not None:
        del cells[index]
    cell = {
        "cell_type": "code",
        "execution_count": None,
        "metadata": {"tags": list(TAGS)},
        "outputs": [],
        "source": source.splitlines(keepends=True),
    }
    if (notebook.get("nbformat"), notebook.get("nbformat_minor", 0)) >= (4, 5):
        cell["id"] = TAG  # cell ids exist from nbformat 4.5 on
    cells.insert(1, cell)
    path.write_text(_dumps(notebook), encoding="utf-8")
    return "inserted" if state == "missing" else "rewritten"


# --- as a Sphinx extension: check every notebook of the book --------------------------


def _check(app, env, docnames) -> None:  # noqa: ANN001 (Sphinx event signature)
    from sphinx.util import logging

    logger = logging.getLogger(__name__)
    options = app.config.html_theme_options or {}
    url = options.get("repository_url", "")
    branch = options.get("repository_branch", "") or "main"
    if not url:
        logger.warning("colab_cell: repository.url is not set in _config.yml")
        return
    source = cell_source(url.rstrip("/"), branch)
    for docname in sorted(env.found_docs):
        path = Path(env.doc2path(docname))
        if path.suffix != ".ipynb":
            continue
        cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
        state = status(cells, source)
        if state != "ok":
            logger.warning(
                "the Colab install cell is %s (run `make colab-cells`)", state,
                location=docname, type="colab_cell", subtype=state,
            )


def setup(app) -> dict[str, object]:  # noqa: ANN001
    app.connect("env-before-read-docs", _check)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("--config", type=Path, default=Path("_config.yml"))
    parser.add_argument("--check", action="store_true", help="report, change nothing")
    args = parser.parse_args(argv)
    url, branch = repository_from_config(args.config)
    source = cell_source(url, branch)
    failed = 0
    for path in args.notebooks:
        if args.check:
            state = status(json.loads(path.read_text(encoding="utf-8"))["cells"], source)
            failed += state != "ok"
            print(f"{path}: {state}")
        else:
            print(f"{path}: {update_notebook(path, source)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
