"""The portfolio problem of an assessment, built from its latest scoring run and its latest finished TCO run.

Each function's candidates are its options the scoring allows (not excluded by its limits, not the in-house
baseline) that the TCO run costed. Per candidate (docs/portfolio.md, "Django side"):

- risk_points: the risk criterion's points the option gives up against keeping the work in-house, summed over
  the risk factors of its stored register (`baseline_points - points`, the "Points" column of the results
  page's risk register): 0 for no added risk, more for more.
- within_appetite: not above the function's risk appetite, or accepted by a consultant (risk_override).
- npv_by_start[h] (and P10, P50): the TCO's mean (P10, P50) NPV of savings for a start h half-years late,
  discounted by (1+r)^(-h/2), less the deterministic savings that would fall beyond the horizon.
- one_off_by_start: the TCO's transition cost (one-off costs and double running), the same whenever it starts.
- fte: the function's FTE x the option's share outsourced; yearly_spend: the TCO's provider fees per year.
"""

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from assessments.domain import portfolio as pf
from assessments.domain.scoring_text import option_label
from assessments.models import Assessment, BusinessFunction, OptionScore, ScoringRun, TcoRun
from assessments.selectors.results import country_names, latest_run

PORTFOLIO_INPUTS_VERSION = 1  # raised when the way a problem is built changes: stored runs are not reused across it


class PortfolioUnavailable(Exception):
    """Nothing to optimise yet: no scores, or no finished TCO run. `code` says which."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class PortfolioSource:
    scoring_run: ScoringRun
    tco_run: TcoRun
    functions: tuple[pf.PortfolioFunction, ...]
    start_year: int  # period 0 is the first half-year of this year
    currency: str
    horizon_years: int


def latest_finished_tco(assessment: Assessment) -> TcoRun | None:
    return (TcoRun.objects.filter(assessment=assessment, status=TcoRun.Status.SUCCEEDED)
            .order_by("-finished_at", "-id").first())  # fmt: skip


def start_year(assessment: Assessment, tco_run: TcoRun) -> int:
    """The roadmap starts in January after the assessment was submitted (or its TCO run was made)."""
    made = assessment.submitted_at or tco_run.created_at
    return made.year + 1


def shifted(stat: float, lost: np.ndarray, rate: float, periods: int) -> tuple[float, ...]:
    """A period-0 NPV figure for a start in each period: discounted by half-years, less what falls past the horizon."""
    return tuple(float((stat - lost[h]) * (1 + rate) ** (-h / 2)) for h in range(periods))


def lost_beyond_horizon(savings: np.ndarray, rate: float, periods: int) -> np.ndarray:
    """Per start period h, the present value (at period 0) of the yearly savings a start h half-years late pushes past
    the horizon: year t (end-of-year discounted) then ends at t + h/2; the share of it beyond H is lost."""
    years = len(savings)
    t = np.arange(1, years + 1)
    beta = (1 + rate) ** (-t.astype(float))
    return np.array([float(np.sum(savings * beta * np.clip(t + h / 2 - years, 0, 1))) for h in range(periods)])


def _by_pair(rows: list[dict]) -> dict[tuple[int, str], dict]:
    return {(r["function_id"], r["option_id"]): r for r in rows}


def _risk_points(risks: dict) -> float:
    return float(sum(max(0.0, v[4] - v[3]) for v in risks.values()))


def portfolio_source(assessment: Assessment, *, periods: int = 6) -> PortfolioSource:
    """The candidates of every function, or PortfolioUnavailable saying what is missing first."""
    scoring_run = latest_run(assessment)
    if scoring_run is None:
        raise PortfolioUnavailable("not_scored", "Submit the assessment first: the portfolio chooses among the "
                                   "options its scoring ranked.")
    tco_run = latest_finished_tco(assessment)
    if tco_run is None:
        raise PortfolioUnavailable("no_tco", "No finished TCO comparison yet: the portfolio needs each option's "
                                   "NPV. Run the TCO comparison first.")
    result, inputs = tco_run.result, tco_run.inputs
    rate = float(inputs["discount_rate"])
    summary, monte_carlo = _by_pair(result["summary"]), _by_pair(result["monte_carlo"])
    yearly: dict[tuple[int, str], list[dict]] = defaultdict(list)
    for row in result["yearly"]:
        yearly[(row["function_id"], row["option_id"])].append(row)
    shares = {o["option_id"]: float(o.get("share_outsourced") or 1.0) for o in inputs["options"]}
    countries = country_names()
    scores = (OptionScore.objects.filter(run=scoring_run, is_baseline=False, excluded=False)
              .order_by("function_id", "rank")
              .values_list("function_id", "option_id", "engagement", "location", "risks", "above_risk_appetite",
                           "risk_override"))  # fmt: skip
    candidates: dict[int, list[pf.MoveCandidate]] = defaultdict(list)
    fte = dict(BusinessFunction.objects.filter(assessment=assessment).values_list("pk", "fte"))
    for function_id, option_id, engagement, location, risks, above, override in scores:
        pair = (function_id, option_id)
        if pair not in summary or pair not in monte_carlo or function_id not in fte:
            continue
        years = sorted(yearly[pair], key=lambda r: r["year"])
        lost = lost_beyond_horizon(np.array([r["savings"] for r in years], dtype=float), rate, periods)
        mc, det = monte_carlo[pair], summary[pair]
        one_off = float(det.get("total_transition_cost") or 0.0)
        candidates[function_id].append(pf.MoveCandidate(
            option_key=option_id, label=option_label(option_id, "en", countries), country=location,
            engagement=engagement, npv_by_start=shifted(mc["npv_mean"], lost, rate, periods),
            npv_p10_by_start=shifted(mc["npv_p10"], lost, rate, periods),
            npv_p50_by_start=shifted(mc["npv_p50"], lost, rate, periods),
            one_off_by_start=(one_off,) * periods, risk_points=round(_risk_points(risks), 6),
            within_appetite=not above or override, fte=float(fte[function_id]) * shares.get(option_id, 1.0),
            yearly_spend=float(np.mean([r.get("provider_fees") or 0.0 for r in years])) if years else 0.0,
        ))  # fmt: skip
    functions = tuple(pf.PortfolioFunction(function_id=str(f["function_id"]), name=f["name"],
                                           candidates=tuple(candidates.get(f["function_id"], ())))
                      for f in inputs["functions"] if f["function_id"] in fte)  # fmt: skip
    return PortfolioSource(scoring_run=scoring_run, tco_run=tco_run, functions=functions,
                           start_year=start_year(assessment, tco_run), currency=inputs["currency"],
                           horizon_years=int(inputs["horizon_years"]))  # fmt: skip


def portfolio_problem(source: PortfolioSource, limits: pf.Limits, objective: pf.Objective) -> pf.PortfolioProblem:
    return pf.PortfolioProblem(functions=source.functions, limits=limits, objective=objective)


def problem_digest(problem: pf.PortfolioProblem, source: PortfolioSource) -> str:
    """Same problem from the same TCO run -> the stored run is reused."""
    payload = {"problem": pf.problem_to_dict(problem), "tco_run": source.tco_run.pk,
               "start_year": source.start_year, "version": PORTFOLIO_INPUTS_VERSION}  # fmt: skip
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()
