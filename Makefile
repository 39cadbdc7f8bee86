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

.PHONY: help venv book test lint unit notebooks build-book bench clean

help:
	@echo "make book   build the book into _build/html (executes every notebook)"
	@echo "make test   ruff, library tests, strict nbval on every notebook, warnings-as-errors build"
	@echo "make bench  run the benchmarks (prints ratios against baselines)"
	@echo "make clean  remove _build, _mathjax and .venv"

# The environment: recreated from scratch whenever the lock or pyproject.toml changes.
$(STAMP): requirements-lock.txt pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Python 3.11 is required, found " + sys.version.split()[0]'
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check "$$(grep '^pip==' requirements-lock.txt)"
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-lock.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
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

book: $(STAMP) $(MATHJAX)
	$(BIN)/jupyter-book build . --all --builder html -W -n --keep-going
	@echo "The book: $(CURDIR)/_build/html/index.html"

lint: $(STAMP)
	$(BIN)/ruff check .

unit: $(STAMP)
	$(BIN)/pytest tests

notebooks: $(STAMP)
	$(BIN)/pytest $(NBVAL) $(NOTEBOOKS)

test: lint unit notebooks book

bench: $(STAMP)
	@for script in benchmarks/bench_*.py; do echo "== $$script"; $(BIN)/python $$script; done

clean:
	rm -rf _build _mathjax $(VENV)
