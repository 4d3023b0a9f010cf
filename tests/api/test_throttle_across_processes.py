"""The API's rate limits hold across gunicorn worker processes (issue 20): counted in the shared cache,
not in each worker's memory. Two workers, clients hitting both at once: exactly the limit gets through."""

from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from tests.api.gunicorn_server import Gunicorn

LIMIT = 12


def burst(url: str, requests_count: int, *, json=None, headers=None) -> list[requests.Response]:
    """Many clients at once, each on its own connection, so both workers are kept busy."""

    def one(_):
        return requests.post(url, json=json, headers=headers, timeout=30)

    with ThreadPoolExecutor(max_workers=8) as pool:
        return list(pool.map(one, range(requests_count)))


USER, PASSWORD = "throttled-client", "a-long-enough-password-2026"


def add_user(server: Gunicorn) -> None:
    """A user with a real (slow) password hash: each login keeps a worker busy, so both workers must answer."""
    server.manage("shell", "-c", "from django.contrib.auth import get_user_model; "
                  f"get_user_model().objects.filter(username={USER!r}).delete(); "
                  f"get_user_model().objects.create_user({USER!r}, password={PASSWORD!r})")  # fmt: skip


def assert_limit_held(server: Gunicorn) -> None:
    add_user(server)
    login = {"username": USER, "password": PASSWORD}
    responses = burst(f"{server.url}/api/v1/auth/token/", 4 * LIMIT, json=login)
    statuses = [r.status_code for r in responses]
    assert statuses.count(201) == LIMIT, statuses  # a token made: the request passed the throttle
    assert statuses.count(429) == 3 * LIMIT, statuses
    refused = next(r for r in responses if r.status_code == 429)
    assert int(refused.headers["Retry-After"]) >= 1
    assert refused.json()["code"] == "throttled" and set(refused.json()) == {"code", "message", "fields"}
    assert len(server.worker_pids("/api/v1/auth/token/")) == 2, "both workers should have answered"


@pytest.fixture
def database_cache_server(tmp_path):
    # CACHE_URL and CELERY_BROKER_URL empty: the settings' default, the shared table in the database.
    server = Gunicorn(tmp_path, env={"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "CACHE_URL": "",
                                     "CELERY_BROKER_URL": "", "API_THROTTLE_ANON": f"{LIMIT}/day"})  # fmt: skip
    server.manage("migrate", "--noinput", "-v0")
    yield server.start()
    server.stop()


def test_the_anonymous_limit_holds_across_two_gunicorn_workers_with_the_database_cache(database_cache_server):
    assert_limit_held(database_cache_server)
