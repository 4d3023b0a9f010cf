"""Monte Carlo over the uncertain TCO inputs, chunked per function, with a tornado of drivers. Pure: no Django.

Random numbers: every stream is numpy Generator(PCG64(SeedSequence(seed, spawn_key=key))):
- key (0, hash(function_id), hash(option_id)): 4 uniforms per draw for the pair (vendor rate,
  productivity loss, governance, transition overrun);
- key (1, hash(country)): 1 uniform per draw for that country's wage inflation (the home
  country of a function and every location share one stream per country);
- key (2,): standard normals (years - 1, draws) for the exchange-rate walk.
So a pair's figures depend only on the seed and its own ids, not on which other pairs run.
Uniforms become values by inverse CDF (triangular, uniform), so the same numbers can be
pinned at chosen quantiles for the tornado. Draw arrays are float32; the NPV is summed in
float32 and reported in float64 (Monte Carlo noise is far above float32 rounding).
"""

import hashlib
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext

import numpy as np
from numpy.random import PCG64, Generator, SeedSequence

from .tco_assumptions import DEFAULT_ASSUMPTIONS
from .tco_kernel import discount_factors, iter_option_costs

DRAW_DTYPE = np.float32
CHUNK_ELEMENTS = 1000000  # pairs x draws per chunk: ~1 MB per float32 array, stays in the CPU cache
DEFAULT_THREADS = min(2, os.cpu_count() or 1)
QUANTILES = (0.1, 0.5, 0.9)
Z90 = 1.2815515655446004  # standard normal 90th percentile
DRIVERS = ("vendor_rate", "productivity_loss", "governance_pct", "transition_overrun",
           "wage_inflation_home", "wage_inflation_location", "fx_rate")


def _key(value) -> int:
    return int.from_bytes(hashlib.blake2b(str(value).encode(), digest_size=8).digest(), "little")


def _stream(seed: int, *key: int) -> Generator:
    return Generator(PCG64(SeedSequence(seed, spawn_key=key)))


def pair_uniforms(seed: int, function_id, option_id, draws: int) -> np.ndarray:
    return _stream(seed, 0, _key(function_id), _key(option_id)).random((4, draws), dtype=DRAW_DTYPE)


def country_uniforms(seed: int, country: str, draws: int) -> np.ndarray:
    return _stream(seed, 1, _key(country)).random(draws, dtype=DRAW_DTYPE)


def fx_normals(seed: int, years: int, draws: int) -> np.ndarray:
    return _stream(seed, 2).standard_normal((max(years - 1, 0), draws), dtype=DRAW_DTYPE)


def triangular(u, low, mode, high):
    """Inverse CDF of triangular(low, mode, high), in u's dtype; collapses to `mode` when low == high."""
    u = np.asarray(u)
    low, mode, high = (np.asarray(x, dtype=u.dtype) for x in (low, mode, high))
    if low.ndim == 0 and low == high:
        return np.full(u.shape, mode, dtype=u.dtype)
    width = high - low
    left = np.multiply(u, width * (mode - low))
    np.sqrt(left, out=left)
    left += low
    right = np.subtract(1, u)
    right *= width * (high - mode)
    np.sqrt(right, out=right)
    np.subtract(high, right, out=right)
    # Below the mode's quantile the left branch is the answer and the right one lies under the
    # mode; above it the reverse. So min(left, mode) + max(right, mode) - mode picks the branch
    # without a mask (np.where on a random mask is ~20x slower than these ufuncs).
    np.minimum(left, mode, out=left)
    np.maximum(right, mode, out=right)
    right += left
    right -= mode
    return right


def draw_value(name: str, u, value, low, high):
    if DEFAULT_ASSUMPTIONS[name]["distribution"] == "uniform":
        dtype = np.asarray(u).dtype  # array first: a numpy scalar on the left of + takes a slow path
        return u * dtype.type(high - low) + dtype.type(low)
    return triangular(u, low, value, high)


def _function_values(plan, f: int, u_home, log_fx, dtype):
    """Per function: home wage inflation (n,), in-house cost (years, n), exchange-rate path (years, n)."""
    d = plan.drawn[plan.function_ids[f]]
    wage_home = np.asarray(draw_value("wage_inflation_home", u_home, *d["wage_inflation_home"]), dtype=dtype)
    k = np.arange(plan.horizon, dtype=dtype)[:, None]
    inhouse = np.exp(k * np.log1p(wage_home)[None, :])
    inhouse *= dtype(plan.inhouse_year1[f])
    return wage_home, inhouse, np.exp(log_fx).astype(dtype, copy=False)


def _log_fx_walk(plan, f: int, z_fx, dtype):
    """Driftless lognormal walk: log rate change 0 in year 1, then sigma x N(0, 1) a year."""
    log_fx = np.zeros((plan.horizon, z_fx.shape[1]), dtype=dtype)
    np.cumsum(z_fx * dtype(plan.drawn[plan.function_ids[f]]["fx_volatility"]), axis=0, out=log_fx[1:])
    return log_fx


def _pair_values(plan, f: int, idx: np.ndarray, u_pair, u_countries, wage_home, dtype) -> dict:
    """Kernel inputs for the pairs `idx` of function f from their uniforms.

    u_pair (pairs, 4, n): vendor rate, productivity loss, governance, overrun;
    u_countries (countries, n): one wage-inflation uniform per country; wage_home (n,).
    """
    d = plan.drawn[plan.function_ids[f]]
    cast = lambda a: np.asarray(a, dtype=dtype)  # noqa: E731
    spread = cast(plan.rate_spread[idx])[:, None]
    rate_mult = triangular(u_pair[:, 0], 1 - spread, cast(1.0), 1 + spread)
    governance = cast(draw_value("governance_pct", u_pair[:, 2], *d["governance_pct"]))
    governance *= cast(plan.governance_factor[idx])[:, None]
    governance += cast(1 + plan.travel_pct[idx] - plan.tax_credit_pct[idx])[:, None]
    # Wage inflation abroad: transform each location country once, then give each pair its row.
    countries, row_of = np.unique(plan.location_country[idx], return_inverse=True)
    by_country = cast(draw_value("wage_inflation_location", u_countries[countries], *d["wage_inflation_location"]))
    by_country[countries == plan.home_country[f]] = wage_home
    return {
        "share": cast(plan.share[idx]),
        "fee": cast(plan.fee_year1[idx]),
        "rate_mult": rate_mult,
        "productivity_loss": cast(draw_value("productivity_loss", u_pair[:, 1], *d["productivity_loss"])),
        "provider_factor": governance,
        "overrun": cast(draw_value("transition_overrun", u_pair[:, 3], *d["transition_overrun"])),
        "wage_location": by_country[row_of],
        "fx_exposed": plan.fx_exposed[idx],
        "parallel_months": cast(plan.parallel_months[idx]),
        "one_time_fixed_pct": cast(plan.one_time_fixed_pct[idx]),
        "one_time_overrun_pct": cast(plan.one_time_overrun_pct[idx]),
        "exit_pct": cast(plan.exit_pct[idx]),
    }


def _quantiles_of_sorted(ordered: np.ndarray, qs=QUANTILES) -> np.ndarray:
    """Linear-interpolated quantiles (numpy's default method) along the last axis of a sorted array."""
    n = ordered.shape[-1]
    out = []
    for q in qs:
        pos = q * (n - 1)
        lo = int(np.floor(pos))
        hi = min(lo + 1, n - 1)
        low = ordered[..., lo].astype(np.float64)
        out.append(low + (pos - lo) * (ordered[..., hi].astype(np.float64) - low))
    return np.stack(out, axis=-1)


def _npv_and_totals(kernel_inputs: dict, beta: np.ndarray, pv_inhouse: np.ndarray, keep: int):
    """NPV of savings per pair and draw, and the running total of option cost over the first `keep` draws.

    Returns npv (pairs, draws) and totals (pairs, years, keep).
    """
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


def _bands(totals: np.ndarray) -> np.ndarray:
    """P10/P50/P90 over draws (last axis) of running totals; sorts `totals` in place."""
    totals.sort(axis=-1)
    return _quantiles_of_sorted(totals)


def _cumulative_bands(yearly: np.ndarray, n: int) -> np.ndarray:
    """P10/P50/P90 over the first n draws of the running total along the years axis (-2)."""
    total = np.empty(yearly.shape[:-1] + (n,), dtype=yearly.dtype)
    total[..., 0, :] = yearly[..., 0, :n]
    for t in range(1, yearly.shape[-2]):
        np.add(total[..., t - 1, :], yearly[..., t, :n], out=total[..., t, :])
    total.sort(axis=-1)
    return _quantiles_of_sorted(total)


def _tornado(plan, f: int, idx: np.ndarray, beta64: np.ndarray) -> np.ndarray:
    """NPV per pair with every input at its median, then each input at its P10 and its P90.

    Returns (pairs, 1 + 2 x len(DRIVERS)): column 0 the all-median NPV, then (P10, P90) per driver.
    """
    n = 1 + 2 * len(DRIVERS)
    u = np.full((len(DRIVERS), n), 0.5)
    for i in range(len(DRIVERS)):
        u[i, 1 + 2 * i], u[i, 2 + 2 * i] = 0.1, 0.9
    z = np.zeros(n)
    z[-2], z[-1] = -Z90, Z90
    sigma = plan.drawn[plan.function_ids[f]]["fx_volatility"]
    log_fx = sigma * np.sqrt(np.arange(plan.horizon))[:, None] * z[None, :]  # each year's marginal quantile
    wage_home, inhouse, fx_path = _function_values(plan, f, u[4], log_fx, np.float64)
    u_pair = np.broadcast_to(u[:4][None], (len(idx), 4, n))
    u_countries = np.broadcast_to(u[5][None], (len(plan.countries), n))
    v = _pair_values(plan, f, idx, u_pair, u_countries, wage_home, np.float64)
    npv, _ = _npv_and_totals(dict(v, inhouse=inhouse, fx_path=fx_path), beta64, beta64 @ inhouse, 1)
    return npv


class _Results:
    """Per-pair outputs, filled function by function (disjoint rows, so threads may share it)."""

    def __init__(self, n_pairs: int, years: int):
        self.npv_q, self.npv_mean, self.prob = np.zeros((n_pairs, 3)), np.zeros(n_pairs), np.zeros(n_pairs)
        self.option_bands, self.inhouse_bands = np.zeros((n_pairs, years, 3)), np.zeros((n_pairs, years, 3))
        self.tornado = np.zeros((n_pairs, 1 + 2 * len(DRIVERS)))


def _run_function(plan, f: int, ctx: dict, out: _Results) -> int:
    """Every pair of function f, in chunks of at most CHUNK_ELEMENTS pairs x draws."""
    fid, draws, bands_n = plan.function_ids[f], ctx["draws"], ctx["bands_n"]
    pairs_f = np.flatnonzero(plan.pair_function == f)
    u_countries = ctx["u_countries"]
    log_fx = _log_fx_walk(plan, f, ctx["z_fx"], DRAW_DTYPE)
    wage_home, inhouse, fx_path = _function_values(plan, f, u_countries[plan.home_country[f]], log_fx, DRAW_DTYPE)
    pv_inhouse = ctx["beta"] @ inhouse
    out.inhouse_bands[pairs_f] = _cumulative_bands(inhouse, bands_n)
    base = pairs_f[plan.is_baseline[pairs_f]]
    if base.size:  # the baseline costs exactly the in-house figure: savings 0 in every draw
        out.option_bands[base] = out.inhouse_bands[base]
    live = pairs_f[~plan.is_baseline[pairs_f]]
    for start in range(0, live.size, ctx["chunk_pairs"]):
        idx = live[start:start + ctx["chunk_pairs"]]
        u_pair = np.stack([pair_uniforms(ctx["seed"], fid, plan.option_ids[plan.pair_option[p]], draws)
                           for p in idx])
        v = _pair_values(plan, f, idx, u_pair, u_countries, wage_home, DRAW_DTYPE)
        npv, totals = _npv_and_totals(dict(v, inhouse=inhouse, fx_path=fx_path), ctx["beta"], pv_inhouse, bands_n)
        out.npv_mean[idx] = npv.mean(axis=1, dtype=np.float64)
        out.prob[idx] = (npv > 0).mean(axis=1)
        npv.sort(axis=1)
        out.npv_q[idx] = _quantiles_of_sorted(npv)
        out.option_bands[idx] = _bands(totals)
        out.tornado[idx] = _tornado(plan, f, idx, ctx["beta64"])
    return pairs_f.size


def run_monte_carlo(plan, *, seed: int, draws: int, band_draws: int | None,
                    progress: Callable[[float], None] | None = None, threads: int | None = None) -> dict:
    """NPV quantiles, probability of saving, yearly cumulative-cost bands and drivers for every pair.

    Functions run on `threads` worker threads (default: up to 2, numpy releases the GIL in
    its loops); each pair's numbers depend only on the seed and its ids, so the thread
    count never changes a result.
    """
    years = plan.horizon
    ctx = {
        "seed": seed, "draws": draws, "bands_n": min(band_draws or draws, draws),
        "beta": discount_factors(plan.discount_rate, years, DRAW_DTYPE),
        "beta64": discount_factors(plan.discount_rate, years),
        "u_countries": np.stack([country_uniforms(seed, c, draws) for c in plan.countries]),
        "z_fx": fx_normals(seed, years, draws),
        "chunk_pairs": max(1, CHUNK_ELEMENTS // draws),
    }
    n_pairs = len(plan.pair_function)
    out = _Results(n_pairs, years)
    functions = [int(f) for f in np.unique(plan.pair_function)]
    threads = max(1, min(threads or DEFAULT_THREADS, len(functions)))
    done = 0
    with ThreadPoolExecutor(max_workers=threads) if threads > 1 else nullcontext() as pool:
        mapper = pool.map if pool is not None else map
        for count in mapper(lambda f: _run_function(plan, f, ctx, out), functions):
            done += count  # results come back in order, so progress rises steadily
            if progress is not None:
                progress(done / n_pairs)
    return {"npv_q": out.npv_q, "npv_mean": out.npv_mean, "prob_saving": out.prob,
            "option_bands": out.option_bands, "inhouse_bands": out.inhouse_bands, "tornado": out.tornado,
            "band_draws": ctx["bands_n"]}


def generate_draws_only(plan, *, seed: int, draws: int) -> int:
    """Draw exactly the random numbers run_monte_carlo draws, and nothing else (the benchmark's floor)."""
    total = sum(country_uniforms(seed, c, draws).size for c in plan.countries)
    total += fx_normals(seed, plan.horizon, draws).size
    for p in np.flatnonzero(~plan.is_baseline):
        fid, oid = plan.function_ids[plan.pair_function[p]], plan.option_ids[plan.pair_option[p]]
        total += pair_uniforms(seed, fid, oid, draws).size
    return total
