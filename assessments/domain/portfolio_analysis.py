"""What a plan is worth under uncertainty, and what its limits cost: distribution, frontier, relaxation gains.

Pure: no Django.
"""

import time
from collections.abc import Mapping
from dataclasses import replace

import numpy as np

from .portfolio_model import build_model, must_move_columns
from .portfolio_pricing import solve_large
from .portfolio_solve import solve_portfolio
from .portfolio_types import FrontierPoint, PortfolioPlan, PortfolioProblem, RelaxationGain

SHARE_STEP = 0.10  # share limits are relaxed by 10 percentage points
RELATIVE_STEP = 0.10  # risk budget, FTE per half-year and one-off budget by 10 % of the limit


def portfolio_distribution(plan: PortfolioPlan, draws: Mapping[tuple[str, str], np.ndarray],
                           scale: Mapping[tuple[str, str], float] | None = None) -> dict[str, float]:
    """P10/P50/P90, mean and chance of a positive NPV of the whole plan, draw by draw.

    draws[(function_id, option_key)] are the pair's NPV draws for a start in period 0, from one Monte Carlo
    run (same seed: draw i is the same world for every pair, so shared location, country and currency
    shocks move all pairs together). Draw i of the plan is the sum over its moves of draw i times the
    move's start factor (npv at its start / npv at period 0, or scale[pair] when given): an approximation
    that scales the whole distribution by the expected loss of the delayed years.
    """
    total = None
    for move in plan.moves:
        pair = (move.function_id, move.option_key)
        if pair not in draws:
            raise KeyError(f"no Monte Carlo draws for {pair}")
        values = np.asarray(draws[pair], dtype=float)
        if total is not None and len(values) != len(total):
            raise ValueError("every pair needs the same number of draws (one Monte Carlo run)")
        factor = scale[pair] if scale is not None and pair in scale else move.shift_factor
        total = values * factor if total is None else total + values * factor
    if total is None or len(total) == 0:
        return {"p10": 0.0, "p50": 0.0, "p90": 0.0, "mean": 0.0, "prob_positive": 0.0}
    p10, p50, p90 = np.quantile(total, (0.1, 0.5, 0.9))
    return {"p10": float(p10), "p50": float(p50), "p90": float(p90), "mean": float(total.mean()),
            "prob_positive": float(np.mean(total > 0))}


def efficient_frontier(problem: PortfolioProblem, *, points: int = 8, time_limit: float = 10.0
                       ) -> tuple[FrontierPoint, ...]:
    """Best plans for risk budgets from 0 to the risk of the best plan without a risk budget (other limits kept).

    time_limit is shared by all the solves. Budgets that no plan meets (e.g. pins that force risk) are left out.
    """
    per_solve = time_limit / (points + 1)
    free = solve_portfolio(replace(problem, limits=replace(problem.limits, risk_budget=None)), time_limit=per_solve)
    if free.status in ("infeasible", "unknown"):
        return ()
    frontier = []
    for budget in np.linspace(0.0, free.total_risk, max(points, 2)):
        plan = free if budget >= free.total_risk else solve_portfolio(
            replace(problem, limits=replace(problem.limits, risk_budget=float(budget))), time_limit=per_solve)
        if plan.status in ("optimal", "feasible"):
            frontier.append(FrontierPoint(risk=plan.total_risk, npv=plan.objective, plan=plan,
                                          risk_budget=float(budget)))
    return tuple(frontier)


def _step(problem: PortfolioProblem, name: str) -> tuple[frozenset, dict, float, int | None, str, dict]:
    """(groups to drop, row overrides, step, period, sentence start, params) for relaxing one binding limit."""
    limits = problem.limits
    kind, _, detail = name.partition(":")
    if kind == "risk_budget":
        step = max(RELATIVE_STEP * limits.risk_budget, 1.0)
        return (frozenset(), {name: limits.risk_budget + step}, step, None,
                f"Raising the risk budget by {step:,.4g} points (to {limits.risk_budget + step:,.4g})",
                {"from": limits.risk_budget, "to": limits.risk_budget + step})
    if kind in ("country_share", "form_share"):
        share = limits.max_country_share if kind == "country_share" else limits.max_form_share
        where = f"country {detail}" if kind == "country_share" else f"engagement form {detail}"
        new = min(1.0, share + SHARE_STEP)
        return (frozenset(), {name: new}, SHARE_STEP, None,
                f"Allowing {100 * new:g} % instead of {100 * share:g} % of outsourced {limits.share_basis} in {where}",
                {"key": detail, "from": share, "to": new})
    if kind == "starts_per_period":
        period = int(detail)
        return (frozenset(), {name: limits.max_starts_per_period + 1}, 1.0, period,
                f"Allowing one more transition to start in half-year {period + 1}",
                {"period": period, "to": limits.max_starts_per_period + 1})
    if kind == "fte_per_period":
        period = int(detail)
        step = max(RELATIVE_STEP * limits.max_fte_per_period, 1.0)
        return (frozenset(), {name: limits.max_fte_per_period + step}, step, period,
                f"Allowing {step:,.4g} more FTE to start in half-year {period + 1}",
                {"period": period, "to": limits.max_fte_per_period + step})
    if kind == "one_off_budget":
        year = int(detail)
        step = max(RELATIVE_STEP * limits.one_off_budget_per_year, 1.0)
        return (frozenset(), {name: limits.one_off_budget_per_year + step}, step, 2 * year,
                f"Raising the one-off budget of year {year + 1} by {step:,.0f}",
                {"year": year, "to": limits.one_off_budget_per_year + step})
    if kind == "pin":
        return frozenset({name}), {}, 1.0, None, f"Removing the pin on {detail}", {"function_id": detail}
    if kind == "appetite":
        return frozenset({name}), {}, 1.0, None, "Allowing options above a function's risk appetite", {}
    if kind == "dependency":
        before, _, after = detail.partition("->")
        return (frozenset({name}), {}, 1.0, None, f"Dropping the dependency of {after} on {before}",
                {"before": before, "after": after})
    raise ValueError(f"unknown limit {name!r}")


def relaxation_gains(problem: PortfolioProblem, plan: PortfolioPlan, *, time_limit: float = 10.0
                     ) -> tuple[RelaxationGain, ...]:
    """For each binding limit of the plan: relax it by one step, re-solve, report what the objective gains.

    The gain is never reported below zero (relaxing a limit cannot lower the optimum; a negative
    difference can only be the solvers' gap). time_limit is shared by all the re-solves; a limit the time
    did not reach is listed with params["evaluated"] False.
    """
    if not plan.binding:
        return ()
    started = time.perf_counter()
    gains = []
    for index, name in enumerate(plan.binding):
        drop, overrides, step, period, start, params = _step(problem, name)
        left = time_limit - (time.perf_counter() - started)
        raw = None
        if left > 0.05:  # share what is left among the limits still to try
            model = build_model(problem, drop=drop, overrides=overrides)
            raw, _ = solve_large(model, must=must_move_columns(problem, model),
                                 time_limit=left / (len(plan.binding) - index), mip_gap=1e-6)
        if raw is None or raw.x is None:
            gains.append(RelaxationGain(limit=name, period=period, step=step, gain=0.0,
                                        sentence_en=f"{start}: not evaluated in the time available.",
                                        code=name.partition(":")[0], params={**params, "gain": 0.0,
                                                                             "evaluated": False}))
            continue
        gain = max(0.0, raw.objective - plan.objective)
        if gain > 0:
            sentence = f"{start} would add {gain:,.0f} to the plan's value."
        elif raw.status == "optimal":
            sentence = f"{start} would not improve the plan."
        else:  # the re-solve stopped at its time limit: nothing better found is not proof that nothing exists
            sentence = f"{start}: no gain found in the time available."
        gains.append(RelaxationGain(limit=name, period=period, step=step, gain=gain, sentence_en=sentence,
                                    code=name.partition(":")[0], params={**params, "gain": gain, "evaluated": True,
                                                                         "proven": raw.status == "optimal"}))
    return tuple(sorted(gains, key=lambda g: -g.gain))
