"""One error shape, {code, message, fields}, for every failure the API gives, each with its status and code."""

import json
from unittest import mock

import pytest
from kombu.exceptions import OperationalError as BrokerOperationalError
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from assessments.services import queueing
from tests.api.test_api import assert_error


def error_of(response, status: int, code: str) -> dict:
    assert_error(response, status)
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["code"] == code, body
    return body


def test_validation_is_400_invalid_naming_the_field(api, manager, complete):
    api.force_authenticate(manager)
    body = error_of(api.patch(f"/api/v1/assessments/{complete.pk}/", {"horizon_years": 99}, format="json"),
                    400, "invalid")  # fmt: skip
    assert list(body["fields"]) == ["horizon_years"] and "horizon_years" in body["message"]


def test_malformed_json_is_400_parse_error(api, manager, complete):
    api.force_authenticate(manager)
    response = api.generic("PATCH", f"/api/v1/assessments/{complete.pk}/", '{"name": ', content_type="application/json")
    assert "JSON parse error" in error_of(response, 400, "parse_error")["message"]


def test_an_oversized_body_is_413_too_large(api, manager, complete, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    api.force_authenticate(manager)
    body = json.dumps({"name": "x" * 20_000})
    error_of(api.generic("PATCH", f"/api/v1/assessments/{complete.pk}/", body, content_type="application/json"),
             413, "too_large")  # fmt: skip


def test_a_body_that_is_not_json_is_415_unsupported_media_type(api, manager, complete):
    api.force_authenticate(manager)
    response = api.patch(f"/api/v1/assessments/{complete.pk}/", {"name": "x"}, format="multipart")
    error_of(response, 415, "unsupported_media_type")
    response = api.generic("PATCH", f"/api/v1/assessments/{complete.pk}/", "name=x", content_type="text/plain")
    error_of(response, 415, "unsupported_media_type")


def test_a_method_the_address_does_not_take_is_405(api, manager, complete):
    api.force_authenticate(manager)
    response = api.put(f"/api/v1/assessments/{complete.pk}/submit/", {}, format="json")
    error_of(response, 405, "method_not_allowed")
    assert "POST" in response["Allow"]


def test_throttled_is_429_with_retry_after(api, manager, monkeypatch):
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "100/day", "user": "1/day"})
    api.force_authenticate(manager)
    api.get("/api/v1/sourcing-models/")
    response = api.get("/api/v1/sourcing-models/")
    error_of(response, 429, "throttled")
    assert int(response["Retry-After"]) >= 1


# Committed for real: a run is queued when the request's own transaction commits, as in production.
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("start", ["tco", "report"])
def test_a_queue_outage_is_503_queue_unavailable_with_retry_after(api, manager, scored, start):
    scored.tco_assumptions = {"governance_pct": 0.06}  # new inputs: a new run must be queued
    scored.save(update_fields=["tco_assumptions"])
    api.force_authenticate(manager)
    refused = BrokerOperationalError("Connection refused")
    with mock.patch.object(queueing, "publish", side_effect=refused):  # every task is sent through publish
        if start == "tco":
            response = api.post(f"/api/v1/assessments/{scored.pk}/tco-runs/")
        else:
            response = api.post(f"/api/v1/assessments/{scored.pk}/reports/", {"format": "pdf", "lang": "en"},
                                format="json")  # fmt: skip
    error_of(response, 503, "queue_unavailable")
    assert int(response["Retry-After"]) >= 1


def test_not_found_is_404_not_found_for_a_route_an_object_and_another_organisations(api, manager, outsider, scored):
    api.force_authenticate(manager)
    error_of(api.get("/api/v1/no-such-thing/"), 404, "not_found")
    error_of(api.get("/api/v1/assessments/999999/"), 404, "not_found")
    api.force_authenticate(outsider)
    error_of(api.get(f"/api/v1/assessments/{scored.pk}/"), 404, "not_found")


def test_no_credentials_is_401_and_a_forbidden_role_403(api, viewer, complete):
    error_of(APIClient().get("/api/v1/assessments/"), 401, "not_authenticated")
    api.force_authenticate(viewer)
    error_of(api.patch(f"/api/v1/assessments/{complete.pk}/", {"name": "x"}, format="json"), 403,
             "permission_denied")  # fmt: skip


def test_every_error_status_is_in_the_schema_for_every_operation(api, catalogue):
    schema = api.get("/api/schema/?format=json").json()
    assert schema["components"]["schemas"]["Error"]["required"] == ["code", "message", "fields"]
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            documented = set(operation["responses"])
            assert {"400", "401", "403", "404", "405", "406", "413", "414", "415", "429", "503"} <= documented, (
                method, path)
            assert "Retry-After" in operation["responses"]["429"]["headers"]
