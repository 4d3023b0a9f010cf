"""Vendor quotes and exchange rates: entered on the assumptions page or through the API, they change the scores and the
TCO; a EUR quote in a KRW assessment converts at the assessment's own EUR->KRW rate; bad input names its field and
saves nothing."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from assessments.models import AssessmentExchangeRate, Membership, TcoRun, VendorQuote
from assessments.services import tco as services
from assessments.services.assessments import assessment_submit
from outsourcing.models import Location
from tests.factories import AssessmentFactory, BusinessFunctionFactory, MembershipFactory, answer_all, complete_profile

TODAY = date.today()


@pytest.fixture
def consultant(org_a):
    return MembershipFactory(organisation=org_a, role=Membership.Role.CONSULTANT).user


@pytest.fixture
def scored(org_a, manager_a, django_capture_on_commit_callbacks):
    """A submitted KRW assessment (two payroll functions in Korea) with its first TCO run done."""
    assessment = AssessmentFactory(organisation=org_a)
    complete_profile(assessment)
    for _ in range(2):
        answer_all(BusinessFunctionFactory(assessment=assessment))
    with django_capture_on_commit_callbacks(execute=True):
        assessment_submit(assessment=assessment, user=manager_a)
    return assessment


def _run(assessment, user, capture):
    with capture(execute=True):
        run = services.tco_run_request(assessment=assessment, user=user)
    run.refresh_from_db()
    assert run.status == TcoRun.Status.SUCCEEDED, run.error
    return run


def _costed(run):
    """A costed outsourcing pair of the run: (function id, option id, its summary row)."""
    row = next(r for r in run.result["summary"] if r["engagement"] not in ("in-house", "captive"))
    return row["function_id"], row["option_id"], row


def _row(run, function_id, option_id):
    return next(r for r in run.result["summary"] if r["function_id"] == function_id and r["option_id"] == option_id)


def _npv(run, function_id, option_id):
    return next(r["npv_p50"] for r in run.result["monte_carlo"]
                if r["function_id"] == function_id and r["option_id"] == option_id)  # fmt: skip


def _location_pk(iso2):
    return Location.objects.get(iso2=iso2).pk


def test_a_quote_entered_on_the_page_replaces_the_rate_book_and_changes_the_result(
        client, manager_a, scored, django_capture_on_commit_callbacks):
    before = TcoRun.objects.get(assessment=scored)
    fid, oid, row = _costed(before)
    assert row["vendor_rate_basis"] in ("rate_book", "model")
    client.force_login(manager_a)
    with django_capture_on_commit_callbacks(execute=True):  # a saved quote re-scores and re-costs at once
        response = client.post(reverse("assessments:tco-quote-add", args=[scored.pk]), {
            "function": fid, "location": _location_pk(oid.split("|")[-1]), "engagement": "", "unit": "hourly",
            "amount": "15000", "currency": "KRW", "quote_date": (TODAY - timedelta(days=3)).isoformat(),
            "provider": "Seoul Payroll Co",
        })  # fmt: skip
    assert response.status_code == 302
    after = _run(scored, manager_a, django_capture_on_commit_callbacks)
    assert after.pk != before.pk
    quoted = _row(after, fid, oid)
    assert quoted["vendor_rate_basis"] == "quote" and quoted["rate_source"] == "Seoul Payroll Co"
    assert quoted["hourly_rate"] == pytest.approx(15000) and quoted["fx_exposed"] is False
    assert _npv(after, fid, oid) != _npv(before, fid, oid)
    page = client.get(reverse("assessments:tco", args=[scored.pk]) + f"?function={fid}").content.decode()
    assert "Quote from Seoul Payroll Co" in page and 'class="badge quote"' in page


def test_a_quote_entered_through_the_api_changes_the_result(api, consultant, scored,
                                                            django_capture_on_commit_callbacks):
    before = TcoRun.objects.get(assessment=scored)
    fid, oid, row = _costed(before)
    fte = next(f["fte"] for f in before.inputs["functions"] if f["function_id"] == fid)
    fee = round(0.8 * row["hourly_rate"] * fte * 1800)  # a fixed yearly price a fifth below the market rate
    api.force_authenticate(consultant)
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(f"/api/v1/assessments/{scored.pk}/quotes/", {
            "function": fid, "location": oid.split("|")[-1], "unit": "annual", "amount": f"{fee}.00",
            "currency": "KRW", "quote_date": TODAY.isoformat(), "note": "whole function, fixed price"},
            format="json")  # fmt: skip
    assert response.status_code == 201, response.json()
    assert response.json()["engagement"] == "" and response.json()["location"] == oid.split("|")[-1]
    after = _run(scored, consultant, django_capture_on_commit_callbacks)
    quoted = _row(after, fid, oid)
    assert quoted["vendor_rate_basis"] == "quote"
    assert quoted["hourly_rate"] == pytest.approx(fee / (fte * 1800), rel=1e-6)  # over the whole function's hours
    assert _npv(after, fid, oid) != _npv(before, fid, oid)
    listed = api.get(f"/api/v1/assessments/{scored.pk}/quotes/").json()
    assert listed["count"] == 1 and listed["results"][0]["note"] == "whole function, fixed price"


def test_a_eur_quote_in_a_krw_assessment_converts_at_the_assessment_s_eur_to_krw_rate(
        client, manager_a, scored, django_capture_on_commit_callbacks):
    fid, oid, _ = _costed(TcoRun.objects.get(assessment=scored))
    client.force_login(manager_a)
    # The assessment's own rates: 1 USD = 1,300 KRW and 1 USD = 0.8 EUR, so 1 EUR = 1,625 KRW.
    for code, value in (("KRW", "1300"), ("EUR", "0.8")):
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post(reverse("assessments:tco-fx-set", args=[scored.pk]),
                               {"currency": code, "units_per_usd": value, "as_of": "2026",
                                "source": "treasury desk"}).status_code == 302  # fmt: skip
    VendorQuote.objects.create(assessment=scored, function_id=fid, location_id=_location_pk(oid.split("|")[-1]),
                               unit="hourly", amount=Decimal("20"), currency="EUR", quote_date=TODAY)  # fmt: skip
    run = _run(scored, manager_a, django_capture_on_commit_callbacks)
    row = _row(run, fid, oid)
    assert row["hourly_rate"] == pytest.approx(20 * 1625.0)
    assert row["hourly_rate_usd"] == pytest.approx(25.0)  # 20 EUR / 0.8 EUR per USD
    assert row["fx_currency"] == "EUR" and row["fx_exposed"] is True
    used = {r["currency"]: r for r in run.inputs["fx"]}
    assert used["EUR"]["units_per_usd"] == 0.8 and used["EUR"]["source"] == "treasury desk"


@pytest.mark.parametrize("currency", ["USD", "KRW", "EUR", "JPY", "GBP", "INR"])
def test_hourly_rate_usd_is_right_in_every_assessment_currency(api, manager_a, scored, currency,
                                                               django_capture_on_commit_callbacks):
    scored.currency = currency
    scored.save(update_fields=["currency"])
    run = _run(scored, manager_a, django_capture_on_commit_callbacks)
    api.force_authenticate(manager_a)
    result = api.get(f"/api/v1/tco-runs/{run.pk}/").json()["result"]
    per_usd = run.inputs["fx_per_usd"]
    for row in result["summary"]:
        if row["engagement"] == "in-house":
            continue
        # stored to the cent (amounts of 100 and more): equal within that rounding
        assert row["hourly_rate_usd"] == pytest.approx(row["hourly_rate"] / per_usd[currency], rel=1e-5)
        assert 2 < row["hourly_rate_usd"] < 300  # a plausible hourly rate in dollars, never 15,907


BAD_QUOTES = [
    ({"amount": "0"}, "amount"),
    ({"amount": "-40"}, "amount"),
    ({"currency": "XYZ"}, "currency"),
    ({"quote_date": (TODAY + timedelta(days=30)).isoformat()}, "quote_date"),
]


@pytest.mark.parametrize("change, field", BAD_QUOTES)
def test_a_bad_quote_on_the_page_names_the_field_and_saves_nothing(client, manager_a, scored, change, field):
    fid = scored.functions.first().pk
    VendorQuote.objects.create(assessment=scored, function_id=fid, location_id=_location_pk("PH"), unit="hourly",
                               amount=Decimal("11"), currency="USD", quote_date=TODAY)  # fmt: skip
    client.force_login(manager_a)
    data = {"function": fid, "location": _location_pk("IN"), "engagement": "", "unit": "hourly", "amount": "12",
            "currency": "USD", "quote_date": TODAY.isoformat(), "provider": "Acme Offshore"} | change  # fmt: skip
    response = client.post(reverse("assessments:tco-quote-add", args=[scored.pk]), data)
    assert response.status_code == 200
    assert response.context["quote_form"].errors[field]
    assert 'value="Acme Offshore"' in response.content.decode()  # what was typed comes back, not lost
    assert list(VendorQuote.objects.values_list("location__iso2", "amount")) == [("PH", Decimal("11.00"))]


@pytest.mark.parametrize("change, field", BAD_QUOTES)
def test_a_bad_quote_through_the_api_names_the_field_and_saves_nothing(api, manager_a, scored, change, field):
    fid = scored.functions.first().pk
    api.force_authenticate(manager_a)
    body = {"function": fid, "location": "IN", "unit": "hourly", "amount": "12", "currency": "USD",
            "quote_date": TODAY.isoformat()} | change  # fmt: skip
    response = api.post(f"/api/v1/assessments/{scored.pk}/quotes/", body, format="json")
    assert response.status_code == 400
    payload = response.json()
    assert set(payload) == {"code", "message", "fields"} and field in payload["fields"]
    assert not VendorQuote.objects.exists()


def test_a_second_quote_for_the_same_function_location_and_form_is_refused_naming_the_form(api, manager_a, scored):
    fid = scored.functions.first().pk
    api.force_authenticate(manager_a)
    body = {"function": fid, "location": "IN", "unit": "hourly", "amount": "12", "currency": "USD",
            "quote_date": TODAY.isoformat()}  # fmt: skip
    assert api.post(f"/api/v1/assessments/{scored.pk}/quotes/", body, format="json").status_code == 201
    second = api.post(f"/api/v1/assessments/{scored.pk}/quotes/", body | {"amount": "9"}, format="json")
    assert second.status_code == 400 and "engagement" in second.json()["fields"]
    assert VendorQuote.objects.get().amount == Decimal("12.00")


def test_quotes_and_rates_are_scoped_to_the_organisation(api, manager_a, viewer_a, scored, assessment_b):
    api.force_authenticate(manager_a)
    assert api.get(f"/api/v1/assessments/{assessment_b.pk}/quotes/").status_code == 404
    assert api.get(f"/api/v1/assessments/{assessment_b.pk}/exchange-rates/").status_code == 404
    api.force_authenticate(viewer_a)
    assert api.get(f"/api/v1/assessments/{scored.pk}/quotes/").status_code == 200
    body = {"function": scored.functions.first().pk, "location": "IN", "unit": "hourly", "amount": "12",
            "currency": "USD", "quote_date": TODAY.isoformat()}  # fmt: skip
    assert api.post(f"/api/v1/assessments/{scored.pk}/quotes/", body, format="json").status_code == 403
    assert api.put(f"/api/v1/assessments/{scored.pk}/exchange-rates/KRW/",
                   {"units_per_usd": "1300", "as_of": "2026"}, format="json").status_code == 403


def test_exchange_rates_are_copied_from_the_dated_defaults_and_editable_through_the_api(api, consultant, scored):
    api.force_authenticate(consultant)
    rows = {r["currency"]: r for r in api.get(f"/api/v1/assessments/{scored.pk}/exchange-rates/").json()}
    assert rows["KRW"]["units_per_usd"] == "1306.76370000" and rows["KRW"]["as_of"] == "2023"
    assert "G.5A" in rows["KRW"]["source"] and rows["KRW"]["origin"] == "assessment"
    assert rows["USD"]["to_assessment_currency"] == pytest.approx(1306.7637)
    response = api.put(f"/api/v1/assessments/{scored.pk}/exchange-rates/krw/",
                       {"units_per_usd": "1400", "as_of": "2026-01-15", "source": "Bank of Korea"}, format="json")
    assert response.status_code == 200 and response.json()["units_per_usd"] == "1400.00000000"
    assert AssessmentExchangeRate.objects.get(assessment=scored, currency="KRW").source == "Bank of Korea"
    assert api.delete(f"/api/v1/assessments/{scored.pk}/exchange-rates/KRW/").status_code == 204
    assert AssessmentExchangeRate.objects.get(assessment=scored, currency="KRW").units_per_usd == Decimal(
        "1306.76370000")


@pytest.mark.parametrize("body, field", [
    ({"units_per_usd": "0", "as_of": "2026"}, "units_per_usd"),
    ({"units_per_usd": "-3", "as_of": "2026"}, "units_per_usd"),
    ({"units_per_usd": "1300", "as_of": str(TODAY.year + 1)}, "as_of"),
    ({"units_per_usd": "1300", "as_of": (TODAY + timedelta(days=1)).isoformat()}, "as_of"),
])
def test_a_bad_exchange_rate_names_the_field_and_keeps_the_rate(api, consultant, scored, body, field):
    api.force_authenticate(consultant)
    api.get(f"/api/v1/assessments/{scored.pk}/exchange-rates/")
    response = api.put(f"/api/v1/assessments/{scored.pk}/exchange-rates/KRW/", body, format="json")
    assert response.status_code == 400 and field in response.json()["fields"]
    assert AssessmentExchangeRate.objects.get(assessment=scored, currency="KRW").units_per_usd == Decimal(
        "1306.76370000")


def test_an_unknown_currency_is_refused_naming_it(api, consultant, scored):
    api.force_authenticate(consultant)
    response = api.post(f"/api/v1/assessments/{scored.pk}/exchange-rates/",
                        {"currency": "QQQ", "units_per_usd": "3", "as_of": "2026"}, format="json")
    assert response.status_code == 400 and "currency" in response.json()["fields"]


@pytest.mark.parametrize("method, path", [("post", ""), ("put", "KRW/")])
def test_a_body_that_is_not_an_object_is_a_400_not_a_server_error(api, consultant, scored, method, path):
    api.force_authenticate(consultant)
    response = getattr(api, method)(f"/api/v1/assessments/{scored.pk}/exchange-rates/{path}", [None, None],
                                    format="json")
    assert response.status_code == 400


def test_vendor_rates_catalogue_names_each_basis(api, manager_a):
    api.force_authenticate(manager_a)
    rows = api.get("/api/v1/vendor-rates/?location=IN").json()
    by_family = {r["family"]: r for r in rows}
    assert by_family["it_appdev"]["basis"] == "rate_book" and by_family["it_appdev"]["low"] == 18.0
    assert by_family["kpo_finance"]["basis"] == "model" and by_family["kpo_finance"]["source"].startswith("model")
    assert api.get("/api/v1/vendor-rates/?family=plumbing").status_code == 400
