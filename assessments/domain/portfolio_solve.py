"""Solve the portfolio MILP with scipy.optimize.milp (HiGHS) and turn the answer into a plan. Pure: no Django."""

import time
from collections import defaultdict
from dataclasses import replace

import numpy as np

from .portfolio_binding import rows_blocking_a_better_change
from .portfolio_conflicts import find_conflicts
from .portfolio_model import Model, build_model, dependency_name, must_move_columns, objective_by_start
from .portfolio_pricing import solve_large
from .portfolio_solve_raw import RawSolution
from .portfolio_types import Move, PortfolioPlan, PortfolioProblem
from .portfolio_validate import validate_problem

TOL = 1e-6
BINDING_SECONDS_PER_COLUMN = 3.5e-6


def solve_portfolio(problem: PortfolioProblem, *, time_limit: float = 10.0, mip_gap: float = 1e-6) -> PortfolioPlan:
    """The best plan under the problem's limits; when none exists, the limits in conflict."""
    started = time.perf_counter()  # the time limit covers checking and building too

    def left() -> float:
        return time_limit - (time.perf_counter() - started)

    errors = validate_problem(problem)
    if errors:
        raise ValueError("; ".join(f"{e.field}: {e.message}" for e in errors))
    model = build_model(problem)
    # The binding-limit analysis after the solve takes time in proportion to the columns (0.4 s for 128,000
    # columns on the 2-core development machine under load): it is kept inside the time limit.
    reserve = min(0.25 * time_limit, BINDING_SECONDS_PER_COLUMN * model.n_columns)
    raw, lp_bound = solve_large(model, must=must_move_columns(problem, model), time_limit=left() - reserve,
                                mip_gap=mip_gap)  # fmt: skip
    conflicts, minimal = (), True
    if raw.status == "infeasible":
        conflicts, minimal = find_conflicts(problem, time_limit=left())
    plan = assemble_plan(problem, model, raw, conflicts=conflicts, conflicts_minimal=minimal, lp_bound=lp_bound)
    return replace(plan, solve_seconds=time.perf_counter() - started)


def assemble_plan(problem: PortfolioProblem, model: Model, raw: RawSolution, *, conflicts=(), conflicts_minimal=True,
                  lp_bound=0.0, seconds=0.0) -> PortfolioPlan:
    periods = problem.limits.periods
    years = (periods + 1) // 2
    moves: list[Move] = []
    chosen = np.nonzero(raw.x[:model.n_columns] > 0.5)[0] if raw.x is not None else np.zeros(0, int)
    for col in chosen:
        function = problem.functions[model.func[col]]
        cand = function.candidates[model.cand[col]]
        h = int(model.start[col])
        npv0 = cand.npv_by_start[0]
        moves.append(Move(
            function_id=function.function_id, option_key=cand.option_key, start_period=h, label=cand.label,
            country=cand.country, engagement=cand.engagement, npv_expected=float(cand.npv_by_start[h]),
            npv_p50=float(cand.npv_p50_by_start[h]), npv_p10=float(cand.npv_p10_by_start[h]),
            one_off=float(cand.one_off_by_start[h]), risk_points=float(cand.risk_points), fte=float(cand.fte),
            yearly_spend=float(cand.yearly_spend),
            shift_factor=float(cand.npv_by_start[h] / npv0) if abs(npv0) > 1e-12 else 1.0))
    moves.sort(key=lambda m: (m.start_period, m.function_id))
    moved = {m.function_id for m in moves}
    sums: dict[str, dict[str, float]] = {k: defaultdict(float) for k in ("fc", "ff", "sc", "sf")}
    starts, fte_period, one_off_year = [0] * periods, [0.0] * periods, [0.0] * years
    for m in moves:
        sums["fc"][m.country] += m.fte
        sums["ff"][m.engagement] += m.fte
        sums["sc"][m.country] += m.yearly_spend
        sums["sf"][m.engagement] += m.yearly_spend
        starts[m.start_period] += 1
        fte_period[m.start_period] += m.fte
        one_off_year[m.start_period // 2] += m.one_off
    has_plan = raw.x is not None
    return PortfolioPlan(
        status=raw.status, objective=raw.objective, bound=raw.bound, gap=raw.gap, moves=tuple(moves),
        kept=tuple(f.function_id for f in problem.functions if f.function_id not in moved) if has_plan else (),
        total_risk=sum(m.risk_points for m in moves), npv_expected=sum(m.npv_expected for m in moves),
        npv_p50=sum(m.npv_p50 for m in moves), npv_p10=sum(m.npv_p10 for m in moves),
        fte_by_country=dict(sums["fc"]), fte_by_form=dict(sums["ff"]), spend_by_country=dict(sums["sc"]),
        starts_by_period=tuple(starts), one_off_by_year=tuple(one_off_year), conflicts=tuple(conflicts),
        binding=binding_limits(problem, model, raw) if has_plan else (), lp_bound=float(lp_bound),
        spend_by_form=dict(sums["sf"]), fte_by_period=tuple(fte_period), solve_seconds=float(seconds),
        columns=model.n_columns, columns_before_pruning=model.columns_before_pruning,
        conflicts_minimal=conflicts_minimal)


def binding_limits(problem: PortfolioProblem, model: Model, raw: RawSolution) -> tuple[str, ...]:
    """Limits at their edge in the plan: rows without slack or blocking a better single change (lumpy FTE:
    portfolio_binding), dependencies with both functions one half-year apart, and pins or appetite that shut
    out a better column.

    The second part is a necessary condition only (a better-looking column may be blocked by other limits);
    relaxation_gains re-solves to tell what relaxing each one really gains.
    """
    activity = model.matrix @ raw.x
    names = []
    for name, value, upper in zip(model.row_names, activity, model.row_ub, strict=True):
        # one choice per function is structure; dependencies are judged on the plan below
        if name.startswith(("choice:", "share_total", "dependency:")) or not np.isfinite(upper):
            continue
        if upper - value <= TOL * max(1.0, abs(upper)):
            names.append(name)
    names += rows_blocking_a_better_change(model, raw.x)  # rows with slack that still block a better change
    limits, objective = problem.limits, problem.objective
    value_of = np.zeros(len(problem.functions))
    chosen = np.nonzero(raw.x[:model.n_columns] > 0.5)[0]
    value_of[model.func[chosen]] = model.obj[chosen]

    def best(cand) -> float:
        return float(np.max(objective_by_start(cand, objective.kind, objective.price_per_risk_point)
                            [:limits.periods]))

    index_of = {f.function_id: i for i, f in enumerate(problem.functions)}
    starts = {problem.functions[model.func[j]].function_id: int(model.start[j]) for j in chosen}
    for dep in limits.dependencies:  # at its edge: both move, one half-year apart
        if dep.before in starts and dep.after in starts and starts[dep.after] == starts[dep.before] + 1:
            names.append(dependency_name(dep))
    for pin in limits.pins:
        fi = index_of.get(pin.function_id)
        if fi is None:
            continue
        function = problem.functions[fi]
        allowed = [c for c in function.candidates if c.within_appetite or not limits.enforce_appetite]
        if pin.kind == "move":
            shut_out = value_of[fi] < 0
        else:
            outside = [c for c in allowed if pin.kind == "keep" or (pin.kind == "country" and c.country != pin.value)
                       or (pin.kind == "option" and c.option_key != pin.value)]
            shut_out = any(best(c) > value_of[fi] + TOL for c in outside)
        if shut_out:
            names.append(f"pin:{pin.function_id}")
    if limits.enforce_appetite and any(best(c) > value_of[fi] + TOL for fi, f in enumerate(problem.functions)
                                       for c in f.candidates if not c.within_appetite):
        names.append("appetite")
    return tuple(dict.fromkeys(names))
