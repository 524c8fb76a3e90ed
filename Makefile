# ocop: the two commands are `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test setup lint format check messages ci-check bench clean

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is required ($(PYTHON) not found)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)
	$(BIN)/ocop compilemessages --ignore=.venv >/dev/null

## make run: set up, migrate, load the demo data and serve http://127.0.0.1:8000
run: setup
	$(BIN)/ocop demo --port $${PORT:-8000}

## make test: set up, then the whole suite (lint, checks, tests)
test: setup lint ci-check
	$(BIN)/python -m pytest -q $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

ci-check: $(STAMP)
	OCOP_TESTING=1 $(BIN)/ocop makemigrations --check --dry-run
	OCOP_SECRET_KEY=check-deploy-$$RANDOM-$$RANDOM-$$RANDOM-$$RANDOM-$$RANDOM-$$RANDOM-$$RANDOM-key OCOP_ALLOWED_HOSTS=ocop.example.org $(BIN)/ocop check --deploy --fail-level WARNING

messages: $(STAMP)
	cd ocop && ../$(BIN)/ocop makemessages -l vi -l en --ignore=static --no-obsolete
	$(BIN)/ocop compilemessages --ignore=.venv

bench: setup
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) var/ .pytest_cache .ruff_cache
