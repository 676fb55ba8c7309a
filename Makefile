# The two set-up commands of the README: `make up` and `make test`. Everything else is here
# for convenience. Python 3.11+, Java 17+ and Maven are needed (or NEO4J_URI for an
# external Neo4j, then no Java or Maven). Node.js 18+ with npm runs the Gherkin linter.
PYTHON ?= python3
NPM ?= npm
VENV := .venv
BIN := $(VENV)/bin
SIZE ?= default
# Debian's chromium, driven by Playwright in the browser tests.
CHROMIUM ?= /usr/bin/chromium
# A CJK font, so that the pages' Chinese is drawn (and seen in the screenshots).
CJK_FONT ?= /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc

.PHONY: install constraints up down test lint lint-features spec mutation fuzz sandbox bench-ingest bench-read bench-listing bench-peer bench-workbench bench-replay sandbox-reset sandbox-down

install: $(VENV)/.installed node_modules/.installed $(CHROMIUM) $(CJK_FONT)

# Debian's chromium for the browser tests (Playwright drives it with executable_path;
# Playwright's own browser download is not used). Installed with apt-get when missing.
APT := $(if $(filter 0,$(shell id -u)),,sudo )apt-get
$(CHROMIUM):
	@command -v apt-get >/dev/null || { echo "the browser tests need Chromium at $(CHROMIUM): install it (Debian: apt-get install chromium)"; exit 1; }
	$(APT) install -y --no-install-recommends chromium || { $(APT) update && $(APT) install -y --no-install-recommends chromium; }

$(CJK_FONT):
	@command -v apt-get >/dev/null || { echo "the browser tests draw Chinese: install a CJK font (Debian: apt-get install fonts-noto-cjk)"; exit 1; }
	$(APT) install -y --no-install-recommends fonts-noto-cjk || { $(APT) update && $(APT) install -y --no-install-recommends fonts-noto-cjk; }

$(VENV)/.installed: pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is needed: set PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	@touch $@

# Re-resolve the newest versions pyproject.toml allows, in a scratch environment, and
# record them in constraints.txt (run `make test` before committing the result).
constraints:
	rm -rf .venv-resolve
	$(PYTHON) -m venv .venv-resolve
	.venv-resolve/bin/pip install --quiet --upgrade pip
	.venv-resolve/bin/pip install --quiet -e '.[dev]'
	{ sed -n '/^#/p' constraints.txt; .venv-resolve/bin/pip freeze --exclude-editable | grep -v '^-e'; } > constraints.new
	mv constraints.new constraints.txt
	rm -rf .venv-resolve

# The Node dev tools pinned by package-lock.json (gherkin-lint), re-installed only when
# the lock changes. Their install scripts are not needed and do not run.
node_modules/.installed: package.json package-lock.json
	@command -v $(NPM) >/dev/null || { echo "npm is needed for the Gherkin linter: install Node.js 18+ with npm (or set NPM=/path/to/npm)"; exit 1; }
	$(NPM) ci --ignore-scripts --no-audit --no-fund --loglevel=error
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
	$(MAKE) --no-print-directory lint-features

# The zh-CN feature files: parsed by the Gherkin parser (`# language: zh-CN`) and checked
# against .gherkin-lintrc, with the project's own rules in tools/gherkin_rules.
lint-features: install
	node_modules/.bin/gherkin-lint --config .gherkin-lintrc --rulesdir tools/gherkin_rules features

# The zh-CN features; ART=31 narrows to one article, TARGET=sandbox runs them over HTTP
# against the running sandbox (make sandbox) and writes the living documentation there.
spec: install
	$(BIN)/pytest tests/features $(if $(ART),-m art_$(ART),) $(if $(TARGET),--spec-target=$(TARGET),)

# Schemathesis GraphQL requests generated from the schema against a live API in
# development mode, with persona tokens and declaration headers: no 5xx, no unmasked
# error. FUZZ_CASES bounds the cases per operation.
FUZZ_CASES ?= 50
fuzz: install
	$(BIN)/python -m tools.fuzz --cases $(FUZZ_CASES)

# The audit sandbox: its own Neo4j, journal, keys and API (make sandbox; credit sandbox down).
sandbox: install
	$(BIN)/credit sandbox up

sandbox-reset:
	$(BIN)/credit sandbox reset

sandbox-down:
	$(BIN)/credit sandbox down

# Mutation testing: every function in rules/ mutated, the zh-CN features as the only tests
# (mutmut, [tool.mutmut] in pyproject.toml; tools/mutation.py). Prints the share of mutants
# killed (target >= 90 %) and the survivors; writes reports/mutation.md. Slow (one mutant at
# a time on one Neo4j), never part of `make test`. MUTANTS='rules.listing.*' narrows it.
mutation: install
	$(BIN)/python -m tools.mutation $(MUTANTS)

bench-ingest: install
	$(BIN)/python -m bench.ingest

bench-read: install
	$(BIN)/python -m bench.read

bench-listing: install
	$(BIN)/python -m bench.listing

# What-if replay of 100,000 recorded accesses under a changed policy: entries per second.
bench-replay: install
	$(BIN)/python -m bench.replay

# The workbench (neighbourhood, control, paths) through the protected API vs raw Cypher,
# on a seeded instance (INSTANCE=bench by default; ARGS='--node-cap 50 --seconds 10').
INSTANCE ?= bench
bench-workbench: install
	$(BIN)/python -m bench.workbench --instance $(INSTANCE) $(ARGS)

# The project (policy + audit on, production mode) against the Neo4j GraphQL Library
# (bench/peer: @neo4j/graphql 7 open and GOV_SHARING-scoped, pinned by its own lock), on
# the seeded bench instance (INSTANCE, SIZE), alternating rounds: req/s, p50, p99, Bolt
# queries and CPU per request, project/peer ratios. ARGS='--rounds 6 --seconds 4'.
bench-peer: install
	$(BIN)/credit neo4j start --instance $(INSTANCE)
	$(BIN)/credit seed --instance $(INSTANCE) --size $(SIZE)
	cd bench/peer && $(NPM) ci --ignore-scripts --no-audit --no-fund --loglevel=error
	$(BIN)/python bench/peer/compare.py --checkout $(CURDIR) --instance $(INSTANCE) \
		--uri bolt://127.0.0.1:$$($(BIN)/python -c 'from core import settings; print(settings.load("$(INSTANCE)").local.port)') \
		--password-file $$($(BIN)/python -c 'from core import settings; print(settings.load("$(INSTANCE)").local.password_file)') $(ARGS)
