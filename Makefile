# The two commands of the README: `make demo` and `make test`. Both set up .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PG_TEST_URL ?= postgresql://postgres@127.0.0.1:5432/ratsinfo
PORT ?= 8000

.PHONY: demo test lint test-sqlite test-postgres bench bench-extract bench-web ui-deps clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@ $(VENV)/.installed

demo: $(VENV)/.installed
	$(BIN)/ratsinfo ingest examples/
	$(BIN)/ratsinfo serve --host 127.0.0.1 --port $(PORT)

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check src tests benchmarks scripts

# axe-core for the browser tests (tests/test_browser.py), as pinned in tests/ui/package-lock.json.
# Without npm the browser tests skip, except in CI (RATSINFO_REQUIRE_BROWSER=1), where they fail.
ui-deps:
	@if [ ! -e tests/ui/node_modules/.package-lock.json ] || \
	    [ tests/ui/package-lock.json -nt tests/ui/node_modules/.package-lock.json ]; then \
	  if command -v npm >/dev/null 2>&1; then cd tests/ui && npm ci --no-audit --no-fund; \
	  else echo "npm not found: browser tests will be skipped (see .ci/run)"; fi; \
	fi

test-sqlite: $(VENV)/.installed-dev ui-deps
	env -u RATSINFO_DATABASE_URL $(BIN)/pytest

# The store tests again, on a real PostgreSQL server.
test-postgres: $(VENV)/.installed-dev
	RATSINFO_DATABASE_URL=$(PG_TEST_URL) $(BIN)/pytest -m store

test: lint test-sqlite test-postgres

bench: $(VENV)/.installed-dev
	$(BIN)/python benchmarks/ingest.py

# MB/s of text through all extractors on one core, and the ratio to decode + tokenise.
bench-extract: $(VENV)/.installed-dev
	$(BIN)/python benchmarks/extract.py

# Server time per page type on the corpus 1000 times over (the store is cached in .ratsinfo/bench-web).
bench-web: $(VENV)/.installed-dev
	$(BIN)/python benchmarks/web.py

clean:
	rm -rf $(VENV) .ratsinfo .pytest_cache tests/ui/node_modules
