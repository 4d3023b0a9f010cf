"""The one rule for text the database cannot store (outsourcing/domain/text.py), without Django."""

from outsourcing.domain.text import (
    DEPTH_PROBLEM,
    NUL_PROBLEM,
    SURROGATE_PROBLEM,
    find_bad_text,
    nested_deeper_than,
    text_problem,
)


def test_nul_and_lone_surrogates_are_problems_and_rtl_marks_or_any_script_are_not():
    assert text_problem("a\x00b") == NUL_PROBLEM
    assert text_problem("x\ud800") == text_problem("\udfff") == SURROGATE_PROBLEM
    assert text_problem("\u202e\u200f사업 계획 خطة 😀" * 1000) is None


def test_problems_are_named_by_their_top_level_field_and_position():
    problems = find_bad_text({"name": "a\x00", "answers": {"urg\x00ency": 3, "ok": "\ud800"},
                              "excluded_regions": ["Asia", "\x00"], "fine": ["x", {"y": 1}]})  # fmt: skip
    assert problems == {
        "answers": [f"has a key that {NUL_PROBLEM}", f"answers.ok {SURROGATE_PROBLEM}"],
        "excluded_regions": [f"excluded_regions[1] {NUL_PROBLEM}"],
        "name": [NUL_PROBLEM],
    }
    assert find_bad_text(["\x00"]) == {"": [f"[0] {NUL_PROBLEM}"]}


def test_depth_is_measured_without_recursion_even_far_past_pythons_limit():
    data = "x"
    for _ in range(100_000):
        data = [data]
    assert nested_deeper_than(data, 32)
    assert not nested_deeper_than({"a": [{"b": [1]}]}, 32)
    assert DEPTH_PROBLEM in find_bad_text({"deep": data}, max_depth=32)["deep"][0]
