"""The Monte Carlo's per-draw arithmetic written with plain numpy arrays: the reference the compiled kernel must match.

This is the formulation the model used before the numba kernel (assessments/domain/tco_draw_kernel.py):
the same random numbers, the same operations in the same order, whole arrays of (pairs, draws) a
year at a time. test_tco_kernel.py checks that both give the same figures to the last bit.
"""

import numpy as np

from assessments.domain.tco_kernel import PRODUCTIVITY_YEARS, discount_factors
from assessments.domain.tco_montecarlo import (
    DRAW_DTYPE,
    DRIVERS,
    Z90,
    _bands,
    _cumulative_bands,
    _log_fx_walk,
    _quantiles_of_sorted,
    country_uniforms,
    draw_value,
    fx_normals,
    pair_uniforms,
    triangular,
)


def iter_option_costs(*, inhouse, share, fee, rate_mult, productivity_loss, provider_factor, overrun,
                      wage_location, fx_path, fx_exposed, parallel_months, one_time_fixed_pct,
                      one_time_overrun_pct, exit_pct):
    """Option cost of pairs of ONE function over many draws, one year at a time: yields (pairs, draws)."""
    years = inhouse.shape[0]
    base = np.multiply(rate_mult, fee[:, None])
    running = base * provider_factor
    growth, productivity = 1 + wage_location, 1 + productivity_loss
    months = parallel_months[:, None] * overrun
    parallel_years = min(years, int(np.ceil(float(months.max(initial=0.0)) / 12)))
    exposed = np.flatnonzero(fx_exposed)
    partial = np.flatnonzero(share < 1)
    slab, row = np.empty_like(running), np.empty_like(inhouse[0])
    for t in range(years):
        if t:
            running *= growth
        if t and exposed.size == len(share):
            np.multiply(running, fx_path[t], out=slab)
        else:
            slab[...] = running
            if t and exposed.size:
                slab[exposed] *= fx_path[t]
        exit_cost = exit_pct[:, None] * slab / provider_factor if t == years - 1 and exit_pct.any() else None
        if t < PRODUCTIVITY_YEARS:
            slab *= productivity
        if t < parallel_years:
            idle = np.clip(months - 12 * t, 0, 12) / 12
            slab += idle * (share[:, None] * inhouse[t] - slab)
        for p in partial:
            slab[p] += np.multiply(inhouse[t], 1 - share[p], out=row)
        if t == 0:
            slab += base * (one_time_fixed_pct[:, None] + one_time_overrun_pct[:, None] * overrun)
        if exit_cost is not None:
            slab += exit_cost
        yield slab


def _function_values(plan, f, u_home, log_fx, dtype):
    d = plan.drawn[plan.function_ids[f]]
    wage_home = np.asarray(draw_value("wage_inflation_home", u_home, *d["wage_inflation_home"]), dtype=dtype)
    k = np.arange(plan.horizon, dtype=dtype)[:, None]
    inhouse = np.exp(k * np.log1p(wage_home)[None, :])
    inhouse *= dtype(plan.inhouse_year1[f])
    return wage_home, inhouse, np.exp(log_fx).astype(dtype, copy=False)


def _pair_values(plan, f, idx, u_pair, u_countries, wage_home, dtype) -> dict:
    d = plan.drawn[plan.function_ids[f]]
    cast = lambda a: np.asarray(a, dtype=dtype)  # noqa: E731
    spread = cast(plan.rate_spread[idx])[:, None]
    rate_mult = triangular(u_pair[:, 0], 1 - spread, cast(1.0), 1 + spread)
    governance = cast(draw_value("governance_pct", u_pair[:, 2], *d["governance_pct"]))
    governance *= cast(plan.governance_factor[idx])[:, None]
    governance += cast(1 + plan.travel_pct[idx] - plan.tax_credit_pct[idx])[:, None]
    countries, row_of = np.unique(plan.location_country[idx], return_inverse=True)
    by_country = cast(draw_value("wage_inflation_location", u_countries[countries], *d["wage_inflation_location"]))
    by_country[countries == plan.home_country[f]] = wage_home
    return {
        "share": cast(plan.share[idx]), "fee": cast(plan.fee_year1[idx]), "rate_mult": rate_mult,
        "productivity_loss": cast(draw_value("productivity_loss", u_pair[:, 1], *d["productivity_loss"])),
        "provider_factor": governance,
        "overrun": cast(draw_value("transition_overrun", u_pair[:, 3], *d["transition_overrun"])),
        "wage_location": by_country[row_of], "fx_exposed": plan.fx_exposed[idx],
        "parallel_months": cast(plan.parallel_months[idx]), "one_time_fixed_pct": cast(plan.one_time_fixed_pct[idx]),
        "one_time_overrun_pct": cast(plan.one_time_overrun_pct[idx]), "exit_pct": cast(plan.exit_pct[idx]),
    }


def _npv_and_totals(kernel_inputs, beta, pv_inhouse, keep):
    years = kernel_inputs["inhouse"].shape[0]
    npv, totals = None, None
    for t, slab in enumerate(iter_option_costs(**kernel_inputs)):
        if totals is None:
            totals = np.empty((slab.shape[0], years, keep), dtype=slab.dtype)
            totals[:, 0] = slab[:, :keep]
        else:
            np.add(totals[:, t - 1], slab[:, :keep], out=totals[:, t])
        slab *= beta[t]
        if npv is None:
            npv = slab.copy()
        else:
            npv += slab
    np.subtract(pv_inhouse, npv, out=npv)
    return npv, totals


def _tornado(plan, f, idx, beta64):
    n = 1 + 2 * len(DRIVERS)
    u = np.full((len(DRIVERS), n), 0.5)
    for i in range(len(DRIVERS)):
        u[i, 1 + 2 * i], u[i, 2 + 2 * i] = 0.1, 0.9
    z = np.zeros(n)
    z[-2], z[-1] = -Z90, Z90
    sigma = plan.drawn[plan.function_ids[f]]["fx_volatility"]
    log_fx = sigma * np.sqrt(np.arange(plan.horizon))[:, None] * z[None, :]
    wage_home, inhouse, fx_path = _function_values(plan, f, u[4], log_fx, np.float64)
    u_pair = np.broadcast_to(u[:4][None], (len(idx), 4, n))
    u_countries = np.broadcast_to(u[5][None], (len(plan.countries), n))
    v = _pair_values(plan, f, idx, u_pair, u_countries, wage_home, np.float64)
    npv, _ = _npv_and_totals(dict(v, inhouse=inhouse, fx_path=fx_path), beta64, beta64 @ inhouse, 1)
    return npv


def reference_monte_carlo(plan, *, seed: int, draws: int, band_draws: int | None) -> dict:
    """What run_monte_carlo returns, computed the numpy way: one function at a time, all its pairs at once."""
    years, bands_n = plan.horizon, min(band_draws or draws, draws)
    beta, beta64 = discount_factors(plan.discount_rate, years, DRAW_DTYPE), discount_factors(plan.discount_rate, years)
    u_countries = np.stack([country_uniforms(seed, c, draws) for c in plan.countries])
    z_fx = fx_normals(seed, years, draws)
    n_pairs = len(plan.pair_function)
    out = {"npv_q": np.zeros((n_pairs, 3)), "npv_mean": np.zeros(n_pairs), "prob_saving": np.zeros(n_pairs),
           "option_bands": np.zeros((n_pairs, years, 3)), "inhouse_bands": np.zeros((n_pairs, years, 3)),
           "tornado": np.zeros((n_pairs, 1 + 2 * len(DRIVERS)))}
    for f in np.unique(plan.pair_function):
        fid = plan.function_ids[f]
        pairs_f = np.flatnonzero(plan.pair_function == f)
        log_fx = _log_fx_walk(plan, f, z_fx, DRAW_DTYPE)
        wage_home, inhouse, fx_path = _function_values(plan, f, u_countries[plan.home_country[f]], log_fx, DRAW_DTYPE)
        out["inhouse_bands"][pairs_f] = _cumulative_bands(inhouse, bands_n)
        base = pairs_f[plan.is_baseline[pairs_f]]
        out["option_bands"][base] = out["inhouse_bands"][base]
        idx = pairs_f[~plan.is_baseline[pairs_f]]
        if not idx.size:
            continue
        u_pair = np.stack([pair_uniforms(seed, fid, plan.option_ids[plan.pair_option[p]], draws) for p in idx])
        v = _pair_values(plan, f, idx, u_pair, u_countries, wage_home, DRAW_DTYPE)
        npv, totals = _npv_and_totals(dict(v, inhouse=inhouse, fx_path=fx_path), beta, beta @ inhouse, bands_n)
        out["npv_mean"][idx] = npv.mean(axis=1, dtype=np.float64)
        out["prob_saving"][idx] = (npv > 0).mean(axis=1)
        npv.sort(axis=1)
        out["npv_q"][idx] = _quantiles_of_sorted(npv)
        out["option_bands"][idx] = _bands(totals)
        out["tornado"][idx] = _tornado(plan, f, idx, beta64)
    return out
