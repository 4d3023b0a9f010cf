"""The TCO model: hand-worked cases to the cent, Monte Carlo behaviour, and input validation."""

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from assessments.domain.tco import (
    COMPONENTS,
    DEFAULT_ASSUMPTIONS,
    TcoInputs,
    deterministic_tco,
    monte_carlo_tco,
    resolve_assumptions,
)

DATA = Path(__file__).resolve().parents[1] / "data"
CENT = 0.005


def load_case(name: str) -> tuple[TcoInputs, dict]:
    case = json.loads((DATA / name).read_text())
    raw = case["inputs"]
    functions = pd.DataFrame(raw["functions"]).set_index("function_id")
    options = pd.DataFrame(raw["options"]).set_index("option_id")
    options = options.astype({"tax_rate_pct": float})
    inputs = TcoInputs(
        functions=functions, options=options, horizon_years=raw["horizon_years"],
        discount_rate=raw["discount_rate"], fx_rate_usd_to_currency=raw["fx_rate_usd_to_currency"],
        currency=raw["currency"], assumptions=raw["assumptions"], seed=1, draws=200,
        rate_table=raw["rate_table"], quotes=raw.get("quotes", []),
    )
    return inputs, case["expected"]


def assert_case(inputs: TcoInputs, expected: dict) -> None:
    result = deterministic_tco(inputs)
    yearly = result.yearly.set_index(["option_id", "year"])
    for row in expected["yearly"]:
        got = yearly.loc[(row["option_id"], row["year"])]
        for column, value in row.items():
            if column not in ("option_id", "year"):
                assert got[column] == pytest.approx(value, abs=CENT), (row["option_id"], row["year"], column)
    summary = result.summary.set_index("option_id")
    for row in expected["summary"]:
        got = summary.loc[row["option_id"]]
        for column, value in row.items():
            if column == "option_id":
                continue
            if value is None:
                assert pd.isna(got[column]), column
            elif isinstance(value, str | bool):
                assert got[column] == value, column
            else:
                assert got[column] == pytest.approx(value, abs=CENT), (row["option_id"], column)


def test_case_1_us_application_maintenance_to_india_from_the_rate_book_matches_hand_figures():
    """Application maintenance, 10 FTE, US; total outsourcing to India at the rate book's rate; 3 years at 8 %.

    The rate: India application development in the rate book is 18-50 USD/h (ClimbTheLadder, n.d.); the
    typical rate, the middle, is 34 USD/h, inside the sourced band. Onsite share 0: India alone prices it.
    In-house cost, year 1:  C = FTE x salary x (1 + overhead) + facilities + IT
                              = 10 x 100,000 x 1.30 + 40,000 + 20,000 = 1,300,000 + 60,000 = 1,360,000.00
    Wage inflation at home 3 %:  I1 = 1,360,000.00;  I2 = 1,400,800.00;  I3 = 1,442,824.00
    Year-1 contract: hours = 10 FTE x 1,800 h = 18,000 h;  F = 34 x 18,000 x share 1.0 = 612,000.00
    Provider fee V_t = F x 1.05^(t-1) x (1 + productivity loss 10 % in years 1-2), paid all year:
        V1 = 612,000 x 1.10 = 673,200.00;  V2 = 612,000 x 1.05 x 1.10 = 706,860.00;  V3 = 612,000 x 1.1025 = 674,730.00
    Retained organisation = max(governance 8 % of V_t, floor 0.5 FTE of 10 = 5 % of I_t):
        year 1: max(53,856.00, 68,000.00) = 68,000.00; year 2: max(56,548.80, 70,040.00) = 70,040.00;
        year 3: max(53,978.40, 72,141.20) = 72,141.20  (the floor binds: half a person, never zero)
    Relearning: India IT attrition 18 % x 6 months / 12 x 50 % = 4.5 % of V_t: 30,294.00; 31,808.70; 30,362.85
    Severance, US practice 1.5 weeks' pay per year of 4.1 years = 1.5 x 4.1 x 12 / 52 = 1.4192308 months:
        1.0 x 10 FTE x 1.4192308 x 100,000 / 12 = 118,269.23
    Year 1:  double running  = own staff for 6 of 12 months = 1,360,000 x 6/12  = 680,000.00
             provider fees   (paid all year, also during double running)         = 673,200.00
             retained org. 68,000.00; travel 2 % of V1 13,464.00; relearning 30,294.00
             one-time        = 612,000 x (selection 0.01 + transition fee 0.05) x 1.0 + severance 118,269.23
                             = 36,720.00 + 118,269.23                          = 154,989.23
             option cost     = 680,000 + 673,200 + 68,000 + 13,464 + 30,294 + 154,989.23 = 1,619,947.23
             savings         = 1,360,000.00 - 1,619,947.23                     = -259,947.23
    Year 2:  option cost     = 706,860 + 70,040 + 14,137.20 + 31,808.70        = 822,845.90
             savings         = 1,400,800.00 - 822,845.90                       = 577,954.10  cumulative 318,006.87
    Year 3:  re-sourcing at the horizon's end: 6 % x 612,000 x 1.1025 (no productivity loss) = 40,483.80
             option cost     = 674,730 + 72,141.20 + 13,494.60 + 30,362.85 + 40,483.80 = 831,212.45
             savings         = 1,442,824.00 - 831,212.45                       = 611,611.55  cumulative 929,618.42
    NPV (end-of-year discounting at 8 %):
             -259,947.23 / 1.08 + 577,954.10 / 1.1664 + 611,611.55 / 1.259712
             = -240,691.88 + 495,502.49 + 485,516.97 = 740,327.57
             = 20.5 % of the in-house cost's present value (3,605,579.69), inside the published 10-35 %.
    Break-even, month by month: the one-time 154,989.23 in month 1; double running costs 680,000 / 6 =
    113,333.33 a month in months 1-6; the rest of year 1 (-259,947.23 + 154,989.23 + 680,000 = 575,042.00)
    accrues at 47,920.17 a month, so month 12 ends at -259,947.23. Year 2 saves 48,162.84 a month:
    month 17: -19,133.02 < 0; month 18: +29,029.82 -> break-even month 18.
    Transition cost = one-time 154,989.23 + double running 680,000.00 = 834,989.23.
    """
    assert_case(*load_case("tco_case_1.json"))


def test_case_2_model_rate_captive_quote_and_german_severance_match_hand_figures():
    """Help desk, 4 FTE, Germany, in EUR (0.9 EUR per USD); three options; 2 years at 10 %.

    In-house: C = 4 x 60,000 x 1.25 + 20,000 + 10,000 = 330,000.00; I1 = 330,000.00; I2 = 336,600.00 (+2 %)
    Hours 4 x 2,000 = 8,000 h. Double running 3 months. No productivity loss, no wage inflation abroad.
    Severance (German rule, KSchG 1a): 0.5 month per year; a part-year counts only when it is MORE than six
    months, so 10.5 years count as 10: 5.0 months x 5,000 a month = 25,000 a head.
    Retained organisation floor: 0.5 FTE of 4 = 12.5 % of I_t (a captive half of it).
    Relearning: attrition 20 % x 6 / 12 x 50 % = 5 % of the fees.

    co-PL, co-sourcing 50 %, MODEL rate 25 USD/h x 0.9 = 22.50 EUR/h (band 22.50 / 2 = 11.25 .. 45.00)
        F = 22.50 x 8,000 x 0.5 = 90,000.00
        Year 1: kept in-house = 0.5 x 330,000 = 165,000.00; double running = 0.5 x 330,000 x 3/12 = 41,250.00
                fees 90,000.00; retained org = max(10 % x 90,000 = 9,000, 12.5 % x 330,000 = 41,250) = 41,250.00
                travel 1 % 900.00; relearning 4,500.00;
                one-time = 90,000 x (0.01 + 0.05) + severance 0.5 x 4 x 25,000 = 5,400 + 50,000 = 55,400.00
                option = 165,000 + 41,250 + 90,000 + 41,250 + 900 + 4,500 + 55,400 = 398,300.00; savings -68,300.00
        Year 2: 168,300 + 90,000 + max(9,000, 42,075) + 900 + 4,500 + exit 6 % x 90,000 = 5,400
                = 311,175.00; savings 25,425.00
        NPV = -68,300 / 1.1 + 25,425 / 1.21 = -62,090.91 + 21,012.40 = -41,078.51; never breaks even.
        Transition = 55,400 + 41,250 = 96,650.00.

    captive-IN, RATE-BOOK 15 USD/h x 0.9 = 13.50 EUR/h, no vendor margin but its own overhead:
        x (1 + 0.10) / (1 + 0.20) = 12.375 EUR/h;  F = 12.375 x 8,000 = 99,000.00
        Year 1: double running 82,500.00; fees 99,000.00; retained org = max(0.10 x 0.5 x 99,000 = 4,950,
                0.5 x 12.5 % x 330,000 = 20,625) = 20,625.00; travel 2 % 1,980.00; relearning 4,950.00;
                tax effect = -0.05 x (25 % - 15 %) x 99,000 = -495.00;
                one-time = set-up 30 % x 99,000 + severance 4 x 25,000 = 29,700 + 100,000 = 129,700.00
                option = 338,260.00; savings -8,260.00
        Year 2: 99,000 + 21,037.50 + 1,980 + 4,950 - 495 = 126,472.50 (no exit for a captive); savings 210,127.50
        NPV = -8,260 / 1.1 + 210,127.50 / 1.21 = -7,509.09 + 173,659.09 = 166,150.00
        Break-even: month 1 -129,700; double running 27,500 a month in months 1-3; the rest of year 1
        (-8,260 + 129,700 + 82,500 = 203,940) at 16,995 a month ends year 1 at -8,260; year 2 at
        17,510.63 a month: month 13 +9,250.63 -> month 13. Transition 212,200.00.

    total-PH, QUOTE 20 USD/h from Acme Support (it replaces the rate book's 20 USD/h) x 0.9 = 18.00 EUR/h
        F = 18 x 8,000 = 144,000.00
        Year 1: 82,500 + 144,000 + max(14,400, 41,250) + travel 2,880 + relearning 7,200
                + one-time 144,000 x 0.06 + 100,000 = 108,640 -> 386,470.00; savings -56,470.00
        Year 2: 144,000 + 42,075 + 2,880 + 7,200 + exit 8,640 = 204,795.00; savings 131,805.00
        NPV = -56,470 / 1.1 + 131,805 / 1.21 = -51,336.36 + 108,929.75 = 57,593.39; year 2 saves 11,703.75 a
        month: month 16 -9,655.00 < 0, month 17 +2,048.75 -> month 17 (the exit falls in month 24).
    All three are paid in US dollars, not the assessment's euro: each is fx_exposed.
    """
    assert_case(*load_case("tco_case_2.json"))


def test_rate_basis_is_named_in_words_never_a_formula():
    inputs, _ = load_case("tco_case_2.json")
    summary = deterministic_tco(inputs).summary.set_index("option_id")
    assert summary.loc["co-PL", "rate_note"].startswith("Model estimate")
    assert summary.loc["captive-IN", "rate_note"].startswith("Rate book: illustrative (2026)")
    assert summary.loc["total-PH", "rate_note"].startswith("Quote from Acme Support dated 2026-10-01")
    for note in summary["rate_note"]:
        assert "^" not in note and "x (" not in note and "ESTIMATE" not in note


def test_components_add_up_to_option_cost():
    inputs, _ = load_case("tco_case_2.json")
    yearly = deterministic_tco(inputs).yearly
    parts = yearly[list(COMPONENTS)].sum(axis=1)
    np.testing.assert_allclose(parts, yearly["option_cost"], rtol=1e-12)


def test_monte_carlo_with_no_uncertainty_reproduces_the_deterministic_npv():
    inputs, _ = load_case("tco_case_2.json")
    table = [dict(c, low=c["typical"], high=c["typical"]) for c in inputs.rate_table]
    fixed = dict(inputs.assumptions, vendor_rate_spread_quote=0.0, vendor_rate_spread_deal=0.0,
                 fx_volatility=0.0, model_rate_band=1.0)
    inputs = replace(inputs, assumptions=fixed, draws=50, rate_table=table)
    npv = deterministic_tco(inputs).summary.set_index("option_id")["npv_savings"]
    mc = monte_carlo_tco(inputs).summary.set_index("option_id")
    for column in ("npv_p10", "npv_p50", "npv_p90", "npv_mean"):
        np.testing.assert_allclose(mc[column], npv.loc[mc.index], rtol=1e-5)


def test_monte_carlo_results_do_not_depend_on_threads_or_on_other_pairs():
    from assessments.domain.tco_inputs import build_plan
    from assessments.domain.tco_montecarlo import run_monte_carlo

    inputs, _ = load_case("tco_case_2.json")
    inputs = replace(inputs, assumptions={}, draws=300)
    plan = build_plan(inputs)
    one = run_monte_carlo(plan, seed=5, draws=300, band_draws=None, threads=1)
    two = run_monte_carlo(plan, seed=5, draws=300, band_draws=None, threads=2)
    np.testing.assert_array_equal(one["npv_q"], two["npv_q"])
    alone = monte_carlo_tco(replace(inputs, seed=5, pairs=pd.DataFrame({"function_id": ["helpdesk"],
                                                                         "option_id": ["total-PH"]})))
    full = monte_carlo_tco(replace(inputs, seed=5)).summary.set_index("option_id")
    assert alone.summary["npv_p50"].iloc[0] == full.loc["total-PH", "npv_p50"]


def test_monte_carlo_reports_bands_drivers_and_progress():
    inputs, _ = load_case("tco_case_1.json")
    inputs = replace(inputs, assumptions={"parallel_running_months": 6}, draws=500, band_draws=None)
    seen = []
    result = monte_carlo_tco(inputs, progress=seen.append)
    assert seen and seen[-1] == 1.0 and seen == sorted(seen)
    bands = result.bands[result.bands["option_id"] == "total-IN"]
    assert list(bands["year"]) == [1, 2, 3]
    assert (bands["option_p10"] <= bands["option_p50"]).all() and (bands["option_p50"] <= bands["option_p90"]).all()
    assert bands["option_p50"].is_monotonic_increasing  # cumulative
    drivers = result.drivers[result.drivers["option_id"] == "total-IN"].sort_values("rank")
    assert drivers["swing"].is_monotonic_decreasing
    assert drivers["swing"].iloc[0] > 0
    assert drivers.loc[drivers["input"] == "fx_rate", "swing"].iloc[0] == 0  # USD assessment: no FX risk
    assert drivers.loc[drivers["input"] == "market_rate", "swing"].iloc[0] > 0  # the rate book's band
    row = result.summary.set_index("option_id").loc["total-IN"]
    assert row["top_driver"] == drivers["input"].iloc[0]
    assert 0 < row["prob_saving"] < 1  # a saving resting on a 18-50 USD/h band is not certain
    baseline = result.summary.set_index("option_id").loc["in-house"]
    assert baseline["npv_p50"] == 0 and baseline["prob_saving"] == 0 and pd.isna(baseline["top_driver"])
    assert set(result.drivers_overall["input"]) == set(result.drivers["input"])


def test_assumptions_used_records_origin_per_function():
    inputs, _ = load_case("tco_case_1.json")
    used = resolve_assumptions({"governance_pct": 0.05}, {"payroll": {"governance_pct": {"value": 0.06,
                               "low": 0.04, "high": 0.09}}}, ["payroll", "hr"])
    own = used["payroll"]["governance_pct"]
    assert (own["value"], own["low"], own["high"], own["origin"]) == (0.06, 0.04, 0.09, "function")
    assert used["hr"]["governance_pct"]["value"] == 0.05 and used["hr"]["governance_pct"]["origin"] == "assessment"
    assert used["hr"]["governance_pct"]["low"] == used["hr"]["governance_pct"]["high"] == 0.05  # a bare number fixes it
    assert used["hr"]["hours_per_fte"]["origin"] == "default"
    assert set(used["hr"]) == set(DEFAULT_ASSUMPTIONS)
    json.dumps(deterministic_tco(inputs).assumptions_used)  # storable as it is


def test_every_default_assumption_is_documented_and_within_its_bounds():
    for name, entry in DEFAULT_ASSUMPTIONS.items():
        assert entry["source"] and entry["unit"] and entry["year"] and entry["kind"], name
        if entry["value"] is None:  # looked up in a table (country, location, family)
            assert entry["low"] is None and entry["high"] is None, name
            continue
        lo, hi = entry["bounds"]
        assert lo <= entry["low"] <= entry["value"] <= entry["high"] <= hi or entry["distribution"] == "fixed", name
        assert lo <= entry["value"] <= hi, name


def test_retired_or_renamed_assumption_names_get_a_clear_error():
    with pytest.raises(ValueError, match="no longer used"):
        resolve_assumptions({"cost_elasticity": 0.5}, {}, [1])
    with pytest.raises(ValueError, match="now called 'vendor_rate_spread_deal'"):
        resolve_assumptions({"vendor_rate_spread_estimate": 0.2}, {}, [1])


# ---- validation: every error names what is wrong -------------------------------------------------

def _inputs(**changes) -> TcoInputs:
    inputs, _ = load_case("tco_case_1.json")
    return replace(inputs, **changes)


@pytest.mark.parametrize("assumptions, field", [
    ({"governance_percent": 0.1}, "governance_percent"),
    ({"governance_pct": 1.5}, "governance_pct"),
    ({"parallel_running_months": -1}, "parallel_running_months"),
    ({"transition_overrun": {"value": 1.0, "low": 0.5}}, "transition_overrun"),
    ({"productivity_loss": "high"}, "productivity_loss"),
    ({"severance_months": {"low": 1}}, "severance_months"),
])
def test_bad_assessment_assumption_raises_naming_it(assumptions, field):
    with pytest.raises(ValueError, match=field):
        deterministic_tco(_inputs(assumptions=assumptions))


def test_unknown_assumption_in_function_override_raises_naming_it():
    with pytest.raises(ValueError, match="wage_growth"):
        deterministic_tco(_inputs(function_overrides={"appmaint": {"wage_growth": 0.02}}))
    with pytest.raises(ValueError, match="nope"):
        deterministic_tco(_inputs(function_overrides={"nope": {"governance_pct": 0.05}}))


def test_negative_fte_raises_naming_the_field():
    inputs, _ = load_case("tco_case_1.json")
    functions = inputs.functions.copy()
    functions.loc["appmaint", "fte"] = -3
    with pytest.raises(ValueError, match="fte"):
        deterministic_tco(replace(inputs, functions=functions))


@pytest.mark.parametrize("horizon", [0, 11, 2.5, True])
def test_horizon_outside_1_to_10_raises_naming_the_field(horizon):
    with pytest.raises(ValueError, match="horizon_years"):
        deterministic_tco(_inputs(horizon_years=horizon))


@pytest.mark.parametrize("changes, field", [
    ({"discount_rate": -0.1}, "discount_rate"),
    ({"fx_rate_usd_to_currency": 0}, "fx_rate_usd_to_currency"),
    ({"currency": "XXX"}, "currency"),
    ({"draws": 0}, "draws"),
    ({"pairs": pd.DataFrame({"function_id": ["appmaint"], "option_id": ["nowhere"]})}, "pairs"),
    ({"fx_per_usd": {"KRW": 0}}, "KRW"),
    ({"fx_per_usd": {"ZZZ": 3.0}}, "ZZZ"),
    ({"fx_per_usd": {"EUR": -1.0}}, "EUR"),
])
def test_bad_run_settings_raise_naming_the_field(changes, field):
    with pytest.raises(ValueError, match=field):
        monte_carlo_tco(_inputs(**changes))


@pytest.mark.parametrize("change, field", [
    ({"amount": 0}, "amount"),
    ({"amount": -12.5}, "amount"),
    ({"currency": "QQQ"}, "currency"),
    ({"unit": "weekly"}, "unit"),
    ({"function_id": "elsewhere"}, "function_id"),
])
def test_bad_quote_raises_naming_the_quote_and_field(change, field):
    quote = {"quote_id": 3, "function_id": "appmaint", "location": "IN", "engagement": "", "unit": "hourly",
             "amount": 30, "currency": "USD", "quote_date": "2026-01-05"} | change
    with pytest.raises(ValueError, match=f"quote 3.*{field}|{field}"):
        deterministic_tco(_inputs(quotes=[quote]))


@pytest.mark.parametrize("change, field", [
    ({"typical": 0}, "typical"),
    ({"low": -5}, "low"),
    ({"family": "plumbing"}, "family"),
    ({"low": 60}, "low <= typical <= high"),
])
def test_bad_rate_cell_raises_naming_it(change, field):
    inputs, _ = load_case("tco_case_1.json")
    table = [dict(inputs.rate_table[0], **change)]
    with pytest.raises(ValueError, match=field):
        deterministic_tco(replace(inputs, rate_table=table))


def test_option_without_any_rate_raises_naming_the_option_only_when_it_is_computed():
    inputs, _ = load_case("tco_case_1.json")
    with pytest.raises(ValueError, match="total-IN.*enter a quote"):
        deterministic_tco(replace(inputs, rate_table=[]))
    only_baseline = pd.DataFrame({"function_id": ["appmaint"], "option_id": ["in-house"]})
    assert len(deterministic_tco(replace(inputs, rate_table=[], pairs=only_baseline)).summary) == 1


def test_bad_option_fields_raise_naming_them():
    inputs, _ = load_case("tco_case_1.json")
    for column, value in (("engagement", "outsource-all"), ("share_outsourced", 1.2), ("sourcing_model", "moon")):
        options = inputs.options.copy()
        options[column] = options[column].astype(object)
        options.loc["total-IN", column] = value
        with pytest.raises(ValueError, match=column):
            deterministic_tco(replace(inputs, options=options))
