# Everyday commands. A fresh machine needs only python3, make and node; everything else is
# installed here (Python packages into .venv, Chromium for the browser tests from Debian).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export SEMESTA_DATA_DIR ?= $(CURDIR)/var

.PHONY: demo serve check test lint types bench chromium pdf-libs assets

$(VENV)/.runtime: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e .
	touch $@

$(VENV)/.test: $(VENV)/.runtime
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test,spark,s3,redis]'
	touch $@

# Browser assets Semesta serves itself (Swagger UI for the API docs) and axe-core for the
# accessibility tests, pinned by package-lock.json; npm's cache makes a reinstall work offline.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --ignore-scripts --prefer-offline --no-audit --no-fund --loglevel=error
assets: node_modules/.package-lock.json

## Build the demo on first run (reused afterwards) and serve it at http://127.0.0.1:8000
demo: $(VENV)/.runtime pdf-libs assets
	$(BIN)/semesta demo
	$(BIN)/semesta serve

serve: $(VENV)/.runtime assets
	$(BIN)/semesta serve

# Tests run from this checkout's src/ (a git worktree too) on both cores, each xdist worker with
# its own data directory; the demo tests (slow) in one process, so the demo is built once.
SRC := PYTHONPATH=$(CURDIR)/src
XDIST := -n 2
# Python keeps its bytecode (and pytest its assertion rewriting) in .venv/pycache, out of the tree,
# even where PYTHONDONTWRITEBYTECODE is set: otherwise every pytest process and xdist worker
# compiles Semesta and rewrites whole plugin packages again (4-8 s of CPU each).
unexport PYTHONDONTWRITEBYTECODE
export PYTHONPYCACHEPREFIX := $(CURDIR)/.venv/pycache

## Before every commit, under a minute: lint, types and the fast tests (no demo, no Chromium,
## no PostgreSQL)
check: $(VENV)/.test lint types
	SEMESTA_DATA_DIR=$$(mktemp -d) $(SRC) $(BIN)/pytest $(XDIST) -p no:schemathesis \
	  --no-migrations -m "not slow and not browser and not heavy"

## The whole suite: lint, types, SQLite (with the full-scale demo), then a throwaway PostgreSQL
test: $(VENV)/.test chromium pdf-libs assets lint types
	$(BIN)/semesta makemigrations --check --dry-run
	SEMESTA_DATA_DIR=$$(mktemp -d) $(SRC) $(BIN)/pytest $(XDIST) -m "not slow"
	SEMESTA_DATA_DIR=$$(mktemp -d) $(SRC) $(BIN)/pytest -m slow
	SEMESTA_DATA_DIR=$$(mktemp -d) $(SRC) $(BIN)/python scripts/with_postgres.py -- \
	  $(BIN)/pytest $(XDIST) -m "not slow"

## ruff, and the layer contracts of .importlinter (CONTRIBUTING.md, Layer rules)
lint: $(VENV)/.test
	$(BIN)/ruff check src tests scripts
	$(BIN)/ruff format --check src tests scripts
	$(SRC) $(BIN)/lint-imports --no-cache

## mypy, strict on the core modules listed in pyproject.toml's [tool.mypy]
types: $(VENV)/.test
	$(SRC) $(BIN)/mypy

$(VENV)/.bench: $(VENV)/.test
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test,bench]'
	touch $@

## Engine vs SQLite; imports vs DuckDB floor, pandas, django-import-export; roster matching;
## the budget planner; pages and API under load
bench: $(VENV)/.bench
	$(BIN)/semesta demo --quiet
	$(BIN)/python scripts/bench.py
	$(BIN)/python scripts/bench_import.py
	$(BIN)/python scripts/bench_rosters.py
	$(BIN)/python scripts/bench_planner.py
	$(BIN)/python scripts/bench_businesses.py
	$(BIN)/python scripts/bench_routes.py
	$(BIN)/python scripts/bench_web.py

chromium:
	@command -v chromium >/dev/null || apt-get install -y -qq chromium >/dev/null \
	  || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null)

## WeasyPrint (PDF reports) needs Pango and a font; Debian's base images usually have both
pdf-libs:
	@$(PYTHON) -c "import ctypes.util as u, sys; sys.exit(not u.find_library('pangoft2-1.0'))" \
	  || apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core >/dev/null \
	  || (apt-get update -qq && apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core >/dev/null)
