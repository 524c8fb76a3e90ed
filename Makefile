# ocop: the two commands are `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test setup lint format check messages ci-check bench bench-portal bench-memory clean

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is required ($(PYTHON) not found)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip > $(VENV)/pip.log 2>&1 || { cat $(VENV)/pip.log; exit 1; }
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]' >> $(VENV)/pip.log 2>&1 || { cat $(VENV)/pip.log; exit 1; }
	touch $(STAMP)

setup: $(STAMP)
	OCOP_TESTING=1 $(BIN)/ocop compilemessages --ignore=.venv >/dev/null

## make run: set up, migrate, load the demo data and serve http://127.0.0.1:8000
run: setup
	$(BIN)/ocop demo --port $${PORT:-8000}

## make test: set up, then the whole suite (lint, checks, tests)
test: setup lint ci-check
	OCOP_TESTING=1 $(BIN)/python -m pytest -q $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

ci-check: $(STAMP)
	OCOP_TESTING=1 $(BIN)/ocop makemigrations --check --dry-run
	OCOP_SECRET_KEY=$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))') OCOP_ALLOWED_HOSTS=ocop.example.org OCOP_SITE_URL=https://ocop.example.org $(BIN)/ocop check --deploy --fail-level WARNING

## make messages: refresh every app's catalogue (ocop/<app>/locale) and the project one (ocop/locale)
messages: $(STAMP)
	for app in ocop/*/; do if [ -d "$$app/locale" ]; then (cd $$app && OCOP_TESTING=1 ../../$(BIN)/ocop makemessages -l vi -l en --no-obsolete); fi; done
	cd ocop && OCOP_TESTING=1 ../$(BIN)/ocop makemessages -l vi -l en --no-obsolete --ignore='*/locale/*' $$(for d in */; do [ -d "$$d/locale" ] && printf -- '--ignore=%s* ' "$$d"; done)
	OCOP_TESTING=1 $(BIN)/ocop compilemessages --ignore=.venv

bench: setup
	$(BIN)/python bench/run.py

## make bench-portal: public pages at national scale against a bare view (docs/performance.md)
bench-portal: setup
	$(BIN)/python bench/portal.py

## make bench-memory: peak memory of a 20,000-row import and of the certified-list export
bench-memory: setup
	OCOP_TESTING=1 $(BIN)/python bench/memory.py

clean:
	rm -rf $(VENV) var/ .pytest_cache .ruff_cache
