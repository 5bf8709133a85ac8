# savcore development commands. Each target creates or updates .venv by itself, so that a fresh
# machine with python3 and pip only needs `make demo` or `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Every adapter distribution lives in src/savcore_*/ with its own pyproject.toml (see docs/development.md).
ADAPTERS := $(sort $(dir $(wildcard src/savcore_*/pyproject.toml)))
STAMP := $(VENV)/.installed
LINT_PATHS := src/savcore $(foreach a,$(ADAPTERS),$(a)$(notdir $(a:/=)))
PY_DIRS := $(wildcard src tests benchmarks examples)

.PHONY: demo test lint bench venv clean docs

$(STAMP): pyproject.toml requirements-dev.txt $(wildcard src/savcore_*/pyproject.toml)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	$(BIN)/python -m pip install --quiet -e '.[testing]' $(foreach a,$(ADAPTERS),-e $(a))
	touch $(STAMP)

venv: $(STAMP)

demo: $(STAMP)
	$(BIN)/savcore demo --output demo-output

test: $(STAMP)
	$(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check $(PY_DIRS)
	$(BIN)/ruff format --check $(PY_DIRS)
	$(BIN)/mypy --strict $(LINT_PATHS)

bench: $(STAMP)
	@for script in benchmarks/bench_*.py; do \
		echo "== $$script"; $(BIN)/python $$script || exit 1; \
	done

clean:
	rm -rf $(VENV) demo-output build dist .mypy_cache .pytest_cache .ruff_cache .hypothesis
