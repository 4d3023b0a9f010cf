"""pair_npv_draws: the NPV draws of chosen pairs are those of the whole Monte Carlo run (same worlds)."""

from dataclasses import replace

import numpy as np
import pytest

from assessments.domain.tco import monte_carlo_tco, pair_npv_draws
from tests.domain.test_tco import load_case


def _live_pairs(inputs):
    summary = monte_carlo_tco(inputs).summary
    return summary, [(f, o) for f, o, mean in summary[["function_id", "option_id", "npv_mean"]]
                     .itertuples(index=False, name=None) if mean != 0]  # fmt: skip


def test_pair_draws_match_the_runs_mean_and_percentiles():
    inputs, _ = load_case("tco_case_1.json")
    inputs = replace(inputs, draws=2_000)
    summary, pairs = _live_pairs(inputs)
    draws = pair_npv_draws(inputs, pairs[:2])
    assert set(draws) == set(pairs[:2])
    for (f, o), values in draws.items():
        row = summary[(summary.function_id == f) & (summary.option_id == o)].iloc[0]
        assert len(values) == 2_000
        assert values.mean() == pytest.approx(row.npv_mean, rel=1e-5)
        assert np.quantile(values, 0.5) == pytest.approx(row.npv_p50, rel=1e-4)


def test_a_pair_has_the_same_draws_whichever_other_pairs_are_asked_for():
    inputs, _ = load_case("tco_case_1.json")
    inputs = replace(inputs, draws=500)
    _, pairs = _live_pairs(inputs)
    alone = pair_npv_draws(inputs, pairs[:1])[pairs[0]]
    together = pair_npv_draws(inputs, pairs)[pairs[0]]
    np.testing.assert_array_equal(alone, together)


def test_a_pair_the_inputs_cannot_cost_is_named():
    inputs, _ = load_case("tco_case_1.json")
    with pytest.raises(ValueError, match="pairs"):
        pair_npv_draws(replace(inputs, draws=100), [("no-such-function", "no-such-option")])
