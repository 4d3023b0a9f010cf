"""The TCO model: hand-worked cases to the cent, Monte Carlo behaviour, and input validation."""

import ast
import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from assessments.domain.tco import (
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
    options = options.astype(dict.fromkeys(("cost_ratio", "tax_rate_pct", "vendor_quote_hourly_usd"), float))
    inputs = TcoInputs(
        functions=functions, options=options, horizon_years=raw["horizon_years"],
        discount_rate=raw["discount_rate"], fx_rate_usd_to_currency=raw["fx_rate_usd_to_currency"],
        currency=raw["currency"], assumptions=raw["assumptions"], seed=1, draws=200,
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


def test_case_1_total_outsourcing_with_quote_matches_hand_figures_to_the_cent():
    """Payroll, 10 FTE, US; total outsourcing to India on a 31 USD/h quote; 3 years at 8 %.

    In-house cost, year 1:  C = FTE x salary x (1 + overhead) + facilities + IT
                              = 10 x 50,000 x 1.30 + 40,000 + 20,000 = 650,000 + 60,000 = 710,000.00
    Wage inflation at home 3 %:  I1 = 710,000.00
                                 I2 = 710,000.00 x 1.03 = 731,300.00
                                 I3 = 731,300.00 x 1.03 = 753,239.00
    Provider fee at year-1 prices (a year's contract):
        hours = 10 FTE x 1,800 h = 18,000 h;  rate = 31 USD/h x 1.0 = 31.00/h
        F = 31.00 x 18,000 x share 1.0 = 558,000.00
    Full-activity fee V_t = F x (1.05)^(t-1) x (1 + productivity loss 10 % in years 1-2):
        V1 = 558,000 x 1.00   x 1.10 = 613,800.00
        V2 = 558,000 x 1.05   x 1.10 = 644,490.00
        V3 = 558,000 x 1.1025 x 1.00 = 615,195.00
    Parallel running 6 months (overrun 1.0): in year 1 the provider is paid for a1 = 6/12 = 0.5.

    Year 1:  parallel running  = share 1.0 x 710,000 x 6/12        = 355,000.00
             provider fees     = 0.5 x 613,800                     = 306,900.00
             governance 8 %    = 0.08 x 306,900                    =  24,552.00
             travel 2 %        = 0.02 x 306,900                    =   6,138.00
             one-time          = 558,000 x (severance 0.04 + selection 0.01 x 1.0)
                               = 22,320 + 5,580                    =  27,900.00
             option cost       = 355,000 + 306,900 + 24,552 + 6,138 + 27,900 = 720,490.00
             savings           = 710,000.00 - 720,490.00           = -10,490.00   cumulative -10,490.00
    Year 2:  provider fees     = 644,490.00
             governance        = 0.08 x 644,490                    =  51,559.20
             travel            = 0.02 x 644,490                    =  12,889.80
             option cost       = 644,490 + 51,559.20 + 12,889.80   = 708,939.00
             savings           = 731,300.00 - 708,939.00           =  22,361.00   cumulative  11,871.00
    Year 3:  provider fees     = 615,195.00
             governance        = 0.08 x 615,195                    =  49,215.60
             travel            = 0.02 x 615,195                    =  12,303.90
             exit 5 %          = 0.05 x 615,195 (no productivity loss) = 30,759.75
             option cost       = 615,195 + 49,215.60 + 12,303.90 + 30,759.75 = 707,474.25
             savings           = 753,239.00 - 707,474.25           =  45,764.75   cumulative  57,635.75
    NPV (end-of-year discounting at 8 %):
             -10,490.00 / 1.08      =  -9,712.962963
              22,361.00 / 1.1664    =  19,170.953361
              45,764.75 / 1.259712  =  36,329.534052
             NPV                    =  45,787.524450  -> 45,787.52
    Break-even, month by month: the one-time 27,900.00 is paid in month 1 and months 1-6 of parallel
    running save nothing, so the cumulative is -27,900.00 until month 6; year 1's other savings
    (-10,490 + 27,900 = 17,410.00) accrue over its 6 active months, so month 12 ends at -10,490.00.
    Year 2 saves 22,361.00 / 12 = 1,863.4167
    a month. Month 17 (5 months into year 2): -10,490 + 5 x 1,863.4167 = -1,172.92 < 0;
    month 18: -10,490 + 6 x 1,863.4167 = +690.50 >= 0  -> break-even month 18.
    Transition cost = one-time 27,900.00 + parallel running 355,000.00 = 382,900.00.
    The baseline (in-house) row costs exactly the in-house figure: savings 0, no break-even month.
    """
    assert_case(*load_case("tco_case_1.json"))


def test_case_2_estimate_captive_tax_and_currency_match_hand_figures_to_the_cent():
    """Help desk, 4 FTE, Germany, in EUR; three options; 2 years at 10 %.

    In-house: C = 4 x 60,000 x 1.25 + 20,000 + 10,000 = 300,000 + 30,000 = 330,000.00
              I1 = 330,000.00; I2 = 330,000 x 1.02 = 336,600.00
    Home loaded hourly cost = 330,000 / (4 FTE x 2,000 h) = 41.25/h; hours = 8,000 h.
    Parallel running 3 months: provider paid a1 = 9/12 = 0.75 of year 1. No productivity loss,
    no wage inflation abroad (both set to 0 in this case).

    co-PL, co-sourcing 50 %, rate ESTIMATED: 41.25 x 0.25^0.5 x (1 + margin 0.20) = 41.25 x 0.5 x 1.2 = 24.75/h
        F = 24.75 x 8,000 x 0.5 = 99,000.00
        Year 1: retained   = (1 - 0.5) x 330,000          = 165,000.00
                parallel   = 0.5 x 330,000 x 3/12         =  41,250.00
                fees       = 0.75 x 99,000                =  74,250.00
                governance = 0.10 x 74,250                =   7,425.00
                travel 1 % (nearshore) = 0.01 x 74,250    =     742.50
                one-time   = 99,000 x (0.04 + 0.01)       =   4,950.00
                option     = 165,000 + 41,250 + 74,250 + 7,425 + 742.50 + 4,950 = 293,617.50
                savings    = 330,000 - 293,617.50         =  36,382.50
        Year 2: retained   = 0.5 x 336,600                = 168,300.00
                fees 99,000.00; governance 9,900.00; travel 990.00; exit 0.05 x 99,000 = 4,950.00
                option     = 168,300 + 99,000 + 9,900 + 990 + 4,950 = 283,140.00
                savings    = 336,600 - 283,140            =  53,460.00
        NPV = 36,382.50 / 1.1 + 53,460 / 1.21 = 33,075.000000 + 44,181.818182 = 77,256.818182 -> 77,256.82
        Transition = 4,950 + 41,250 = 46,200.00.
        Break-even: the one-time 4,950 is paid in month 1; months 1-3 (parallel running) save nothing;
        year 1's other savings 36,382.50 + 4,950 = 41,332.50 accrue over 9 active months = 4,592.50 a month.
        Month 4: -4,950 + 4,592.50 = -357.50 < 0; month 5: -4,950 + 9,185.00 = +4,235.00 -> month 5.

    captive-IN, captive, cost ESTIMATED: 41.25 x 0.0625^0.5 x (1 + captive overhead 0.10)
        = 41.25 x 0.25 x 1.1 = 11.34375/h;  F = 11.34375 x 8,000 x 1.0 = 90,750.00
        Tax effect rate = markup 0.05 x (home 25 % - location 15 %) = 0.005 of the captive's cost.
        Year 1: parallel   = 1.0 x 330,000 x 3/12         =  82,500.00
                fees       = 0.75 x 90,750                =  68,062.50
                governance = 0.10 x 0.5 x 68,062.50       =   3,403.125
                travel 2 % = 0.02 x 68,062.50             =   1,361.25
                tax effect = -0.005 x 68,062.50           =    -340.3125
                one-time   = 90,750 x (severance 0.04 + set-up 0.30) = 30,855.00 (no vendor selection)
                option     = 82,500 + 68,062.50 + 3,403.125 + 1,361.25 - 340.3125 + 30,855 = 185,841.5625
                savings    = 330,000 - 185,841.5625       = 144,158.4375
        Year 2: fees 90,750.00; governance 4,537.50; travel 1,815.00; tax -453.75; no exit for a captive
                option     = 90,750 + 4,537.50 + 1,815 - 453.75 = 96,648.75
                savings    = 336,600 - 96,648.75          = 239,951.25
        NPV = 144,158.4375 / 1.1 + 239,951.25 / 1.21 = 131,053.125 + 198,306.818182 = 329,359.943182
        Transition = 30,855 + 82,500 = 113,355.00.
        Break-even: -30,855 (set-up, severance) in month 1, nothing saved in months 1-3, then
        (144,158.4375 + 30,855) / 9 = 19,445.9375 a month. Month 4: -11,409.06 < 0; month 5: +8,036.88 -> month 5.

    total-PH, total, QUOTE 20 USD/h x 0.9 EUR/USD = 18.00/h;  F = 18 x 8,000 = 144,000.00
        Year 1: parallel 82,500.00; fees 0.75 x 144,000 = 108,000.00; governance 10,800.00;
                travel 2,160.00; one-time 144,000 x 0.05 = 7,200.00
                option = 82,500 + 108,000 + 10,800 + 2,160 + 7,200 = 210,660.00; savings 119,340.00
        Year 2: fees 144,000.00; governance 14,400.00; travel 2,880.00; exit 7,200.00
                option = 168,480.00; savings = 336,600 - 168,480 = 168,120.00
        NPV = 119,340 / 1.1 + 168,120 / 1.21 = 108,490.909091 + 138,942.148760 = 247,433.057851
        Transition = 7,200 + 82,500 = 89,700.00.
        Break-even: -7,200 in month 1, nothing saved in months 1-3, then (119,340 + 7,200) / 9 = 14,060.00
        a month. Month 4: -7,200 + 14,060 = +6,860.00 -> month 4.
    All three options are abroad and the currency is EUR, so each is marked fx_exposed.
    """
    assert_case(*load_case("tco_case_2.json"))


def test_estimated_rate_is_flagged_with_its_basis():
    inputs, _ = load_case("tco_case_2.json")
    summary = deterministic_tco(inputs).summary.set_index("option_id")
    note = summary.loc["co-PL", "rate_note"]
    assert note.startswith("ESTIMATE") and "0.2500" in note and "vendor_margin" in note
    assert "captive_overhead" in summary.loc["captive-IN", "rate_note"]
    assert summary.loc["total-PH", "rate_note"].startswith("quote 20 USD/h")


def test_components_add_up_to_option_cost():
    inputs, _ = load_case("tco_case_2.json")
    yearly = deterministic_tco(inputs).yearly
    parts = yearly[["retained_cost", "parallel_running_cost", "provider_fees", "governance_cost", "travel_cost",
                    "tax_effect", "one_time_cost", "exit_cost"]].sum(axis=1)
    np.testing.assert_allclose(parts, yearly["option_cost"], rtol=1e-12)


def test_monte_carlo_with_no_uncertainty_reproduces_the_deterministic_npv():
    inputs, _ = load_case("tco_case_2.json")
    fixed = dict(inputs.assumptions, vendor_rate_spread_quote=0.0, vendor_rate_spread_estimate=0.0,
                 fx_volatility=0.0)
    inputs = replace(inputs, assumptions=fixed, draws=50)
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
    row = result.summary.set_index("option_id").loc["total-IN"]
    assert row["top_driver"] == drivers["input"].iloc[0]
    assert 0 <= row["prob_saving"] <= 1
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
        assert entry["source"] and entry["unit"] and entry["year"], name
        lo, hi = entry["bounds"]
        assert lo <= entry["low"] <= entry["value"] <= entry["high"] <= hi or entry["distribution"] == "fixed", name
        assert lo <= entry["value"] <= hi, name


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
])
def test_bad_assessment_assumption_raises_naming_it(assumptions, field):
    with pytest.raises(ValueError, match=field):
        deterministic_tco(_inputs(assumptions=assumptions))


def test_unknown_assumption_in_function_override_raises_naming_it():
    with pytest.raises(ValueError, match="wage_growth"):
        deterministic_tco(_inputs(function_overrides={"payroll": {"wage_growth": 0.02}}))
    with pytest.raises(ValueError, match="nope"):
        deterministic_tco(_inputs(function_overrides={"nope": {"governance_pct": 0.05}}))


def test_negative_fte_raises_naming_the_field():
    inputs, _ = load_case("tco_case_1.json")
    functions = inputs.functions.copy()
    functions.loc["payroll", "fte"] = -3
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
    ({"pairs": pd.DataFrame({"function_id": ["payroll"], "option_id": ["nowhere"]})}, "pairs"),
])
def test_bad_run_settings_raise_naming_the_field(changes, field):
    with pytest.raises(ValueError, match=field):
        monte_carlo_tco(_inputs(**changes))


def test_option_without_quote_or_cost_ratio_raises_naming_the_option_only_when_it_is_computed():
    inputs, _ = load_case("tco_case_1.json")
    options = inputs.options.copy()
    options.loc["total-IN", ["vendor_quote_hourly_usd", "cost_ratio"]] = np.nan
    with pytest.raises(ValueError, match="total-IN"):
        deterministic_tco(replace(inputs, options=options))
    only_baseline = pd.DataFrame({"function_id": ["payroll"], "option_id": ["in-house"]})
    assert len(deterministic_tco(replace(inputs, options=options, pairs=only_baseline)).summary) == 1


def test_bad_option_fields_raise_naming_them():
    inputs, _ = load_case("tco_case_1.json")
    for column, value in (("engagement", "outsource-all"), ("share_outsourced", 1.2), ("sourcing_model", "moon")):
        options = inputs.options.copy()
        options[column] = options[column].astype(object)
        options.loc["total-IN", column] = value
        with pytest.raises(ValueError, match=column):
            deterministic_tco(replace(inputs, options=options))


def test_tco_modules_import_no_django():
    """Static check (no subprocess): the TCO modules and the siblings they import name no Django module."""
    domain = Path(__file__).resolve().parents[2] / "assessments" / "domain"
    for path in [*domain.glob("tco*.py"), domain / "currencies.py"]:
        for node in ast.walk(ast.parse(path.read_text())):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
                assert node.level == 0 or (node.module or "").startswith(("tco", "currencies")), path.name
            assert not any(n == "django" or n.startswith("django.") for n in names), path.name
