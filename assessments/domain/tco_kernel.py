"""The TCO arithmetic: yearly in-house and option costs, NPV and break-even. Pure: no Django.

Year t runs 1..H; arrays use k = t - 1 = 0..H-1. For one pair (function f, option o):

    I_t   = C_f (1 + g_home)^k                       in-house cost
            C_f = FTE x salary x (1 + overhead) + facilities + IT
    ov_t  = clip(M x overrun - 12k, 0, 12)           parallel-running months falling in year t
    a_t   = 1 - ov_t / 12                            share of year t the provider is paid
    V_t   = F x m (1 + g_loc)^k x fx_t x (1 + loss [t <= 2])    provider fee at full activity
            F = hourly rate x FTE x hours per FTE x share (year-1 prices), m = rate draw (1 when deterministic)
    cost_t = (1 - s) I_t                             retained organisation
           + s I_t (1 - a_t)                         in-house cost continuing while running in parallel
           + a_t V_t (1 + gov + travel - tax)        fees, governance, communication/travel, captive tax effect
           + [t = 1] F m (severance + (selection + transition fee + set-up) x overrun)
           + [t = H] exit x F m (1 + g_loc)^(H-1) fx_H
    savings_t = I_t - cost_t;  NPV = sum_t savings_t / (1 + r)^t  (end-of-year discounting)

This module computes them deterministically (float64, one value per pair and year); the Monte
Carlo computes the same formulas per draw in tco_draw_kernel.py (compiled, float32).
"""

import numpy as np

COMPONENTS = ("retained_cost", "parallel_running_cost", "provider_fees", "governance_cost", "travel_cost",
              "tax_effect", "one_time_cost", "exit_cost")
PRODUCTIVITY_YEARS = 2
BREAKEVEN_TOLERANCE = 1e-6  # currency units: rounding noise must not move the month


def discount_factors(rate: float, years: int, dtype=np.float64) -> np.ndarray:
    return (1.0 / (1.0 + rate) ** np.arange(1, years + 1)).astype(dtype)


def deterministic_components(plan, values: dict) -> dict[str, np.ndarray]:
    """Each cost component per pair and year, float64, shape (pairs, years).

    values: per-pair arrays wage_home, wage_location, productivity_loss, governance_pct,
    transition_overrun (the assumption values for each pair's function).
    """
    years = np.arange(plan.horizon)[None, :]
    col = {k: np.asarray(v, dtype=np.float64)[:, None] for k, v in values.items()}
    inhouse = plan.inhouse_year1[plan.pair_function][:, None] * (1 + col["wage_home"]) ** years
    share, fee = plan.share[:, None], plan.fee_year1[:, None]
    months = plan.parallel_months[:, None] * col["transition_overrun"]
    active = 1 - np.clip(months - 12 * years, 0, 12) / 12
    escalation = (1 + col["wage_location"]) ** years
    fee_full = fee * escalation * (1 + col["productivity_loss"] * (years < PRODUCTIVITY_YEARS))
    fees = active * fee_full
    one_time = np.zeros_like(fees)
    one_time[:, 0] = (fee * (plan.one_time_fixed_pct[:, None]
                             + plan.one_time_overrun_pct[:, None] * col["transition_overrun"]))[:, 0]
    exit_cost = np.zeros_like(fees)
    exit_cost[:, -1] = plan.exit_pct * plan.fee_year1 * escalation[:, -1]
    parts = {
        "retained_cost": (1 - share) * inhouse,
        "parallel_running_cost": share * inhouse * (1 - active),
        "provider_fees": fees,
        "governance_cost": col["governance_pct"] * plan.governance_factor[:, None] * fees,
        "travel_cost": plan.travel_pct[:, None] * fees,
        "tax_effect": -plan.tax_credit_pct[:, None] * fees,
        "one_time_cost": one_time,
        "exit_cost": exit_cost,
    }
    parts["inhouse_cost"] = inhouse
    parts["parallel_months"] = 12 * (1 - active)  # ov_t: not a cost, needed for the break-even month
    return parts


def breakeven_months(savings: np.ndarray, *, one_time: np.ndarray, exit_cost: np.ndarray,
                     parallel_months: np.ndarray) -> np.ndarray:
    """First month (1..12H) at which cumulative savings reach 0, the month-by-month way a payback is felt.

    All arrays are (pairs, years); parallel_months holds ov_t, the parallel-running months falling
    in year t. Within year t the one-time costs are paid up front (month 1 of year 1), the months
    of parallel running come first and save nothing (the in-house team is still paid, the
    provider is not yet), the rest of the year's savings accrue evenly over its remaining
    12 - ov_t months, and the exit cost falls in the horizon's last month. So a transition of M
    months can never break even before month M + 1. Returns float months, NaN where never
    within the horizon.
    """
    n_pairs, years = savings.shape
    running = savings + one_time + exit_cost  # what accrues over the year's active months
    before = np.concatenate([np.zeros((n_pairs, 1)), np.cumsum(savings, axis=1)[:, :-1]], axis=1)
    month = np.arange(1, 13, dtype=np.float64)[None, None, :]
    ov = parallel_months[:, :, None]
    active_months = 12 - ov
    accrued = np.divide(np.clip(month - ov, 0, None), active_months,
                        out=np.zeros(np.broadcast_shapes(month.shape, ov.shape)), where=active_months > 0)
    monthly = before[:, :, None] - one_time[:, :, None] + np.minimum(accrued, 1) * running[:, :, None]
    monthly[:, :, -1] -= exit_cost
    reached = monthly.reshape(n_pairs, years * 12) >= -BREAKEVEN_TOLERANCE
    first = np.argmax(reached, axis=1) + 1.0
    first[~reached.any(axis=1)] = np.nan
    return first
