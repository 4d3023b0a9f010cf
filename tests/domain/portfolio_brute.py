"""Brute force for small portfolio problems: every plan enumerated and checked against the limits as the
issue states them, written independently of the optimiser's model (no shared code but the dataclasses)."""

import itertools
from dataclasses import replace

from assessments.domain.portfolio_model import objective_by_start

EPS = 1e-7


def value_of(problem, plan: dict) -> float:
    """plan: function_id -> (candidate, start) for moved functions."""
    objective = problem.objective
    return sum(float(objective_by_start(c, objective.kind, objective.price_per_risk_point)[h])
               for c, h in plan.values())


def violations(problem, plan: dict) -> set[str]:
    limits = problem.limits
    bad = set()

    def over(total, limit) -> bool:
        return total > limit + EPS * max(1.0, abs(limit))

    moved = list(plan.values())
    if limits.enforce_appetite and any(not c.within_appetite for c, _ in moved):
        bad.add("appetite")
    if limits.risk_budget is not None and over(sum(c.risk_points for c, _ in moved), limits.risk_budget):
        bad.add("risk_budget")
    basis = (lambda c: c.yearly_spend) if limits.share_basis == "spend" else (lambda c: c.fte)
    total = sum(basis(c) for c, _ in moved)
    for group, share, key in (("country_share", limits.max_country_share, lambda c: c.country),
                              ("form_share", limits.max_form_share, lambda c: c.engagement)):
        if share is None:
            continue
        for value in {key(c) for c, _ in moved}:
            if over(sum(basis(c) for c, _ in moved if key(c) == value), share * total):
                bad.add(group)
    for h in range(limits.periods):
        starting = [c for c, s in moved if s == h]
        if limits.max_starts_per_period is not None and len(starting) > limits.max_starts_per_period:
            bad.add("starts_per_period")
        if limits.max_fte_per_period is not None and over(sum(c.fte for c in starting), limits.max_fte_per_period):
            bad.add("fte_per_period")
    if limits.one_off_budget_per_year is not None:
        for year in range((limits.periods + 1) // 2):
            spent = sum(c.one_off_by_start[s] for c, s in moved if s // 2 == year)
            if over(spent, limits.one_off_budget_per_year):
                bad.add("one_off_budget")
    for dep in limits.dependencies:
        b, a = plan.get(dep.before), plan.get(dep.after)
        if (b and a and b[1] + 1 > a[1]) or (dep.required and a and not b):
            bad.add(f"dependency:{dep.before}->{dep.after}")
    for pin in limits.pins:
        choice = plan.get(pin.function_id)
        if ((pin.kind == "keep" and choice) or (pin.kind == "move" and not choice)
                or (pin.kind == "country" and (not choice or choice[0].country != pin.value))
                or (pin.kind == "option" and (not choice or choice[0].option_key != pin.value))):
            bad.add(f"pin:{pin.function_id}")
    return bad


def all_plans(problem):
    periods = problem.limits.periods
    options = [[None] + [(c, h) for c in f.candidates for h in range(periods)] for f in problem.functions]
    for combo in itertools.product(*options):
        yield {f.function_id: choice for f, choice in zip(problem.functions, combo, strict=True) if choice}


def brute_force(problem) -> tuple[float | None, dict | None]:
    """(best value, best plan) or (None, None) when no plan meets every limit."""
    best, best_plan = None, None
    for plan in all_plans(problem):
        if violations(problem, plan):
            continue
        value = value_of(problem, plan)
        if best is None or value > best + 1e-9:
            best, best_plan = value, plan
    return best, best_plan


def only_groups(problem, groups: set[str]):
    """The problem with only the named limit groups kept (the others switched off)."""
    limits = problem.limits
    keep = set(groups)
    new = replace(
        limits,
        risk_budget=limits.risk_budget if "risk_budget" in keep else None,
        enforce_appetite=limits.enforce_appetite and "appetite" in keep,
        max_country_share=limits.max_country_share if "country_share" in keep else None,
        max_form_share=limits.max_form_share if "form_share" in keep else None,
        max_starts_per_period=limits.max_starts_per_period if "starts_per_period" in keep else None,
        max_fte_per_period=limits.max_fte_per_period if "fte_per_period" in keep else None,
        one_off_budget_per_year=limits.one_off_budget_per_year if "one_off_budget" in keep else None,
        dependencies=tuple(d for d in limits.dependencies if f"dependency:{d.before}->{d.after}" in keep),
        pins=tuple(p for p in limits.pins if f"pin:{p.function_id}" in keep),
    )
    return replace(problem, limits=new)
