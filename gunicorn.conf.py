"""gunicorn settings for the Procfile's web process (`make prod`). Each value comes from the environment.

gunicorn itself also reads WEB_CONCURRENCY (workers), FORWARDED_ALLOW_IPS and GUNICORN_CMD_ARGS.
"""

import multiprocessing
import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
# Sync workers: every request is short (TCO runs and PDF reports go to Celery). 2 x cores + 1 is gunicorn's advice.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))  # a stuck request's worker is replaced after this
graceful_timeout = 30  # on SIGTERM (deploys), requests in flight get this long to finish
max_requests = 2000  # recycle workers now and then so a slow leak cannot grow without bound
max_requests_jitter = 200
accesslog = "-"
errorlog = "-"
