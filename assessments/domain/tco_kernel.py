"""The TCO arithmetic: yearly in-house and option costs, NPV and break-even. Pure: no Django.

Year t runs 1..H; arrays use k = t - 1 = 0..H-1. For one pair (function f, option o):

    I_t   = C_f (1 + g_home)^k                       in-house cost
            C_f = FTE x salary x (1 + overhead) + facilities + IT
    ov_t  = clip(M x overrun - 12k, 0, 12)           double-running months falling in year t
    W_t   = F x m (1 + g_loc)^k x (1 + loss [t <= 2])             provider fee before exchange rate
    V_t   = W_t x fx_t                                            provider fee paid
            F = hourly rate x FTE x hours per FTE x share (year-1 prices), m = rate multiplier (1 when deterministic)
    cost_t = (1 - s) I_t                             work kept in-house
           + s I_t ov_t / 12                         double running: own staff still paid while the provider is
           + V_t (1 + travel + relearning - tax)     fees (paid all year), travel, attrition re-learning, captive tax
           + max(gov x gf x W_t, floor x I_t)        retained organisation: a share of spend, never below the floor
           + [t = 1] (F m (selection + transition fee or set-up) x overrun + severance)
           + [t = H or t a contract end] exit x F m (1 + g_loc)^k fx_t
    savings_t = I_t - cost_t;  NPV = sum_t savings_t / (1 + r)^t  (end-of-year discounting)

This module computes them deterministically (float64, one value per pair and year); the Monte
Carlo computes the same formulas per draw in tco_draw_kernel.py (compiled, float32).
"""

import numpy as np

COMPONENTS = ("retained_cost", "parallel_running_cost", "provider_fees", "governance_cost", "travel_cost",
              "relearning_cost", "tax_effect", "one_time_cost", "exit_cost")
PRODUCTIVITY_YEARS = 2
BREAKEVEN_TOLERANCE = 1e-6  # currency units: rounding noise must not move the month


def discount_factors(rate: float, years: int, dtype=np.float64) -> np.ndarray:
    return (1.0 / (1.0 + rate) ** np.arange(1, years + 1)).astype(dtype)


def exit_years(contract_years: np.ndarray, horizon: int) -> np.ndarray:
    """(pairs, years) bool: the years a contract ends (each multiple of its length, and the horizon's last)."""
    t = np.arange(1, horizon + 1)[None, :]
    every = np.maximum(np.asarray(contract_years, dtype=np.int64), 1)[:, None]
    return (t % every == 0) | (t == horizon)


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
    idle = np.clip(months - 12 * years, 0, 12)
    escalation = (1 + col["wage_location"]) ** years
    fees = fee * escalation * (1 + col["productivity_loss"] * (years < PRODUCTIVITY_YEARS))
    one_time = np.zeros_like(fees)
    one_time[:, 0] = (fee[:, 0] * plan.one_time_overrun_pct * col["transition_overrun"][:, 0]) + plan.one_time_home
    exit_cost = np.where(exit_years(plan.contract_years, plan.horizon),
                         plan.exit_pct[:, None] * fee * escalation, 0.0)
    governance = np.maximum(col["governance_pct"] * plan.governance_factor[:, None] * fees,
                            plan.governance_floor[:, None] * inhouse)
    parts = {
        "retained_cost": (1 - share) * inhouse,
        "parallel_running_cost": share * inhouse * idle / 12,
        "provider_fees": fees,
        "governance_cost": np.where(plan.is_baseline[:, None], 0.0, governance),
        "travel_cost": plan.travel_pct[:, None] * fees,
        "relearning_cost": plan.relearning_pct[:, None] * fees,
        "tax_effect": -plan.tax_credit_pct[:, None] * fees,
        "one_time_cost": one_time,
        "exit_cost": exit_cost,
    }
    parts["inhouse_cost"] = inhouse
    parts["parallel_months"] = idle  # ov_t: not a cost, needed for the break-even month
    return parts


def breakeven_months(savings: np.ndarray, *, one_time: np.ndarray, exit_cost: np.ndarray,
                     parallel_cost: np.ndarray, parallel_months: np.ndarray) -> np.ndarray:
    """First month (1..12H) at which cumulative savings reach 0, the month-by-month way a payback is felt.

    All arrays are (pairs, years). Within year t the one-time costs OT_t are paid in its first month,
    the double-running cost P_t falls evenly on its first ov_t months (the company pays its own staff
    and the provider), everything else R_t = savings_t + OT_t + EX_t + P_t accrues evenly over the 12
    months, and the exit cost EX_t falls in the year's last month:

        CS(t, j) = CS_(t-1) - OT_t + R_t j / 12 - (P_t / ov_t) min(j, ov_t) - [j = 12] EX_t

    Returns float months, NaN where never within the horizon.
    """
    n_pairs, years = savings.shape
    running = savings + one_time + exit_cost + parallel_cost
    before = np.concatenate([np.zeros((n_pairs, 1)), np.cumsum(savings, axis=1)[:, :-1]], axis=1)
    month = np.arange(1, 13, dtype=np.float64)[None, None, :]
    ov = parallel_months[:, :, None]
    per_month = np.divide(parallel_cost, parallel_months, out=np.zeros_like(parallel_cost),
                          where=parallel_months > 0)[:, :, None]
    monthly = before[:, :, None] - one_time[:, :, None] + running[:, :, None] * month / 12
    monthly -= per_month * np.minimum(month, ov)
    monthly[:, :, -1] -= exit_cost
    reached = monthly.reshape(n_pairs, years * 12) >= -BREAKEVEN_TOLERANCE
    first = np.argmax(reached, axis=1) + 1.0
    first[~reached.any(axis=1)] = np.nan
    return first
