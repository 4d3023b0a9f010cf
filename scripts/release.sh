#!/usr/bin/env bash
# The release step of a deploy, run once before the new web and worker processes start (make prod runs it):
# refuses to go on without production settings, then migrates, loads the catalogue and collects static files.
# Every step is idempotent: running it twice changes nothing. Settings come from the environment or .env.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
"$PY" - <<'CHECK'
import os
import sys

import django

sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "outsourcing.settings")
django.setup()  # raises, naming SECRET_KEY, when it is missing
from django.conf import settings

problems = []
if settings.DEBUG:
    problems.append("DEBUG is on; production runs with DEBUG=false")
if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    problems.append("DATABASE_URL is not set: production uses PostgreSQL, e.g. postgres://user@db-host:5432/outsourcing")
if not settings.CELERY_BROKER_URL:
    problems.append("CELERY_BROKER_URL is not set: production uses Redis, e.g. redis://redis-host:6379/0")
if problems:
    sys.exit("release: " + "; ".join(problems) + " (see .env.example and docs/deploy.md)")
CHECK
"$PY" manage.py check --deploy --fail-level ERROR
"$PY" manage.py migrate --noinput
"$PY" manage.py load_catalogue
"$PY" manage.py collectstatic --noinput --verbosity 0
echo "release: done"
