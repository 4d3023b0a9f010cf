"""JSON round trip of portfolio problems and plans (for the run row and the API). Pure: no Django.

Infinite bounds and gaps (no plan found) are written as null and read back as infinity.
"""

import math
from collections.abc import Mapping
from dataclasses import asdict

from .portfolio_types import (
    Conflict,
    Dependency,
    Limits,
    Move,
    MoveCandidate,
    Objective,
    Pin,
    PortfolioFunction,
    PortfolioPlan,
    PortfolioProblem,
)


def _finite_or_none(value: float) -> float | None:
    return value if math.isfinite(value) else None


def plan_to_dict(plan: PortfolioPlan) -> dict:
    data = asdict(plan)
    for key in ("objective", "bound", "gap", "lp_bound"):
        data[key] = _finite_or_none(data[key])
    return data


def plan_from_dict(data: Mapping) -> PortfolioPlan:
    values = dict(data)
    for key in ("objective", "bound", "gap", "lp_bound"):
        values[key] = math.inf if values.get(key) is None else float(values[key])
    values["moves"] = tuple(Move(**m) for m in values["moves"])
    values["conflicts"] = tuple(Conflict(**c) for c in values["conflicts"])
    for key in ("kept", "binding", "starts_by_period", "one_off_by_year", "fte_by_period"):
        values[key] = tuple(values.get(key, ()))
    return PortfolioPlan(**values)


def problem_to_dict(problem: PortfolioProblem) -> dict:
    return asdict(problem)


def problem_from_dict(data: Mapping) -> PortfolioProblem:
    functions = tuple(
        PortfolioFunction(function_id=f["function_id"], name=f["name"], candidates=tuple(
            MoveCandidate(**{k: tuple(v) if isinstance(v, list) else v for k, v in c.items()})
            for c in f["candidates"]))
        for f in data["functions"])
    limits = dict(data["limits"])
    limits["dependencies"] = tuple(Dependency(**d) for d in limits.get("dependencies", ()))
    limits["pins"] = tuple(Pin(**p) for p in limits.get("pins", ()))
    return PortfolioProblem(functions=functions, limits=Limits(**limits), objective=Objective(**data["objective"]))
