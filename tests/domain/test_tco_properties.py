"""Properties of the TCO model that must hold for any inputs (hypothesis; few draws, so it runs in seconds)."""

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import assessments.domain.tco_montecarlo as montecarlo
from assessments.domain.tco import TcoInputs, deterministic_tco, monte_carlo_tco

FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
NO_TRANSITION = {"parallel_running_months": 0, "severance_months": 0, "vendor_selection_pct": 0,
                 "transition_fee_pct": 0, "captive_setup_pct": 0, "exit_cost_pct": 0, "governance_min_fte": 0,
                 "provider_attrition": 0}

money = st.floats(min_value=0, max_value=2e6, allow_nan=False)
functions_st = st.fixed_dictionaries({
    "fte": st.floats(min_value=0.5, max_value=500),
    "salary_per_fte": st.floats(min_value=1_000, max_value=300_000),
    "overhead_pct": st.floats(min_value=0, max_value=80),
    "facilities_cost": money,
    "it_cost": money,
})
option_st = st.fixed_dictionaries({
    "engagement": st.sampled_from(["co-sourcing", "selective", "total", "captive"]),
    "share_outsourced": st.floats(min_value=0.05, max_value=1),
    "rate": st.floats(min_value=2, max_value=200),  # USD per hour
    "basis": st.sampled_from(["rate_book", "model", "quote"]),
    "sourcing_model": st.sampled_from(["nearshore", "offshore"]),
    "family": st.sampled_from(["it_appdev", "bpo_voice", "kpo_legal"]),
})


def build(function: dict, option: dict, *, horizon=5, discount=0.08, assumptions=None, draws=60, seed=0,
          currency="USD") -> TcoInputs:
    functions = pd.DataFrame([dict(function, home_iso2="US", home_tax_rate_pct=25.0,
                                   rate_family=option.get("family", "it_appdev"))],
                             index=pd.Index(["f1"], name="function_id"))
    onshore = option["sourcing_model"] == "onshore"
    location = "US" if onshore else "IN"
    options = pd.DataFrame([
        {"engagement": "in-house", "share_outsourced": 0.0, "location": None, "sourcing_model": None,
         "tax_rate_pct": np.nan},
        {"engagement": option["engagement"], "share_outsourced": option["share_outsourced"], "location": location,
         "sourcing_model": option["sourcing_model"], "tax_rate_pct": 20.0},
    ], index=pd.Index(["base", "opt"], name="option_id"))
    rate, basis = option["rate"], option.get("basis", "rate_book")
    table = [{"location": location, "family": option.get("family", "it_appdev"), "low": rate * 0.7, "typical": rate,
              "high": rate * 1.4, "currency": "USD", "basis": "model" if basis == "model" else "rate_book",
              "source": "test", "year": "2026"}]
    quotes = [] if basis != "quote" else [
        {"quote_id": 1, "function_id": "f1", "location": location, "engagement": option["engagement"],
         "unit": "hourly", "amount": rate, "currency": "USD", "quote_date": "2026-01-01"}]
    return TcoInputs(functions=functions, options=options, horizon_years=horizon, discount_rate=discount,
                     assumptions=assumptions or {}, draws=draws, seed=seed, currency=currency,
                     fx_rate_usd_to_currency=1.0 if currency == "USD" else 0.9, rate_table=table, quotes=quotes)


def option_row(result):
    return result.summary.set_index("option_id").loc["opt"]


@FAST
@given(function=functions_st, share=st.floats(min_value=0.05, max_value=1), growth=st.floats(0, 0.1),
       horizon=st.integers(1, 10), discount=st.floats(0, 0.3))
def test_equal_costs_and_no_transition_give_zero_savings(function, share, growth, horizon, discount):
    """An onshore provider charging exactly the in-house loaded cost, with every overhead and one-off at 0."""
    hours = 1800.0
    loaded = (function["fte"] * function["salary_per_fte"] * (1 + function["overhead_pct"] / 100)
              + function["facilities_cost"] + function["it_cost"]) / (function["fte"] * hours)
    option = {"engagement": "selective", "share_outsourced": share, "rate": loaded, "basis": "rate_book",
              "sourcing_model": "onshore"}
    assumptions = NO_TRANSITION | {"productivity_loss": 0, "governance_pct": 0, "hours_per_fte": hours,
                                   "travel_pct_onshore": 0, "wage_inflation_home": growth,
                                   "wage_inflation_location": growth}
    result = deterministic_tco(build(function, option, horizon=horizon, discount=discount, assumptions=assumptions))
    scale = result.yearly["inhouse_cost"].max()
    assert np.abs(result.yearly["savings"]).max() <= 1e-9 * scale
    assert abs(option_row(result)["npv_savings"]) <= 1e-9 * scale * horizon


@FAST
@given(function=functions_st, option=option_st, low=st.floats(0, 0.25), step=st.floats(0.001, 0.5),
       horizon=st.integers(1, 10))
def test_higher_discount_rate_shrinks_npv_when_every_year_saves_or_every_year_loses(
        function, option, low, step, horizon):
    """Discounting harder shrinks each term toward 0; |NPV| falls when the terms share one sign.

    (With savings of mixed sign, e.g. a transition loss then gains, |NPV| can grow: the property
    only holds for same-sign years, which the test ensures.)
    """
    inputs = build(function, option, horizon=horizon, discount=low, assumptions=NO_TRANSITION)
    savings = deterministic_tco(inputs).yearly.query("option_id == 'opt'")["savings"].to_numpy()
    assume((savings >= 0).all() or (savings <= 0).all())
    npv_low = option_row(deterministic_tco(inputs))["npv_savings"]
    npv_high = option_row(deterministic_tco(replace(inputs, discount_rate=min(low + step, 1.0))))["npv_savings"]
    assert abs(npv_high) <= abs(npv_low) * (1 + 1e-12)


@FAST
@given(function=functions_st, option=option_st, extra=st.floats(0.0, 1.5), months=st.integers(0, 12),
       horizon=st.integers(1, 10))
def test_more_transition_cost_never_brings_break_even_earlier(function, option, extra, months, horizon):
    base_assumptions = {"parallel_running_months": months, "transition_fee_pct": 0.0}
    before = option_row(deterministic_tco(build(function, option, horizon=horizon, assumptions=base_assumptions)))
    after = option_row(deterministic_tco(build(function, option, horizon=horizon,
                                               assumptions=base_assumptions | {"transition_fee_pct": extra})))
    assert after["total_transition_cost"] >= before["total_transition_cost"]
    month_before = np.inf if pd.isna(before["breakeven_month"]) else before["breakeven_month"]
    month_after = np.inf if pd.isna(after["breakeven_month"]) else after["breakeven_month"]
    assert month_after >= month_before


@FAST
@given(function=functions_st, option=option_st, months=st.integers(1, 24), fee=st.floats(0.01, 1.5),
       horizon=st.integers(1, 10))
def test_no_break_even_while_running_in_parallel_with_a_one_time_cost(function, option, months, fee, horizon):
    """Double running (own staff and provider both paid) loses money each month, so one-offs wait for its end."""
    assumptions = {"parallel_running_months": months, "transition_fee_pct": fee, "transition_overrun": 1.0}
    row = option_row(deterministic_tco(build(function, option, horizon=horizon, assumptions=assumptions)))
    assert pd.isna(row["breakeven_month"]) or row["breakeven_month"] > months


@settings(max_examples=15, deadline=None)
@given(function=functions_st, option=option_st, seed=st.integers(0, 2**32), currency=st.sampled_from(["USD", "EUR"]))
def test_monte_carlo_with_the_same_seed_gives_the_same_p50(function, option, seed, currency):
    inputs = build(function, option, seed=seed, draws=40, currency=currency)
    first, second = monte_carlo_tco(inputs), monte_carlo_tco(inputs)
    pd.testing.assert_frame_equal(first.summary, second.summary)
    pd.testing.assert_frame_equal(first.bands, second.bands)


@settings(max_examples=20, deadline=None)
@given(function=functions_st, option=option_st, seed=st.integers(0, 2**32), horizon=st.integers(1, 10),
       currency=st.sampled_from(["USD", "EUR"]))
def test_percentiles_are_ordered(function, option, seed, horizon, currency):
    result = monte_carlo_tco(build(function, option, seed=seed, horizon=horizon, draws=50, currency=currency))
    row = option_row(result)
    assert row["npv_p10"] <= row["npv_p50"] <= row["npv_p90"]
    assert 0 <= row["prob_saving"] <= 1
    bands = result.bands
    for prefix in ("inhouse", "option"):
        assert (bands[f"{prefix}_p10"] <= bands[f"{prefix}_p50"] + 1e-6).all()
        assert (bands[f"{prefix}_p50"] <= bands[f"{prefix}_p90"] + 1e-6).all()
    assert (result.drivers["swing"] >= 0).all()


@pytest.mark.parametrize("chunk", [1, 150, 10_000_000])
def test_chunk_size_does_not_change_results(monkeypatch, chunk):
    """Chunks of pairs (down to one pair at a time) give the same figures as one big chunk."""
    option = {"engagement": "total", "share_outsourced": 1.0, "rate": 20.0, "basis": "model",
              "sourcing_model": "offshore"}
    function = {"fte": 12, "salary_per_fte": 70_000, "overhead_pct": 25, "facilities_cost": 50_000, "it_cost": 30_000}
    inputs = build(function, option, draws=100, seed=3, currency="EUR")
    options = pd.concat([inputs.options, inputs.options.loc[["opt"]].rename(index={"opt": "opt2"})])
    inputs = replace(inputs, options=options)
    reference = monte_carlo_tco(inputs)
    monkeypatch.setattr(montecarlo, "CHUNK_ELEMENTS", chunk)
    chunked = monte_carlo_tco(inputs)
    pd.testing.assert_frame_equal(reference.summary, chunked.summary)
    pd.testing.assert_frame_equal(reference.bands, chunked.bands)
