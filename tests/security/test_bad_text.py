"""Text the database cannot store (NUL, lone surrogates) and JSON nested too deep: refused at the door with 400
naming the field (404 for a path), never a server error. Every case issue 20 lists, run on PostgreSQL in CI
(.ci/run step 2), where NUL in text fails inside the driver."""

import json

import pytest
from django.test import Client
from knox.models import AuthToken
from rest_framework.test import APIClient

from assessments.models import Assessment, BusinessFunction
from tests.api.test_api import assert_error

CATALOGUE_ROUTES = ["locations", "service-types", "risk-factors", "engagement-models", "sourcing-models"]


@pytest.fixture
def api(manager):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {AuthToken.objects.create(manager)[1]}")
    return client


def send_json(client, method: str, url: str, body) -> object:
    """The body as a client would send it, escapes and all (the test client's encoder would choke on a surrogate)."""
    return client.generic(method, url, json.dumps(body), content_type="application/json")


def deep(levels: int) -> str:
    """JSON nested `levels` deep, written out (Python's encoder cannot write it past its recursion limit)."""
    return "[" * levels + '"x"' + "]" * levels


@pytest.fixture
def manager(catalogue):
    from tests.factories import MembershipFactory

    return MembershipFactory().user


@pytest.fixture
def draft(manager):
    from tests.factories import AssessmentFactory, BusinessFunctionFactory

    assessment = AssessmentFactory(organisation=manager.memberships.get().organisation)
    BusinessFunctionFactory(assessment=assessment)
    return assessment


def test_a_nul_in_a_catalogue_page_address_is_not_found(client):
    response = client.get("/catalogue/locations/%00/")
    assert response.status_code == 404 and "text/html" in response["Content-Type"]


@pytest.mark.parametrize("route", CATALOGUE_ROUTES)
def test_a_nul_in_an_api_catalogue_address_is_a_json_404(api, route):
    assert_error(api.get(f"/api/v1/{route}/%00/"), 404)


@pytest.mark.parametrize(("field", "value"), [("home_country", "\u0000"), ("name", "a\u0000b"),
                                              ("excluded_regions", ["\u0000"]), ("required_languages", ["\ud800"]),
                                              ("name", "\udfff"), ("currency", "\ud800\u0000")])  # fmt: skip
def test_bad_text_in_an_assessment_is_400_naming_the_field_and_nothing_changes(api, draft, field, value):
    before = Assessment.objects.filter(pk=draft.pk).values().get()
    assert_error(send_json(api, "PATCH", f"/api/v1/assessments/{draft.pk}/", {field: value}), 400, field)
    assert Assessment.objects.filter(pk=draft.pk).values().get() == before


def test_a_nul_service_type_of_a_function_is_400_naming_it(api, draft):
    body = {"name": "Billing", "service_type": "\u0000", "fte": "1", "salary_per_fte": "1"}
    assert_error(send_json(api, "POST", f"/api/v1/assessments/{draft.pk}/functions/", body), 400, "service_type")
    assert BusinessFunction.objects.filter(assessment=draft).count() == 1


def test_bad_text_in_a_nested_key_names_its_top_level_field(api, draft):
    body = {"answers": {"urg\u0000ency": 3}}
    response = send_json(api, "POST", f"/api/v1/assessments/{draft.pk}/functions/", body)
    assert_error(response, 400, "answers")


@pytest.mark.parametrize("levels", [33, 900, 1000, 5000])
def test_json_nested_too_deep_is_400_even_before_login(levels):
    response = APIClient().generic("POST", "/api/v1/auth/token/", deep(levels), content_type="application/json")
    assert_error(response, 400)
    assert response.json()["code"] == "parse_error" and "nested" in response.json()["message"]


def test_a_nul_in_a_token_revoke_address_is_not_found(client, manager):
    client.force_login(manager)
    assert client.post("/accounts/tokens/%00/revoke/").status_code == 404


@pytest.mark.parametrize("query", ["search=%00", "ordering=%00", "name%00=x", "lang=%00", "page=%00"])
def test_a_nul_in_the_query_string_is_400_naming_the_parameter(api, draft, query):
    response = api.get(f"/api/v1/assessments/?{query}")
    assert_error(response, 400)
    assert response.json()["fields"], response.json()


def test_a_nul_in_a_query_of_a_page_is_a_400_page_naming_it(client, manager):
    client.force_login(manager)
    response = client.get("/catalogue/locations/?home=K%00R")
    assert response.status_code == 400 and "home" in response.content.decode()


def test_a_nul_in_a_posted_form_is_a_400_page_naming_the_field_and_nothing_is_saved(client, manager, draft):
    client.force_login(manager)
    response = client.post(f"/assessments/{draft.pk}/profile/", {"name": "New\u0000name", "home_country": "1"})
    assert response.status_code == 400 and "name" in response.content.decode()
    assert Assessment.objects.get(pk=draft.pk).name == draft.name


def test_an_oversized_api_body_is_413_in_the_error_shape(api, draft, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = json.dumps({"name": "x" * 2000})
    response = api.generic("PATCH", f"/api/v1/assessments/{draft.pk}/", body, content_type="application/json")
    assert_error(response, 413)
    assert response.json()["code"] == "too_large"


def test_a_ten_megabyte_body_is_413_in_the_error_shape(api, draft):
    body = json.dumps({"name": "x" * 10_000_000})
    response = api.generic("PATCH", f"/api/v1/assessments/{draft.pk}/", body, content_type="application/json")
    assert_error(response, 413)


def test_rtl_marks_and_long_text_within_limits_are_stored(api, draft):
    name = "\u202eشركة\u200f" + "가" * 150
    response = send_json(api, "PATCH", f"/api/v1/assessments/{draft.pk}/", {"name": name})
    assert response.status_code == 200, response.content
    assert Assessment.objects.get(pk=draft.pk).name == name


def test_the_html_400_page_does_not_need_a_login(catalogue):
    response = Client().get("/?x=%00")
    assert response.status_code == 400


def test_the_400_page_speaks_the_users_language(client, manager):
    client.force_login(manager)
    response = client.get("/catalogue/locations/?home=K%00R", HTTP_ACCEPT_LANGUAGE="ko")
    assert response.status_code == 400 and "NUL 문자(U+0000)를 포함할 수 없습니다" in response.content.decode()
