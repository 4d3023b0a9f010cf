"""The Monte Carlo's per-draw arithmetic, compiled with numba: uniforms in, NPV of savings out. Pure: no Django.

For each pair, blocks of BLOCK draws at a time: the uniforms become the pair's input values
(inverse CDFs), then the years run with each draw's running fee and NPV in per-block arrays
that stay in the CPU's L1 cache; nothing of size pairs x years x draws exists. It computes
the formulas of tco_kernel.py's module docstring operation by operation, in the order the
earlier numpy formulation used (kept in tests/domain/tco_numpy_reference.py), so it matches
that formulation to the last bit (tested). Compiled without fastmath: no reassociation and no
fused multiply-add, so a result never depends on the CPU's vector width or on the threads.

Compiled once per machine: cache=True keeps the machine code in __pycache__ beside this file
(or under NUMBA_CACHE_DIR when that folder is read-only); warm_up() compiles or loads it ahead
of a first run (the Celery worker calls it when it starts).
"""

import math

import numpy as np
from numba import njit

TRIANGULAR, UNIFORM = 0, 1
# Columns of `pair_num`, one row per pair (all in the draw dtype).
(FEE, GOVERNANCE_FACTOR, PROVIDER_CONST, SHARE, MONTHS, ONE_TIME_HOME, ONE_TIME_OVERRUN, EXIT, GOVERNANCE_FLOOR,
 CONTRACT_YEARS) = range(10)
PAIR_COLUMNS = 10
# Rows of a function's `fn_dist`: its distributions of the per-pair inputs other than the vendor rate.
PRODUCTIVITY, GOVERNANCE, OVERRUN = range(3)
PRODUCTIVITY_YEARS = 2  # = tco_kernel.PRODUCTIVITY_YEARS (not imported: this module stays numpy + numba only)
BLOCK = 512  # draws worked together: each per-draw array of a block (2 KB in float32) stays in L1
COMPILE = {"cache": True, "nogil": True, "error_model": "numpy"}  # numpy's error model: no check per division


def dist_row(kind: int, low, mode, high, dtype) -> np.ndarray:
    """The 5 numbers the kernel's inverse CDF takes, computed in `dtype` as numpy would.

    triangular: low, mode, high, (high - low)(mode - low), (high - low)(high - mode);
    uniform: low, 0, 0, high - low (the difference taken in float64, then cast), 0.
    """
    if kind == UNIFORM:
        return np.array([low, 0.0, 0.0, high - low, 0.0], dtype=dtype)
    low, mode, high = dtype(low), dtype(mode), dtype(high)
    width = high - low
    return np.array([low, mode, high, width * (mode - low), width * (high - mode)], dtype=dtype)


@njit(**COMPILE)
def _inverse_cdf(out, u, kind, prm, one):
    """out[i] = the inverse CDF of a dist_row() distribution at u[i]."""
    if kind == UNIFORM:
        scale, offset = prm[3], prm[0]
        for i in range(out.size):
            out[i] = u[i] * scale + offset
        return
    low, mode, high, left_area, right_area = prm[0], prm[1], prm[2], prm[3], prm[4]
    for i in range(out.size):
        # No branch on u: below the mode's quantile the left branch is the answer and the right
        # one lies under the mode; above it the reverse. min and max written as selects vectorise.
        left = np.sqrt(u[i] * left_area) + low
        right = high - np.sqrt((one - u[i]) * right_area)
        left = left if left < mode else mode
        right = right if right > mode else mode
        out[i] = (right + left) - mode


@njit(**COMPILE)
def option_npv(u_pair, market, rate_dist, pair_num, pair_fn, pair_growth, pair_fx, fn_dist, fn_kind, growth, inhouse,
               fx_path, pv_inhouse, beta, year12, consts, npv, totals, positive):
    """NPV of savings per pair and draw, running totals of option cost, and the count of NPV > 0.

    Per pair: u_pair (pairs, 4, n) uniforms for the deal's rate, productivity loss, governance and
    overrun; rate_dist (pairs, 5) the deal rate's dist_row() around 1; market (pairs, n) the market
    rate level's multiplier (from the location's shared draw, tco_montecarlo.market_multipliers);
    pair_num (pairs, PAIR_COLUMNS); pair_fn (pairs,) the row
    of the function tables; pair_growth (pairs,) the row of `growth`; pair_fx (pairs,) the currency
    row of fx_path (row 0: all ones, not exposed).
    Per function row: fn_dist (functions, 3, 5) and fn_kind (3,); inhouse (functions, years, n);
    fx_path (functions, currencies, years, n) with fx_path[:, :, 0] = 1; pv_inhouse (functions, n).
    growth (rows, n): 1 + wage inflation of a location (the home draw for the home country).
    beta (years,) discount factors; year12 (years,) = 12 t; consts = (0, 1, 12), all in the dtype.
    Writes npv (pairs, n), totals (pairs, years, keep) for the first `keep` draws, positive (pairs,).

    Each step is a short loop over a block with no branch inside, so LLVM vectorises it.
    """
    n_pairs, n = u_pair.shape[0], u_pair.shape[2]
    years, keep = inhouse.shape[1], totals.shape[2]
    zero, one, twelve = consts[0], consts[1], consts[2]
    dtype = inhouse.dtype
    base, gshare, running = np.empty(BLOCK, dtype), np.empty(BLOCK, dtype), np.empty(BLOCK, dtype)
    productivity, overrun, months = np.empty(BLOCK, dtype), np.empty(BLOCK, dtype), np.empty(BLOCK, dtype)
    slab, acc = np.empty(BLOCK, dtype), np.empty(BLOCK, dtype)
    ones = np.full(BLOCK, one, dtype)
    for p in range(n_pairs):
        fee, share, exit_pct = pair_num[p, FEE], pair_num[p, SHARE], pair_num[p, EXIT]
        gov_factor, provider_const = pair_num[p, GOVERNANCE_FACTOR], pair_num[p, PROVIDER_CONST]
        fixed, stretched, parallel = pair_num[p, ONE_TIME_HOME], pair_num[p, ONE_TIME_OVERRUN], pair_num[p, MONTHS]
        floor, every = pair_num[p, GOVERNANCE_FLOOR], max(1, int(pair_num[p, CONTRACT_YEARS]))
        f, currency, not_outsourced = pair_fn[p], pair_fx[p], one - share
        dist = fn_dist[f]
        # Years with double running, from the overrun's top value (float rounding stays far inside
        # the margin). A year more than needed changes nothing: its idle share is exactly 0.
        top = dist[OVERRUN, 2] if fn_kind[OVERRUN] == TRIANGULAR else dist[OVERRUN, 0] + dist[OVERRUN, 3]
        parallel_years = min(years, math.ceil(float(parallel) * float(top) * (1 + 1e-6) / 12))
        count = 0
        for b0 in range(0, n, BLOCK):
            m = min(BLOCK, n - b0)
            b_base, b_gshare, b_running, b_slab = base[:m], gshare[:m], running[:m], slab[:m]
            b_productivity, b_overrun, b_months = productivity[:m], overrun[:m], months[:m]
            b_market, b_acc, b_ones = market[p, b0:b0 + m], acc[:m], ones[:m]
            b_growth = growth[pair_growth[p], b0:b0 + m]
            _inverse_cdf(b_base, u_pair[p, 0, b0:b0 + m], TRIANGULAR, rate_dist[p], one)
            _inverse_cdf(b_productivity, u_pair[p, 1, b0:b0 + m], fn_kind[PRODUCTIVITY], dist[PRODUCTIVITY], one)
            _inverse_cdf(b_gshare, u_pair[p, 2, b0:b0 + m], fn_kind[GOVERNANCE], dist[GOVERNANCE], one)
            _inverse_cdf(b_overrun, u_pair[p, 3, b0:b0 + m], fn_kind[OVERRUN], dist[OVERRUN], one)
            for i in range(m):
                b_base[i] = b_base[i] * b_market[i] * fee  # a year's contract at year-1 prices
                b_gshare[i] = b_gshare[i] * gov_factor
                b_running[i] = b_base[i]
                b_productivity[i] = one + b_productivity[i]
                b_months[i] = parallel * b_overrun[i]
                b_acc[i] = zero
            for t in range(years):
                inhouse_t, beta_t, months_t = inhouse[f, t, b0:b0 + m], beta[t], year12[t]
                fx_t = fx_path[f, currency, t, b0:b0 + m] if t > 0 else b_ones
                grow_t = b_growth if t > 0 else b_ones
                ends = exit_pct != 0 and ((t + 1) % every == 0 or t == years - 1)
                if t >= PRODUCTIVITY_YEARS and t >= parallel_years and not ends:
                    # Most years: one fused loop (the same operations as the path below, where a
                    # productivity factor of 1 and an idle share of 0 are skipped).
                    for i in range(m):
                        r = b_running[i] * grow_t[i]
                        b_running[i] = r
                        c = r * fx_t[i] * provider_const
                        g = b_gshare[i] * r
                        fl = floor * inhouse_t[i]
                        c = c + (g if g > fl else fl)
                        c = c + inhouse_t[i] * not_outsourced
                        b_slab[i] = c
                        b_acc[i] += c * beta_t
                else:
                    for i in range(m):
                        r = b_running[i] * grow_t[i]
                        b_running[i] = r
                        w = r * b_productivity[i] if t < PRODUCTIVITY_YEARS else r
                        c = w * fx_t[i] * provider_const
                        g = b_gshare[i] * w
                        fl = floor * inhouse_t[i]
                        c = c + (g if g > fl else fl)
                        c = c + inhouse_t[i] * not_outsourced
                        b_slab[i] = c
                    if t < parallel_years:  # double running: the moved share's own staff are still paid
                        for i in range(m):
                            idle = b_months[i] - months_t
                            idle = idle if idle > zero else zero
                            idle = (idle if idle < twelve else twelve) / twelve
                            b_slab[i] += idle * (share * inhouse_t[i])
                    if t == 0:
                        for i in range(m):
                            b_slab[i] += b_base[i] * (stretched * b_overrun[i]) + fixed
                    if ends:  # re-sourcing: on the year's contract at its prices, before productivity
                        for i in range(m):
                            b_slab[i] += exit_pct * (b_running[i] * fx_t[i])
                    for i in range(m):
                        b_acc[i] += b_slab[i] * beta_t
                kept = min(m, keep - b0)
                if kept > 0:
                    total_t = totals[p, t, b0:b0 + kept]
                    if t == 0:
                        total_t[:] = b_slab[:kept]
                    else:
                        before = totals[p, t - 1, b0:b0 + kept]
                        for i in range(kept):
                            total_t[i] = before[i] + b_slab[i]
            pv, out = pv_inhouse[f, b0:b0 + m], npv[p, b0:b0 + m]
            for i in range(m):
                out[i] = pv[i] - b_acc[i]
                count += out[i] > zero
        positive[p] = count


def warm_up() -> None:
    """Compile (or load from the cache) the float32 and float64 versions the Monte Carlo calls."""
    for dtype in (np.float32, np.float64):
        one, index = np.ones(1, dtype), np.zeros(1, np.int64)
        option_npv(np.full((1, 4, 1), 0.5, dtype), one[None], np.zeros((1, 5), dtype),
                   np.zeros((1, PAIR_COLUMNS), dtype), index, index, index, np.zeros((1, 3, 5), dtype),
                   np.zeros(3, np.int64), one[None], one[None, None], one[None, None, None], one[None], one,
                   np.zeros(1, dtype), np.array([0, 1, 12], dtype), np.empty((1, 1), dtype),
                   np.empty((1, 1, 1), dtype), np.empty(1, np.int64))
