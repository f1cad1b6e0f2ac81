# The README's commands. `make run` and `make test` set up .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SMOKE := $(CURDIR)/build/smoke

.PHONY: run test smoke lint bench bench-suggestions clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Running needs the app and the html extra; the test extra (datasets, spaCy...) only for tests.
$(VENV)/.run: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[html]'
	touch $@

$(VENV)/.test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[html,test]'
	touch $@ $(VENV)/.run

$(VENV)/.lint: pyproject.toml $(VENV)/.test
	$(BIN)/python -m pip install --quiet -e '.[html,test,lint]'
	touch $@

run: $(VENV)/.run
	$(BIN)/annotator $(ARGS)

test: $(VENV)/.test
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The wheel as pip and pipx users get it: built, installed in a new venv with the pip this
# Python ships (no test extra), and exercised from an empty folder by tests/smoke_installed.py.
smoke:
	rm -rf $(SMOKE)
	$(PYTHON) -m venv $(SMOKE)/venv
	$(SMOKE)/venv/bin/python -m pip wheel --quiet --no-deps -w $(SMOKE)/dist .
	$(SMOKE)/venv/bin/python -m pip install --quiet "$$(ls $(SMOKE)/dist/*.whl)[html]"
	cd $(SMOKE) && venv/bin/python $(CURDIR)/tests/smoke_installed.py $(SMOKE)/work

bench: $(VENV)/.test
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)

bench-suggestions: $(VENV)/.run
	$(BIN)/python benchmarks/suggestions.py --per-article --misses

lint: $(VENV)/.lint
	$(BIN)/ruff check annotations tui tests benchmarks
	$(BIN)/mypy

clean:
	rm -rf $(VENV) build dist *.egg-info
