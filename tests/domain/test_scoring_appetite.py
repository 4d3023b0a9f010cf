"""The risk appetite is a limit: above it an option is shown and flagged but not recommended, unless overridden."""

import pytest

from assessments.domain.scoring import CRITERIA, score_options
from assessments.domain.scoring_appetite import RiskLimits, breaches
from assessments.domain.scoring_words import appetite_sentence
from tests.domain.scoring_cases import APP_MAINTENANCE, PAYROLL, RISK_NAMES, RISKS, frame, function_row, options_for

OPTIONS = options_for("KR")
ROWS = frame(function_row(1, "payroll", 9, PAYROLL), function_row(2, "application-development-maintenance", 30,
                                                                      APP_MAINTENANCE))  # fmt: skip
COST_ONLY = {c: (100.0 if c == "cost_saving" else 0.0) for c in CRITERIA}


def flags(result, function_id: int, option_id: str) -> tuple[bool, bool]:
    s = result.scores
    row = s[(s["function_id"] == function_id) & (s["option_id"] == option_id)].iloc[0]
    return bool(row["above_risk_appetite"]), bool(row["excluded"])


def test_a_balanced_company_accepts_offshore_maintenance_but_not_payroll_data_in_india():
    result = score_options(ROWS, OPTIONS, RISKS, profile={"risk_appetite": 3})
    assert flags(result, 1, "total|offshore|IN") == (True, False)  # shown, not excluded
    assert flags(result, 2, "total|offshore|IN") == (False, False)
    assert flags(result, 1, "total|onshore|KR") == (False, False)


def test_a_cautious_company_takes_maintenance_offshore_only_in_part():
    result = score_options(ROWS, OPTIONS, RISKS, profile={"risk_appetite": 2})
    assert flags(result, 2, "total|offshore|IN")[0]
    assert not flags(result, 2, "selective|offshore|IN")[0]


@pytest.mark.parametrize("appetite", [1, 2, 3, 4])
def test_even_a_cost_only_weighting_never_recommends_an_option_above_the_appetite(appetite):
    result = score_options(ROWS, OPTIONS, RISKS, COST_ONLY, {"risk_appetite": appetite})
    scores = result.scores.set_index(["function_id", "option_id"])
    for rec in result.recommendations.itertuples():
        assert not scores.loc[(rec.function_id, rec.recommended_option_id), "above_risk_appetite"]
        if rec.runner_up_option_id:
            assert not scores.loc[(rec.function_id, rec.runner_up_option_id), "above_risk_appetite"]
    assert (result.scores.loc[result.scores["is_baseline"], "above_risk_appetite"] == False).all()  # noqa: E712


def test_a_consultant_override_lets_one_flagged_option_be_recommended_and_only_that_one():
    plain = score_options(ROWS, OPTIONS, RISKS, COST_ONLY, {"risk_appetite": 3})
    flagged = plain.recommendations.set_index("function_id").loc[1, "best_flagged_option_id"]
    assert flagged and flags(plain, 1, flagged)[0]
    accepted = score_options(ROWS, OPTIONS, RISKS, COST_ONLY, {"risk_appetite": 3},
                             limits={"risk_overrides": [[1, flagged]]})  # fmt: skip
    rec = accepted.recommendations.set_index("function_id").loc[1]
    assert rec["recommended_option_id"] == flagged
    row = accepted.scores.set_index(["function_id", "option_id"]).loc[(1, flagged)]
    assert row["above_risk_appetite"] and row["risk_override"]
    other = accepted.scores.set_index(["function_id", "option_id"])
    assert not other.loc[(2, flagged), "risk_override"]


def test_an_override_never_lifts_a_hard_limit():
    rows = frame(function_row(1, "payroll", 9, PAYROLL, data_residency="home"))
    result = score_options(rows, OPTIONS, RISKS, COST_ONLY, limits={"risk_overrides": [[1, "total|offshore|IN"]]})
    assert result.recommendations.iloc[0]["recommended_option_id"] != "total|offshore|IN"
    assert flags(result, 1, "total|offshore|IN")[1]


def test_a_very_open_appetite_flags_nothing():
    result = score_options(ROWS, OPTIONS, RISKS, profile={"risk_appetite": 5})
    assert not result.scores["above_risk_appetite"].any()
    assert result.risk_limits["factor_score"] == 35


def test_the_flag_names_the_risks_over_the_limit():
    result = score_options(ROWS, OPTIONS, RISKS, profile={"risk_appetite": 3})
    rb = result.risk_breakdown
    row = rb[(rb["function_id"] == 1) & (rb["option_id"] == "total|offshore|IN")]
    limits = RiskLimits(**result.risk_limits)
    codes = tuple(row["risk_code"].astype(str))
    found = breaches(row["risk_score"].to_numpy(), row["burden"].to_numpy(), codes, limits)
    assert [b["risk_code"] for b in found][:1] == ["data-breach"]
    assert found[0]["score"] > limits.factor_score
    en = appetite_sentence(found, 3, "en", RISK_NAMES)
    ko = appetite_sentence(found, 3, "ko", RISK_NAMES)
    assert en.startswith("The risk of data breach and loss of intellectual property") and "balanced" in en
    assert "데이터 유출" in ko and "중립" in ko
