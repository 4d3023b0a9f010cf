"""The score row encoding the API sends (assessments/domain/score_row_json.py): no database needed."""

import json
import math

import pytest

from assessments.domain.score_row_json import LIMIT_FIELDS, SCORE_ROW_FIELDS, score_page_json, score_row_json

ROW = {
    "function_id": 7, "option_id": "selective:offshore:IN", "engagement": "selective", "sourcing_model": "offshore",
    "location": "IN", "is_baseline": False, "score": 71.0, "rank": 2, "delta_vs_baseline": -3.25,
    "contributions": {"cost_saving": [0.5, 0.75, 0.25, 18.75, 12.5]},
    "risks": {"transition": [3.0, 4.0, 12.0, 1.5, 2.0]},
}  # fmt: skip


def test_a_row_is_compact_json_in_the_api_key_order_with_whole_floats_kept_floats():
    text = score_row_json({**ROW, "extra": "ignored"})
    assert list(json.loads(text)) == [*SCORE_ROW_FIELDS, *LIMIT_FIELDS]
    assert json.loads(text) == {**ROW, **LIMIT_FIELDS}  # a row without limit fields: not excluded, not flagged
    assert '"score":71.0,' in text and ": " not in text and ", " not in text


def test_non_ascii_stays_as_it_is_and_javascript_line_separators_are_escaped():
    text = score_row_json({**ROW, "option_id": "선택\u2028\u2029"})
    assert "선택" in text and "\u2028" not in text and "\u2029" not in text
    assert "\\u2028\\u2029" in text and json.loads(text)["option_id"] == "선택\u2028\u2029"


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_a_number_json_cannot_carry_is_refused_rather_than_stored(bad):
    with pytest.raises(ValueError):
        score_row_json({**ROW, "score": bad})


def test_a_missing_field_is_refused():
    row = dict(ROW)
    del row["risks"]
    with pytest.raises(KeyError, match="risks"):
        score_row_json(row)


def test_a_page_is_a_json_array_of_the_rows():
    rows = [score_row_json(ROW), score_row_json({**ROW, "rank": 3})]
    assert json.loads(score_page_json(rows)) == [{**ROW, **LIMIT_FIELDS}, {**ROW, **LIMIT_FIELDS, "rank": 3}]
    assert score_page_json([]) == "[]"


def test_an_excluded_row_carries_its_reasons_after_the_original_keys():
    reasons = [{"code": "language", "detail": "Korean", "text_en": "Korean is not a main business language in Kenya.",
                "text_ko": "케냐에서는 한국어가 주요 업무 언어가 아닙니다."}]  # fmt: skip
    row = json.loads(score_row_json({**ROW, "excluded": True, "exclusion_reasons": reasons,
                                     "above_risk_appetite": True, "risk_override": False}))  # fmt: skip
    assert list(row)[: len(SCORE_ROW_FIELDS)] == list(SCORE_ROW_FIELDS)
    assert row["excluded"] is True and row["exclusion_reasons"] == reasons and row["above_risk_appetite"] is True
