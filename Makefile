# breastcancer_kit: one command to open the lessons, one to test everything.
#   make lab    set up .venv, then open the start page in JupyterLab (127.0.0.1, token auth)
#   make test   set up .venv (+ Debian chromium), then ruff and the whole pytest suite
# Without make, see "Install without make" in README.md.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

VENV ?= .venv
BIN := $(abspath $(VENV))/bin
PY := $(BIN)/python
# Install again only when pyproject.toml is newer than this stamp.
STAMP := $(VENV)/.bck-installed
CHROMIUM := /usr/bin/chromium
LAB_PORT ?= 8888
# Extra pytest arguments, e.g. make test PYTEST_ARGS='-k binder -x'
PYTEST_ARGS ?=

# Every execution has a timeout: a stalled kernel must fail, not hang.
NBVAL_FLAGS := --nbval-lax --nbval-current-env \
	--nbval-sanitize-with tests/nbval_sanitize.cfg \
	--nbval-cell-timeout=120 --nbval-kernel-startup-timeout=60

.PHONY: help setup lab test lint bench browser-deps clean distclean

help:
	@echo "make lab        open the lessons in JupyterLab (creates .venv on first run)"
	@echo "make test       ruff + unit/property/doctest/notebook/browser/binder tests"
	@echo "make setup      create .venv and install the kit with its test extras"
	@echo "make lint       ruff check ."
	@echo "make bench      import cost and stage_frame throughput (benchmarks/)"
	@echo "make clean      remove caches and test artifacts (keeps .venv)"
	@echo "make distclean  clean, and remove .venv"

# Prefer python3.11 (what Binder and CI run); accept python3 if it is 3.11 or newer.
$(PY):
	@py=$$(command -v python3.11 || true); \
	if [ -z "$$py" ]; then \
	  if python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then \
	    py=$$(command -v python3); \
	  else \
	    echo "error: need Python 3.11+ (python3.11 or python3 on PATH)" >&2; exit 1; \
	  fi; \
	fi; \
	echo "==> creating $(VENV) with $$py ($$("$$py" --version))"; \
	"$$py" -m venv $(VENV)

$(STAMP): pyproject.toml | $(PY)
	@echo "==> installing breastcancer_kit (editable) with test extras into $(VENV)"
	$(PY) -m pip install -e '.[test]'
	@touch $@

setup: $(STAMP)

# Token auth stays on: we pass our own random token (a user config cannot blank it) and print
# the URL, since Lab masks tokens that come from options. --allow-root only when we are root.
lab: setup
	@token=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(24))'); \
	extra=(); \
	if [ "$$(id -u)" -eq 0 ]; then echo "note: running as root, adding --allow-root"; extra+=(--allow-root); fi; \
	echo "==> JupyterLab: http://127.0.0.1:$(LAB_PORT)/lab/tree/00_start_here.ipynb?token=$$token"; \
	echo "    (busy port? make lab LAB_PORT=8890; stop with Ctrl-C)"; \
	cd notebooks && exec $(BIN)/jupyter lab 00_start_here.ipynb \
	  --ServerApp.root_dir="$$PWD" --ServerApp.ip=127.0.0.1 \
	  --ServerApp.port=$(LAB_PORT) --ServerApp.port_retries=0 \
	  --IdentityProvider.token="$$token" "$${extra[@]}"

# Browser tests drive Debian's chromium (Playwright's own download does not work offline).
browser-deps:
	@if [ -x $(CHROMIUM) ]; then exit 0; fi; \
	if [ "$$(id -u)" -eq 0 ]; then \
	  echo "==> installing Debian chromium for the browser tests"; \
	  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; \
	  [ -x $(CHROMIUM) ] || { echo "error: $(CHROMIUM) still missing after install" >&2; exit 1; }; \
	else \
	  echo "error: $(CHROMIUM) is missing; the browser tests need it. Install it with:" >&2; \
	  echo "  sudo apt-get update && sudo apt-get install -y chromium" >&2; \
	  exit 1; \
	fi

# One pytest run: tests/ (unit, property, papermill, browser, binder), doctests of the package
# (--doctest-modules comes from pyproject addopts) and nbval over every lesson notebook.
# BCK_REQUIRE_BROWSER makes a missing browser a failure rather than a skip.
test: setup browser-deps
	@echo "==> ruff check ."
	$(BIN)/ruff check .
	@echo "==> pytest tests/ breastcancer_kit/ notebooks/"
	@rc=0; BCK_REQUIRE_BROWSER=1 $(PY) -m pytest tests breastcancer_kit notebooks \
	  $(NBVAL_FLAGS) $(PYTEST_ARGS) || rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "error: pytest collected no tests (exit 5): failing" >&2; fi; \
	exit $$rc

lint: setup
	$(BIN)/ruff check .

bench: setup
	$(PY) benchmarks/bench_import.py
	$(PY) benchmarks/bench_stage_frame.py

clean:
	rm -rf test-artifacts .pytest_cache .ruff_cache .hypothesis build dist *.egg-info
	find . -path ./$(VENV) -prune -o \( -name __pycache__ -o -name .ipynb_checkpoints \) \
	  -type d -prune -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV)
