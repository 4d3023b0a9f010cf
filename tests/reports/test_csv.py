"""The scores CSV: one row per function × option, the API's fields, each criterion's points a column."""

import io

import pandas as pd

from assessments.reports.data import report_data
from assessments.reports.registry import render_report
from assessments.reports.tables import CONTRIBUTION_COLUMNS, SCORE_COLUMNS


def test_csv_columns_and_values_are_the_api_scores(scored, manager, api):
    api.force_authenticate(manager)
    rows = api.get(f"/api/v1/assessments/{scored.pk}/scores/?page_size=1000").json()["results"]
    frame = pd.read_csv(io.BytesIO(render_report(report_data(scored, language="en"), "csv")))
    assert list(frame.columns) == SCORE_COLUMNS + CONTRIBUTION_COLUMNS
    assert "cost_saving_points" in frame.columns and "risk_points" in frame.columns
    assert len(frame) == len(rows)
    by_pair = frame.set_index(["function_id", "option_id"])
    for row in rows:
        mine = by_pair.loc[(row["function_id"], row["option_id"])]
        assert mine["score"] == row["score"]  # written at full precision: equal, not approximately
        assert mine["rank"] == row["rank"] and bool(mine["is_baseline"]) == row["is_baseline"]
        for criterion, values in row["contributions"].items():
            assert mine[f"{criterion}_points"] == values[3]


def test_contributions_add_up_to_the_score(scored):
    frame = pd.read_csv(io.BytesIO(render_report(report_data(scored, language="ko"), "csv")))
    assert ((frame[CONTRIBUTION_COLUMNS].sum(axis=1) - frame["score"]).abs() < 1e-3).all()


def test_korean_csv_keeps_column_codes_and_labels_options_in_korean(scored):
    text = render_report(report_data(scored, language="ko"), "csv").decode("utf-8")
    header, first = text.splitlines()[:2]
    assert header.startswith("function_id,function,option_id,option,")
    assert any(word in first for word in ("아웃소싱", "사내 운영", "코소싱", "자회사"))
