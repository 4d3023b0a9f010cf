"""Portfolio runs (issue 19): request a solve for a set of limits, compute it in the background, save plans.

The life of a run (claim, heartbeat, one stored result, the sweep) is services/runs.py; the optimiser is pure
(assessments/domain/portfolio*.py); the problem is built by selectors/portfolio_inputs.py. The Celery task only
calls `portfolio_run_execute` with an id, and the run's inputs hold the whole problem, so computing it again
gives the same result whatever changed in the database since.
"""

from dataclasses import asdict

from django.conf import settings
from django.db import IntegrityError, transaction

from assessments.domain import portfolio as pf
from assessments.domain.portfolio_stored import frontier_rows, result_context, result_to_json
from assessments.domain.tco import pair_npv_draws
from assessments.models import Assessment, PortfolioPlan, PortfolioRun, TcoRun
from assessments.selectors.portfolio_inputs import (
    PortfolioUnavailable,
    portfolio_problem,
    portfolio_source,
    problem_digest,
)
from assessments.services import runs
from assessments.services.run_kinds import PORTFOLIO_RUNS
from assessments.services.tco import tco_inputs_frames

FRONTIER_POINTS = 8
DEFAULT_LIMITS = {
    "objective": "expected", "price_per_risk_point": 0.0, "periods": 6, "risk_budget": None,
    "enforce_appetite": True, "max_country_share": None, "max_form_share": None, "share_basis": "fte",
    "max_starts_per_period": None, "max_fte_per_period": None, "one_off_budget_per_year": None,
    "dependencies": [], "pins": [],
}  # fmt: skip
# The optimiser's field names -> the names the form and the API use.
FIELD_NAMES = {"objective.kind": "objective", "objective.price_per_risk_point": "price_per_risk_point"}

__all__ = ["PortfolioUnavailable"]


class LimitsInvalid(Exception):
    """Limits the optimiser cannot take: {field: [messages]}."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__("; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items()))
        self.errors = errors


class PlanNameTaken(Exception):
    """Another saved plan of the assessment has this name."""


def limits_from_data(data: dict) -> tuple[pf.Limits, pf.Objective]:
    """Limits as entered (the form's or the API's cleaned data, DEFAULT_LIMITS' keys) -> the optimiser's."""
    values = {**DEFAULT_LIMITS, **data}
    limits = pf.Limits(
        periods=int(values["periods"]), risk_budget=values["risk_budget"],
        enforce_appetite=bool(values["enforce_appetite"]),
        max_country_share=values["max_country_share"], max_form_share=values["max_form_share"],
        share_basis=values["share_basis"], max_starts_per_period=values["max_starts_per_period"],
        max_fte_per_period=values["max_fte_per_period"], one_off_budget_per_year=values["one_off_budget_per_year"],
        dependencies=tuple(pf.Dependency(before=str(d["before"]), after=str(d["after"]),
                                         required=bool(d.get("required"))) for d in values["dependencies"]),
        pins=tuple(pf.Pin(function_id=str(p["function_id"]), kind=p["kind"], value=str(p.get("value") or ""))
                   for p in values["pins"]),
    )  # fmt: skip
    objective = pf.Objective(kind=values["objective"], price_per_risk_point=float(values["price_per_risk_point"] or 0))
    return limits, objective


def limits_to_data(limits: pf.Limits, objective: pf.Objective) -> dict:
    data = asdict(limits)
    return {"objective": objective.kind, "price_per_risk_point": objective.price_per_risk_point, **data}


def _requested(assessment: Assessment, data: dict, user) -> runs.Requested:
    limits, objective = limits_from_data(data)
    source = portfolio_source(assessment, periods=max(1, limits.periods))
    problem = portfolio_problem(source, limits, objective)
    errors: dict[str, list[str]] = {}
    for error in pf.validate_problem(problem):
        errors.setdefault(FIELD_NAMES.get(error.field, error.field), []).append(error.message)
    if errors:
        raise LimitsInvalid(errors)
    inputs = {"limits": limits_to_data(limits, objective), "problem": pf.problem_to_dict(problem),
              "tco_run_id": source.tco_run.pk, "scoring_run_hash": source.scoring_run.inputs_hash,
              "start_year": source.start_year, "currency": source.currency}  # fmt: skip
    return runs.run_request(PORTFOLIO_RUNS, owner=assessment, inputs=inputs, digest=problem_digest(problem, source),
                            user=user, tco_run=source.tco_run)  # fmt: skip


def portfolio_run_request(*, assessment: Assessment, limits: dict, user=None) -> runs.Requested:
    """The run for these limits: the stored one when the same problem was solved, else a new queued run.

    Raises PortfolioUnavailable (no scores or no finished TCO run) or LimitsInvalid (named fields).
    """
    return _requested(assessment, limits, user)


def portfolio_run_start(*, assessment: Assessment, limits: dict, user) -> runs.Requested:
    """A person pressed Solve: the run re-read after the request's commit (in-process: already computed).

    Call outside a transaction. Raises QueueUnavailable when it is saved but not yet sent.
    """
    return runs.run_start(PORTFOLIO_RUNS, _requested(assessment, limits, user))


def _distribution(run: PortfolioRun, plan: pf.PortfolioPlan) -> dict | None:
    tco_run = TcoRun.objects.filter(pk=run.inputs["tco_run_id"]).only("inputs").first()
    if tco_run is None or not plan.moves:
        return None if tco_run is None else pf.portfolio_distribution(plan, {})
    pairs = [(int(m.function_id), m.option_key) for m in plan.moves]
    draws = pair_npv_draws(tco_inputs_frames(tco_run.inputs), pairs)
    return pf.portfolio_distribution(plan, {(str(f), o): values for (f, o), values in draws.items()})


def _compute(run: PortfolioRun, progress) -> dict:
    try:
        problem = pf.problem_from_dict(run.inputs["problem"])
    except (KeyError, TypeError, ValueError) as exc:
        raise runs.RunFailed(f"The stored limits could not be read: {exc}") from exc
    seconds = settings.PORTFOLIO_SOLVE_SECONDS
    progress(0.05)
    plan = pf.solve_portfolio(problem, time_limit=seconds)
    progress(0.35)
    if plan.status not in ("optimal", "feasible"):
        return {"result": result_to_json(plan, None, [], (), result_context(run.inputs))}
    distribution = _distribution(run, plan)
    progress(0.5)
    frontier = pf.efficient_frontier(problem, points=FRONTIER_POINTS, time_limit=seconds)
    progress(0.8)
    gains = pf.relaxation_gains(problem, plan, time_limit=seconds)
    return {"result": result_to_json(plan, distribution, frontier_rows(frontier, plan), gains,
                                     result_context(run.inputs))}


def portfolio_run_execute(*, run_id: int, redelivered: bool = False) -> None:
    """Compute a run and store its one result. Safe to call again for the same id (services/runs.py)."""
    runs.run_execute(PORTFOLIO_RUNS, run_id=run_id, redelivered=redelivered, work=_compute)


def portfolio_plan_save(*, run: PortfolioRun, name: str, user=None) -> PortfolioPlan:
    """Save a solved run's plan under a name (unique per assessment; PlanNameTaken otherwise)."""
    if run.status != PortfolioRun.Status.SUCCEEDED or not run.result:
        raise ValueError("Only a solved plan can be saved.")
    try:
        with transaction.atomic():
            return PortfolioPlan.objects.create(assessment_id=run.assessment_id, name=name.strip(),
                                                limits=run.inputs["limits"], result=run.result, run=run,
                                                created_by=user if getattr(user, "is_authenticated", False) else None)
    except IntegrityError as exc:
        raise PlanNameTaken(name) from exc
