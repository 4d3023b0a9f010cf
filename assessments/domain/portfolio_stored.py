"""The stored result of a portfolio run (PortfolioRun.result, PortfolioPlan.result): written and read only here.

{"plan": plan_to_dict(plan), "distribution": {p10, p50, p90, mean, prob_positive} | None,
 "frontier": [{"risk", "npv", "risk_budget", "is_plan", "alternative": 1..3 | None, "moves": [[fid, key, h]]}],
 "gains": [{"limit", "period", "step", "gain", "code", "params", "sentence_en"}],
 "context": {"names": {function_id: name}, "start_year", "currency", "periods"}}  (what a saved plan is read with)
"""

from dataclasses import asdict, dataclass

from . import portfolio as pf

ALTERNATIVES = 3


@dataclass(frozen=True)
class FrontierRow:
    risk: float
    npv: float
    risk_budget: float
    is_plan: bool
    alternative: int | None  # 1..3: an alternative plan marked on the chart
    moves: tuple[tuple[str, str, int], ...]


@dataclass(frozen=True)
class PortfolioResult:
    plan: pf.PortfolioPlan
    distribution: dict | None
    frontier: tuple[FrontierRow, ...]
    gains: tuple[pf.RelaxationGain, ...]
    context: dict

    @property
    def solved(self) -> bool:
        return self.plan.status in ("optimal", "feasible")


def frontier_rows(points: tuple[pf.FrontierPoint, ...], plan: pf.PortfolioPlan) -> list[FrontierRow]:
    """The frontier's points, the chosen plan's marked, and up to three others (the spread-out ones) as alternatives."""
    distinct: dict[tuple, pf.FrontierPoint] = {}
    for point in points:  # several budgets can give the same plan: kept once
        key = tuple(sorted((m.function_id, m.option_key, m.start_period) for m in point.plan.moves))
        distinct.setdefault(key, point)
    chosen = tuple(sorted((m.function_id, m.option_key, m.start_period) for m in plan.moves))
    others = [key for key in distinct if key != chosen]
    step = max(1, len(others) // ALTERNATIVES) if others else 1
    marked = {key: i + 1 for i, key in enumerate(others[::step][:ALTERNATIVES])}
    return [FrontierRow(risk=p.risk, npv=p.npv, risk_budget=p.risk_budget, is_plan=key == chosen,
                        alternative=marked.get(key), moves=key) for key, p in distinct.items()]  # fmt: skip


def result_context(inputs: dict) -> dict:
    """From a run's inputs, what reading its result needs (function names, first year, currency, half-years)."""
    problem = inputs["problem"]
    return {"names": {f["function_id"]: f["name"] for f in problem["functions"]}, "start_year": inputs["start_year"],
            "currency": inputs["currency"], "periods": problem["limits"]["periods"]}  # fmt: skip


def result_to_json(plan: pf.PortfolioPlan, distribution: dict | None, frontier: list[FrontierRow],
                   gains: tuple[pf.RelaxationGain, ...], context: dict) -> dict:
    return {"plan": pf.plan_to_dict(plan), "distribution": distribution,
            "frontier": [{**asdict(row), "moves": [list(m) for m in row.moves]} for row in frontier],
            "gains": [asdict(g) for g in gains], "context": context}  # fmt: skip


def result_from_json(data: dict) -> PortfolioResult:
    return PortfolioResult(
        plan=pf.plan_from_dict(data["plan"]), distribution=data.get("distribution"),
        frontier=tuple(FrontierRow(**{**row, "moves": tuple(tuple(m) for m in row["moves"])})
                       for row in data.get("frontier", ())),
        gains=tuple(pf.RelaxationGain(**g) for g in data.get("gains", ())), context=data["context"],
    )  # fmt: skip
