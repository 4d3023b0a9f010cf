"""report_data(): the stored results as the API reports them, in a fixed number of queries."""

import math

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.reports.data import NothingToReport, report_data
from tests.reports.conftest import make_scored


def _api(api, user, path):
    api.force_authenticate(user)
    response = api.get(path)
    assert response.status_code == 200, response.content
    return response.json()


def test_scores_and_contributions_are_those_of_the_scores_api(scored, manager, api):
    rows = _api(api, manager, f"/api/v1/assessments/{scored.pk}/scores/?page_size=1000")["results"]
    report = report_data(scored, language="en")
    frame = report.scores.set_index(["function_id", "option_id"])
    assert len(frame) == len(rows)
    for row in rows:
        mine = frame.loc[(row["function_id"], row["option_id"])]
        assert mine["score"] == row["score"] and mine["rank"] == row["rank"]
        assert mine["delta_vs_baseline"] == row["delta_vs_baseline"]
        for criterion, values in row["contributions"].items():
            assert mine[f"{criterion}_points"] == values[3]


def test_recommendations_and_risk_registers_are_those_of_the_api(scored, manager, api):
    recs = _api(api, manager, f"/api/v1/assessments/{scored.pk}/recommendations/")
    risks = _api(api, manager, f"/api/v1/assessments/{scored.pk}/risks/")
    report = report_data(scored, language="ko")
    assert [f.id for f in report.functions] == [r["function_id"] for r in recs]
    for rec in recs:
        mine = report.function(rec["function_id"]).recommendation
        assert mine.recommended_option_id == rec["recommended_option_id"]
        assert mine.runner_up_option_id == rec["runner_up_option_id"]
        assert (mine.keep_in_house, mine.margin, mine.confidence) == (rec["keep_in_house"], rec["margin"],
                                                                      rec["confidence"])  # fmt: skip
        assert list(mine.explanation) == rec["explanation_ko"]
        expected = {(r["risk"], r["likelihood"], r["impact"], r["score"], r["points"])
                    for r in risks if r["function_id"] == rec["function_id"]}  # fmt: skip
        assert {(r.code, r.likelihood, r.impact, r.score, r.points) for r in mine.risk_register} == expected


def test_tco_figures_are_those_of_the_tco_run_api(scored, manager, api):
    runs = _api(api, manager, f"/api/v1/assessments/{scored.pk}/tco-runs/")
    run = _api(api, manager, f"/api/v1/tco-runs/{runs[0]['id']}/")
    report = report_data(scored, language="en")
    assert report.tco.run_id == run["id"] and report.tco.matches_scoring
    options = report.tco.options.set_index(["function_id", "option_id"])
    for row in run["result"]["summary"]:
        assert options.loc[(row["function_id"], row["option_id"]), "npv_savings"] == row["npv_savings"]
    for row in run["result"]["monte_carlo"]:
        mine = options.loc[(row["function_id"], row["option_id"])]
        for key in ("npv_p10", "npv_p50", "npv_p90", "prob_saving"):
            assert mine[key] == row[key]
    assert len(report.tco.yearly) == len(run["result"]["yearly"])
    assumptions = report.tco.assumptions
    assert set(assumptions["function_id"]) == {f.id for f in report.functions}
    assert assumptions["source"].notna().all() and (assumptions["source"] != "").all()


def test_the_recommended_options_tco_row_is_attached_to_its_function(scored):
    report = report_data(scored, language="en")
    for function in report.functions:
        row = function.recommended_tco
        if row is not None:
            assert row["option_id"] == function.recommendation.recommended_option_id
            assert isinstance(row["npv_savings"], float)
            assert row["breakeven_month"] is None or row["breakeven_month"] >= 0  # None, never NaN or pd.NA


def test_texts_follow_the_report_language(scored):
    english, korean = report_data(scored, language="en"), report_data(scored, language="ko")
    assert english.profile[0].question != korean.profile[0].question
    assert english.criteria[0].label == "cost saving" and korean.criteria[0].label == "비용 절감"
    assert "급여 관리" in [f.name for f in korean.functions]  # a function's own name is kept as entered
    assert english.organisation == "Alpha Corp" and english.currency == "KRW"
    assert math.isclose(sum(english.weights.values()), 1.0)


def test_the_number_of_queries_does_not_grow_with_functions(org, manager, django_capture_on_commit_callbacks):
    small = make_scored(org, manager, django_capture_on_commit_callbacks, functions=1, name="Small")
    large = make_scored(org, manager, django_capture_on_commit_callbacks, functions=6, name="Large")
    counts = []
    for assessment in (small, large):
        with CaptureQueriesContext(connection) as queries:
            report_data(assessment, language="en")
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 20  # 18, and the portfolio plan: a saved one, else a solved run


def test_an_unscored_assessment_has_nothing_to_report(draft):
    with pytest.raises(NothingToReport, match="submit it first"):
        report_data(draft, language="en")


def test_an_unknown_language_is_refused_by_name(scored):
    with pytest.raises(ValueError, match="language must be one of en, ko"):
        report_data(scored, language="fr")
