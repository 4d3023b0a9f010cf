"""The shape a scoring run stores per option score: written by services/scoring.py, decoded here only.

    OptionScore.risks          {risk_code: [likelihood, impact, risk_score, points, baseline_points]}
    OptionScore.contributions  {criterion: [raw_value, normalised_value, weight, points, baseline_points]}

Lists, not dicts, because a run stores one of each per function × option (9,000 of them for 50
functions): the names are written once, here. Pages, the API and the reports read the stored values
through `stored_risks` / `stored_contributions`, never by position. No Django import.
"""

from dataclasses import dataclass

from assessments.domain.scoring_appetite import RiskLimits, breaches

# The order of the values in a stored list (services/scoring.py writes them in this order).
RISK_VALUES = ("likelihood", "impact", "risk_score", "points", "baseline_points")
CONTRIBUTION_VALUES = ("raw_value", "normalised_value", "weight", "points", "baseline_points")


@dataclass(frozen=True)
class StoredRisk:
    """One risk factor of one option: likelihood and impact on 1-5, its score, the points it takes off."""

    code: str
    likelihood: float
    impact: float
    score: float
    points: float
    baseline_points: float

    @property
    def burden(self) -> float:
        """0..1, as the scoring model computes it ((L - 1) I / 20, domain/scoring_model.py)."""
        return (self.likelihood - 1) * self.impact / 20

    def as_row(self) -> dict:
        """The columns of the scoring model's risk breakdown (risk_code, likelihood, ..., baseline_points)."""
        return {"risk_code": self.code, "likelihood": self.likelihood, "impact": self.impact,
                "risk_score": self.score, "points": self.points, "baseline_points": self.baseline_points}  # fmt: skip


@dataclass(frozen=True)
class StoredContribution:
    """One criterion of one option: its raw and normalised value, weight and points."""

    criterion: str
    raw_value: float
    normalised_value: float
    weight: float
    points: float
    baseline_points: float

    def as_row(self) -> dict:
        """The columns of the scoring model's contributions (criterion, raw_value, ..., baseline_points)."""
        return {"criterion": self.criterion, "raw_value": self.raw_value, "normalised_value": self.normalised_value,
                "weight": self.weight, "points": self.points, "baseline_points": self.baseline_points}  # fmt: skip


def stored_risks(stored: dict) -> list[StoredRisk]:
    """The risks of one stored option score, in the order stored."""
    return [StoredRisk(code, *values) for code, values in stored.items()]


def stored_contributions(stored: dict) -> list[StoredContribution]:
    """The criterion contributions of one stored option score, in the order stored."""
    return [StoredContribution(criterion, *values) for criterion, values in stored.items()]


def highest_risks_first(stored: dict) -> list[StoredRisk]:
    """The risks by score, highest first (equal scores in the order stored)."""
    return sorted(stored_risks(stored), key=lambda risk: -risk.score)


def appetite_breaches(stored: dict, limits: RiskLimits) -> list[dict]:
    """What puts a stored option above the risk appetite (domain/scoring_appetite.py `breaches`)."""
    risks = stored_risks(stored)
    return breaches([r.score for r in risks], [r.burden for r in risks], tuple(r.code for r in risks), limits)


_POINTS = CONTRIBUTION_VALUES.index("points")
_RAW = CONTRIBUTION_VALUES.index("raw_value")


def criterion_points(stored: dict) -> dict[str, float]:
    """{criterion: points} of one stored option score (cheap: the reports read it for every score row)."""
    return {criterion: values[_POINTS] for criterion, values in stored.items()}


def criterion_raw_value(stored: dict, criterion: str) -> float:
    """The raw value of one criterion (e.g. the yearly saving rate of `cost_saving`); KeyError if not stored."""
    return stored[criterion][_RAW]
