"""The Monte Carlo's per-draw arithmetic written with plain numpy arrays: the reference the compiled kernel must match.

The same random numbers and the same IEEE operations in the same order as the numba kernel
(assessments/domain/tco_draw_kernel.py), on whole arrays of (pairs, draws) a year at a time.
test_tco_kernel.py checks that both give the same figures to the last bit.
"""

import numpy as np

from assessments.domain.tco_kernel import PRODUCTIVITY_YEARS, discount_factors
from assessments.domain.tco_montecarlo import (
    DRAW_DTYPE,
    MARKET_DRIVER,
    _bands,
    _cumulative_bands,
    _log_fx_walk,
    _quantiles_of_sorted,
    _tornado_settings,
    country_uniforms,
    draw_value,
    fx_normals,
    market_multipliers,
    market_uniforms,
    pair_uniforms,
    triangular,
)


def iter_option_costs(*, inhouse, share, base, gshare, productivity, overrun, wage_location, fx, provider_const,
                      floor, parallel_months, one_time_home, one_time_overrun_pct, exit_pct, contract_years):
    """Option cost of pairs of ONE function over many draws, one year at a time: yields (pairs, draws)."""
    years = inhouse.shape[0]
    running = base.copy()
    growth = 1 + wage_location
    months = parallel_months[:, None] * overrun
    parallel_years = min(years, int(np.ceil(float(months.max(initial=0.0)) / 12)))
    every = np.maximum(contract_years.astype(np.int64), 1)
    for t in range(years):
        if t:
            running *= growth
        w = running * productivity if t < PRODUCTIVITY_YEARS else running
        fx_t = fx[:, t]
        cost = w * fx_t * provider_const[:, None]
        cost += np.maximum(gshare * w, floor[:, None] * inhouse[t])
        cost += inhouse[t] * (1 - share)[:, None]
        if t < parallel_years:
            idle = np.clip(months - 12 * t, 0, 12) / 12
            cost += idle * (share[:, None] * inhouse[t])
        if t == 0:
            cost += base * (one_time_overrun_pct[:, None] * overrun) + one_time_home[:, None]
        ends = (exit_pct != 0) & (((t + 1) % every == 0) | (t == years - 1))
        if ends.any():
            cost[ends] += exit_pct[ends, None] * (running[ends] * fx_t[ends])
        yield cost


def _pair_values(plan, f, idx, u_pair, u_market, u_countries, wage_home, fx_paths, dtype) -> dict:
    d = plan.drawn[plan.function_ids[f]]
    cast = lambda a: np.asarray(a, dtype=dtype)  # noqa: E731
    spread = cast(plan.rate_spread[idx])[:, None]
    deal = triangular(u_pair[:, 0], 1 - spread, cast(1.0), 1 + spread)
    market = market_multipliers(plan, idx, u_market, dtype)  # the kernel's input too (numpy, shared)
    base = deal * market * cast(plan.fee_year1[idx])[:, None]
    gshare = cast(draw_value("governance_pct", u_pair[:, 2], *d["governance_pct"]))
    gshare = gshare * cast(plan.governance_factor[idx])[:, None]
    countries, row_of = np.unique(plan.location_country[idx], return_inverse=True)
    by_country = cast(draw_value("wage_inflation_location", u_countries[countries], *d["wage_inflation_location"]))
    by_country[countries == plan.home_country[f]] = wage_home
    return {
        "share": cast(plan.share[idx]), "base": base, "gshare": gshare,
        "productivity": 1 + cast(draw_value("productivity_loss", u_pair[:, 1], *d["productivity_loss"])),
        "overrun": cast(draw_value("transition_overrun", u_pair[:, 3], *d["transition_overrun"])),
        "wage_location": by_country[row_of], "fx": fx_paths[plan.fx_index[idx]],
        "provider_const": cast(1 + plan.travel_pct[idx] + plan.relearning_pct[idx] - plan.tax_credit_pct[idx]),
        "floor": cast(plan.governance_floor[idx]), "parallel_months": cast(plan.parallel_months[idx]),
        "one_time_home": cast(plan.one_time_home[idx]), "one_time_overrun_pct": cast(plan.one_time_overrun_pct[idx]),
        "exit_pct": cast(plan.exit_pct[idx]), "contract_years": plan.contract_years[idx],
    }


def _function_values(plan, f, u_home, log_fx_by_currency, n, dtype):
    d = plan.drawn[plan.function_ids[f]]
    wage_home = np.asarray(draw_value("wage_inflation_home", u_home, *d["wage_inflation_home"]), dtype=dtype)
    k = np.arange(plan.horizon, dtype=dtype)[:, None]
    inhouse = np.exp(k * np.log1p(wage_home)[None, :])
    inhouse *= dtype(plan.inhouse_year1[f])
    fx_paths = np.ones((len(plan.fx_currencies), plan.horizon, n), dtype=dtype)
    for c, log_fx in enumerate(log_fx_by_currency, start=1):
        fx_paths[c] = np.exp(log_fx).astype(dtype, copy=False)
    return wage_home, inhouse, fx_paths


def _npv_and_totals(values, beta, pv_inhouse, keep):
    years = values["inhouse"].shape[0]
    npv, totals = None, None
    for t, cost in enumerate(iter_option_costs(**values)):
        if totals is None:
            totals = np.empty((cost.shape[0], years, keep), dtype=cost.dtype)
            totals[:, 0] = cost[:, :keep]
        else:
            np.add(totals[:, t - 1], cost[:, :keep], out=totals[:, t])
        cost *= beta[t]
        if npv is None:
            npv = cost.copy()
        else:
            npv += cost
    np.subtract(pv_inhouse, npv, out=npv)
    return npv, totals


def _tornado(plan, f, idx, beta64):
    u, z = _tornado_settings()
    n = u.shape[1]
    sigma = plan.drawn[plan.function_ids[f]]["fx_volatility"]
    log_fx = sigma * np.sqrt(np.arange(plan.horizon))[:, None] * z[None, :]
    wage_home, inhouse, fx_paths = _function_values(plan, f, u[4], [log_fx] * (len(plan.fx_currencies) - 1), n,
                                                    np.float64)
    u_pair = np.broadcast_to(u[:4][None], (len(idx), 4, n))
    u_market = np.broadcast_to(u[MARKET_DRIVER][None], (max(len(plan.markets), 1), n))
    u_countries = np.broadcast_to(u[5][None], (len(plan.countries), n))
    v = _pair_values(plan, f, idx, u_pair, u_market, u_countries, wage_home, fx_paths, np.float64)
    npv, _ = _npv_and_totals(dict(v, inhouse=inhouse), beta64, beta64 @ inhouse, 1)
    return npv


def reference_monte_carlo(plan, *, seed: int, draws: int, band_draws: int | None) -> dict:
    """What run_monte_carlo returns, computed the numpy way: one function at a time, all its pairs at once."""
    years, bands_n = plan.horizon, min(band_draws or draws, draws)
    beta, beta64 = discount_factors(plan.discount_rate, years, DRAW_DTYPE), discount_factors(plan.discount_rate, years)
    u_countries = np.stack([country_uniforms(seed, c, draws) for c in plan.countries])
    u_market = (np.stack([market_uniforms(seed, loc, draws) for loc in plan.markets]) if plan.markets
                else np.zeros((1, draws), dtype=DRAW_DTYPE))  # fmt: skip
    z_fx = [fx_normals(seed, c, years, draws) for c in plan.fx_currencies[1:]]
    n_pairs = len(plan.pair_function)
    out = {"npv_q": np.zeros((n_pairs, 3)), "npv_mean": np.zeros(n_pairs), "prob_saving": np.zeros(n_pairs),
           "option_bands": np.zeros((n_pairs, years, 3)), "inhouse_bands": np.zeros((n_pairs, years, 3)),
           "tornado": np.zeros((n_pairs, 1 + 2 * len(_tornado_settings()[0])))}
    for f in np.unique(plan.pair_function):
        fid = plan.function_ids[f]
        pairs_f = np.flatnonzero(plan.pair_function == f)
        log_fx = [_log_fx_walk(plan, f, z, DRAW_DTYPE) for z in z_fx]
        wage_home, inhouse, fx_paths = _function_values(plan, f, u_countries[plan.home_country[f]], log_fx, draws,
                                                        DRAW_DTYPE)
        out["inhouse_bands"][pairs_f] = _cumulative_bands(inhouse, bands_n)
        base = pairs_f[plan.is_baseline[pairs_f]]
        out["option_bands"][base] = out["inhouse_bands"][base]
        idx = pairs_f[~plan.is_baseline[pairs_f]]
        if not idx.size:
            continue
        u_pair = np.stack([pair_uniforms(seed, fid, plan.option_ids[plan.pair_option[p]], draws) for p in idx])
        v = _pair_values(plan, f, idx, u_pair, u_market, u_countries, wage_home, fx_paths, DRAW_DTYPE)
        npv, totals = _npv_and_totals(dict(v, inhouse=inhouse), beta, beta @ inhouse, bands_n)
        out["npv_mean"][idx] = npv.mean(axis=1, dtype=np.float64)
        out["prob_saving"][idx] = (npv > 0).mean(axis=1)
        npv.sort(axis=1)
        out["npv_q"][idx] = _quantiles_of_sorted(npv)
        out["option_bands"][idx] = _bands(totals)
        out["tornado"][idx] = _tornado(plan, f, idx, beta64)
    return out
