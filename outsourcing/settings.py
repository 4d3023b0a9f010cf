"""The one settings module. Everything that differs between machines comes from the environment.

Safe defaults: DEBUG off, SQLite in the project folder unless DATABASE_URL is set,
tasks run in-process unless CELERY_BROKER_URL names a broker. `.env.example`
lists every variable read here.
"""

import os
from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A local .env file is optional; real environment variables win over it.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable (required when DEBUG is off), "
            "or set DEBUG=true for local development."
        )
    SECRET_KEY = "insecure-development-only-key"  # noqa: S105 - only reachable with DEBUG on

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "rest_framework",
    "knox",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "csp",
    "auditlog",
    "outsourcing",
    "assessments",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Text the database cannot store (NUL, lone surrogates) in the path, query or a form: 404/400 here, once.
    "outsourcing.http.input_guard.InputGuardMiddleware",
    "outsourcing.freshness.NoStoreForSignedInUsersMiddleware",
    "outsourcing.audit.AuditActorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, so it turns a lockout flagged by the login view into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "outsourcing.urls"
WSGI_APPLICATION = "outsourcing.wsgi.application"
ASGI_APPLICATION = "outsourcing.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# An empty DATABASE_URL (as in .env.example) means unset: the SQLite file.
DATABASES = {"default": env.db_url_config(env.str("DATABASE_URL", default="")
                                          or f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}  # fmt: skip
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
# A kept-open connection that died (database restarted) is replaced before use, not failed on.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Wait for a concurrent writer (dev server + in-process tasks) rather than failing at once; and take the
    # write lock when a transaction starts, so two processes writing at once wait in turn instead of one failing
    # on the lock upgrade (the shared cache's counts, outsourcing/infra/cache.py, are written by every process).
    DATABASES["default"].setdefault("OPTIONS", {}).update(timeout=20, transaction_mode="IMMEDIATE")
elif DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # An unreachable database host answers a 503 page within seconds instead of hanging the request.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env.int("DATABASE_CONNECT_TIMEOUT", default=5))  # fmt: skip
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Axes first: it refuses a locked-out username+IP before the password is even checked.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "assessments:dashboard"
LOGOUT_REDIRECT_URL = "login"

# Internationalisation: Korean and English from the start.
LANGUAGE_CODE = env.str("LANGUAGE_CODE", default="en")
LANGUAGES = [("en", _("English")), ("ko", _("Korean"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
# Dates that cannot be misread in either language (outsourcing/formats/).
FORMAT_MODULE_PATH = ["outsourcing.formats"]
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env.str(
            "STATICFILES_STORAGE",
            default="whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage",
        )
    },
}
# Tests and `runserver` serve from the finders; no collectstatic needed for them.
WHITENOISE_USE_FINDERS = env.bool("WHITENOISE_USE_FINDERS", default=True)
WHITENOISE_MANIFEST_STRICT = False

# HTTPS and cookies: off by default for local use, switched on in production by env.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
# The load balancer's health checks often speak plain HTTP to the host: they must get their answer, not a 301.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=False)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=False)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
if env.bool("SECURE_PROXY_SSL_HEADER", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# Login brute-force protection (django-axes): the same username from the same IP is locked out after
# AXES_FAILURE_LIMIT failures for AXES_COOLOFF_MINUTES, on the login page and the API token endpoint.
# Per combination, so an attacker cannot lock a real user out from another address.
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "outsourcing.lockout.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
# Behind N reverse proxies that append to X-Forwarded-For, count the address the outermost one saw;
# 0 (the default) ignores the header, which a client could otherwise forge.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "outsourcing.lockout.client_ip"
# Axes logs a banner at every start of every command (five times during `make run`); the settings above say it.
AXES_VERBOSE = env.bool("AXES_VERBOSE", default=False)

# Content-Security-Policy (django-csp), always on: scripts only from our own static files, no inline
# script or event handler anywhere. Styles allow 'unsafe-inline' because plotly.js sets style attributes
# on the SVG it draws and Swagger UI ships a <style> block; an inline style cannot run code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Audit trail (django-auditlog): who changed what in assessments, functions, answers, weights and TCO
# assumptions; the models are registered in assessments/audit.py. The IP is kept with each change.
AUDITLOG_DISABLE_REMOTE_ADDR = env.bool("AUDITLOG_DISABLE_REMOTE_ADDR", default=False)

# Celery: real workers when a broker is named, otherwise tasks run in-process.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True  # task state lives in our own rows, not a result backend
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=300)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=360)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Redis redelivers an unacknowledged message after this many seconds (see docs/deploy.md): longer than
# the longest a live worker holds one (hard time limit + a retry's countdown), so nothing runs twice.
CELERY_VISIBILITY_TIMEOUT = env.int("CELERY_VISIBILITY_TIMEOUT", default=900)
# A request that queues a task waits at most this long for Redis (connect, then each command), and
# publishing is not retried: with Redis down the page answers within seconds and the row stays queued.
CELERY_BROKER_TIMEOUT = env.float("CELERY_BROKER_TIMEOUT", default=2.0)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
    "socket_connect_timeout": CELERY_BROKER_TIMEOUT,
    "socket_timeout": CELERY_BROKER_TIMEOUT,  # without it a publish to a hung Redis waits forever
    "unacked_restore_throttle": 1,  # look for messages of dead workers every 10 s, not every 100 s
}
CELERY_BROKER_CONNECTION_TIMEOUT = CELERY_BROKER_TIMEOUT
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 0}  # redis-py already retries a dropped connection
# A Redis blip does not cancel runs in progress: they finish; if an ack is lost with the connection, the
# message comes back after the visibility timeout and is ignored (the run has its result).
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = False
# The scheduler (one `celery beat` per deployment) sweeps background runs (assessments/services/runs.py):
# starts again those whose worker stopped (heartbeat too old), re-queues those whose message never reached
# Redis or was lost with it, and fails those past their kind's time limit. Often, so a lost worker is noticed
# in seconds; a sweep is a few indexed queries.
RUNS_RECOVERY_INTERVAL = env.float("RUNS_RECOVERY_INTERVAL", default=10.0)
CELERY_BEAT_SCHEDULE = {
    "recover-background-runs": {
        "task": "assessments.recover_runs",
        "schedule": RUNS_RECOVERY_INTERVAL,
        "options": {"expires": RUNS_RECOVERY_INTERVAL},  # sweeps piled up while workers were down are dropped
    },
}
CELERY_BEAT_SCHEDULE_FILENAME = env.str("CELERY_BEAT_SCHEDULE_FILENAME", default=str(BASE_DIR / "celerybeat-schedule"))

REST_FRAMEWORK = {
    # Token first, so an unauthenticated call gets 401 with "WWW-Authenticate: Token".
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "knox.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "outsourcing.api.pagination.Pagination",
    # JSON only, size- and depth-limited, text checked for what the database cannot store (413/400, one shape).
    "DEFAULT_PARSER_CLASSES": ["outsourcing.api.parsers.GuardedJSONParser"],
    "DEFAULT_FILTER_BACKENDS": [
        "outsourcing.api.filters.AsciiFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    # Counted in the shared cache (CACHES["default"] below), so the limits hold across processes and hosts.
    "DEFAULT_THROTTLE_CLASSES": ["outsourcing.api.throttling.SharedUserRateThrottle",
                                 "outsourcing.api.throttling.SharedAnonRateThrottle"],
    # The anonymous limit counts the client's address as the outermost trusted proxy saw it (as the login
    # lockout does); with 0 proxies, the connection's address. A client-written X-Forwarded-For is ignored.
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    "DEFAULT_THROTTLE_RATES": {
        "user": env.str("API_THROTTLE_USER", default="1200/minute"),
        "anon": env.str("API_THROTTLE_ANON", default="60/minute"),
    },
    "EXCEPTION_HANDLER": "outsourcing.api.errors.api_exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
REST_KNOX = {"TOKEN_TTL": None, "AUTO_REFRESH": False}  # tokens live until revoked; stored hashed
SPECTACULAR_SETTINGS = {
    "TITLE": "Outsourcing strategy API",
    "VERSION": "1.0.0",
    "SWAGGER_UI_DIST": "SIDECAR",  # served from static/, works offline
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],  # the contract itself is public
    "SERVE_INCLUDE_SCHEMA": False,  # the schema's own address is not an operation of the API
    # The schema's enums are read from the catalogue in the database, which `check --deploy` (run before
    # `migrate` by the release step) may not have yet; tests/api/test_api.py generates it with --fail-on-warn.
    "ENABLE_DJANGO_DEPLOY_CHECK": False,
    # Enums stay inline where they are used: most are read from the catalogue (countries, regions, languages,
    # questions' values) when the schema is made, and several fields share a value set under different names.
    "POSTPROCESSING_HOOKS": ["outsourcing.api.schema.tell_the_truth"],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # PDF reports: WeasyPrint logs every layout step of every page at INFO, kaleido/choreographer every tab.
    "loggers": {name: {"level": "WARNING"} for name in ("weasyprint", "fontTools", "kaleido", "choreographer",
                                                          "logistro", "pikepdf")},
}
if not CELERY_BROKER_URL:
    # Tasks run in-process: Celery still takes a producer from kombu's pool, whose connection without a broker
    # URL warns "No hostname was supplied" once per process. Nothing is ever sent, so the warning says nothing.
    LOGGING["loggers"]["kombu.connection"] = {"level": "ERROR"}

# Caches. "default" is shared by every web and worker process (outsourcing/infra/cache.py): the API's throttle
# counts and the counts behind its score pages, which must hold across gunicorn workers and hosts. CACHE_URL
# names it (redis://host:6379/N; locmemcache:// for one process only); unset, the broker's Redis when
# CELERY_BROKER_URL names one, otherwise the table SHARED_CACHE_TABLE in the database (made by migrate).
# "report_charts" keeps the images of the PDF report's charts, each one a chromium render (docs/benchmarks.md):
# shared by every process and kept across restarts, so a report's charts are drawn once, not once per worker
# process. Unset, a folder under var/; several hosts should share one, e.g. rediscache://127.0.0.1:6379/2.
CACHE_URL = env.str("CACHE_URL", default="")
SHARED_CACHE_TABLE = "shared_cache"  # created by assessments/migrations/*_api_parity.py
SHARED_CACHE_REDIS_TIMEOUT = env.float("SHARED_CACHE_REDIS_TIMEOUT", default=0.5)
REPORT_CHART_CACHE_URL = env.str("REPORT_CHART_CACHE_URL", default="")


def _shared_cache(url: str) -> dict:
    if url.startswith(("redis://", "rediss://")):
        return {"BACKEND": "outsourcing.infra.cache.SharedRedisCache", "LOCATION": url, "KEY_PREFIX": "oso",
                "TIMEOUT": 24 * 3600,
                # A hung or stopped Redis costs a request at most this long, then the cache is skipped a while.
                "OPTIONS": {"socket_connect_timeout": SHARED_CACHE_REDIS_TIMEOUT,
                            "socket_timeout": SHARED_CACHE_REDIS_TIMEOUT}}  # fmt: skip
    if url:
        return env.cache_url_config(url)
    # Django's incr re-stores a value with the default timeout: a day, the longest throttle period. The culling
    # threshold is far above the keys a day of use leaves, so no live count is culled.
    return {"BACKEND": "outsourcing.infra.cache.SharedDatabaseCache", "LOCATION": SHARED_CACHE_TABLE,
            "TIMEOUT": 24 * 3600, "OPTIONS": {"MAX_ENTRIES": 20_000}}  # fmt: skip


CACHES = {
    "default": _shared_cache(CACHE_URL or (CELERY_BROKER_URL if CELERY_BROKER_URL.startswith("redis") else "")),
    "report_charts": env.cache_url_config(REPORT_CHART_CACHE_URL) if REPORT_CHART_CACHE_URL else {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(BASE_DIR / "var" / "report-charts"),
        "OPTIONS": {"MAX_ENTRIES": 3000},  # about 90 KB an image: at most ~270 MB, the oldest third culled
    },
}
CACHES["report_charts"].setdefault("TIMEOUT", 30 * 24 * 3600)

# TCO Monte Carlo: draws per run (published default 10,000) and which options per function are costed.
TCO_DRAWS = env.int("TCO_DRAWS", default=10_000)
TCO_OPTIONS_PER_FUNCTION = env.int("TCO_OPTIONS_PER_FUNCTION", default=4)
# Background runs (TCO, reports). The process computing a run refreshes its heartbeat every
# RUNS_HEARTBEAT_SECONDS; one not heard from for RUNS_HEARTBEAT_TIMEOUT_SECONDS has lost its worker and the
# sweep starts it again (at most RUNS_MAX_ATTEMPTS starts, then it fails with the reason).
RUNS_HEARTBEAT_SECONDS = env.float("RUNS_HEARTBEAT_SECONDS", default=5.0)
RUNS_HEARTBEAT_TIMEOUT_SECONDS = env.int("RUNS_HEARTBEAT_TIMEOUT_SECONDS", default=30)
RUNS_MAX_ATTEMPTS = env.int("RUNS_MAX_ATTEMPTS", default=3)
# A run queued this long while the broker's queue is empty lost its message (Redis restarted): send it again.
RUNS_REQUEUE_AFTER_SECONDS = env.int("RUNS_REQUEUE_AFTER_SECONDS", default=120)
# A run still "running" this long after it started (its heartbeat beating, so its process lives but never
# finishes) is marked failed, per kind: past the task's hard time limit plus a retry's countdown.
TCO_STALE_AFTER_SECONDS = env.int("TCO_STALE_AFTER_SECONDS", default=CELERY_TASK_TIME_LIMIT + 120)
REPORT_STALE_AFTER_SECONDS = env.int("REPORT_STALE_AFTER_SECONDS", default=CELERY_TASK_TIME_LIMIT + 120)
PORTFOLIO_STALE_AFTER_SECONDS = env.int("PORTFOLIO_STALE_AFTER_SECONDS", default=CELERY_TASK_TIME_LIMIT + 120)
# Seconds the portfolio optimiser may spend on the plan, and on the frontier and relaxation gains each.
PORTFOLIO_SOLVE_SECONDS = env.float("PORTFOLIO_SOLVE_SECONDS", default=10.0)
# Without a broker, runs are computed by this process: "thread" (on RUNS_IN_PROCESS_THREADS threads beside
# the requests, with the same progress and sweep as real workers) or "inline" (inside the request that asked,
# after its commit; the test suite's choice, whose data sits in one uncommitted transaction).
RUNS_IN_PROCESS = env.str("RUNS_IN_PROCESS", default="thread")
if RUNS_IN_PROCESS not in ("thread", "inline"):
    raise ImproperlyConfigured(f"RUNS_IN_PROCESS must be 'thread' or 'inline', not '{RUNS_IN_PROCESS}'.")
RUNS_IN_PROCESS_THREADS = max(1, env.int("RUNS_IN_PROCESS_THREADS", default=2))

# PDF reports are laid out in this many processes at once (body sections split between them; 1 = one
# process beside the web or worker process); a render that takes longer than the timeout is abandoned.
REPORT_PDF_PROCESSES = max(1, env.int("REPORT_PDF_PROCESSES", default=os.cpu_count() or 1))
REPORT_PDF_TIMEOUT_SECONDS = env.int("REPORT_PDF_TIMEOUT_SECONDS", default=240)
# Speed-ups that reach into private APIs (WeasyPrint 70, CPython 3.11's multiprocessing, kaleido 1.5.0) are used
# only on the versions they were written for; false forces the public paths everywhere: the same PDFs and charts,
# slower (assessments/pdf_engine/private_api.py; CI runs the PDF, chart and scores tests both ways).
PRIVATE_API_SPEEDUPS = env.bool("PRIVATE_API_SPEEDUPS", default=True)
# Draw the PDF report's charts (both languages) in a worker when a TCO run finishes, so the first PDF of
# those results does not wait for chromium. Off with tasks in-process: it would hold up the request.
REPORT_CHARTS_AFTER_TCO = env.bool("REPORT_CHARTS_AFTER_TCO", default=bool(CELERY_BROKER_URL))

# Uploaded location tables are small; refuse anything larger before parsing it.
LOCATION_CSV_MAX_BYTES = env.int("LOCATION_CSV_MAX_BYTES", default=1_000_000)
