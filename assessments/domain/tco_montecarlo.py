"""Monte Carlo over the uncertain TCO inputs, chunked per function, with a tornado of drivers. Pure: no Django.

Random numbers: every stream is numpy Generator(PCG64(SeedSequence(seed, spawn_key=key))):
- key (0, hash(function_id), hash(option_id)): 4 uniforms per draw for the pair (the deal's rate
  around the market, productivity loss, governance, transition overrun);
- key (1, hash(country)): 1 uniform per draw for that country's wage inflation (the home
  country of a function and every location share one stream per country);
- key (2, hash(currency)): standard normals (years - 1, draws) for that currency's exchange-rate walk;
- key (3, hash(location)): 1 uniform per draw for the location's market rate level, shared by every
  function and service family priced there (one shock moves them all).
So a pair's figures depend only on the seed and its own ids, not on which other pairs run.
Uniforms become values by inverse CDF (triangular, uniform), so the same numbers can be
pinned at chosen quantiles for the tornado. Draw arrays are float32; the NPV is summed in
float32 and reported in float64 (Monte Carlo noise is far above float32 rounding).

The per-pair, per-draw arithmetic runs in tco_draw_kernel (compiled with numba; imported on
the first Monte Carlo, so processes that never run one do not load numba). This module draws
the random numbers, prepares what pairs share (in-house cost, wage growth per country, the
exchange-rate path, computed once per run where functions share their assumptions) and takes
the percentiles with numpy's sort (vectorised; faster here than any selection we tried).
"""

import hashlib
import importlib
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext

import numpy as np
from numpy.random import PCG64, Generator, SeedSequence
from scipy.special import ndtri

from .tco_assumptions import DEFAULT_ASSUMPTIONS, UNIFORM
from .tco_kernel import discount_factors

DRAW_DTYPE = np.float32
CHUNK_ELEMENTS = 100_000  # pairs x draws per chunk: its uniforms (4 per pair and draw) take 1.6 MB in float32
DEFAULT_THREADS = min(2, os.cpu_count() or 1)
QUANTILES = (0.1, 0.5, 0.9)
Z95 = 1.6448536269514722  # standard normal 95th percentile: a model band is its 5-95 % interval
U_TINY = 1e-7  # uniforms clipped off 0 and 1 before the normal inverse (float32 resolution)
Z90 = 1.2815515655446004  # standard normal 90th percentile
DRIVERS = ("vendor_rate", "productivity_loss", "governance_pct", "transition_overrun",
           "wage_inflation_home", "wage_inflation_location", "fx_rate", "market_rate")
FX_DRIVER, MARKET_DRIVER = DRIVERS.index("fx_rate"), DRIVERS.index("market_rate")
PAIR_INPUTS = ("productivity_loss", "governance_pct", "transition_overrun")  # drawn per pair, besides the rate


def _key(value) -> int:
    return int.from_bytes(hashlib.blake2b(str(value).encode(), digest_size=8).digest(), "little")


def _stream(seed: int, *key: int) -> Generator:
    return Generator(PCG64(SeedSequence(seed, spawn_key=key)))


def pair_stream(seed: int, function_id, option_id) -> Generator:
    return _stream(seed, 0, _key(function_id), _key(option_id))


def pair_uniforms(seed: int, function_id, option_id, draws: int) -> np.ndarray:
    return pair_stream(seed, function_id, option_id).random((4, draws), dtype=DRAW_DTYPE)


def country_uniforms(seed: int, country: str, draws: int) -> np.ndarray:
    return _stream(seed, 1, _key(country)).random(draws, dtype=DRAW_DTYPE)


def fx_normals(seed: int, currency: str, years: int, draws: int) -> np.ndarray:
    return _stream(seed, 2, _key(currency)).standard_normal((max(years - 1, 0), draws), dtype=DRAW_DTYPE)


def market_uniforms(seed: int, location: str, draws: int) -> np.ndarray:
    return _stream(seed, 3, _key(location)).random(draws, dtype=DRAW_DTYPE)


def market_multipliers(plan, idx: np.ndarray, u_market: np.ndarray, dtype) -> np.ndarray:
    """(len(idx), draws): each pair's market rate level from its location's shared uniform.

    A published band is drawn triangular(low, typical, high) / typical. A model estimate is drawn
    log-normal around the estimate (its median), its band typical / b .. typical x b being the 5-95 %
    interval: an estimate has no published ceiling, so a rare draw lands beyond the band. A quote
    (no market band) gets exactly 1.
    """
    u = u_market[np.maximum(plan.market[idx], 0)]
    low, high, log = plan.market_low[idx], plan.market_high[idx], plan.market_log[idx]
    multiplier = triangular(u, low[:, None].astype(dtype), np.ones((len(idx), 1), dtype), high[:, None].astype(dtype))
    if log.any():
        sigma = (np.log(high[log]) / Z95).astype(dtype)[:, None]
        z = ndtri(np.clip(u[log], U_TINY, 1 - U_TINY).astype(dtype))
        multiplier[log] = np.exp(sigma * z)
    return multiplier


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
    # without a mask (np.where on a random mask is much slower than these ufuncs).
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


def _home_growth(plan, f: int, u_home, dtype):
    """Home wage inflation (n,) and the in-house growth factor (1 + g)^k (years, n) of function f."""
    d = plan.drawn[plan.function_ids[f]]
    wage_home = np.asarray(draw_value("wage_inflation_home", u_home, *d["wage_inflation_home"]), dtype=dtype)
    k = np.arange(plan.horizon, dtype=dtype)[:, None]
    return wage_home, np.exp(k * np.log1p(wage_home)[None, :])


def _location_growth(plan, f: int, u_countries, wage_home, dtype) -> np.ndarray:
    """1 + wage inflation per country (countries, n); the home country takes the home draw."""
    d = plan.drawn[plan.function_ids[f]]
    wage = np.asarray(draw_value("wage_inflation_location", u_countries, *d["wage_inflation_location"]), dtype=dtype)
    wage[plan.home_country[f]] = wage_home
    return 1 + wage


def _log_fx_walk(plan, f: int, z_fx, dtype):
    """Driftless lognormal walk: log rate change 0 in year 1, then sigma x N(0, 1) a year."""
    log_fx = np.zeros((plan.horizon, z_fx.shape[1]), dtype=dtype)
    np.cumsum(z_fx * dtype(plan.drawn[plan.function_ids[f]]["fx_volatility"]), axis=0, out=log_fx[1:])
    return log_fx


def _fx_paths(plan, f: int, z_by_currency: list, n: int, dtype) -> np.ndarray:
    """(currencies, years, n): row 0 all ones (not exposed), then each foreign currency's exp(walk)."""
    paths = np.ones((len(plan.fx_currencies), plan.horizon, n), dtype=dtype)
    for c, z in enumerate(z_by_currency, start=1):
        paths[c] = np.exp(_log_fx_walk(plan, f, z, dtype))
    return paths


def _kernel():
    """The compiled kernel's module, imported on first use: importing numba costs time and memory a process
    that never runs a TCO should not pay (docs/benchmarks.md, "Figures behind code comments")."""
    return importlib.import_module(f"{__package__}.tco_draw_kernel")


def _function_dists(plan, functions, dtype) -> tuple[np.ndarray, np.ndarray]:
    """Each function's distributions of the per-pair inputs (functions, 3, 5) and their kinds (3,)."""
    kernel = _kernel()
    kinds = [kernel.UNIFORM if DEFAULT_ASSUMPTIONS[name]["distribution"] == UNIFORM else kernel.TRIANGULAR
             for name in PAIR_INPUTS]
    rows = [[kernel.dist_row(kind, *_low_mode_high(plan.drawn[plan.function_ids[f]][name]), dtype)
             for kind, name in zip(kinds, PAIR_INPUTS, strict=True)] for f in functions]
    return np.array(rows, dtype=dtype), np.array(kinds, dtype=np.int64)


def _low_mode_high(value_low_high: tuple) -> tuple:
    value, low, high = value_low_high
    return low, value, high


def _band(low, mode, high, dtype) -> np.ndarray:
    """dist_row() of triangular(low, mode, high) per pair, (pairs, 5), as the kernel's inverse CDF takes it."""
    low, high = np.asarray(low).astype(dtype), np.asarray(high).astype(dtype)
    mode = np.full_like(low, mode)
    width = high - low
    return np.stack([low, mode, high, width * (mode - low), width * (high - mode)], axis=1)


def _pair_args(plan, idx: np.ndarray, dtype) -> dict:
    """Per-pair kernel inputs for the pairs `idx` (see tco_draw_kernel.option_npv)."""
    kernel = _kernel()
    spread = plan.rate_spread[idx].astype(dtype)
    pair_num = np.empty((len(idx), kernel.PAIR_COLUMNS), dtype=dtype)
    pair_num[:, kernel.FEE] = plan.fee_year1[idx]
    pair_num[:, kernel.GOVERNANCE_FACTOR] = plan.governance_factor[idx]
    pair_num[:, kernel.PROVIDER_CONST] = 1 + plan.travel_pct[idx] + plan.relearning_pct[idx] - plan.tax_credit_pct[idx]
    pair_num[:, kernel.SHARE] = plan.share[idx]
    pair_num[:, kernel.MONTHS] = plan.parallel_months[idx]
    pair_num[:, kernel.ONE_TIME_HOME] = plan.one_time_home[idx]
    pair_num[:, kernel.ONE_TIME_OVERRUN] = plan.one_time_overrun_pct[idx]
    pair_num[:, kernel.EXIT] = plan.exit_pct[idx]
    pair_num[:, kernel.GOVERNANCE_FLOOR] = plan.governance_floor[idx]
    pair_num[:, kernel.CONTRACT_YEARS] = plan.contract_years[idx]
    return {"rate_dist": _band(1 - spread, dtype(1.0), 1 + spread, dtype), "pair_num": pair_num,
            "pair_fx": plan.fx_index[idx].astype(np.int64)}


def _option_npv(u_pair, market, args: dict, pair_fn, pair_growth, tables: dict, beta, keep: int):
    """NPV of savings (pairs, draws), running totals of option cost (pairs, years, keep), draws with NPV > 0.

    tables: fn_dist, fn_kind, inhouse, fx_path, pv_inhouse per function row; growth per row.
    """
    n_pairs, n = u_pair.shape[0], u_pair.shape[2]
    inhouse = tables["inhouse"]
    dtype, years = inhouse.dtype, inhouse.shape[1]
    npv, positive = np.empty((n_pairs, n), dtype), np.empty(n_pairs, np.int64)
    totals = np.empty((n_pairs, years, keep), dtype)
    _kernel().option_npv(
        u_pair, market, args["rate_dist"], args["pair_num"], pair_fn, pair_growth, args["pair_fx"],
        tables["fn_dist"], tables["fn_kind"], tables["growth"], inhouse, tables["fx_path"], tables["pv_inhouse"],
        beta, (12 * np.arange(years)).astype(dtype),
        np.array([0, 1, 12], dtype), npv, totals, positive)
    return npv, totals, positive


def _quantiles_of_sorted(ordered: np.ndarray, qs=QUANTILES) -> np.ndarray:
    """Linear-interpolated quantiles (numpy's default method) along the last axis of a sorted array."""
    n = ordered.shape[-1]
    pos = np.array(qs) * (n - 1)
    lo = np.floor(pos).astype(int)
    low = ordered[..., lo].astype(np.float64)
    return low + (pos - lo) * (ordered[..., np.minimum(lo + 1, n - 1)].astype(np.float64) - low)


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


def _tornado_settings() -> tuple[np.ndarray, np.ndarray]:
    """The 1 + 2 x len(DRIVERS) input settings: uniforms per driver (rows) and the exchange rate's normal."""
    n = 1 + 2 * len(DRIVERS)
    u = np.full((len(DRIVERS), n), 0.5)
    for i in range(len(DRIVERS)):
        u[i, 1 + 2 * i], u[i, 2 + 2 * i] = 0.1, 0.9
    z = np.zeros(n)
    z[1 + 2 * FX_DRIVER], z[2 + 2 * FX_DRIVER] = -Z90, Z90
    return u, z


def _tornado(plan, live: np.ndarray, beta64: np.ndarray) -> np.ndarray:
    """NPV per pair with every input at its median, then each input at its P10 and its P90.

    All pairs in one kernel call, in float64: a function's 17 input settings are its "draws".
    Returns (pairs, 1 + 2 x len(DRIVERS)): column 0 the all-median NPV, then (P10, P90) per driver.
    The exchange rate moves every foreign currency at once, the market level every location at once.
    """
    u, z = _tornado_settings()
    n = u.shape[1]
    functions, pair_fn = np.unique(plan.pair_function[live], return_inverse=True)
    u_countries = np.ascontiguousarray(np.broadcast_to(u[5], (len(plan.countries), n)))
    u_market = np.broadcast_to(u[MARKET_DRIVER], (max(len(plan.markets), 1), n))
    inhouse, fx_path, pv_inhouse, growth = [], [], [], []
    for f in functions:
        sigma = plan.drawn[plan.function_ids[f]]["fx_volatility"]
        log_fx = sigma * np.sqrt(np.arange(plan.horizon))[:, None] * z[None, :]  # each year's marginal quantile
        wage_home, g = _home_growth(plan, f, u[4], np.float64)
        inhouse.append(g * plan.inhouse_year1[f])
        paths = np.ones((len(plan.fx_currencies), plan.horizon, n))
        paths[1:] = np.exp(log_fx)
        fx_path.append(paths)
        pv_inhouse.append(beta64 @ inhouse[-1])
        growth.append(_location_growth(plan, f, u_countries, wage_home, np.float64))
    fn_dist, fn_kind = _function_dists(plan, functions, np.float64)
    tables = {"fn_dist": fn_dist, "fn_kind": fn_kind, "inhouse": np.stack(inhouse), "fx_path": np.stack(fx_path),
              "pv_inhouse": np.stack(pv_inhouse), "growth": np.concatenate(growth)}
    u_pair = np.ascontiguousarray(np.broadcast_to(u[:4], (len(live), 4, n)))
    pair_growth = pair_fn * len(plan.countries) + plan.location_country[live]
    market = np.ascontiguousarray(market_multipliers(plan, live, u_market, np.float64))
    npv, _, _ = _option_npv(u_pair, market, _pair_args(plan, live, np.float64), pair_fn.astype(np.int64),
                            pair_growth.astype(np.int64), tables, beta64, 0)
    return npv


class _Results:
    """Per-pair outputs, filled function by function (disjoint rows, so threads may share it)."""

    def __init__(self, n_pairs: int, years: int, keep_draws: int = 0):
        self.npv_draws = np.zeros((n_pairs, keep_draws), DRAW_DTYPE) if keep_draws else None
        self.npv_q, self.npv_mean, self.prob = np.zeros((n_pairs, 3)), np.zeros(n_pairs), np.zeros(n_pairs)
        self.option_bands, self.inhouse_bands = np.zeros((n_pairs, years, 3)), np.zeros((n_pairs, years, 3))
        self.tornado = np.zeros((n_pairs, 1 + 2 * len(DRIVERS)))


def _run_function(plan, f: int, ctx: dict, out: _Results) -> int:
    """Every pair of function f, in chunks of at most CHUNK_ELEMENTS pairs x draws."""
    fid, draws, bands_n = plan.function_ids[f], ctx["draws"], ctx["bands_n"]
    pairs_f = np.flatnonzero(plan.pair_function == f)
    wage_home, growth = ctx["home_growth"][_home_key(plan, f)]
    inhouse = growth * DRAW_DTYPE(plan.inhouse_year1[f])
    out.inhouse_bands[pairs_f] = _cumulative_bands(inhouse, bands_n)
    base = pairs_f[plan.is_baseline[pairs_f]]
    if base.size:  # the baseline costs exactly the in-house figure: savings 0 in every draw
        out.option_bands[base] = out.inhouse_bands[base]
    live = pairs_f[~plan.is_baseline[pairs_f]]
    if not live.size:
        return pairs_f.size
    tables = {"fn_dist": ctx["fn_dist"][f:f + 1], "fn_kind": ctx["fn_kind"], "inhouse": inhouse[None],
              "fx_path": ctx["fx_paths"][plan.drawn[fid]["fx_volatility"]][None],
              "pv_inhouse": (ctx["beta"] @ inhouse)[None], "growth": ctx["location_growth"][_location_key(plan, f)]}
    for start in range(0, live.size, ctx["chunk_pairs"]):
        idx = live[start:start + ctx["chunk_pairs"]]
        u_pair = np.empty((idx.size, 4, draws), dtype=DRAW_DTYPE)
        for row, p in zip(u_pair, idx, strict=True):  # drawn in place: the numbers of pair_uniforms, no copy
            pair_stream(ctx["seed"], fid, plan.option_ids[plan.pair_option[p]]).random(dtype=DRAW_DTYPE, out=row)
        args = {name: column[idx] for name, column in ctx["pair_args"].items()}
        market = ctx["market_rows"][ctx["market_of_pair"][idx]]  # a gather: a new contiguous array
        npv, totals, positive = _option_npv(u_pair, market, args, np.zeros(idx.size, np.int64),
                                            args.pop("location"), tables, ctx["beta"], bands_n)
        if out.npv_draws is not None:
            out.npv_draws[idx] = npv  # a copy, before the sort below reorders the draws
        out.npv_mean[idx] = npv.mean(axis=1, dtype=np.float64)
        out.prob[idx] = positive / draws
        npv.sort(axis=1)
        out.npv_q[idx] = _quantiles_of_sorted(npv)
        out.option_bands[idx] = _bands(totals)
    return pairs_f.size


def _home_key(plan, f: int) -> tuple:
    return plan.home_country[f], plan.drawn[plan.function_ids[f]]["wage_inflation_home"]


def _location_key(plan, f: int) -> tuple:
    return _home_key(plan, f) + (plan.drawn[plan.function_ids[f]]["wage_inflation_location"],)


def _shared(plan, functions: list[int], ctx: dict) -> None:
    """What functions with the same assumptions share, computed once per run instead of once per function.

    fn_dist, fn_kind: the per-pair input distributions of every function; pair_args: of every pair;
    home_growth: home wage draw and in-house growth per (home country, its distribution);
    location_growth: 1 + wage inflation per country, adding the location distribution to the key;
    fx_paths: the exchange-rate paths (currencies, years, draws) per volatility.
    """
    ctx["home_growth"], ctx["location_growth"], ctx["fx_paths"] = home, location, fx = {}, {}, {}
    ctx["fn_dist"], ctx["fn_kind"] = _function_dists(plan, range(len(plan.function_ids)), DRAW_DTYPE)
    ctx["pair_args"] = _pair_args(plan, np.arange(len(plan.pair_function)), DRAW_DTYPE)
    ctx["pair_args"]["location"] = plan.location_country.astype(np.int64)
    # Pairs at one location with one band (every function of a family there) share their market row: computed
    # once per distinct (location, band), gathered per chunk.
    distinct: dict[tuple, int] = {}
    ctx["market_of_pair"] = np.array([
        distinct.setdefault((int(m), float(lo), float(hi), bool(lg)), len(distinct))
        for m, lo, hi, lg in zip(plan.market, plan.market_low, plan.market_high, plan.market_log, strict=True)],
        dtype=np.int64)  # fmt: skip
    first = np.unique(ctx["market_of_pair"], return_index=True)[1]
    ctx["market_rows"] = market_multipliers(plan, first, ctx["u_market"], DRAW_DTYPE)
    for f in functions:
        key, sigma = _home_key(plan, f), plan.drawn[plan.function_ids[f]]["fx_volatility"]
        if key not in home:
            home[key] = _home_growth(plan, f, ctx["u_countries"][plan.home_country[f]], DRAW_DTYPE)
        if _location_key(plan, f) not in location:
            location[_location_key(plan, f)] = _location_growth(plan, f, ctx["u_countries"], home[key][0], DRAW_DTYPE)
        if sigma not in fx:
            fx[sigma] = _fx_paths(plan, f, ctx["z_fx"], ctx["draws"], DRAW_DTYPE)


def run_monte_carlo(plan, *, seed: int, draws: int, band_draws: int | None,
                    progress: Callable[[float], None] | None = None, threads: int | None = None,
                    keep_draws: bool = False) -> dict:
    """NPV quantiles, probability of saving, yearly cumulative-cost bands and drivers for every pair.

    Functions run on `threads` worker threads (default: up to 2; numpy's loops and the compiled
    kernel release the GIL); each pair's numbers depend only on the seed and its ids, so the
    thread count never changes a result. keep_draws: also return every pair's NPV draws ("npv_draws",
    pairs x draws, in draw order: draw i is the same world for every pair).
    """
    years = plan.horizon
    ctx = {
        "seed": seed, "draws": draws, "bands_n": min(band_draws or draws, draws),
        "beta": discount_factors(plan.discount_rate, years, DRAW_DTYPE),
        "u_countries": np.stack([country_uniforms(seed, c, draws) for c in plan.countries]),
        "z_fx": [fx_normals(seed, c, years, draws) for c in plan.fx_currencies[1:]],
        # One row per location with a market draw (a row of zeros when there is none: never read).
        "u_market": np.stack([market_uniforms(seed, loc, draws) for loc in plan.markets]) if plan.markets
        else np.zeros((1, draws), dtype=DRAW_DTYPE),
        "chunk_pairs": max(1, CHUNK_ELEMENTS // draws),
    }
    n_pairs = len(plan.pair_function)
    out = _Results(n_pairs, years, draws if keep_draws else 0)
    live = np.flatnonzero(~plan.is_baseline)
    if live.size and not keep_draws:  # the tornado is not needed when only the draws are wanted
        out.tornado[live] = _tornado(plan, live, discount_factors(plan.discount_rate, years))
    functions = [int(f) for f in np.unique(plan.pair_function)]
    _shared(plan, functions, ctx)
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
            "band_draws": ctx["bands_n"], "npv_draws": out.npv_draws}


def generate_draws_only(plan, *, seed: int, draws: int) -> int:
    """Draw exactly the random numbers run_monte_carlo draws, and nothing else (the benchmark's floor)."""
    total = sum(country_uniforms(seed, c, draws).size for c in plan.countries)
    total += sum(fx_normals(seed, c, plan.horizon, draws).size for c in plan.fx_currencies[1:])
    total += sum(market_uniforms(seed, loc, draws).size for loc in plan.markets)
    for p in np.flatnonzero(~plan.is_baseline):
        fid, oid = plan.function_ids[plan.pair_function[p]], plan.option_ids[plan.pair_option[p]]
        total += pair_uniforms(seed, fid, oid, draws).size
    return total
