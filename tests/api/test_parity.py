"""Everything the web's forms write, over the API, through the same services with the same checks and roles."""

from decimal import Decimal

import pytest

from assessments.models import Assessment, Membership, ProfileAnswer
from tests.api.test_api import assert_error
from tests.factories import MembershipFactory

GOOD = {"name": "API review", "home_country": "KR", "currency": "KRW", "horizon_years": 5, "discount_rate_pct": 8}
PROFILE = {"industry": 2, "company_size": 3, "risk_appetite": 2, "vendor_maturity": 3, "governance_capacity": 3,
           "data_residency": 4}  # fmt: skip


@pytest.fixture
def consultant(org):
    return MembershipFactory(organisation=org, role=Membership.Role.CONSULTANT).user


def test_a_profile_with_answers_and_excluded_countries_is_created_and_submittable(api, manager):
    api.force_authenticate(manager)
    body = {**GOOD, "profile": PROFILE, "excluded_countries": ["CN", "RU"][:1], "excluded_regions": ["Eastern Asia"],
            "required_languages": ["Korean", "English"]}  # fmt: skip
    created = api.post("/api/v1/assessments/", body, format="json")
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["profile"] == PROFILE and data["excluded_countries"] == ["CN"]
    assessment = Assessment.objects.get(pk=data["id"])
    assert dict(ProfileAnswer.objects.filter(assessment=assessment).values_list("question__code", "value")) == PROFILE
    assert list(assessment.excluded_locations.values_list("iso2", flat=True)) == ["CN"]
    changed = api.patch(f"/api/v1/assessments/{assessment.pk}/", {"profile": {"industry": None, "risk_appetite": 5}},
                        format="json").json()  # fmt: skip
    assert changed["profile"] == {**{k: v for k, v in PROFILE.items() if k != "industry"}, "risk_appetite": 5}
    assert changed["excluded_countries"] == ["CN"]  # untouched when not sent


@pytest.mark.parametrize(("field", "value"), [
    ("excluded_regions", ["Klingon Empire"]), ("required_languages", ["Klingon"]), ("excluded_countries", ["ZZ"]),
    ("home_country", "Korea"), ("currency", "XXX1"), ("profile", {"industry": 9}), ("profile", {"no_such": 1}),
    ("discount_rate_pct", "١٢"), ("horizon_years", "５"), ("discount_rate_pct", True), ("name", 12),
    ("status", "submitted"), ("criterion_weights", {"risk": 1}), ("colour", "red"),
])  # fmt: skip
def test_values_outside_the_catalogue_unicode_digits_and_unknown_or_read_only_fields_are_400(api, manager, complete,
                                                                                              field, value):
    api.force_authenticate(manager)
    before = Assessment.objects.filter(pk=complete.pk).values().get()
    assert_error(api.patch(f"/api/v1/assessments/{complete.pk}/", {field: value}, format="json"), 400, field)
    assert Assessment.objects.filter(pk=complete.pk).values().get() == before
    assert_error(api.post("/api/v1/assessments/", {**GOOD, field: value}, format="json"), 400, field)


def test_ascii_numbers_in_strings_and_json_numbers_are_both_read(api, manager, complete):
    api.force_authenticate(manager)
    assert api.patch(f"/api/v1/assessments/{complete.pk}/", {"discount_rate_pct": "12.5"}, format="json").json()[
        "discount_rate_pct"] == "12.50"
    assert api.patch(f"/api/v1/assessments/{complete.pk}/", {"discount_rate_pct": 0.1 + 0.2}, format="json").json()[
        "discount_rate_pct"] == "0.30"  # a float's noise is rounded to the field's places
    assert_error(api.patch(f"/api/v1/assessments/{complete.pk}/", {"discount_rate_pct": 30.000001}, format="json"),
                 400, "discount_rate_pct")  # above the maximum even though it rounds to 30.00


def test_required_languages_default_as_on_the_web(api, manager):
    """The web's create form leaves them empty (the profile step sets them); the API takes the same default."""
    api.force_authenticate(manager)
    created = api.post("/api/v1/assessments/", GOOD, format="json").json()
    assert created["required_languages"] == [] == Assessment._meta.get_field("required_languages").get_default()


def test_weights_are_a_consultants_and_rescore_a_submitted_assessment(api, manager, consultant, viewer, scored):
    url = f"/api/v1/assessments/{scored.pk}/weights/"
    weights = {"cost_saving": 45, "expertise": 10, "flexibility": 10, "focus_on_core": 5, "risk": 20,
               "strategic_fit": 10}  # fmt: skip
    for user in (manager, viewer):
        api.force_authenticate(user)
        assert api.get(url).status_code == 200
        assert_error(api.put(url, weights, format="json"), 403)
    api.force_authenticate(consultant)
    before = scored.scoring_runs.get().pk
    saved = api.put(url, weights, format="json")
    assert saved.status_code == 200 and saved.json()["cost_saving"] == "45.00"
    scored.refresh_from_db()
    assert scored.criterion_weights["cost_saving"] == 45.0 and scored.scoring_runs.get().pk != before
    assert api.patch(url, {"risk": 30}, format="json").json()["risk"] == "30.00"
    assert_error(api.put(url, dict.fromkeys(weights, 0), format="json"), 400)
    assert_error(api.put(url, {**weights, "luck": 5}, format="json"), 400, "luck")
    assert_error(api.put(url, {**weights, "risk": 101}, format="json"), 400, "risk")
    assert_error(api.put(url, {"risk": 10}, format="json"), 400, "cost_saving")  # PUT: the whole set


def test_tco_assumptions_per_assessment_and_function_are_a_consultants(api, manager, consultant, complete):
    function = complete.functions.first()
    url = f"/api/v1/assessments/{complete.pk}/tco-assumptions/"
    function_url = f"/api/v1/assessments/{complete.pk}/functions/{function.pk}/tco-assumptions/"
    api.force_authenticate(manager)
    assert api.get(url).json() == {}
    assert_error(api.put(url, {"governance_pct": 0.05}, format="json"), 403)
    api.force_authenticate(consultant)
    assert api.put(url, {"governance_pct": 0.05, "productivity_loss": 0.2}, format="json").json() == {
        "governance_pct": 0.05, "productivity_loss": 0.2}
    assert api.patch(url, {"productivity_loss": None}, format="json").json() == {"governance_pct": 0.05}
    assert_error(api.patch(url, {"governance_pct": 7}, format="json"), 400, "governance_pct")  # bounds 0..1
    assert_error(api.patch(url, {"no_such_assumption": 1}, format="json"), 400, "no_such_assumption")
    assert api.put(function_url, {"hours_per_fte": 1700}, format="json").json() == {"hours_per_fte": 1700.0}
    function.refresh_from_db()
    complete.refresh_from_db()
    assert function.tco_overrides == {"hours_per_fte": 1700.0} and complete.tco_assumptions == {"governance_pct": 0.05}


def test_submit_reopen_and_duplicate_with_their_roles_and_states(api, manager, viewer, complete):
    api.force_authenticate(viewer)
    assert_error(api.post(f"/api/v1/assessments/{complete.pk}/submit/"), 403)
    api.force_authenticate(manager)
    assert_error(api.post(f"/api/v1/assessments/{complete.pk}/reopen/"), 409)  # a draft cannot be reopened
    assert api.post(f"/api/v1/assessments/{complete.pk}/submit/").json()["status"] == "submitted"
    assert_error(api.post(f"/api/v1/assessments/{complete.pk}/submit/"), 409)
    reopened = api.post(f"/api/v1/assessments/{complete.pk}/reopen/")
    assert reopened.status_code == 201
    assert reopened["Location"].endswith(f"/api/v1/assessments/{reopened.json()['id']}/")
    assert reopened.json()["version"] == 2 and reopened.json()["previous_version"] == complete.pk
    assert_error(api.post(f"/api/v1/assessments/{complete.pk}/reopen/"), 409)  # already reopened
    copy = api.post(f"/api/v1/assessments/{complete.pk}/duplicate/", {"name": "Scenario B"}, format="json")
    assert copy.status_code == 201 and copy.json()["name"] == "Scenario B" and copy.json()["version"] == 1
    assert api.post(f"/api/v1/assessments/{complete.pk}/duplicate/").json()["name"] == f"Copy of {complete.name}"
    assert_error(api.generic("POST", f"/api/v1/assessments/{complete.pk}/duplicate/", "null",
                             content_type="application/json"), 400)  # fmt: skip
    api.force_authenticate(viewer)
    assert_error(api.post(f"/api/v1/assessments/{complete.pk}/duplicate/"), 403)


def test_a_failed_tco_run_is_tried_again_as_a_new_run(api, manager, viewer, scored):
    from assessments.models import TcoRun

    run = TcoRun.objects.get(assessment=scored)
    TcoRun.objects.filter(pk=run.pk).update(status=TcoRun.Status.FAILED, error="lost")
    api.force_authenticate(viewer)
    assert_error(api.post(f"/api/v1/tco-runs/{run.pk}/retry/"), 403)
    api.force_authenticate(manager)
    retried = api.post(f"/api/v1/tco-runs/{run.pk}/retry/")
    assert retried.status_code == 202 and retried.json()["id"] != run.pk


def test_query_parameters_the_schema_allows_are_read_and_others_refused(api, manager, scored):
    api.force_authenticate(manager)
    assert api.get("/api/v1/assessments/?organisation=0").json()["count"] == 0
    assert api.get(f"/api/v1/assessments/?organisation={scored.organisation_id}").json()["count"] == 1
    assert_error(api.get("/api/v1/assessments/?organisation=1&organisation=2"), 400, "organisation")
    assert_error(api.get("/api/v1/assessments/?page_size=0"), 400, "page_size")
    assert_error(api.get("/api/v1/assessments/?page_size=abc"), 400, "page_size")
    assert_error(api.get(f"/api/v1/assessments/{scored.pk}/report.xlsx?lang="), 400, "lang")
    scores = f"/api/v1/assessments/{scored.pk}/scores/"
    assert api.get(scores + "?ordering=-score,location&engagement=total").status_code == 200
    assert_error(api.get(scores + "?ordering=S"), 400, "ordering")
    assert_error(api.get(scores + "?engagement=outsourced"), 400, "engagement")
    assert_error(api.get(scores + "?function=1&function=2"), 400, "function")
    assert_error(api.get("/api/v1/service-types/?standardisation__lte=0.5"), 400, "standardisation__lte")
    assert_error(api.get("/api/v1/locations/?less_certain=maybe"), 400, "less_certain")
    assert_error(api.get("/api/v1/locations/?ef_epi_score__gte=٥٠٠"), 400, "ef_epi_score__gte")


def test_functions_take_catalogue_service_types_and_ascii_numbers(api, manager, complete):
    api.force_authenticate(manager)
    url = f"/api/v1/assessments/{complete.pk}/functions/"
    body = {"name": "Billing", "service_type": "billing", "fte": 6, "salary_per_fte": 40_000_000}
    assert api.post(url, body, format="json").status_code == 201
    for field, value in [("service_type", "Klingon billing"), ("fte", "٦"), ("salary_per_fte", "4e7x"),
                         ("tco_overrides", {}), ("annual_cost", 1)]:  # fmt: skip
        assert_error(api.post(url, {**body, field: value}, format="json"), 400, field)
    assert Decimal(api.get(url).json()["results"][-1]["fte"]) == Decimal("6.0")


def test_the_questionnaire_is_readable(api, viewer):
    api.force_authenticate(viewer)
    questions = api.get("/api/v1/questions/?scope=profile").json()["results"]
    assert {q["code"] for q in questions} == set(PROFILE)
    assert api.get("/api/v1/questions/urgency/").json()["scope"] == "function"
