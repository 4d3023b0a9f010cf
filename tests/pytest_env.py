"""Environment defaults for the test run, applied before pytest-django imports settings.

Loaded with `-p tests.pytest_env` (pyproject.toml). Real environment variables win, so
CI can point the same suite at PostgreSQL and Redis.
"""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production-0123456789")
os.environ.setdefault("DEBUG", "false")
# Tests serve static files from the finders; no collectstatic, no manifest.
os.environ.setdefault("STATICFILES_STORAGE", "django.contrib.staticfiles.storage.StaticFilesStorage")
# Playwright drives live_server from async code; Django must allow its sync ORM calls there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# Fewer Monte Carlo draws keep the suite fast; the model itself is tested at full size in tests/domain.
os.environ.setdefault("TCO_DRAWS", "400")
# Without a broker, background runs run inline (after the commit, in the thread that asked), not on threads of
# their own: a test's data sits in one uncommitted transaction that another thread's connection cannot see.
# Tests of the threaded mode (tests/assessments/test_in_process_runs.py) switch it on themselves.
os.environ.setdefault("RUNS_IN_PROCESS", "inline")
# The report chart cache in memory: a test never reads a chart another run (or the developer's app) left in var/.
os.environ.setdefault("REPORT_CHART_CACHE_URL", "locmemcache://report-charts")
# The shared worker of the integration tests does not draw report charts after every TCO run (chromium work
# the other tests would wait behind); tests/reports/test_report_charts_ahead.py turns it on where it is tested.
os.environ.setdefault("REPORT_CHARTS_AFTER_TCO", "false")
# The shared cache in memory for the suite: the unit tests must not write into the broker's Redis (CI names one)
# or need the database for a cache. Tests of the shared cache itself start processes with the real default.
os.environ.setdefault("CACHE_URL", "locmemcache://shared")
