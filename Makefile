# Two commands set up a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test bench lint fixtures clean

$(BIN)/cookie-tui: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.test-extras: $(BIN)/cookie-tui
	$(BIN)/pip install -q -e '.[test]'
	touch $@

# Opens the app on this machine's browsers, or on the bundled demo store when none is found.
run: $(BIN)/cookie-tui
	@if $(BIN)/cookie-tui browsers --json 2>/dev/null | grep -q '"store"'; then \
		$(BIN)/cookie-tui; else $(BIN)/cookie-tui --demo; fi

test: $(VENV)/.test-extras
	$(BIN)/ruff check cookie_tui tests
	$(BIN)/ruff format --check cookie_tui tests
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(BIN)/pytest -q

$(VENV)/.bench-extras: $(VENV)/.test-extras
	$(BIN)/pip install -q -e '.[test,bench]'
	touch $@

bench: $(VENV)/.bench-extras
	$(BIN)/python bench/run.py

fixtures: $(VENV)/.test-extras
	$(BIN)/python tests/fixtures/generate.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
