"""A real Celery worker against the test database and the Redis named by CELERY_BROKER_URL.

The worker is a separate process started here and stopped at the end of the session, so
integration tests see exactly what production sees: messages through Redis, rows
committed in PostgreSQL. Tests that use it need committed data (transactional_db).
"""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
LOG_DIR = ROOT / "test-artifacts"


def _database_url() -> str:
    db = connection.settings_dict
    if not db["ENGINE"].endswith("postgresql"):
        pytest.fail("integration tests need DATABASE_URL pointing at PostgreSQL (see .ci/run)")
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def start_worker(name: str, concurrency: int = 2, *, env: dict | None = None, command: str = "worker",
                 own_group: bool = False) -> subprocess.Popen:
    """A `celery worker` (or `beat`) process; `env` adds variables (e.g. another broker), `own_group` gives it
    its own process group so a test can SIGKILL the whole worker, main process and children together."""
    LOG_DIR.mkdir(exist_ok=True)
    log = open(LOG_DIR / f"{command}-{name}.log", "ab")  # noqa: SIM115 - closed with the process
    env = {**os.environ, "DATABASE_URL": _database_url(), **(env or {})}
    args = (["-c", str(concurrency), "--without-gossip", "--without-mingle", "-n", f"{name}@%h"]
            if command == "worker" else ["--schedule", str(LOG_DIR / f"celerybeat-{name}")])  # fmt: skip
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "outsourcing", command, "-l", "INFO", *args],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=own_group,
    )  # fmt: skip


def wait_for_worker(name: str, timeout: float = 60) -> None:
    from outsourcing.celery import app

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        replies = app.control.ping(timeout=1.0) or []
        if any(name in reply_name for reply in replies for reply_name in reply):
            return
    pytest.fail(f"Celery worker {name} did not answer a ping within {timeout}s (see test-artifacts/)")


@pytest.fixture(scope="session")
def celery_worker_process(django_db_setup, django_db_blocker):
    if not settings.CELERY_BROKER_URL:
        pytest.fail("integration tests need CELERY_BROKER_URL (see .ci/run)")
    from outsourcing.celery import app

    app.control.purge()  # drop messages a previous, interrupted run may have left
    name = f"ci-{uuid.uuid4().hex[:8]}"
    with django_db_blocker.unblock():
        process = start_worker(name)
    wait_for_worker(name)
    yield process
    stop_process(process)


def stop_process(process: subprocess.Popen) -> None:
    """SIGTERM (a worker's warm shutdown), then SIGKILL if it is still there after 20 s."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def own_broker(settings):
    """A Redis of the test's own (own_redis.py), which this process publishes to and /readyz checks, with
    real (not in-process) tasks. The test may hang, crash and restart it; it is stopped at the end."""
    from tests.integration.own_redis import OwnRedis, celery_app_using

    server = OwnRedis()
    server.start()
    settings.CELERY_BROKER_URL = server.url
    with celery_app_using(server.url) as app:
        eager, app.conf.task_always_eager = app.conf.task_always_eager, False
        yield server
        app.conf.task_always_eager = eager
    server.stop()
