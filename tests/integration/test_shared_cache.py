"""The shared cache on the real services: the API limit holds across two gunicorn workers with Redis (as
deployed) and with the database cache on PostgreSQL; a Redis outage costs the cache, never a request."""

import time

import pytest
from django.conf import settings
from django.core.cache import caches

from outsourcing.infra.cache import SharedDatabaseCache, SharedRedisCache
from tests.api.gunicorn_server import Gunicorn
from tests.api.test_throttle_across_processes import LIMIT, assert_limit_held
from tests.factories import MembershipFactory
from tests.integration.conftest import _database_url

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("cache", ["redis", "database"])
def test_the_anonymous_limit_holds_across_two_gunicorn_workers(tmp_path, cache):
    broker = settings.CELERY_BROKER_URL
    if cache == "redis":
        SharedRedisCache(broker, {"KEY_PREFIX": "oso"}).clear()  # counts a previous run left today
        env = {"CACHE_URL": "", "CELERY_BROKER_URL": broker}  # the settings' default with a broker: its Redis
    else:
        SharedDatabaseCache(settings.SHARED_CACHE_TABLE, {}).clear()
        env = {"CACHE_URL": "", "CELERY_BROKER_URL": ""}  # no broker: the table in PostgreSQL
    server = Gunicorn(tmp_path, env={**env, "DATABASE_URL": _database_url(), "API_THROTTLE_ANON": f"{LIMIT}/day"})
    try:
        assert_limit_held(server.start())
    finally:
        server.stop()


def test_a_redis_outage_costs_the_cache_not_the_request(api_client_factory, own_broker, settings):
    settings.CACHES = {**settings.CACHES, "default": {
        "BACKEND": "outsourcing.infra.cache.SharedRedisCache", "LOCATION": own_broker.url, "KEY_PREFIX": "oso",
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}}}  # fmt: skip
    client = api_client_factory()
    assert client.get("/api/v1/service-types/").status_code == 200
    assert caches["default"].incr("probe") == 1 if caches["default"].add("probe", 0) else True  # Redis answers
    own_broker.hang()  # stopped, not gone: connections are accepted and nothing answers
    for _ in range(3):
        began = time.monotonic()
        assert client.get("/api/v1/service-types/").status_code == 200
        assert time.monotonic() - began < 3


@pytest.fixture
def api_client_factory(catalogue):
    from rest_framework.test import APIClient

    def make():
        client = APIClient()
        client.user = MembershipFactory().user
        client.force_authenticate(client.user)
        return client

    return make
