"""The compiled Monte Carlo kernel gives the same figures as the plain numpy formulation, to the last bit.

Both run the same IEEE operations in the same order (numba compiles without fastmath: no
reassociation, no fused multiply-add), so equality is exact, not approximate.
"""

from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assessments.domain.tco_inputs import build_plan
from assessments.domain.tco_montecarlo import run_monte_carlo
from tests.domain.tco_numpy_reference import reference_monte_carlo
from tests.domain.test_tco import load_case
from tests.domain.test_tco_properties import build, functions_st, option_st

OUTPUTS = ("npv_q", "npv_mean", "prob_saving", "option_bands", "inhouse_bands", "tornado")


def assert_same_as_reference(inputs, *, seed=11, draws=700, band_draws=None):
    plan = build_plan(inputs)
    compiled = run_monte_carlo(plan, seed=seed, draws=draws, band_draws=band_draws)
    reference = reference_monte_carlo(plan, seed=seed, draws=draws, band_draws=band_draws)
    for name in OUTPUTS:
        np.testing.assert_array_equal(compiled[name], reference[name], err_msg=name)


@pytest.mark.parametrize("changes", [
    {},
    {"currency": "EUR", "fx_rate_usd_to_currency": 0.9},  # the exchange-rate walk applies offshore
    {"assumptions": {"parallel_running_months": 30}},  # double running over three years
    {"horizon_years": 1},  # the first year is also the last: one-offs and exit together
    {"assumptions": {"governance_pct": 0.05, "productivity_loss": 0.0}},  # fixed inputs: draws collapse
    {"horizon_years": 10, "assumptions": {"contract_years": 3}},  # re-sourcing in years 3, 6, 9 and 10
    {"currency": "KRW", "fx_per_usd": {"KRW": 1306.7637, "EUR": 1 / 1.0817}},  # two foreign currencies
])
@pytest.mark.parametrize("case", ["tco_case_1.json", "tco_case_2.json"])
def test_kernel_matches_numpy_on_the_worked_cases(case, changes):
    inputs, _ = load_case(case)
    assumptions = dict(inputs.assumptions, **changes.pop("assumptions", {}))
    assert_same_as_reference(replace(inputs, assumptions=assumptions, **changes), band_draws=300)


def test_kernel_matches_numpy_across_blocks_of_draws():
    """More draws than a block (512) and bands from a count that ends inside a block."""
    inputs, _ = load_case("tco_case_2.json")
    assert_same_as_reference(replace(inputs, currency="EUR", fx_rate_usd_to_currency=0.9), draws=1_300,
                             band_draws=700)


def test_kernel_matches_numpy_when_the_retained_organisation_floor_binds_in_some_draws():
    """Governance as a share of spend in some draws and at its floor in others: max() picks per draw."""
    inputs, _ = load_case("tco_case_1.json")
    assumptions = dict(inputs.assumptions, governance_pct={"value": 0.08, "low": 0.03, "high": 0.15},
                       governance_min_fte=0.7)
    assert_same_as_reference(replace(inputs, assumptions=assumptions), draws=600)


@settings(max_examples=25, deadline=None)
@given(function=functions_st, option=option_st, seed=st.integers(0, 2**32), horizon=st.integers(1, 10),
       currency=st.sampled_from(["USD", "EUR"]), months=st.sampled_from([0, 6, 13, 36]),
       contract=st.sampled_from([1, 2, 5]))
def test_kernel_matches_numpy_for_any_inputs(function, option, seed, horizon, currency, months, contract):
    inputs = build(function, option, horizon=horizon, currency=currency,
                   assumptions={"parallel_running_months": months, "contract_years": contract})
    assert_same_as_reference(inputs, seed=seed, draws=90)
