# The two commands of the README: `make demo` and `make test`. Both set up .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PG_TEST_URL ?= postgresql://postgres@127.0.0.1:5432/ratsinfo
PORT ?= 8000

.PHONY: demo test lint test-sqlite test-postgres bench clean

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

test-sqlite: $(VENV)/.installed-dev
	env -u RATSINFO_DATABASE_URL $(BIN)/pytest

# The store tests again, on a real PostgreSQL server.
test-postgres: $(VENV)/.installed-dev
	RATSINFO_DATABASE_URL=$(PG_TEST_URL) $(BIN)/pytest -m store

test: lint test-sqlite test-postgres

bench: $(VENV)/.installed-dev
	$(BIN)/python benchmarks/ingest.py

clean:
	rm -rf $(VENV) .ratsinfo .pytest_cache
