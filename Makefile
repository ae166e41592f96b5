# Socialkompas: `make run` to try it, `make test` to test it. See README.md.
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
NODE_INSTALLED := node_modules/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint check pytest install npm messages clean bench

$(INSTALLED): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11) and "Socialkompas needs Python 3.11 (found %s)." % sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet ".[dev]"
	@touch $@

install: $(INSTALLED)

# Det Fælles Designsystem (served as static files) and axe-core (accessibility tests).
$(NODE_INSTALLED): package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "Socialkompas needs npm (Debian: apt-get install nodejs npm)." >&2; exit 1; }
	npm ci --no-audit --no-fund
	@touch $@

npm: $(NODE_INSTALLED)

## Migrate, load the demo on an empty database and serve on http://127.0.0.1:8000
## (make run PORT=8100 HOST=0.0.0.0: the printed logins and the e-mails' links follow)
run: export WAGTAILADMIN_BASE_URL ?= http://$(HOST):$(PORT)
run: $(INSTALLED) $(NODE_INSTALLED)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo --if-empty
	@echo "Socialkompas: $(WAGTAILADMIN_BASE_URL)/   admin: $(WAGTAILADMIN_BASE_URL)/admin/"
	$(PY) manage.py runserver $(HOST):$(PORT)

## Static checks and the whole test suite on a throwaway PostgreSQL
test: $(INSTALLED) $(NODE_INSTALLED) lint
	scripts/with-postgres.sh $(MAKE) --no-print-directory check pytest

lint: $(INSTALLED)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

check: $(INSTALLED)
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py check
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py makemigrations --check --dry-run

## In parallel (pytest-xdist): a worker per CPU core, at most 4, each with its own test
## database and a whole test file at a time (make test PYTEST_WORKERS=0: in one process).
PYTEST_WORKERS ?= auto
pytest: $(INSTALLED)
	$(PY) -m pytest -n $(PYTEST_WORKERS) --maxprocesses 4 --dist loadfile $(PYTEST_ARGS)

## The 50,000-offer benchmark on a throwaway PostgreSQL: import, publish, pages under load
## (gunicorn + wrk); prints one table and writes bench/RESULTS.md. See bench/README.md.
BENCH_PER_MUNICIPALITY ?= 510
bench: $(INSTALLED) $(NODE_INSTALLED)
	scripts/with-postgres.sh $(PY) bench/run_bench.py --per-municipality $(BENCH_PER_MUNICIPALITY) $(BENCH_ARGS)

## Update the gettext catalogs (locale/) from the code and compile them; needs GNU gettext.
## Translate new strings in locale/en/LC_MESSAGES/django.po, then run it again.
MESSAGES_IGNORE := --ignore "node_modules/*" --ignore "static_collected/*" --ignore "tests/*" \
	--ignore "bench/*" --ignore "media/*"
messages: $(INSTALLED)
	$(PY) manage.py makemessages -l da -l en --no-obsolete $(MESSAGES_IGNORE)
	msgen -o locale/da/LC_MESSAGES/django.po locale/da/LC_MESSAGES/django.po  # Danish: the source
	$(PY) manage.py compilemessages -l da -l en --ignore ".venv" --ignore "node_modules"

clean:
	rm -rf $(VENV) node_modules db.sqlite3 static_collected .pytest_cache .ruff_cache
