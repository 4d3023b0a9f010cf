"""The one rate function the scoring and the TCO share: quotes, rate book, model, onsite blend, captive, currencies."""

import numpy as np
import pandas as pd
import pytest

from assessments.domain import rates
from assessments.domain.rates import RateInputs, RateTable, quotes_from_records, resolve_rates
from assessments.domain.scoring_inputs import prepare
from assessments.domain.tco import TcoInputs, deterministic_tco
from outsourcing.domain.exchange_rates import cross_rate

G5A_2023 = {"USD": 1.0, "KRW": 1306.7637, "EUR": 1 / 1.0817, "JPY": 140.5001, "INR": 82.5708, "GBP": 1 / 1.2440,
            "CAD": 1.3494}
CELLS = [
    {"location": "IN", "family": "it_appdev", "low": 18, "typical": 34, "high": 50, "currency": "USD",
     "basis": "rate_book", "source": "ClimbTheLadder", "year": "n.d."},
    {"location": "KR", "family": "it_appdev", "low": 60.5 / 1.6, "typical": 60.5, "high": 60.5 * 1.6,
     "currency": "USD", "basis": "model", "source": "model estimate", "year": "2026"},
    {"location": "DE", "family": "bpo_voice", "low": 22, "typical": 25, "high": 28, "currency": "EUR",
     "basis": "rate_book", "source": "callcenterprojekte.com", "year": "n.d."},
]


def resolve(items: list[dict], quotes=(), currency="KRW", per_usd=G5A_2023):
    table = RateTable.from_cells(CELLS, per_usd=per_usd, currency=currency)
    column = lambda key, default=None: [i.get(key, default) for i in items]  # noqa: E731
    return resolve_rates(
        table, quotes_from_records(quotes), per_usd=per_usd, currency=currency, function_ids=column("function", 1),
        families=column("family", "it_appdev"), fte=column("fte", 10), hours=column("hours", 1800),
        shares=column("share", 1.0), locations=column("location"), engagements=column("engagement", "total"),
        sourcing_models=column("model", "offshore"), homes=column("home", "KR"),
        captive_factor=column("captive_factor", 1.1 / 1.2), onsite_share=column("onsite", 0.0),
        model_band=column("band", 1.6))


def quote(**fields):
    return {"quote_id": 9, "function_id": 1, "location": "IN", "engagement": "", "unit": "hourly", "amount": 30,
            "currency": "USD", "quote_date": "2026-11-02", "provider": "Infra Ltd", "note": ""} | fields


def test_rate_book_cell_converted_at_the_assessment_s_usd_rate():
    out = resolve([{"location": "IN"}])
    assert out["basis"][0] == rates.RATE_BOOK
    assert out["rate"][0] == pytest.approx(34 * 1306.7637)
    assert (out["low"][0], out["high"][0]) == pytest.approx((18 * 1306.7637, 50 * 1306.7637))
    assert out["exposed"][0] and out["fx_currency"][0] == "USD"


def test_a_quote_replaces_the_rate_book_and_has_no_market_band():
    out = resolve([{"location": "IN"}], quotes=[quote()])
    assert out["basis"][0] == rates.QUOTE and out["quote_id"][0] == 9 and out["market"][0] == -1
    assert out["rate"][0] == out["low"][0] == out["high"][0] == pytest.approx(30 * 1306.7637)
    assert out["source"][0] == "Infra Ltd" and out["year"][0] == "2026-11-02"


def test_a_eur_quote_in_a_krw_assessment_is_converted_at_the_assessment_s_eur_to_krw_rate():
    """1 EUR = KRW per USD / EUR per USD = 1306.7637 x 1.0817 = 1,413.5263 KRW (G.5A 2023 annual averages)."""
    out = resolve([{"location": "IN"}], quotes=[quote(amount=40, currency="EUR")])
    eur_to_krw = cross_rate(G5A_2023, "EUR", "KRW")
    assert eur_to_krw == pytest.approx(1306.7637 * 1.0817)
    assert out["rate"][0] == pytest.approx(40 * 1413.5263, rel=1e-7)
    assert out["fx_currency"][0] == "EUR" and out["exposed"][0]


def test_a_quote_in_the_assessment_s_own_currency_carries_no_exchange_rate_risk():
    out = resolve([{"location": "IN"}], quotes=[quote(amount=45000, currency="KRW")])
    assert out["rate"][0] == 45000 and not out["exposed"][0] and out["fx_currency"][0] == ""


def test_an_annual_fee_becomes_an_hourly_rate_over_the_hours_the_quoted_work_takes():
    """Without a form the fee covers the whole function: 10 FTE x 1,800 h = 18,000 h; for a named form,
    its share of them: co-sourcing 50 % -> 9,000 h."""
    whole = resolve([{"location": "IN", "engagement": "co-sourcing", "share": 0.5}],
                    quotes=[quote(unit="annual", amount=900_000, currency="KRW")])
    assert whole["rate"][0] == pytest.approx(900_000 / 18_000)
    named = resolve([{"location": "IN", "engagement": "co-sourcing", "share": 0.5}],
                    quotes=[quote(unit="annual", amount=900_000, currency="KRW", engagement="co-sourcing")])
    assert named["rate"][0] == pytest.approx(900_000 / 9_000)


def test_a_quote_naming_the_form_wins_and_a_generic_quote_never_prices_the_captive():
    items = [{"location": "IN", "engagement": "total"}, {"location": "IN", "engagement": "selective", "share": 0.6},
             {"location": "IN", "engagement": "captive"}]
    out = resolve(items, quotes=[quote(amount=30), quote(quote_id=10, amount=27, engagement="total")])
    assert list(out["quote_id"]) == [10, 9, None]
    assert out["rate"][0] == pytest.approx(27 * 1306.7637) and out["rate"][1] == pytest.approx(30 * 1306.7637)
    assert out["basis"][2] == rates.RATE_BOOK
    assert out["rate"][2] == pytest.approx(34 * 1306.7637 * 1.1 / 1.2)  # no margin, its own overhead


def test_it_moved_abroad_keeps_an_onsite_share_at_the_home_rate():
    """20 % onsite at Korea's (model) rate: 0.8 x 34 + 0.2 x 60.5 = 39.30 USD/h."""
    out = resolve([{"location": "IN", "onsite": 0.2}, {"location": "IN", "onsite": 0.2, "family": "bpo_voice"},
                   {"location": "KR", "model": "onshore", "onsite": 0.2}])
    assert out["rate"][0] == pytest.approx(39.30 * 1306.7637)
    assert out["onsite"][0] == 0.2 and out["onsite"][1] == 0.0 and out["onsite"][2] == 0.0


def test_model_cells_take_the_function_s_band_and_sourced_cells_keep_theirs():
    out = resolve([{"location": "KR", "model": "onshore", "band": 2.0}, {"location": "IN", "band": 2.0}])
    assert out["basis"][0] == rates.MODEL
    assert out["low"][0] == pytest.approx(60.5 / 2 * 1306.7637) and out["high"][0] == pytest.approx(121 * 1306.7637)
    assert out["low"][1] == pytest.approx(18 * 1306.7637)
    assert not out["exposed"][0]  # a Korean vendor for a Korean client bills in won


def test_nothing_prices_an_unknown_location_and_the_baseline_has_no_rate():
    out = resolve([{"location": "TW"}, {"location": "KR", "engagement": "in-house", "model": "onshore"}])
    assert np.isnan(out["rate"]).all() and list(out["basis"]) == [rates.NONE, rates.NONE]


@pytest.mark.parametrize("currency", sorted(G5A_2023))
def test_hourly_rate_usd_is_right_for_every_currency(currency):
    """The same 34 USD/h rate-book cell, in any assessment currency: hourly_rate in it, hourly_rate_usd = 34."""
    functions = pd.DataFrame([{"fte": 5, "salary_per_fte": 80_000, "overhead_pct": 20, "facilities_cost": 0,
                               "it_cost": 0, "home_iso2": "US", "rate_family": "it_appdev"}],
                             index=pd.Index(["f"], name="function_id"))
    options = pd.DataFrame([{"engagement": "total", "share_outsourced": 1.0, "location": "IN",
                             "sourcing_model": "offshore"}], index=pd.Index(["o"], name="option_id"))
    inputs = TcoInputs(functions=functions, options=options, currency=currency, fx_per_usd=G5A_2023,
                       rate_table=CELLS, assumptions={"onsite_share": 0})
    row = deterministic_tco(inputs).summary.iloc[0]
    assert row["hourly_rate_usd"] == pytest.approx(34.0)
    assert row["hourly_rate"] == pytest.approx(34.0 * G5A_2023[currency])
    assert bool(row["fx_exposed"]) == (currency != "USD")


def test_the_scoring_prices_every_option_with_the_tco_s_rate():
    """price = rate x hours x FTE / in-house cost: the scoring's cost criterion and the TCO read one number."""
    functions = pd.DataFrame([{"service_category": "ITO", "fte": 10.0, "annual_cost": 10 * 50_000_000.0,
                               "rate_family": "it_appdev", "home_iso2": "KR", "hours_per_fte": 1800.0,
                               "captive_rate_factor": 1.1 / 1.2, "onsite_share": 0.2, "model_rate_band": 1.6}],
                             index=pd.Index([1], name="function_id"))
    base = {"control": 3, "dependency": 3, "setup_effort": 3, "distance": 1.0, "time_zone_gap": 0.3,
            "language_mismatch": 0.0, "low_english": 0.2, "tax_rate_pct": 25.0, "gsli_rank": 10, "cost_ratio": 0.1}
    options = pd.DataFrame([
        base | {"engagement": "in-house", "is_baseline": True, "share_outsourced": 0.0, "sourcing_model": "onshore",
                "location": "KR", "distance": 0.0},
        base | {"engagement": "total", "is_baseline": False, "share_outsourced": 1.0, "sourcing_model": "offshore",
                "location": "IN"},
        base | {"engagement": "captive", "is_baseline": False, "share_outsourced": 1.0, "sourcing_model": "offshore",
                "location": "IN"},
    ], index=pd.Index(["in-house|onshore|KR", "total|offshore|IN", "captive|offshore|IN"], name="option_id"))
    inputs = RateInputs(table=CELLS, quotes=[quote(function_id=1, amount=33, engagement="total")], per_usd=G5A_2023,
                        currency="KRW")
    price = prepare(functions, options, {}, rates=inputs).price
    tco = TcoInputs(
        functions=pd.DataFrame([{"fte": 10.0, "salary_per_fte": 50_000_000 / 1.3, "overhead_pct": 30.0,
                                 "facilities_cost": 0.0, "it_cost": 0.0, "home_iso2": "KR",
                                 "rate_family": "it_appdev"}], index=pd.Index([1], name="function_id")),
        options=options[["engagement", "share_outsourced", "location", "sourcing_model"]], currency="KRW",
        fx_per_usd=G5A_2023, rate_table=CELLS, quotes=inputs.quotes)
    summary = deterministic_tco(tco).summary.set_index("option_id")
    cost_per_hour = 50_000_000 / 1800
    for j, option_id in enumerate(options.index[1:], start=1):
        assert price[0, j] == pytest.approx(summary.loc[option_id, "hourly_rate"] / cost_per_hour, rel=1e-12)
    assert summary.loc["total|offshore|IN", "vendor_rate_basis"] == "quote"
    assert price[0, 0] == 1.0
