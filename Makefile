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
# Python keeps compiled modules in __pycache__/ (gitignored), and pytest its test files with
# their asserts rewritten, even where the environment says not to (these machines set
# PYTHONDONTWRITEBYTECODE=1): otherwise every test process rewrote the ~470 test files
# again, 6 s of CPU each time (11 s → 5 s to collect the suite).
unexport PYTHONDONTWRITEBYTECODE

.PHONY: run test coverage coverage-run mutation install install-test migrate seed worker lint format bench-seed clean screenshots scale-test install-scale

## make run: install, migrate SQLite, seed demo data once, serve on http://localhost:3000
run: install migrate
	@$(PY) -m edu_platform.seed --size demo --if-empty
	@$(PY) -m edu_platform.manage banner
	$(VENV)/bin/reflex run --env prod --loglevel warning

## make test: install what the tests need (Chromium included), lint, type-check
## (pyrightconfig.json) and run the whole suite; `make test COVERAGE=1` (what .ci/run
## runs) runs the suite under coverage and gates it (see `make coverage`)
# in parallel: pytest-xdist, one worker per core and one more (TEST_WORKERS=1 for a single
# process); whole files per worker, the browser files last: the frontend builds once, in the
# background, and every worker serves it with a server of its own
# (tests/support/workers.py, tests/support/e2e_server.py). The extra worker fills the time a
# worker spends waiting (a server's event, a job, a timer): on 2 cores the machine was idle
# for 54-56 of its 560 CPU-seconds with two workers, 9 with three (bench/test_suite.py).
# At most 14: the Redis databases 2-15 are the workers' (tests/support/workers.py).
TEST_WORKERS ?= $(shell n=$$(nproc); echo $$(( n < 14 ? n + 1 : 14 )))
COVERAGE ?=
# The folders the type check gates (pyrightconfig.json: settings and reasons).
TYPED := edu_platform/services edu_platform/models edu_platform/api edu_platform/state
PYTEST_RUN := -m pytest -n $(TEST_WORKERS) --dist loadgroup
# The type check runs beside the suite, niced, instead of before the first test: 34 s of
# wall time and 50 s of CPU, most of it taken from the suite's two cores (they are idle for
# only 35-50 s of a run). Its report follows the suite's; either failing fails the target.
# So a passing check is reused until something pyright reads changes: the app's files,
# typings/, the root's modules, pyrightconfig.json, site-packages, Python, PYRIGHT_*
# (tests/support/type_check.py; EDU_TYPES_RECHECK=1 checks anyway, .ci/run always does).
TYPES_LOG := .pyright.log
TYPES_START = nice -n 19 $(PY) -m tests.support.type_check $(TYPED) > $(TYPES_LOG) 2>&1 & types=$$!
TYPES_END = wait $$types; typed=$$?; echo "--- pyright $(TYPED):"; cat $(TYPES_LOG); \
	rm -f $(TYPES_LOG); test $$suite -eq 0 && test $$typed -eq 0
test: install install-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	@echo "nice $(PY) -m tests.support.type_check $(TYPED) (pyright, beside the suite)"
ifeq ($(COVERAGE),1)
	@$(TYPES_START); $(MAKE) --no-print-directory coverage-run; suite=$$?; $(TYPES_END)
else
	@$(TYPES_START); echo "$(PY) $(PYTEST_RUN)"; $(PY) $(PYTEST_RUN); suite=$$?; $(TYPES_END)
endif

## make coverage: the whole suite under coverage, the browser suite's build and servers
# and every other subprocess included (.coveragerc: patch = subprocess, fork, _exit); a
# table per package; fails under 85 % in total. Not part of a plain `make test` (it
# makes the suite markedly slower: README "Test quality gates"); .ci/run gates on it.
coverage: install install-test coverage-run

coverage-run:
	rm -rf .coverage-data && mkdir -p .coverage-data
	$(VENV)/bin/coverage run $(PYTEST_RUN)
	$(VENV)/bin/coverage combine -q
	$(PY) -m tests.support.coverage_by_package

## make mutation: mutmut over the money, access and progress services, one module at a time
# (MODULES="refunds coupons" for some); the score per module, target 85 % (tests/mutation).
# Hours on two cores; MUTATION_CHILDREN=1 processes by default.
MODULES ?=
mutation: install install-test
	$(PY) -m tests.mutation.run $(MODULES)

## make scale-test: the scale-out and fault suite (tests/scale/, README "Scaling out"):
# its own PostgreSQL cluster and 2 Redis on free ports, 2 Reflex backends behind nginx,
# 2 RQ workers; a backend killed, PostgreSQL restarted, Redis stopped, a worker killed.
scale-test: install install-test install-scale
	EDU_SCALE_TESTS=1 $(VENV)/bin/pytest -n 0 --timeout 900 tests/scale

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

# Debian's chromium (Playwright's own browser download cannot work offline), its old
# headless shell (the browser suite's: a third less CPU per test) and a Cyrillic font for
# screenshots.
install-test: $(VENV)/.installed-dev $(AXE)
	@command -v chromium >/dev/null 2>&1 && command -v chromium-headless-shell >/dev/null 2>&1 || { \
		echo "Installing Debian chromium and chromium-headless-shell..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-headless-shell fonts-dejavu-core >/dev/null; }

# Debian's nginx in front of the backends, and the PostgreSQL and Redis server binaries
# the scale suite starts its own instances with.
install-scale:
	@{ command -v nginx || test -x /usr/sbin/nginx; } >/dev/null 2>&1 || { \
		echo "Installing Debian nginx-light..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null; }
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && command -v redis-server >/dev/null 2>&1 || { \
		echo "Installing Debian postgresql and redis-server..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql redis-server >/dev/null; }

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
	$(VENV)/bin/pyright $(TYPED)

format:
	$(VENV)/bin/ruff format .

bench-seed: install
	$(PY) bench/seed_large.py

clean:
	rm -rf .web data/edu.db*

## make screenshots: PNGs of the main pages (RU desktop, EN 375 px) into docs/screenshots/
screenshots: install install-test
	$(VENV)/bin/pytest -n 0 -p no:cacheprovider tests/e2e/screenshots.py
