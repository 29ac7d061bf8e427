# Two entry points, both usable on a fresh machine with Python 3.11+ and make:
#   make gate   set up, then run the release gate against the embedded simulator
#   make test   set up, then run the harness's own tests
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: gate test setup bench clean

gate: $(VENV)/.installed
	$(BIN)/leadharness gate

test: $(VENV)/.installed
	$(BIN)/python -m pytest

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

bench: $(VENV)/.installed
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
