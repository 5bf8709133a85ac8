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

# The main job on the embedded sample data: build the portfolio, load it into a SQLite store under
# demo-output/, and work from that file as a company without an ERP would.
DEMO_DB := $(BIN)/savcore --db demo-output/savcore.db
# The official EN 16931 artefacts, beside the repository (never copied into it).
EN16931 := $(abspath $(wildcard ../shared/vendor/en16931))
demo: $(STAMP)
	rm -rf demo-output
	$(BIN)/savcore demo --output demo-output
	$(DEMO_DB) import demo-output/portfolio.json
	$(DEMO_DB) show
	$(DEMO_DB) schedule --contract CT-SYN-02 --from 2018-01-01 --to 2019-12-31
	$(DEMO_DB) plan --contract CT-OPH-2018 --from 2018-09-03 --to 2018-12-21 --campaign 2018 --today 2018-08-20
	$(DEMO_DB) revise --contract CT-OPH-2018 --date 2019-01-01 --computed-on 2019-04-01
	$(DEMO_DB) bill --up-to 2018-12-31
	$(DEMO_DB) bill --up-to 2018-12-31
	$(DEMO_DB) report penetration --contract CT-OPH-2018 --from 2018-01-01 --to 2018-12-31
	$(DEMO_DB) report requests --contract CT-OPH-2018 --from 2018-01-01 --to 2018-12-31
	$(DEMO_DB) report invoices --contract AC-2018-07 --from 2018-01-01 --to 2018-12-31
	$(DEMO_DB) export-reports --contract CT-OPH-2018 --from 2018-01-01 --to 2018-12-31 -o demo-output/rapports-base.xlsx
	SAVCORE_EN16931_DIR=$(EN16931) $(DEMO_DB) chorus prepare FP-2018-000001 FP-2018-000002 --output demo-output/chorus

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
