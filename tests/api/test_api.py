"""The REST API: catalogue, tokens, assessments, scores, recommendations, risks, TCO runs; one error shape."""

import re

import pytest

from assessments.models import Assessment, TcoRun
from tests.factories import PASSWORD


def assert_error(response, status, field=None):
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"code", "message", "fields"}
    if field:
        assert field in body["fields"], body


@pytest.mark.parametrize("endpoint", ["service-types", "engagement-models", "sourcing-models", "locations",
                                      "risk-factors", "assessments"])  # fmt: skip
def test_anonymous_requests_are_refused_with_the_error_shape(api, catalogue, endpoint):
    response = api.get(f"/api/v1/{endpoint}/")
    assert_error(response, 401)
    assert response["WWW-Authenticate"] == "Token"


def test_catalogue_filters_search_and_ordering(api, manager):
    api.force_authenticate(manager)
    kpo = api.get("/api/v1/service-types/?category__code=KPO").json()
    assert kpo["count"] == 8 and {r["family"] for r in kpo["results"]} == {"KPO"}
    assert api.get("/api/v1/service-types/?search=payroll").json()["results"][0]["code"] == "payroll"
    ordered = api.get("/api/v1/locations/?ordering=-ef_epi_score&ef_epi_score__gte=500").json()["results"]
    scores = [r["ef_epi_score"] for r in ordered]
    assert scores == sorted(scores, reverse=True) and min(scores) >= 500
    english = api.get("/api/v1/locations/?language=English").json()["results"]
    assert "PH" in {r["iso2"] for r in english} and "KR" not in {r["iso2"] for r in english}
    korea = api.get("/api/v1/locations/KR/").json()
    assert korea["name_ko"] == "대한민국" and korea["sources"]
    assert_error(api.get("/api/v1/locations/ZZ/"), 404)
    assert_error(api.get("/api/v1/locations/?ef_epi_score__gte=lots"), 400, "ef_epi_score__gte")


def test_a_token_is_created_used_and_revoked(api, manager):
    response = api.post("/api/v1/auth/token/", {"username": manager.username, "password": PASSWORD}, format="json")
    assert response.status_code == 201
    token = response.json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/v1/assessments/").status_code == 200
    assert api.post("/api/v1/auth/token/revoke/").status_code == 204
    assert api.get("/api/v1/assessments/").status_code == 401


def test_bad_credentials_are_401_and_missing_fields_400_naming_the_field(api, manager):
    refused = api.post("/api/v1/auth/token/", {"username": manager.username, "password": "nope"}, format="json")
    assert_error(refused, 401)
    assert refused.json()["code"] == "authentication_failed" and refused["WWW-Authenticate"] == "Token"
    assert_error(api.post("/api/v1/auth/token/", {"username": manager.username}, format="json"), 400, "password")


def test_another_organisations_assessment_is_404_everywhere(api, outsider, scored):
    api.force_authenticate(outsider)
    assert api.get("/api/v1/assessments/").json()["count"] == 0
    for suffix in ["", "scores/", "recommendations/", "risks/", "tco-runs/"]:
        assert_error(api.get(f"/api/v1/assessments/{scored.pk}/{suffix}"), 404)
    assert_error(api.post(f"/api/v1/assessments/{scored.pk}/submit/"), 404)
    assert_error(api.post(f"/api/v1/assessments/{scored.pk}/tco-runs/"), 404)
    assert_error(api.patch(f"/api/v1/assessments/{scored.pk}/", {"name": "x"}, format="json"), 404)
    assert_error(api.delete(f"/api/v1/assessments/{scored.pk}/"), 404)
    run = TcoRun.objects.filter(assessment=scored).first()
    assert_error(api.get(f"/api/v1/tco-runs/{run.pk}/"), 404)
    assert Assessment.objects.filter(pk=scored.pk).exists()


def test_create_update_and_bad_input(api, manager):
    api.force_authenticate(manager)
    good = {"name": "API review", "home_country": "KR", "currency": "krw", "horizon_years": 5,
            "discount_rate_pct": "8.00"}  # fmt: skip
    created = api.post("/api/v1/assessments/", good, format="json")
    assert created.status_code == 201 and created.json()["currency"] == "KRW"
    pk = created.json()["id"]
    for field, value in [("currency", "XYZ"), ("horizon_years", 11), ("home_country", "ZZ"),
                         ("discount_rate_pct", "300"), ("required_languages", "English")]:  # fmt: skip
        assert_error(api.post("/api/v1/assessments/", {**good, field: value}, format="json"), 400, field)
        assert_error(api.patch(f"/api/v1/assessments/{pk}/", {field: value}, format="json"), 400, field)
    assert api.get(f"/api/v1/assessments/{pk}/").json()["horizon_years"] == 5  # nothing saved
    assert api.patch(f"/api/v1/assessments/{pk}/", {"name": "Renamed"}, format="json").json()["name"] == "Renamed"


def test_submit_names_what_is_missing(api, manager, org):
    api.force_authenticate(manager)
    pk = api.post("/api/v1/assessments/", {"name": "Empty", "home_country": "KR", "currency": "KRW"},
                  format="json").json()["id"]  # fmt: skip
    assert_error(api.post(f"/api/v1/assessments/{pk}/submit/"), 409, "missing")
    assert_error(api.get(f"/api/v1/assessments/{pk}/scores/"), 404)


def test_scores_filters_ordering_pagination_and_contributions(api, manager, scored):
    api.force_authenticate(manager)
    url = f"/api/v1/assessments/{scored.pk}/scores/"
    page = api.get(url + "?page_size=10").json()
    assert page["count"] > 100 and len(page["results"]) == 10
    first = page["results"][0]
    assert abs(sum(v[3] for v in first["contributions"].values()) - first["score"]) < 1e-4
    total = api.get(url + "?engagement=total&sourcing_model=offshore&min_score=10&ordering=-score").json()
    rows = total["results"]
    assert rows and all(r["engagement"] == "total" and r["sourcing_model"] == "offshore" for r in rows)
    assert [r["score"] for r in rows] == sorted((r["score"] for r in rows), reverse=True)
    assert_error(api.get(url + "?min_score=high"), 400, "min_score")
    assert_error(api.get(url + "?ordering=password"), 400, "ordering")
    assert_error(api.get(url + "?function=abc"), 400, "function")


def test_recommendations_and_risks(api, manager, scored):
    api.force_authenticate(manager)
    recommendations = api.get(f"/api/v1/assessments/{scored.pk}/recommendations/").json()
    assert len(recommendations) == 3 and all("explanation_en" in r for r in recommendations)
    risks = api.get(f"/api/v1/assessments/{scored.pk}/risks/").json()
    assert len(risks) == 3 * 12 and all(1 <= r["likelihood"] <= 5 for r in risks)


def test_starting_a_tco_run_answers_202_with_its_url(api, manager, viewer, scored):
    api.force_authenticate(viewer)
    assert_error(api.post(f"/api/v1/assessments/{scored.pk}/tco-runs/"), 403)
    api.force_authenticate(manager)
    scored.tco_assumptions = {"governance_pct": 0.05}
    scored.save()
    response = api.post(f"/api/v1/assessments/{scored.pk}/tco-runs/")
    assert response.status_code == 202 and response["Location"].endswith(f"/api/v1/tco-runs/{response.json()['id']}/")
    run = api.get(response["Location"]).json()
    assert run["status"] in {"queued", "running", "succeeded"} and "result" in run


def test_a_viewer_cannot_create_or_delete(api, viewer, complete):
    api.force_authenticate(viewer)
    assert_error(api.post("/api/v1/assessments/", {"name": "x", "home_country": "KR", "currency": "KRW"},
                          format="json"), 403)  # fmt: skip
    assert_error(api.delete(f"/api/v1/assessments/{complete.pk}/"), 403)


def test_schema_and_offline_docs(api, catalogue):
    schema = api.get("/api/schema/")
    assert schema.status_code == 200 and b"/api/v1/assessments/{id}/scores/" in schema.content
    docs = api.get("/api/docs/").content.decode()
    assert "https://" not in docs and "swagger-ui" in docs


@pytest.mark.parametrize("count", [1, 10])
def test_list_endpoints_use_a_constant_number_of_queries(api, manager, org, count, django_assert_max_num_queries):
    from tests.factories import AssessmentFactory

    for _ in range(count):
        AssessmentFactory(organisation=org)
    api.force_authenticate(manager)
    with django_assert_max_num_queries(4):
        api.get("/api/v1/assessments/")
    with django_assert_max_num_queries(4):
        api.get("/api/v1/locations/")


def test_functions_with_answers_are_created_updated_and_validated(api, manager, complete):
    api.force_authenticate(manager)
    url = f"/api/v1/assessments/{complete.pk}/functions/"
    body = {"name": "Billing", "service_type": "billing", "fte": "6", "salary_per_fte": "40000000",
            "answers": {"strategic_importance": 2, "data_sensitivity": 4}}  # fmt: skip
    created = api.post(url, body, format="json")
    assert created.status_code == 201, created.content
    fid = created.json()["id"]
    assert created.json()["answers"] == {"strategic_importance": 2, "data_sensitivity": 4}
    updated = api.patch(f"{url}{fid}/", {"answers": {"urgency": 5, "data_sensitivity": None}}, format="json").json()
    assert updated["answers"] == {"strategic_importance": 2, "urgency": 5}
    for field, value in [("fte", "-1"), ("service_type", "nope"), ("answers", {"urgency": 9}),
                         ("answers", {"no_such": 1}), ("salary_per_fte", "abc")]:  # fmt: skip
        assert_error(api.post(url, {**body, field: value}, format="json"), 400, field)
    assert api.get(url).json()["count"] == 4
    assert api.delete(f"{url}{fid}/").status_code == 204


def test_functions_of_others_and_of_submitted_assessments(api, manager, outsider, scored):
    url = f"/api/v1/assessments/{scored.pk}/functions/"
    api.force_authenticate(outsider)
    assert_error(api.get(url), 404)
    api.force_authenticate(manager)
    assert api.get(url).json()["count"] == 3
    assert_error(api.post(url, {"name": "x", "service_type": "billing", "fte": "1", "salary_per_fte": "1"},
                          format="json"), 403)  # fmt: skip


def test_the_schema_generates_without_warnings(catalogue):
    """drf-spectacular fails on any warning, so the published contract matches the views it describes."""
    import io

    from django.core.management import call_command

    call_command("spectacular", "--validate", "--fail-on-warn", stdout=io.StringIO())


def test_tokens_are_created_and_revoked_on_the_settings_page(client, api, manager, outsider):
    from knox.models import AuthToken

    client.force_login(manager)
    html = client.post("/accounts/tokens/").content.decode()
    token = re.search(r'<code id="new-token">([^<]+)</code>', html).group(1)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/v1/assessments/").status_code == 200
    key = AuthToken.objects.get(user=manager).token_key
    client.force_login(outsider)
    assert client.post(f"/accounts/tokens/{key}/revoke/").status_code == 404  # not theirs
    client.force_login(manager)
    client.post(f"/accounts/tokens/{key}/revoke/")
    assert api.get("/api/v1/assessments/").status_code == 401


def test_an_unmatched_api_address_answers_json_and_pages_answer_html(api, client, catalogue):
    response = api.get("/api/v1/assessments/abc/functions/")
    assert_error(response, 404)
    page = client.get("/no-such-page/")
    assert page.status_code == 404 and "text/html" in page["Content-Type"]
