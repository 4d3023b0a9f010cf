"""An option's risk register as the results page, the API and the reports show it."""

from dataclasses import dataclass

from assessments.domain.stored_scores import stored_risks
from assessments.models import OptionScore, Recommendation


@dataclass(frozen=True)
class RiskEntry:
    """One line of a risk register: likelihood and impact on 1-5, score = likelihood × impact (+ modifiers)."""

    code: str
    name: str
    likelihood: float
    impact: float
    score: float
    points: float  # points this risk takes off the option's score (the API's `points`)
    mitigation: str


def risk_register(stored: dict, factors: dict) -> tuple[RiskEntry, ...]:
    """The register of one stored option score (OptionScore.risks), highest score first, then by code.

    `factors` is {code: RiskFactor}; a code the catalogue no longer has is shown by its code.
    """
    entries = []
    for risk in stored_risks(stored):
        factor = factors.get(risk.code)
        entries.append(RiskEntry(code=risk.code, name=factor.name if factor else risk.code, likelihood=risk.likelihood,
                                 impact=risk.impact, score=risk.score, points=risk.points,
                                 mitigation=factor.mitigation if factor else ""))  # fmt: skip
    return tuple(sorted(entries, key=lambda r: (-r.score, r.code)))


def recommended_risk_rows(run) -> list[dict]:
    """The register of each function's recommended option as the API sends it: one row per risk, in the
    order stored. "Keep in-house" moves nothing to a vendor: it has no register of outsourcing risks."""
    chosen = dict(Recommendation.objects.filter(run=run).values_list("function_id", "recommended_option_id"))
    scores = OptionScore.objects.filter(run=run, option_id__in=set(chosen.values())).values(
        "function_id", "option_id", "risks")
    rows = []
    for score in scores:
        if chosen.get(score["function_id"]) != score["option_id"] or score["option_id"].startswith("in-house|"):
            continue
        rows.extend({"function_id": score["function_id"], "option_id": score["option_id"], "risk": risk.code,
                     "likelihood": risk.likelihood, "impact": risk.impact, "score": risk.score, "points": risk.points}
                    for risk in stored_risks(score["risks"]))  # fmt: skip
    return rows
