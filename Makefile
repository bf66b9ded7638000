# The README's two commands: `make demo` and `make test`. Each sets everything up first.
# `make bench` runs the benchmarks in bench/ (BENCH_ARGS for bench.overhead, e.g. BENCH_ARGS="--rounds 31 --steps";
# KITS_ARGS for bench.kits, e.g. KITS_ARGS="--only antd --rounds 9 --steps").
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: setup browser services frontend lint test demo bench clean

setup: $(STAMP) browser services frontend

$(STAMP): pyproject.toml setup.py
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "需要 Python 3.11 或更新版本")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

browser:
	@scripts/ensure-chromium.sh

# redis-server and PostgreSQL for the scale-out tests (tests/scale start their own throwaway instances).
services:
	@scripts/ensure-services.sh

# The component libraries of the kits' test bed (demo/kits: Element UI/Plus, layui, Ant Design Vue), from
# the npm registry as package-lock.json pins them, served as published (never copied into git).
frontend: node_modules/.package-lock.json

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# Two processes (TEST_WORKERS=0: one), each module whole in one of them (its browser and portals shared).
TEST_WORKERS ?= 2
test: setup lint
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile

demo: setup
	$(BIN)/bot validate examples/open-company.yaml --bundle open-company
	$(BIN)/bot demo

bench: setup
	$(BIN)/python -m bench.overhead $(BENCH_ARGS)
	$(BIN)/python -m bench.kits $(KITS_ARGS)
	$(BIN)/python -m bench.scale

clean:
	rm -rf $(VENV) var node_modules .pytest_cache .mypy_cache .ruff_cache
