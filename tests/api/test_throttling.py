"""API rate limits: counted per fixed window in the shared cache, refused with 429, Retry-After and the
error shape; the anonymous count cannot be escaped by writing X-Forwarded-For."""

import pytest
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from tests.api.test_api import assert_error


@pytest.fixture
def low_limits(monkeypatch):
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "3/day", "user": "4/day"})


def test_the_anonymous_limit_answers_429_with_retry_after_in_the_error_shape(catalogue, low_limits):
    client = APIClient()
    for _ in range(3):
        assert client.post("/api/v1/auth/token/", {}, format="json").status_code == 400
    refused = client.post("/api/v1/auth/token/", {}, format="json")
    assert_error(refused, 429)
    assert refused.json()["code"] == "throttled" and 1 <= int(refused["Retry-After"]) <= 24 * 3600


def test_a_forged_forwarded_for_header_does_not_reset_the_anonymous_count(catalogue, low_limits):
    client = APIClient()
    for n in range(3):
        client.post("/api/v1/auth/token/", {}, format="json", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")
    assert client.post("/api/v1/auth/token/", {}, format="json", HTTP_X_FORWARDED_FOR="10.9.9.9").status_code == 429


def test_behind_a_trusted_proxy_clients_are_counted_by_the_address_it_saw(catalogue, low_limits, settings):
    from rest_framework.settings import api_settings

    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    assert api_settings.NUM_PROXIES == 1
    client = APIClient()
    for _ in range(3):
        client.post("/api/v1/auth/token/", {}, format="json", HTTP_X_FORWARDED_FOR="forged, 203.0.113.7")
    assert client.post("/api/v1/auth/token/", {}, format="json",
                       HTTP_X_FORWARDED_FOR="203.0.113.7").status_code == 429  # fmt: skip
    assert client.post("/api/v1/auth/token/", {}, format="json",
                       HTTP_X_FORWARDED_FOR="203.0.113.8").status_code == 400  # fmt: skip


def test_the_user_limit_counts_per_user(catalogue, low_limits, manager, viewer):
    client = APIClient()
    client.force_authenticate(manager)
    assert [client.get("/api/v1/sourcing-models/").status_code for _ in range(5)] == [200] * 4 + [429]
    client.force_authenticate(viewer)
    assert client.get("/api/v1/sourcing-models/").status_code == 200
