"""A function's hard limits through the API: validated against the catalogue, stored, and applied in the scores."""

from assessments.models import OptionScore
from assessments.services.assessments import assessment_submit
from tests.api.test_api import assert_error


def test_limits_are_stored_normalised_and_returned(api, manager, complete):
    api.force_authenticate(manager)
    url = f"/api/v1/assessments/{complete.pk}/functions/"
    body = {"name": "Contact centre", "service_type": "customer-service", "fte": "40", "salary_per_fte": "36000000",
            "required_languages": ["Korean"], "data_residency": "home", "excluded_countries": ["IN", "PH", "IN"],
            "excluded_regions": ["Southern Asia"], "must_stay_in_house": False, "max_share_outsourced_pct": 50}
    created = api.post(url, body, format="json")
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["required_languages"] == ["Korean"] and data["data_residency"] == "home"
    assert data["excluded_countries"] == ["IN", "PH"] and data["excluded_regions"] == ["Southern Asia"]
    assert data["max_share_outsourced_pct"] == 50 and data["must_stay_in_house"] is False
    cleared = api.patch(f"{url}{data['id']}/", {"required_languages": None, "max_share_outsourced_pct": None},
                        format="json").json()  # fmt: skip
    assert cleared["required_languages"] is None and cleared["max_share_outsourced_pct"] is None


def test_limits_naming_what_the_catalogue_lacks_are_refused_and_nothing_is_saved(api, manager, complete):
    api.force_authenticate(manager)
    url = f"/api/v1/assessments/{complete.pk}/functions/"
    body = {"name": "Billing", "service_type": "billing", "fte": "6", "salary_per_fte": "40000000"}
    before = api.get(url).json()["count"]
    for field, value in [("excluded_countries", ["XX"]), ("excluded_countries", ["IND"]),
                         ("excluded_countries", ["in"]), ("required_languages", ["Klingon"]),
                         ("excluded_regions", ["Atlantis"]),
                         ("data_residency", "moon"), ("max_share_outsourced_pct", 120),
                         ("must_stay_in_house", "perhaps"), ("excluded_countries", "IN")]:  # fmt: skip
        assert_error(api.post(url, {**body, field: value}, format="json"), 400, field)
    assert api.get(url).json()["count"] == before


def test_the_scores_endpoint_flags_what_a_function_limit_excludes(api, manager, complete):
    api.force_authenticate(manager)
    function = complete.functions.first()
    url = f"/api/v1/assessments/{complete.pk}/functions/{function.pk}/"
    assert api.patch(url, {"excluded_countries": ["IN"]}, format="json").status_code == 200
    assessment_submit(assessment=complete, user=manager)
    rows = api.get(f"/api/v1/assessments/{complete.pk}/scores/?function={function.pk}&location=IN").json()
    assert rows["count"] == 4 and all(r["excluded"] for r in rows["results"])
    assert rows["results"][0]["exclusion_reasons"][0]["text_en"] == "India is excluded for this function."
    others = OptionScore.objects.filter(run__assessment=complete, location="IN").exclude(function=function)
    assert others.exists() and not others.filter(excluded=True).exists()


def test_the_company_languages_are_checked_against_the_catalogue(api, manager):
    api.force_authenticate(manager)
    body = {"name": "Review", "home_country": "KR", "currency": "KRW", "required_languages": ["Koren"]}
    assert_error(api.post("/api/v1/assessments/", body, format="json"), 400, "required_languages")
    ok = api.post("/api/v1/assessments/", {**body, "required_languages": ["Korean", "English"]}, format="json")
    assert ok.status_code == 201 and ok.json()["required_languages"] == ["Korean", "English"]
