# Everything a fresh machine needs: Python 3.11+ and make. Each target sets up .venv first.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | cksum | cut -d' ' -f1)
ADDR ?= 127.0.0.1:8000
# Material's end-of-life banner: the Zensical build is tracked in the project itself.
export NO_MKDOCS_2_WARNING := 1
# Python's default, as readers have it: where the shell sets this, each of the
# suite's processes compiled every test module and snippet again, and pytest
# rewrote every test module's asserts again (2.4 of 7 CPU seconds a process).
unexport PYTHONDONTWRITEBYTECODE

NODE_STAMP := node_modules/.installed-$(shell cksum < package-lock.json | cut -d' ' -f1)

.PHONY: install node system serve build test test-shuffled test-workers test-eager test-matrix lint format checklist audit clean

install: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; sys.exit("Python 3.11+ is required, found " + sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	rm -f $(VENV)/.installed-*
	touch $@

# axe-core for the accessibility tests, Lighthouse for the audit (package.json).
node: system $(NODE_STAMP)

# Chromium and npm, from apt when they are missing and we may (tools/system_packages.sh).
system: install
	@bash tools/system_packages.sh $(BIN)/python

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

serve: install
	$(BIN)/mkdocs serve --strict --dev-addr $(ADDR)

build: install
	$(BIN)/mkdocs build --strict

lint: install
	$(BIN)/ruff check snippets tests tools checker noxfile.py
	$(BIN)/ruff format --check snippets tests tools checker noxfile.py

format: install
	$(BIN)/ruff check --fix snippets tests tools checker noxfile.py
	$(BIN)/ruff format snippets tests tools checker noxfile.py

# Rewrites the generated parts of the site from the items' front matter and the
# nav, and the diagrams (the retry schedule is drawn from the snippet's waits).
checklist: install
	$(BIN)/python -m tools.checklist
	$(BIN)/python -m tools.diagrams

# Worker tests spend much of their time waiting (for brokers, timeouts and
# other processes): with eight processes two cores were idle 3% of a run
# (vmstat), with six 11%. A module goes to one process whole, so its
# shared worker (or browser) starts once; the longest modules go out first
# (tests/support/run_order.py), not the ones with most tests.
PYTEST_PARALLEL ?= -n 8 --dist loadscope --no-loadscope-reorder

test: lint node
	$(BIN)/python -m pytest $(PYTEST_PARALLEL)

# The same suite in a random order of modules and of tests in each module (the
# seed is printed; rerun one with SEED=<n>): no test may depend on what ran
# before it. pytest-randomly seeds `random` alike in every test process: each
# reseeds it its own way before its first test (tests/conftest.py), so the
# servers' ports it picks differ. (Without SEED, pytest-randomly picks one.)
SEED ?=
test-shuffled: lint node
	$(BIN)/python -m pytest $(PYTEST_PARALLEL) -p randomly $(if $(SEED),--randomly-seed=$(SEED)) --randomly-dont-reset-seed

# The worker tier alone: the real-worker tests without the pages and browser
# tests between them.
test-workers: install
	$(BIN)/python -m pytest $(PYTEST_PARALLEL) -m worker

# The fast tier only: no real worker, no browser.
test-eager: install
	$(BIN)/python -m pytest $(PYTEST_PARALLEL) -m "not worker and not browser"

# The snippet tests on every supported Celery release (pyproject.toml), each in
# its own virtualenv under .nox/, as the CI matrix runs them.
test-matrix: install
	$(BIN)/nox

# Lighthouse (mobile) on every page of the built site: scores, bytes, DOM size,
# failing audits; fails under 100 for accessibility, best practices and SEO, or
# over 250 kB or 2,000 elements a page. Performance is printed, not a gate: it
# follows the machine's load (tools/audit.py). Writes reports/lighthouse.json.
audit: install node
	$(BIN)/python -m tools.audit

clean:
	rm -rf site .pytest_cache .ruff_cache .nox reports
