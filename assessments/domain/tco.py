"""Total cost of ownership: in-house against each outsourcing option, deterministic and Monte Carlo.

Pure: numpy and pandas only, no Django. Formulas, defaults and sources: docs/tco.md.

Public API (names are stable; services and tasks call only these):

    TcoInputs(functions, options, horizon_years=5, discount_rate=0.08, fx_rate_usd_to_currency=1.0,
              assumptions={}, function_overrides={}, seed=0, draws=10_000, pairs=None,
              currency="USD", band_draws=2_000, rate_table=None, quotes=None, fx_per_usd={})
    deterministic_tco(inputs: TcoInputs) -> DeterministicResult
        .yearly   one row per (function_id, option_id, year): inhouse_cost, option_cost, savings,
                  cumulative_savings and the option-cost components (retained_cost,
                  parallel_running_cost, provider_fees, governance_cost, travel_cost, relearning_cost,
                  tax_effect, one_time_cost, exit_cost; they add up to option_cost)
        .summary  one row per pair: npv_savings, breakeven_month (Int64, <NA> if never within the
                  horizon or for the baseline), total_transition_cost, one_time_cost,
                  parallel_running_cost, total_inhouse_cost, total_option_cost, total_savings,
                  vendor_rate_basis ('quote' | 'rate_book' | 'model' | 'none'), hourly_rate
                  (currency), hourly_rate_usd, rate_low, rate_high, rate_currency, rate_original,
                  rate_source, rate_year, quote_id, onsite_share, severance_months, severance_rule,
                  severance_cost, provider_attrition, relearning_pct, fx_currency, rate_note (one
                  plain sentence on the rate's basis), fx_exposed, saving_pct (NPV of savings over the
                  present value of the in-house cost of the share moved)
        .assumptions_used  {function_id: {name: {value, low, high, distribution, unit, source,
                  year, note, bounds, origin}}}
    monte_carlo_tco(inputs: TcoInputs, progress: Callable[[float], None] | None = None) -> MonteCarloResult
        .summary  per pair: npv_p10, npv_p50, npv_p90, npv_mean, prob_saving (share of draws with
                  NPV > 0), top_driver
        .bands    per pair and year: cumulative inhouse_p10/p50/p90 and option_p10/p50/p90
        .drivers  per pair and input: npv_at_p10, npv_at_p90, swing, rank (tornado)
        .drivers_overall  per input: total_swing over all pairs, pairs_where_top, rank
        .assumptions_used, .draws, .seed, .band_draws
    pair_npv_draws(inputs: TcoInputs, pairs) -> {(function_id, option_id): np.ndarray}
        the NPV draws of the given pairs, exactly those of monte_carlo_tco with the same inputs
        (same seed and stream keys: draw i is the same world for every pair), for summing a portfolio
    resolve_assumptions(assumptions, function_overrides, function_ids) -> dict
    DEFAULT_ASSUMPTIONS  name -> {value, low, high, distribution, unit, source, year, note, bounds}

`progress` is called with the finished share (0..1) after each chunk of pairs. Every invalid
input raises ValueError naming the field or the assumption.
"""

from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from .tco_assumptions import DEFAULT_ASSUMPTIONS, resolve_assumptions
from .tco_inputs import TcoInputs, build_plan
from .tco_kernel import COMPONENTS, breakeven_months, deterministic_components, discount_factors
from .tco_montecarlo import DRIVERS, run_monte_carlo

# Raised whenever a change alters what the model computes for the same inputs, so stored runs
# are not reused across it; each run stores the version that made it. 2: break-even counted month by
# month through parallel running. 3: rate book, quotes and exchange rates; double running; severance
# by country; retained organisation with a floor; relearning; re-sourcing per contract; market draws.
TCO_MODEL_VERSION = 3

__all__ = [
    "DEFAULT_ASSUMPTIONS",
    "DeterministicResult",
    "MonteCarloResult",
    "TcoInputs",
    "deterministic_tco",
    "monte_carlo_tco",
    "pair_npv_draws",
    "resolve_assumptions",
]


@dataclass(frozen=True, eq=False)
class DeterministicResult:
    yearly: pd.DataFrame
    summary: pd.DataFrame
    assumptions_used: dict


@dataclass(frozen=True, eq=False)
class MonteCarloResult:
    summary: pd.DataFrame
    bands: pd.DataFrame
    drivers: pd.DataFrame
    drivers_overall: pd.DataFrame
    assumptions_used: dict
    draws: int
    seed: int
    band_draws: int


def _value_columns(plan) -> dict[str, np.ndarray]:
    """Each pair's deterministic values of the drawn assumptions (its function's `value`)."""
    def per_pair(name):
        return np.array([plan.drawn[plan.function_ids[f]][name][0] for f in plan.pair_function])

    home = per_pair("wage_inflation_home")
    at_home = plan.location_country == plan.home_country[plan.pair_function]
    return {
        "wage_home": home,
        "wage_location": np.where(at_home, home, per_pair("wage_inflation_location")),
        "productivity_loss": per_pair("productivity_loss"),
        "governance_pct": per_pair("governance_pct"),
        "transition_overrun": per_pair("transition_overrun"),
    }


def deterministic_tco(inputs: TcoInputs) -> DeterministicResult:
    """Yearly costs, savings, NPV and break-even per (function, option) at the assumption values."""
    plan = build_plan(inputs)
    parts = deterministic_components(plan, _value_columns(plan))
    inhouse = parts.pop("inhouse_cost")
    parallel_months = parts.pop("parallel_months")
    option = sum(parts[name] for name in COMPONENTS)
    savings = inhouse - option
    n_pairs, years = savings.shape
    ids = plan.details[["function_id", "option_id"]]
    yearly = ids.loc[ids.index.repeat(years)].reset_index(drop=True)
    yearly["year"] = np.tile(np.arange(1, years + 1), n_pairs)
    yearly["inhouse_cost"] = inhouse.ravel()
    yearly["option_cost"] = option.ravel()
    yearly["savings"] = savings.ravel()
    yearly["cumulative_savings"] = np.cumsum(savings, axis=1).ravel()
    for name in COMPONENTS:
        yearly[name] = parts[name].ravel()

    breakeven = breakeven_months(savings, one_time=parts["one_time_cost"], exit_cost=parts["exit_cost"],
                                 parallel_cost=parts["parallel_running_cost"], parallel_months=parallel_months)
    breakeven[plan.is_baseline] = np.nan
    summary = plan.details.copy()
    beta = discount_factors(plan.discount_rate, years)
    summary["npv_savings"] = savings @ beta
    moved = (inhouse @ beta) * plan.share
    summary["saving_pct"] = np.divide(summary["npv_savings"].to_numpy(), moved, out=np.full(n_pairs, np.nan),
                                      where=moved > 0)
    summary["breakeven_month"] = pd.array(
        [None if np.isnan(m) else int(m) for m in breakeven], dtype="Int64")
    summary["one_time_cost"] = parts["one_time_cost"].sum(axis=1)
    summary["parallel_running_cost"] = parts["parallel_running_cost"].sum(axis=1)
    summary["total_transition_cost"] = summary["one_time_cost"] + summary["parallel_running_cost"]
    summary["total_inhouse_cost"] = inhouse.sum(axis=1)
    summary["total_option_cost"] = option.sum(axis=1)
    summary["total_savings"] = savings.sum(axis=1)
    summary["fx_exposed"] = plan.fx_exposed
    return DeterministicResult(yearly=yearly, summary=summary, assumptions_used=plan.assumptions_used)


def monte_carlo_tco(inputs: TcoInputs, progress: Callable[[float], None] | None = None) -> MonteCarloResult:
    """NPV percentiles, probability of saving, cost bands per year and the input that drives the spread."""
    plan = build_plan(inputs)
    out = run_monte_carlo(plan, seed=int(inputs.seed), draws=int(inputs.draws), band_draws=inputs.band_draws,
                          progress=progress)
    ids = plan.details[["function_id", "option_id"]].reset_index(drop=True)
    n_pairs, years = len(ids), plan.horizon

    tornado = out["tornado"]
    at_low, at_high = tornado[:, 1::2], tornado[:, 2::2]
    swing = np.abs(at_high - at_low)
    # Summation order in BLAS differs by column, so an input with no effect can show ~1e-10.
    swing[swing <= 1e-9 * (np.abs(tornado[:, :1]) + 1.0)] = 0.0
    drivers = ids.loc[ids.index.repeat(len(DRIVERS))].reset_index(drop=True)
    drivers["input"] = np.tile(DRIVERS, n_pairs)
    drivers["npv_at_median"] = np.repeat(tornado[:, 0], len(DRIVERS))
    drivers["npv_at_p10"] = at_low.ravel()
    drivers["npv_at_p90"] = at_high.ravel()
    drivers["swing"] = swing.ravel()
    drivers["rank"] = drivers.groupby(["function_id", "option_id"], sort=False)["swing"].rank(
        ascending=False, method="first").astype(int)
    top = np.where(swing.max(axis=1) > 0, np.asarray(DRIVERS, dtype=object)[swing.argmax(axis=1)], None)

    summary = ids.copy()
    for i, q in enumerate(("p10", "p50", "p90")):
        summary[f"npv_{q}"] = out["npv_q"][:, i]
    summary["npv_mean"] = out["npv_mean"]
    summary["prob_saving"] = out["prob_saving"]
    summary["top_driver"] = top

    bands = ids.loc[ids.index.repeat(years)].reset_index(drop=True)
    bands["year"] = np.tile(np.arange(1, years + 1), n_pairs)
    for i, q in enumerate(("p10", "p50", "p90")):
        bands[f"inhouse_{q}"] = out["inhouse_bands"][:, :, i].ravel()
        bands[f"option_{q}"] = out["option_bands"][:, :, i].ravel()

    overall = pd.DataFrame({
        "input": DRIVERS,
        "total_swing": swing.sum(axis=0),
        "pairs_where_top": [int((top == name).sum()) for name in DRIVERS],
    }).sort_values("total_swing", ascending=False, kind="stable").reset_index(drop=True)
    overall["rank"] = np.arange(1, len(overall) + 1)
    return MonteCarloResult(summary=summary, bands=bands, drivers=drivers, drivers_overall=overall,
                            assumptions_used=plan.assumptions_used, draws=int(inputs.draws),
                            seed=int(inputs.seed), band_draws=out["band_draws"])


def pair_npv_draws(inputs: TcoInputs, pairs) -> dict[tuple, np.ndarray]:
    """NPV-of-savings draws of each (function_id, option_id) pair, from the run these inputs describe.

    Only the given pairs are computed, yet their draws are those of the whole run: every random stream is
    keyed by the seed and the pair's, country's, currency's or location's own id (tco_montecarlo.py), so
    draw i is the same world for every pair and a portfolio's draw i is the sum of its pairs' draws i.
    A pair the inputs do not know raises ValueError naming `pairs`.
    """
    wanted = list(dict.fromkeys((f, o) for f, o in pairs))
    if not wanted:
        return {}
    restricted = replace(inputs, pairs=pd.DataFrame(wanted, columns=["function_id", "option_id"]))
    plan = build_plan(restricted)
    out = run_monte_carlo(plan, seed=int(inputs.seed), draws=int(inputs.draws), band_draws=1, keep_draws=True)
    ids = list(plan.details[["function_id", "option_id"]].itertuples(index=False, name=None))
    return {pair: out["npv_draws"][i].astype(np.float64) for i, pair in enumerate(ids)}
