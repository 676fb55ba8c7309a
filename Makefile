# The two set-up commands of the README: `make up` and `make test`. Everything else is here
# for convenience. Python 3.11+, Java 17+ and Maven are needed (or NEO4J_URI for an
# external Neo4j, then no Java or Maven).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SIZE ?= default

.PHONY: install up down test lint spec bench-ingest bench-read

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is needed: set PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@

up: install
	$(BIN)/credit up --size $(SIZE)

down:
	$(BIN)/credit neo4j stop --instance demo

test: install lint
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

spec: install
	$(BIN)/pytest tests/features $(if $(ART),-m art_$(ART),)

bench-ingest: install
	$(BIN)/python -m bench.ingest

bench-read: install
	$(BIN)/python -m bench.read
