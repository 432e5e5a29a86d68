# Run `make help` for the list of targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell sha1sum requirements.lock | cut -c1-12)
STACK := $(BIN)/python scripts/stack.py
TEST_DATA := .data/test
# The one version of govuk-frontend the service ships (static/govuk/VERSION says the same).
GOVUK_FRONTEND_VERSION := 6.6.0

.DEFAULT_GOAL := help
.PHONY: help install run test lint format lock demo-reset otp manage bench static-govuk

help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | \
		awk 'BEGIN {FS = ":.*?## "} {printf "  \033[36m%-14s\033[0m %s\n", $$1, $$2}'

$(STAMP): requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Python 3.11 or newer is needed"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	rm -f $(VENV)/.installed-*
	touch $@

install: $(STAMP) ## Create the virtual environment (only when requirements.lock changed)

run: $(STAMP) ## Run the service with its database, broker, worker, scheduler and demo data
	$(STACK) run

test: lint ## Lint, then run every test against real PostgreSQL and Redis; list the slowest 15
	$(STACK) exec --fast --data $(TEST_DATA) -- $(BIN)/pytest -n 2 -p randomly --durations=15 $(PYTEST_ARGS)

# makemigrations needs settings and a database URL but reads no database (--dry-run).
lint: $(STAMP) ## Ruff, the import contracts (pyproject.toml), and no model change without its migration
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(STACK) exec --fast --data $(TEST_DATA) -- $(BIN)/python manage.py makemigrations --check --dry-run --settings=config.settings.test

format: $(STAMP) ## Format the code and apply safe lint fixes
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

demo-reset: $(STAMP) ## Rebuild the demo data from scratch (the service must be stopped)
	$(STACK) exec -- $(BIN)/python manage.py demo_load --reset

bench: $(STAMP) ## Load the app at scale on loopback; print p50/p95 per page against the floor
	$(BIN)/python scripts/bench.py

otp: $(STAMP) ## Print a demo account's current second-factor code: make otp EMAIL=...
	@$(STACK) exec -- $(BIN)/python manage.py demo_otp $(EMAIL)

manage: $(STAMP) ## Run a management command against the demo servers: make manage CMD="shell"
	$(STACK) exec -- $(BIN)/python manage.py $(CMD)

lock: ## Re-resolve pyproject.toml's dependencies into requirements.lock
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/pip install --quiet --upgrade pip
	.venv-lock/bin/pip install --quiet -e ".[dev]"
	.venv-lock/bin/pip freeze --exclude-editable | grep -v '^-e' > requirements.lock
	rm -rf .venv-lock

# Only the built CSS and the ES module (with their source maps, which collectstatic's manifest
# needs) are copied. The package's fonts are GDS Transport and its images are the GOV.UK crown
# and crest: both are for GOV.UK only, so this service uses neither (static/css/service.css
# sets a system font). npm is needed here only; the result is committed.
static-govuk: ## Copy govuk-frontend (GOVUK_FRONTEND_VERSION) from npm into static/govuk/; needs npm
	@command -v npm >/dev/null || { echo "npm is needed for this target"; exit 1; }
	@set -euo pipefail; tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	npm install --prefix "$$tmp" --no-save --no-audit --no-fund --ignore-scripts \
		--loglevel=error govuk-frontend@$(GOVUK_FRONTEND_VERSION); \
	package="$$tmp/node_modules/govuk-frontend"; dist="$$package/dist/govuk"; \
	installed=$$(node -p "require('$$package/package.json').version"); \
	test "$$installed" = "$(GOVUK_FRONTEND_VERSION)" || \
		{ echo "npm installed $$installed, not $(GOVUK_FRONTEND_VERSION)"; exit 1; }; \
	rm -rf static/govuk; mkdir -p static/govuk; \
	cp "$$dist"/govuk-frontend.min.css "$$dist"/govuk-frontend.min.css.map \
		"$$dist"/govuk-frontend.min.js "$$dist"/govuk-frontend.min.js.map static/govuk/; \
	echo "$(GOVUK_FRONTEND_VERSION)" > static/govuk/VERSION; \
	printf '%s\n' \
		"govuk-frontend $(GOVUK_FRONTEND_VERSION) (MIT licence, (c) Crown copyright), copied from" \
		"npm by \`make static-govuk\`. Do not edit these files: change GOVUK_FRONTEND_VERSION in" \
		"the Makefile and run the target again. Fonts (GDS Transport) and images (the crown and" \
		"crest) are left out on purpose: they are for GOV.UK only." > static/govuk/README
	@echo "static/govuk/ now holds govuk-frontend $(GOVUK_FRONTEND_VERSION)"
