# The two commands of the README: `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Re-install only when pyproject.toml changes, so a second `make demo` starts fast.
STAMP_RUNTIME := $(VENV)/.installed-runtime
STAMP_DEV := $(VENV)/.installed-dev
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test lint serve clean-demo

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP_RUNTIME): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(STAMP_DEV): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@ $(STAMP_RUNTIME)

## demo: install, migrate, load the demo content, then serve the site and run the workers.
demo: $(STAMP_RUNTIME)
	mkdir -p var/static
	$(BIN)/python manage.py migrate --no-input -v 0
	$(BIN)/python manage.py createcachetable
	$(BIN)/python manage.py setup_roles -v 0 > /dev/null
	$(BIN)/python manage.py load_demo --host $(HOST) --port $(PORT)
	@echo "网站：http://$(HOST):$(PORT)/    管理后台：http://$(HOST):$(PORT)/admin/    按 Ctrl-C 停止"
	$(BIN)/python manage.py serve_demo $(HOST):$(PORT)

## test: install the dev extras and run the whole suite (SQLite unless DATABASE_URL is set), on
## every core up to 4 (TEST_WORKERS=0 runs it in this one process).
TEST_WORKERS ?= auto
test: $(STAMP_DEV)
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --maxprocesses 4 $(PYTEST_ARGS)

lint: $(STAMP_DEV)
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache
