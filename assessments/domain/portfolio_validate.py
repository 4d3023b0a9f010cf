"""Check a portfolio problem before solving: bad limits named by field. Pure: no Django."""

import math

import numpy as np

from .portfolio_types import OBJECTIVE_KINDS, PIN_KINDS, SHARE_BASES, LimitError, PortfolioProblem


def _bad_number(value) -> bool:
    return value is not None and (not isinstance(value, int | float) or math.isnan(value) or value < 0)


def validate_problem(problem: PortfolioProblem) -> list[LimitError]:
    limits, objective = problem.limits, problem.objective
    errors: list[LimitError] = []
    if not isinstance(limits.periods, int) or limits.periods < 1:
        errors.append(LimitError("periods", "The roadmap needs at least one half-year."))
    for name, label in (("risk_budget", "The risk budget"), ("max_fte_per_period", "The FTE per half-year"),
                        ("one_off_budget_per_year", "The one-off budget per year"),
                        ("max_starts_per_period", "The number of starts per half-year")):
        if _bad_number(getattr(limits, name)):
            errors.append(LimitError(name, f"{label} must be a number of zero or more."))
    if limits.max_starts_per_period is not None and limits.max_starts_per_period != int(limits.max_starts_per_period):
        errors.append(LimitError("max_starts_per_period", "The number of starts per half-year must be whole."))
    for name in ("max_country_share", "max_form_share"):
        value = getattr(limits, name)
        if value is not None and (_bad_number(value) or value > 1):
            errors.append(LimitError(name, "A share must lie between 0 and 1 (0 % and 100 %)."))
    if limits.share_basis not in SHARE_BASES:
        errors.append(LimitError("share_basis", "Shares are measured in FTE or in spend."))
    if objective.kind not in OBJECTIVE_KINDS:
        errors.append(LimitError("objective.kind", f"Unknown objective {objective.kind!r}."))
    if _bad_number(objective.price_per_risk_point):
        errors.append(LimitError("objective.price_per_risk_point", "The price per risk point must be zero or more."))
    errors += _function_errors(problem)
    errors += _pin_errors(problem)
    errors += _dependency_errors(problem)
    return errors


def _series(cand) -> tuple:
    return cand.npv_by_start, cand.npv_p10_by_start, cand.npv_p50_by_start, cand.one_off_by_start


def _function_errors(problem: PortfolioProblem) -> list[LimitError]:
    errors = []
    ids = [f.function_id for f in problem.functions]
    if len(set(ids)) != len(ids):
        errors.append(LimitError("functions", "Two functions share an id."))
    for function in problem.functions:
        keys = [c.option_key for c in function.candidates]
        if len(set(keys)) != len(keys):
            errors.append(LimitError("functions", f"{function.name} lists an option twice."))
        if not function.candidates:
            continue
        # numpy per function rather than a loop per figure: 200 functions x 165 options is 130,000 series
        if {len(s) for c in function.candidates for s in _series(c)} != {problem.limits.periods}:
            errors.append(LimitError("functions", f"{function.name}: one figure per half-year is needed "
                                     f"({problem.limits.periods})."))
            continue
        series = np.array([_series(c) for c in function.candidates], dtype=float)
        scalars = np.array([(c.risk_points, c.fte, c.yearly_spend) for c in function.candidates], dtype=float)
        if not np.isfinite(series).all() or not (np.isfinite(scalars).all() and (scalars >= 0).all()):
            errors.append(LimitError("functions", f"{function.name}: a figure is missing or negative."))
    return errors


def _pin_errors(problem: PortfolioProblem) -> list[LimitError]:
    errors = []
    functions = {f.function_id: f for f in problem.functions}
    seen = set()
    for pin in problem.limits.pins:
        function = functions.get(pin.function_id)
        if function is None:
            errors.append(LimitError("pins", f"A pin names an unknown function {pin.function_id!r}."))
            continue
        if pin.function_id in seen:
            errors.append(LimitError("pins", f"{function.name} is pinned twice."))
        seen.add(pin.function_id)
        if pin.kind not in PIN_KINDS:
            errors.append(LimitError("pins", f"{function.name}: unknown pin {pin.kind!r}."))
        elif pin.kind == "option" and pin.value not in {c.option_key for c in function.candidates}:
            errors.append(LimitError("pins", f"{function.name} is pinned to an option it may not use ({pin.value})."))
        elif pin.kind == "country" and pin.value not in {c.country for c in function.candidates}:
            errors.append(LimitError("pins", f"{function.name} is pinned to a country none of its options is in "
                                     f"({pin.value})."))
    return errors


def _dependency_errors(problem: PortfolioProblem) -> list[LimitError]:
    errors = []
    ids = {f.function_id for f in problem.functions}
    graph: dict[str, set[str]] = {}
    for dep in problem.limits.dependencies:
        if dep.before not in ids or dep.after not in ids:
            errors.append(LimitError("dependencies", f"A dependency names an unknown function "
                                     f"({dep.before!r} -> {dep.after!r})."))
        elif dep.before == dep.after:
            errors.append(LimitError("dependencies", f"A function cannot depend on itself ({dep.before})."))
        else:
            graph.setdefault(dep.before, set()).add(dep.after)
    if _has_cycle(graph):
        errors.append(LimitError("dependencies", "The dependencies form a cycle: no order can satisfy them."))
    return errors


def _has_cycle(graph: dict[str, set[str]]) -> bool:
    state: dict[str, int] = {}  # 1 on the current path, 2 done

    def visit(node: str) -> bool:
        state[node] = 1
        for nxt in graph.get(node, ()):
            if state.get(nxt) == 1 or (nxt not in state and visit(nxt)):
                return True
        state[node] = 2
        return False

    return any(node not in state and visit(node) for node in list(graph))
