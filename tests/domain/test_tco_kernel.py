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
    {"assumptions": {"parallel_running_months": 30}},  # parallel running over three years
    {"horizon_years": 1},  # the first year is also the last: one-offs and exit together
    {"assumptions": {"governance_pct": 0.05, "productivity_loss": 0.0}},  # fixed inputs: draws collapse
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


@settings(max_examples=25, deadline=None)
@given(function=functions_st, option=option_st, seed=st.integers(0, 2**32), horizon=st.integers(1, 10),
       currency=st.sampled_from(["USD", "EUR"]), months=st.sampled_from([0, 6, 13, 36]))
def test_kernel_matches_numpy_for_any_inputs(function, option, seed, horizon, currency, months):
    inputs = build(function, option, horizon=horizon, currency=currency,
                   assumptions={"parallel_running_months": months})
    assert_same_as_reference(inputs, seed=seed, draws=90)
