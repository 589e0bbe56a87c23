# Two commands do all set-up: `make demo` and `make test`. Both create/refresh .venv themselves.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SAMPLE ?= ../shared/samples/karabakh-2020-10-02.txt

.PHONY: demo test lint typecheck unit bench lock clean coder

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: $(BIN)/activate pyproject.toml requirements.lock
	$(BIN)/python -m pip install -q -U pip
	$(BIN)/python -m pip install -q -c requirements.lock -e '.[dev,postgres,ml]'
	touch $@

demo: $(VENV)/.installed
	$(BIN)/sitrep extract $(SAMPLE) --published 2020-10-02 --format table

test: $(VENV)/.installed lint typecheck unit

lint: $(VENV)/.installed
	$(BIN)/ruff check src tests benchmarks

typecheck: $(VENV)/.installed
	$(BIN)/mypy

unit: $(VENV)/.installed
	$(BIN)/pytest

bench: $(VENV)/.installed
	$(BIN)/python benchmarks/throughput.py

# Retrain the packaged coder model after editing src/sitrep/data/coder/*.tsv (a test checks it is current).
coder: $(VENV)/.installed
	$(BIN)/python -m sitrep.ml.build

# Refresh the lock file after changing dependencies in pyproject.toml.
lock: $(BIN)/activate
	$(BIN)/python -m pip install -q -U pip
	$(BIN)/python -m pip install -q -e '.[dev,postgres,ml]'
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^-e' > requirements.lock

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
