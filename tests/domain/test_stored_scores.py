"""The stored score shape (assessments/domain/stored_scores.py): decoded by name, no database needed."""

from assessments.domain.scoring_appetite import RiskLimits
from assessments.domain.stored_scores import (
    CONTRIBUTION_VALUES,
    RISK_VALUES,
    appetite_breaches,
    criterion_points,
    criterion_raw_value,
    highest_risks_first,
    stored_contributions,
    stored_risks,
)

RISKS = {"transition": [3.0, 4.0, 20.0, 1.5, 2.0], "lock_in": [2.0, 5.0, 20.0, 0.5, 0.1],
         "leak": [5.0, 5.0, 35.0, 3.0, 1.0]}
CONTRIBUTIONS = {"cost_saving": [0.25, 0.8, 0.3, 24.0, 0.0], "risk": [12.0, 0.4, 0.2, 8.0, 10.0]}


def test_stored_risks_are_read_by_name_in_the_order_stored():
    risks = stored_risks(RISKS)
    assert [r.code for r in risks] == ["transition", "lock_in", "leak"]
    first = risks[0]
    assert (first.likelihood, first.impact, first.score, first.points, first.baseline_points) == (3, 4, 20, 1.5, 2)
    assert list(first.as_row()) == ["risk_code", *RISK_VALUES]


def test_highest_risks_first_keeps_the_stored_order_between_equal_scores():
    assert [r.code for r in highest_risks_first(RISKS)] == ["leak", "transition", "lock_in"]


def test_burden_is_the_scoring_models():
    assert stored_risks(RISKS)[0].burden == (3 - 1) * 4 / 20


def test_contributions_are_read_by_name():
    saving = stored_contributions(CONTRIBUTIONS)[0]
    assert (saving.criterion, saving.raw_value, saving.points) == ("cost_saving", 0.25, 24.0)
    assert list(saving.as_row()) == ["criterion", *CONTRIBUTION_VALUES]
    assert criterion_points(CONTRIBUTIONS) == {"cost_saving": 24.0, "risk": 8.0}
    assert criterion_raw_value(CONTRIBUTIONS, "cost_saving") == 0.25


def test_appetite_breaches_name_the_factor_above_the_limit():
    limits = RiskLimits(appetite=2, factor_score=30.0, mean_burden=1.0)
    assert [b["risk_code"] for b in appetite_breaches(RISKS, limits)] == ["leak"]
