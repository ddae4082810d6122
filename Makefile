# Yui: `make run` and `make test` are all a fresh machine needs.
SHELL := /bin/bash
VENV := .venv
PYTHON := $(VENV)/bin/python
# uv from PATH, or the copy `make install` puts in the user's site-packages (python3 -m uv).
UV := $(shell command -v uv 2>/dev/null || echo python3 -m uv)
MANAGE := $(PYTHON) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test lint format messages compilemessages bench demo check-deploy clean

install: $(VENV)/.installed compilemessages

$(VENV)/.installed: pyproject.toml uv.lock
	@command -v uv >/dev/null 2>&1 || python3 -m uv --version >/dev/null 2>&1 || \
		python3 -m pip install --user --quiet uv || \
		python3 -m pip install --user --quiet --break-system-packages uv
	$(UV) venv --allow-existing --python 3.11 $(VENV)
	UV_PROJECT_ENVIRONMENT=$(VENV) $(UV) sync --frozen
	@touch $@

compilemessages: $(VENV)/.installed
	@command -v msgfmt >/dev/null 2>&1 || { echo "Installing GNU gettext (msgfmt)..."; \
		apt-get install -y -qq gettext >/dev/null 2>&1 || \
		{ apt-get update -qq && apt-get install -y -qq gettext; } || \
		{ echo "Please install GNU gettext (msgfmt) and run make again."; exit 1; }; }
	@for po in site/locale/*/LC_MESSAGES/*.po; do msgfmt --check-format -o "$${po%.po}.mo" "$$po" || exit 1; done

run: install
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(MANAGE) migrate --no-input
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(MANAGE) load_demo
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(MANAGE) runserver $(HOST):$(PORT)

test: install
	$(PYTHON) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(MANAGE) makemigrations --check --dry-run

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

messages: install
	$(MANAGE) makemessages --all --no-obsolete --ignore '.venv/*' --ignore 'staticfiles/*' \
		--ignore 'tests/*' --ignore 'benchmarks/*' -v0

bench: install
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(MANAGE) migrate --no-input -v0
	@for b in benchmarks/bench_*.py; do DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(PYTHON) $$b || exit 1; done

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
