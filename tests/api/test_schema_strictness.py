"""Inputs the schema does not allow are refused, naming the field (found by schemathesis in CI step 4)."""

import pytest

from assessments.models import BusinessFunction
from tests.api.test_api import assert_error


@pytest.mark.parametrize("value", [0, 1, "true", "yes", None])
def test_a_boolean_takes_only_true_or_false(api, manager, complete, value):
    api.force_authenticate(manager)
    url = f"/api/v1/assessments/{complete.pk}/functions/"
    body = {"name": "Billing", "service_type": "billing", "fte": "6", "salary_per_fte": "40000000",
            "must_stay_in_house": value}  # fmt: skip
    before = BusinessFunction.objects.filter(assessment=complete).count()
    assert_error(api.post(url, body, format="json"), 400, "must_stay_in_house")
    assert BusinessFunction.objects.filter(assessment=complete).count() == before
    assert api.post(url, {**body, "must_stay_in_house": True}, format="json").status_code == 201


@pytest.mark.parametrize("value", ["", "١٢", "twelve", True])
def test_a_quote_amount_is_a_number_in_ascii_digits(api, manager, complete, value):
    api.force_authenticate(manager)
    function = complete.functions.first()
    body = {"function": function.pk, "location": "IN", "unit": "hourly", "amount": value, "currency": "USD",
            "quote_date": "2026-11-01", "provider": "Vendor"}  # fmt: skip
    assert_error(api.post(f"/api/v1/assessments/{complete.pk}/quotes/", body, format="json"), 400, "amount")


@pytest.mark.parametrize("value", ["", "0", "-1", "abc"])
def test_an_exchange_rate_is_a_positive_number(api, manager, complete, value):
    api.force_authenticate(manager)
    body = {"currency": "KRW", "units_per_usd": value, "as_of": "2026"}
    assert_error(api.post(f"/api/v1/assessments/{complete.pk}/exchange-rates/", body, format="json"), 400,
                 "units_per_usd")  # fmt: skip


@pytest.mark.parametrize(("query", "field"), [("family=", "family"), ("location=", "location"),
                                              ("basis=", "basis"), ("location=IND", "location"),
                                              ("location=%C3%A9a", "location")])  # fmt: skip
def test_vendor_rate_filters_given_empty_or_malformed_are_refused(api, manager, query, field):
    api.force_authenticate(manager)
    assert_error(api.get(f"/api/v1/vendor-rates/?{query}"), 400, field)


def test_vendor_rates_filter_by_a_lower_case_code(api, manager):
    api.force_authenticate(manager)
    rows = api.get("/api/v1/vendor-rates/?location=in&basis=model").json()
    assert rows and {r["location"] for r in rows} == {"IN"} and {r["basis"] for r in rows} == {"model"}


@pytest.mark.parametrize("query", ["category__family=", "category__family=kpo&category__family="])
def test_an_enum_filter_given_empty_is_refused(api, manager, query):
    api.force_authenticate(manager)
    assert_error(api.get(f"/api/v1/service-types/?{query}"), 400, "category__family")


def test_a_filter_whose_choices_include_blank_still_takes_it(api, manager, complete):
    # a quote's engagement may be blank ("every vendor form"): the schema's enum lists "", so it filters by it
    api.force_authenticate(manager)
    assert api.get(f"/api/v1/assessments/{complete.pk}/quotes/?engagement=").status_code == 200


def test_a_free_text_filter_still_takes_an_empty_value(api, manager, complete):
    api.force_authenticate(manager)
    assert api.get(f"/api/v1/assessments/{complete.pk}/quotes/?currency=").status_code == 200
