# Two commands set up a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
LOCK := requirements.lock

# One test process per core, up to four (each TUI test wants a core to itself); a module's
# tests stay in one process, so a module's real-browser stores are made once.
PARALLEL := -n auto --maxprocesses=4 --dist loadfile

.PHONY: run test test-floors bench fixtures lock clean

$(BIN)/cookie-tui: pyproject.toml $(LOCK)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -c $(LOCK) -e .
	touch $@

$(VENV)/.test-extras: $(BIN)/cookie-tui
	$(BIN)/pip install -q -c $(LOCK) -e '.[test]'
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
	$(BIN)/pytest -q $(PARALLEL)

$(VENV)/.bench-extras: $(VENV)/.test-extras
	$(BIN)/pip install -q -c $(LOCK) -e '.[test,bench]'
	touch $@

# The suite (less the snapshots, which follow one Textual's drawing, and the browsers,
# which the dependencies do not reach) with every runtime dependency at its floor.
test-floors:
	rm -rf .venv-floors
	$(PYTHON) -m venv .venv-floors
	.venv-floors/bin/pip install -q --upgrade pip
	$(PYTHON) .ci/floors.py > .venv-floors/constraints.txt
	.venv-floors/bin/pip install -q -c .venv-floors/constraints.txt -e '.[test]'
	.venv-floors/bin/pytest -q -p no:cacheprovider $(PARALLEL) --ignore=tests/tui/test_snapshots.py \
		-k "not realbrowsers and not default_profiles"

bench: $(VENV)/.bench-extras
	$(BIN)/python bench/run.py

fixtures: $(VENV)/.test-extras
	$(BIN)/python tests/fixtures/generate.py

# The exact versions of a fresh install of the runtime and test dependencies.
lock:
	rm -rf .venv-lock
	$(PYTHON) -m venv .venv-lock
	.venv-lock/bin/pip install -q --upgrade pip
	.venv-lock/bin/pip install -q '.[test]'
	{ sed -n '1,2p' $(LOCK); .venv-lock/bin/pip freeze --exclude cookie-tui; } > $(LOCK).new
	mv $(LOCK).new $(LOCK)
	rm -rf .venv-lock

clean:
	rm -rf $(VENV) .venv-floors .pytest_cache .ruff_cache
