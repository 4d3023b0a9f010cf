"""Which questions apply and what is missing, without a database."""

from assessments.domain.questionnaire import QuestionDef, applicable, condition_met, missing, progress

SENSITIVITY = QuestionDef("data_sensitivity", "function")
RESIDENCY = QuestionDef("data_residency_strict", "function", condition={"question": "data_sensitivity", "op": ">=",
                                                                         "value": 4})  # fmt: skip
LANGUAGE = QuestionDef("native_language_need", "function", categories=("BPO_FRONT",))
OPTIONAL = QuestionDef("notes_score", "function", required=False)
ALL = [SENSITIVITY, RESIDENCY, LANGUAGE, OPTIONAL]


def codes(questions):
    return [q.code for q in questions]


def test_follow_up_is_asked_only_when_data_sensitivity_is_4_or_more():
    assert "data_residency_strict" not in codes(applicable(ALL, "BPO_BACK", {"data_sensitivity": 3}))
    assert "data_residency_strict" in codes(applicable(ALL, "BPO_BACK", {"data_sensitivity": 4}))


def test_unanswered_trigger_does_not_ask_the_follow_up():
    assert not condition_met(RESIDENCY.condition, {})


def test_category_specific_question_applies_only_to_its_category():
    assert "native_language_need" in codes(applicable(ALL, "BPO_FRONT", {}))
    assert "native_language_need" not in codes(applicable(ALL, "ITO", {}))


def test_missing_lists_required_applicable_unanswered_questions_only():
    assert missing(ALL, "BPO_BACK", {}) == ["data_sensitivity"]
    assert missing(ALL, "BPO_BACK", {"data_sensitivity": 5}) == ["data_residency_strict"]
    assert missing(ALL, "BPO_BACK", {"data_sensitivity": 5, "data_residency_strict": 2}) == []


def test_progress_counts_profile_and_functions_and_an_empty_function_list_as_a_gap():
    profile_q = [QuestionDef("risk_appetite", "profile")]
    empty = progress(profile_q, {"risk_appetite": 3}, ALL, [])
    assert (empty.answered, empty.required) == (1, 2)
    half = progress(profile_q, {}, ALL, [("BPO_BACK", {"data_sensitivity": 2})])
    assert (half.answered, half.required, half.percent) == (1, 2, 50)


def test_progress_counts_follow_up_questions_apart_so_the_base_total_does_not_grow_while_answering():
    before = progress([], {}, ALL, [("BPO_BACK", {})])
    after = progress([], {}, ALL, [("BPO_BACK", {"data_sensitivity": 5})])
    assert (before.base_answered, before.base_required, before.followups_required) == (0, 1, 0)
    assert (after.base_answered, after.base_required) == (1, 1)  # the same total of required answers
    assert (after.followups_answered, after.followups_required) == (0, 1)  # the follow-up it opened, apart
    assert (after.answered, after.required, after.percent) == (1, 2, 50)  # the bar counts everything asked
