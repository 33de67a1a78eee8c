# EduPlatform — the two commands a newcomer needs: `make run` and `make test`.
# Everything is installed project-locally: .venv/ (Python), .tools/ (bun, Reflex cache).

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
TOOLS := $(CURDIR)/.tools
BUN_VERSION := 1.4.4
BUN := $(TOOLS)/node_modules/.bin/bun
# The accessibility checker the browser suite injects into pages (tests/e2e/test_accessibility.py).
AXE_VERSION := 4.14.1
AXE := $(TOOLS)/node_modules/axe-core/axe.min.js

# Reflex and bun read these; keep every cache inside the project.
export REFLEX_DIR := $(TOOLS)/reflex
export REFLEX_CHECK_LATEST_VERSION := 0
export REFLEX_TELEMETRY_ENABLED := false
export REFLEX_BUN_PATH := $(BUN)
export BUN_INSTALL_CACHE_DIR := $(TOOLS)/bun-cache
export BUN_RUNTIME_TRANSPILER_CACHE_PATH := $(TOOLS)/bun-transpiler-cache
export PATH := $(TOOLS)/node_modules/.bin:$(CURDIR)/$(VENV)/bin:$(PATH)
export PYTHONPATH := $(CURDIR)

.PHONY: run test install install-test migrate seed worker lint format bench-seed clean

## make run: install, migrate SQLite, seed demo data once, serve on http://localhost:3000
run: install migrate
	@$(PY) -m edu_platform.seed --size demo --if-empty
	@$(PY) -m edu_platform.manage banner
	$(VENV)/bin/reflex run --env prod --loglevel warning

## make test: install what the tests need (Chromium included), lint, type-check
## (pyrightconfig.json) and run the whole suite
# in parallel: pytest-xdist, one worker per core (TEST_WORKERS=1 for a single process);
# loadgroup keeps every browser test in one worker (tests/e2e/conftest.py).
TEST_WORKERS ?= auto
test: install install-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/pyright
	$(VENV)/bin/pytest -n $(TEST_WORKERS) --dist loadgroup

install: $(VENV)/.installed $(BUN)

$(VENV)/.installed: requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@

$(BUN):
	@mkdir -p $(TOOLS)
	npm install --silent --no-audit --no-fund --prefix $(TOOLS) bun@$(BUN_VERSION)
	@test -x $(BUN)

# Debian's chromium (Playwright's own browser download cannot work offline) and a
# Cyrillic font for screenshots.
install-test: $(VENV)/.installed-dev $(AXE)
	@command -v chromium >/dev/null 2>&1 || { \
		echo "Installing Debian chromium..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; }

$(AXE): $(BUN)
	npm install --silent --no-audit --no-fund --save-exact --prefix $(TOOLS) axe-core@$(AXE_VERSION)
	@test -f $(AXE)

migrate: install
	@mkdir -p data
	$(VENV)/bin/alembic upgrade head

seed: migrate
	$(PY) -m edu_platform.seed --size demo

## make worker: an RQ worker with the project's settings (needs REDIS_URL)
worker: install
	$(PY) -m edu_platform.jobs.worker

lint:
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/pyright

format:
	$(VENV)/bin/ruff format .

bench-seed: install
	$(PY) bench/seed_large.py

clean:
	rm -rf .web data/edu.db*
