"""Limits that cannot all be met: a minimal conflicting set by a deletion filter over limit groups. Pure.

Start from every limit group the problem sets (the plan is infeasible). Try each group in turn: if the
problem stays infeasible without it, leave it out for good; otherwise it is needed and stays. What is left
is infeasible, and removing any one member makes it feasible: when member g was tested, the limits without
g were feasible, and the final set without g is a subset of those limits. One choice per function and
the number of periods are structure, never part of a conflict.

Checks are cheap in the common case: without a pin that forces a move, keeping everything in-house meets
every limit, so every conflict holds such a pin; and without share limits only the functions that must
move need to be in the feasibility model.
"""

import time
from dataclasses import replace

import numpy as np

from .portfolio_model import SHARE_GROUPS, build_model, limit_groups, must_move_columns
from .portfolio_pricing import sub_model
from .portfolio_solve_raw import solve_model
from .portfolio_types import Conflict, PortfolioProblem

MIN_CHECK_SECONDS = 0.05


def is_feasible(problem: PortfolioProblem, drop: frozenset[str], *, time_limit: float) -> bool | None:
    """True or False when proven, None when the time limit ran out first."""
    model = build_model(problem, drop=drop)
    if np.all(model.row_lb <= 0) and np.all(model.row_ub >= 0):
        return True  # keeping every function in-house meets every row: no pin forces a move
    if not any(name.startswith(SHARE_GROUPS) for name in model.row_names):
        # without share limits, only functions that must move matter: keeping any other is always allowed
        model = sub_model(model, np.nonzero(must_move_columns(problem, model))[0])
    raw = solve_model(replace(model, obj=np.zeros_like(model.obj)), time_limit=time_limit, mip_gap=1.0)
    if raw.status == "infeasible":
        return False
    return True if raw.x is not None else None


def minimal_conflict(problem: PortfolioProblem, *, time_limit: float = 10.0) -> tuple[list[str], bool]:
    """(conflicting groups, proven minimal). A check the time limit cuts short keeps its group: the set
    still cannot be met, but may not be the smallest."""
    started = time.perf_counter()
    groups = limit_groups(problem.limits)
    kept: list[str] = []
    dropped: set[str] = set()
    minimal = True
    for index, group in enumerate(groups):
        left = time_limit - (time.perf_counter() - started)
        if left <= 0:  # out of time: the untested groups stay in the set
            kept += groups[index:]
            return kept, False
        feasible = is_feasible(problem, frozenset(dropped | {group}), time_limit=max(left / (len(groups) - index),
                                                                                       MIN_CHECK_SECONDS))
        if feasible is False:
            dropped.add(group)
        else:
            kept.append(group)
            minimal = minimal and feasible is True
    return kept, minimal


def find_conflicts(problem: PortfolioProblem, *, time_limit: float = 10.0) -> tuple[tuple[Conflict, ...], bool]:
    groups, minimal = minimal_conflict(problem, time_limit=time_limit)
    return tuple(describe(problem, group) for group in groups), minimal


def describe(problem: PortfolioProblem, group: str) -> Conflict:
    limits = problem.limits
    if group.startswith("pin:"):
        function_id = group.removeprefix("pin:")
        pin = next(p for p in limits.pins if p.function_id == function_id)
        name = next((f.name for f in problem.functions if f.function_id == function_id), function_id)
        sentences = {
            "keep": f"{name} is pinned to stay in-house.",
            "move": f"{name} is pinned to move.",
            "country": f"{name} is pinned to move to {pin.value}.",
            "option": f"{name} is pinned to move to option {pin.value}.",
        }
        return Conflict(group, f"pin_{pin.kind}", sentences[pin.kind],
                        {"function_id": function_id, "function": name, "value": pin.value})
    if group.startswith("dependency:"):
        before, after = group.removeprefix("dependency:").split("->", 1)
        names = {f.function_id: f.name for f in problem.functions}
        dep = next(d for d in limits.dependencies if d.before == before and d.after == after)
        params = {"before": before, "after": after, "before_name": names.get(before, before),
                  "after_name": names.get(after, after)}
        if dep.required:
            return Conflict(group, "dependency_required",
                            f"{params['after_name']} may move only if {params['before_name']} moves first, "
                            "at least one half-year earlier.", params)
        return Conflict(group, "dependency", f"If both move, {params['before_name']} must start at least one "
                        f"half-year before {params['after_name']}.", params)
    return _describe_limit(limits, group)


def _describe_limit(limits, group: str) -> Conflict:
    basis = "spend" if limits.share_basis == "spend" else "FTE"
    if group == "risk_budget":
        return Conflict(group, group, f"The risk budget allows at most {limits.risk_budget:g} risk points in total.",
                        {"risk_budget": limits.risk_budget})
    if group == "appetite":
        return Conflict(group, group, "No function may move to an option above its risk appetite.", {})
    if group in ("country_share", "form_share"):
        share = limits.max_country_share if group == "country_share" else limits.max_form_share
        where = "one country" if group == "country_share" else "one engagement form"
        return Conflict(group, group, f"At most {100 * share:g} % of outsourced {basis} may be in {where}.",
                        {"share": share, "basis": limits.share_basis})
    if group == "starts_per_period":
        return Conflict(group, group, f"At most {limits.max_starts_per_period} transitions may start per half-year.",
                        {"max_starts": limits.max_starts_per_period})
    if group == "fte_per_period":
        return Conflict(group, group, f"At most {limits.max_fte_per_period:g} FTE may start a transition per "
                        "half-year.", {"max_fte": limits.max_fte_per_period})
    if group == "one_off_budget":
        return Conflict(group, group, f"One-off transition costs may not exceed {limits.one_off_budget_per_year:,.0f} "
                        "per year.", {"budget": limits.one_off_budget_per_year})
    raise ValueError(f"unknown limit group {group!r}")


def conflict_summary_en(conflicts: tuple[Conflict, ...]) -> str:
    """One paragraph naming the limits in conflict, for a message to the manager."""
    if not conflicts:
        return ""
    return ("These limits cannot all be met; relax at least one of them: "
            + " ".join(c.sentence_en for c in conflicts))
