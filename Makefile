# One entry point for every task. `make serve` and `make test` work on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install serve test fuzz lint bench screenshots clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

serve: install
	$(BIN)/restkeep serve --demo

test: install
	$(BIN)/pytest $(PYTEST_ARGS)

# schemathesis against the served OpenAPI document, on each backend (RESTKEEP_FUZZ_SECONDS each)
fuzz: install
	$(BIN)/pytest -m fuzz -p no:cacheprovider $(PYTEST_ARGS)

# the web interface's screenshots in docs/ui/, taken by its browser tests (needs Chromium)
screenshots: install
	RESTKEEP_SCREENSHOTS=docs/ui $(BIN)/pytest -p no:cacheprovider -q tests/acceptance/test_ui_browser.py --backend sqlite

bench: install
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)

lint: install
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/mypy

clean:
	rm -rf $(VENV) restkeep-data .pytest_cache .mypy_cache .ruff_cache
