# Two commands set everything up on a fresh machine with Python 3.11 and make:
#   make run   - virtualenv, install what running needs (requirements.txt), migrate, load the catalogue,
#                demo logins, serve on 127.0.0.1:8000 with gunicorn (the production server)
#   make test  - install what the tests need too (requirements-dev.txt) and run them (SQLite, tasks in-process)
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint messages demo clean prod

$(VENV)/bin/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed; found " + sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)

# Running needs only the runtime requirements; the test, lint and benchmark tools (pytest, playwright,
# schemathesis, locust, ...) are installed by the targets that use them.
# --no-compile: Python compiles what it imports on first use, instead of pip compiling every module of every
# package (plotly alone has thousands) before the first page.
$(VENV)/.installed-runtime: requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet --no-compile -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet --no-compile -r requirements-dev.txt
	@touch $@ $(VENV)/.installed-runtime

# A local .env with a random SECRET_KEY, made once, so the app runs with DEBUG off.
.env:
	@echo "SECRET_KEY=$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))')" > .env
	@echo "Wrote .env with a new random SECRET_KEY"

# Served by gunicorn as in production (one process, threads: the SQLite file and tasks run in-process),
# static files by WhiteNoise from staticfiles/ with hashed names. Without the gzip and brotli copies production
# makes (CompressedManifestStaticFilesStorage, `make prod`): compressing every file took minutes on first start.
run: export STATICFILES_STORAGE ?= django.contrib.staticfiles.storage.ManifestStaticFilesStorage
run: $(VENV)/.installed-runtime .env
	@bash scripts/system_packages.sh run
	$(PY) manage.py migrate --noinput --verbosity 0
	$(PY) manage.py load_catalogue
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) manage.py demo_setup
	@echo "Serving on http://$(HOST):$(PORT)/  (Ctrl-C to stop)"
	HOST=$(HOST) PORT=$(PORT) WEB_CONCURRENCY=1 $(PY) -m gunicorn outsourcing.wsgi:application \
	  --config gunicorn.conf.py --threads $${WEB_THREADS:-8} --access-logfile -

# Production on this host: the release step (deploy checks, migrate, catalogue, static files), then gunicorn,
# a Celery worker and the beat scheduler under honcho (Procfile). Needs SECRET_KEY, DATABASE_URL (PostgreSQL)
# and CELERY_BROKER_URL (Redis) in the environment or .env; see docs/deploy.md. Ctrl-C stops all three.
prod: $(VENV)/.installed-runtime
	@bash scripts/system_packages.sh run
	WHITENOISE_USE_FINDERS=$${WHITENOISE_USE_FINDERS:-false} bash scripts/release.sh
	HOST=$(HOST) WHITENOISE_USE_FINDERS=$${WHITENOISE_USE_FINDERS:-false} \
	  $(VENV)/bin/honcho -f Procfile start -p $(PORT) web worker beat

test: $(VENV)/.installed-dev
	@bash scripts/system_packages.sh test
	$(PY) -m pytest -m "not integration" $(PYTEST_ARGS)

lint: $(VENV)/.installed-dev
	$(PY) -m ruff check .

# Re-extract and compile the Korean/English catalogues (needs gettext); the .mo files are committed.
messages: $(VENV)/.installed-dev
	$(PY) manage.py makemessages -l ko -l en --ignore=.venv --ignore=staticfiles
	$(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) staticfiles db.sqlite3
