"""Hidden costs worked by hand: double running, severance under two countries' rules, the retained organisation at
100 % outsourced, relearning from attrition, re-sourcing per contract, and a location shock shared by functions."""

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from assessments.domain import tco_hidden_costs as hidden
from assessments.domain.tco import TcoInputs, deterministic_tco, monte_carlo_tco
from assessments.domain.tco_inputs import build_plan
from assessments.domain.tco_montecarlo import run_monte_carlo

CELL = {"location": "IN", "family": "it_appdev", "low": 20, "typical": 25, "high": 30, "currency": "USD",
        "basis": "rate_book", "source": "test", "year": "2026"}
QUIET = {"wage_inflation_home": 0.0, "wage_inflation_location": 0.0, "productivity_loss": 0.0, "governance_pct": 0.0,
         "governance_min_fte": 0.0, "travel_pct_offshore": 0.0, "vendor_selection_pct": 0.0, "transition_fee_pct": 0.0,
         "exit_cost_pct": 0.0, "severance_months": 0.0, "provider_attrition": 0.0, "onsite_share": 0.0,
         "parallel_running_months": 0.0, "transition_overrun": 1.0, "hours_per_fte": 2000}


def single(home="US", *, fte=10, salary=60_000.0, overhead=0.0, share=1.0, engagement="total", assumptions=None,
           horizon=2, currency="USD", fx=None) -> TcoInputs:
    functions = pd.DataFrame([{"fte": fte, "salary_per_fte": salary, "overhead_pct": overhead, "facilities_cost": 0,
                               "it_cost": 0, "home_iso2": home, "rate_family": "it_appdev"}],
                             index=pd.Index(["f"], name="function_id"))
    options = pd.DataFrame([{"engagement": engagement, "share_outsourced": share, "location": "IN",
                             "sourcing_model": "offshore"}], index=pd.Index(["o"], name="option_id"))
    return TcoInputs(functions=functions, options=options, horizon_years=horizon, discount_rate=0.0,
                     currency=currency, fx_per_usd=fx or {}, rate_table=[CELL],
                     assumptions={k: v for k, v in (QUIET | (assumptions or {})).items() if v is not None})


def year(result, t: int) -> pd.Series:
    return result.yearly.set_index("year").loc[t]


def test_double_running_pays_the_provider_and_the_own_staff_for_the_transition_months():
    """10 FTE at 60,000 (in-house 600,000 a year); provider 25 USD/h x 20,000 h = 500,000 a year; 4 months' overlap.

    Year 1: own staff for 4 months = 600,000 x 4/12 = 200,000.00 AND the provider all year = 500,000.00
            option cost 700,000.00; savings -100,000.00 (the earlier model did not pay the provider: +100,000)
    Year 2: provider only, 500,000.00; savings 100,000.00.
    Break-even: year 1 accrues (savings + double running) 100,000 evenly and pays 50,000 a month of own staff
    in months 1-4: month 12 ends at -100,000; year 2 adds 8,333.33 a month: month 24 reaches 0 -> month 24.
    """
    result = deterministic_tco(single(assumptions={"parallel_running_months": 4}))
    first, second = year(result, 1), year(result, 2)
    assert first["parallel_running_cost"] == pytest.approx(200_000.00)
    assert first["provider_fees"] == pytest.approx(500_000.00)
    assert first["option_cost"] == pytest.approx(700_000.00) and first["savings"] == pytest.approx(-100_000.00)
    assert second["option_cost"] == pytest.approx(500_000.00) and second["savings"] == pytest.approx(100_000.00)
    assert result.summary["breakeven_month"].iloc[0] == 24


def test_severance_in_korea_and_in_germany_under_their_own_rules():
    """8 people moved, 6,000,000 a month each (72,000,000 a year).

    Korea (statutory severance, 30 days' average wage per year): 7.1 years -> 7.1 months
        = 8 x 7.1 x 6,000,000 = 340,800,000.00
    Germany (KSchG 1a, 0.5 month per year; a part-year over six months counts): 10.7 years -> 11 x 0.5 = 5.5 months
        = 8 x 5.5 x 6,000,000 = 264,000,000.00
    Both in year 1 with the other one-offs set to 0, so one_time_cost is the severance alone.
    """
    korea = deterministic_tco(single("KR", fte=8, salary=72_000_000, currency="KRW", fx={"KRW": 1306.7637},
                                     assumptions={"severance_months": None, "tenure_years": None}))
    germany = deterministic_tco(single("DE", fte=8, salary=72_000_000, currency="EUR", fx={"EUR": 0.9245},
                                       assumptions={"severance_months": None, "tenure_years": 10.7}))
    k, g = korea.summary.iloc[0], germany.summary.iloc[0]
    assert k["severance_months"] == pytest.approx(7.1) and k["severance_cost"] == pytest.approx(340_800_000.00)
    assert g["severance_months"] == pytest.approx(5.5) and g["severance_cost"] == pytest.approx(264_000_000.00)
    assert year(korea, 1)["one_time_cost"] == pytest.approx(340_800_000.00)
    assert year(germany, 1)["one_time_cost"] == pytest.approx(264_000_000.00)
    assert "30 days' average wage" in k["severance_rule"] and "0.5 monthly earnings" in g["severance_rule"]


@pytest.mark.parametrize("iso2, tenure, months", [
    ("KR", 7.1, 7.1), ("US", 4.1, 1.5 * 4.1 * 12 / 52), ("DE", 10.5, 5.0), ("DE", 10.51, 5.5), ("JP", 12, 0.0),
    ("IN", 5.0, 2.5), ("IN", 5.6, 3.0), ("PH", 0.4, 1.0), ("PH", 4.5, 5.0), ("FR", 6.0, 3.0),
])
def test_severance_rule_per_country(iso2, tenure, months):
    assert hidden.severance_months(iso2, tenure, monthly_salary=5_000) == pytest.approx(months)


def test_british_redundancy_pay_is_capped_at_700_pounds_a_week():
    """8 full years at 1 week each; weekly pay 52,000 x 12 / 52 / 12 = 1,000 GBP is capped at 700: 5.6 weeks' worth
    of pay = 5,600 / (52,000 / 12) = 1.2923 months."""
    assert hidden.severance_months("GB", 8.25, monthly_salary=52_000 / 12, gbp_per_unit=1.0) == pytest.approx(
        8 * 700 / (52_000 / 12))
    low_paid = hidden.severance_months("GB", 8.25, monthly_salary=20_000 / 12, gbp_per_unit=1.0)
    assert low_paid == pytest.approx(8 * (20_000 / 52) / (20_000 / 12))  # under the cap: 8 weeks


def test_the_retained_organisation_never_drops_to_zero_at_100_percent_outsourced():
    """Total outsourcing, 10 FTE at 60,000: in-house 600,000. Provider 500,000 a year.

    Governance 5 % of spend = 25,000 is below the floor of 0.5 FTE = 5 % of 600,000 = 30,000 -> 30,000.00;
    at 8 % (40,000) the share of spend is above the floor -> 40,000.00. Nothing else is kept in-house
    (retained_cost, the work not moved, is 0 at 100 %), yet the option never runs without people of its own.
    """
    floor = deterministic_tco(single(assumptions={"governance_pct": 0.05, "governance_min_fte": 0.5}))
    share = deterministic_tco(single(assumptions={"governance_pct": 0.08, "governance_min_fte": 0.5}))
    for t in (1, 2):
        assert year(floor, t)["retained_cost"] == 0.0
        assert year(floor, t)["governance_cost"] == pytest.approx(30_000.00)
        assert year(share, t)["governance_cost"] == pytest.approx(40_000.00)
    zero = deterministic_tco(single(assumptions={"governance_pct": 0.0, "governance_min_fte": 0.5}))
    assert year(zero, 1)["governance_cost"] == pytest.approx(30_000.00)


def test_a_25_fte_deal_keeps_more_than_a_fifth_of_a_person():
    """Issue 14: 7.5 % of a too-low spend was 0.2 of a person for a 25-FTE deal."""
    result = deterministic_tco(single(fte=25, assumptions={"governance_pct": 0.075, "governance_min_fte": 0.5}))
    per_person = 60_000
    assert year(result, 1)["governance_cost"] / per_person >= 0.5


def test_relearning_from_provider_attrition_is_charged_on_the_fees():
    """Philippine contact centres lose 45 % of staff a year (CCAP 2022); a replacement needs 2.5 months at half
    speed: 0.45 x 2.5 / 12 x 0.5 = 4.6875 % of the fees. India IT: 0.18 x 6 / 12 x 0.5 = 4.5 %."""
    assert hidden.relearning_share(hidden.attrition_for("PH", "bpo").rate,
                                   hidden.RELEARNING_MONTHS["bpo"][0]) == pytest.approx(0.046875)
    result = deterministic_tco(single(assumptions={"provider_attrition": None, "relearning_months": None}))
    assert result.summary["relearning_pct"].iloc[0] == pytest.approx(0.045)
    assert year(result, 1)["relearning_cost"] == pytest.approx(0.045 * 500_000)


def test_re_sourcing_is_charged_at_each_contract_end_and_at_the_horizon():
    result = deterministic_tco(single(horizon=7, assumptions={"exit_cost_pct": 0.06, "contract_years": 3}))
    exits = result.yearly.set_index("year")["exit_cost"]
    assert list(exits[exits > 0].index) == [3, 6, 7]
    assert exits.loc[3] == pytest.approx(0.06 * 500_000)
    captive = deterministic_tco(single(engagement="captive", horizon=7,
                                       assumptions={"exit_cost_pct": 0.06, "contract_years": 3}))
    assert captive.yearly["exit_cost"].sum() == 0.0


def test_one_location_shock_moves_every_function_priced_there():
    """Two identical functions in India, every per-deal input fixed: only the market level (and the shared wage
    draws) vary. One market draw per location gives them the same NPV in every draw, hence the same percentiles;
    independent draws would not."""
    inputs = single(horizon=4)
    functions = pd.concat([inputs.functions, inputs.functions.rename(index={"f": "g"})])
    fixed = dict(inputs.assumptions, vendor_rate_spread_deal=0.0, governance_pct=0.08)
    inputs = replace(inputs, functions=functions, draws=400, seed=3, assumptions=fixed)
    plan = build_plan(inputs)
    assert plan.markets == ["IN"] and (plan.market[~plan.is_baseline] == 0).all()
    out = run_monte_carlo(plan, seed=3, draws=400, band_draws=None)
    assert out["npv_q"][0, 0] < out["npv_q"][0, 2]  # the market band does move the NPV ...
    np.testing.assert_array_equal(out["npv_q"][0], out["npv_q"][1])  # ... of both functions together
    summary = monte_carlo_tco(inputs).summary.set_index("function_id")
    assert summary.loc["f", "top_driver"] == summary.loc["g", "top_driver"] == "market_rate"


def test_probability_of_saving_is_below_one_when_the_saving_rests_on_a_model_estimate():
    cell = dict(CELL, basis="model", low=25 / 1.6, high=25 * 1.6)
    inputs = replace(single(horizon=5, assumptions={"governance_pct": 0.075}), rate_table=[cell], draws=2000,
                     assumptions={"severance_months": 1.0})
    functions = inputs.functions.assign(salary_per_fte=40_000.0, overhead_pct=30.0)
    row = monte_carlo_tco(replace(inputs, functions=functions)).summary.iloc[0]
    assert 0.05 < row["prob_saving"] < 0.95


def test_a_model_estimate_is_drawn_log_normal_its_band_the_90_pct_interval_and_a_published_band_linearly():
    from assessments.domain import tco_montecarlo as mc

    model = dict(CELL, basis="model", low=25 / 2, high=25 * 2)
    plan = build_plan(replace(single(), rate_table=[model]))
    u = np.linspace(0.00005, 0.99995, 10000)[None, :]
    live = np.flatnonzero(~plan.is_baseline)
    drawn = mc.market_multipliers(plan, live, u, np.float64)[0]
    assert np.median(drawn) == pytest.approx(1.0, abs=0.01)  # the estimate is the median, not below it
    assert np.quantile(drawn, 0.95) == pytest.approx(2.0, rel=0.01)  # the band ÷2..x2 is the 5-95 % interval
    assert np.quantile(drawn, 0.05) == pytest.approx(0.5, rel=0.01)
    assert drawn.max() > 3.0  # no published ceiling: a rare draw lands far beyond the band
    assert np.quantile(drawn, 0.9) == pytest.approx(1 / np.quantile(drawn, 0.1), rel=0.02)  # x and ÷ alike
    published = mc.market_multipliers(build_plan(single()), live, u, np.float64)[0]  # 20-25-30 USD/h
    assert np.median(published) == pytest.approx(1.0, abs=0.01)
    assert published.min() >= 0.8 and published.max() <= 1.2
