"""The sentences a manager reads: the recommended option first, then the runner-up, countries by name, no
internal units; what the TCO says, in one sentence. English and Korean."""

import re

import pytest

from assessments.domain import one_voice
from assessments.domain.scoring import CRITERIA, score_options
from assessments.domain.scoring_story import recommendation_story
from assessments.domain.scoring_words import capitalised, describe, exclusion_sentence, josa
from tests.domain.scoring_cases import (
    APP_MAINTENANCE,
    CONTACT_CENTRE,
    COUNTRIES,
    PAYROLL,
    RISK_NAMES,
    RISKS,
    frame,
    function_row,
    options_for,
)

OPTIONS = options_for("KR")
BASELINE = "in-house|onshore|KR"
INTERNAL_UNITS = re.compile(r"points|misfit|/35|\(KR\)|\(IN\)|\|")


def story(result, function_id: int, lang: str, **extra) -> list[str]:
    rec = result.recommendations.set_index("function_id").loc[function_id].to_dict()
    chosen = [o for o in (rec["recommended_option_id"], rec["runner_up_option_id"], BASELINE) if o]
    c, rb = result.contributions, result.risk_breakdown
    criteria, risks = {}, {}
    for option in chosen:
        rows = c[(c["function_id"] == function_id) & (c["option_id"] == option)]
        criteria[option] = {k: (raw, pts) for k, raw, pts in zip(rows["criterion"], rows["raw_value"], rows["points"],
                                                                  strict=True)}  # fmt: skip
        rows = rb[(rb["function_id"] == function_id) & (rb["option_id"] == option)]
        risks[option] = dict(zip(rows["risk_code"].astype(str), rows["risk_score"], strict=True))
    return recommendation_story(rec=rec, criteria=criteria, risks=risks, lang=lang, countries=COUNTRIES,
                                risk_names=RISK_NAMES, baseline_id=BASELINE, **extra)  # fmt: skip


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_move_is_told_recommended_option_first_then_the_runner_up_in_plain_words(lang):
    weights = {"cost_saving": 25, "expertise": 10, "flexibility": 10, "focus_on_core": 15, "risk": 25,
               "strategic_fit": 15}  # fmt: skip
    result = score_options(frame(function_row(1, "application-development-maintenance", 30, APP_MAINTENANCE)),
                           OPTIONS, RISKS, weights)  # fmt: skip
    rec = result.recommendations.iloc[0]
    assert not rec["keep_in_house"]
    bullets = story(result, 1, lang)
    chosen = describe(rec["recommended_option_id"], lang, COUNTRIES)
    assert bullets[0].startswith(capitalised(chosen))  # the recommended option, named, comes first
    assert ("recommended" in bullets[0]) if lang == "en" else ("권고합니다" in bullets[0])
    runner = describe(rec["runner_up_option_id"], lang, COUNTRIES)
    runner_lines = [i for i, b in enumerate(bullets) if runner in b]
    assert not runner_lines or runner_lines[0] > 0  # the runner-up comes after the recommendation
    assert not any(INTERNAL_UNITS.search(b) for b in bullets), bullets


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_keeping_the_work_in_house_is_explained_by_what_the_best_alternative_would_change(lang):
    result = score_options(frame(function_row(1, "customer-service", 80, CONTACT_CENTRE)), OPTIONS, RISKS)
    rec = result.recommendations.iloc[0]
    assert rec["keep_in_house"]
    bullets = story(result, 1, lang, exclusion_count=176,
                    exclusion_example=exclusion_sentence("language", "Korean", "total|offshore|KE", "KR", lang,
                                                         COUNTRIES))  # fmt: skip
    if lang == "en":
        assert bullets[0].startswith("Keeping the work in-house is recommended")
        assert bullets[1].startswith("The best alternative, ") and " would " in bullets[1]
        assert bullets[-1].endswith("Korean is not a main business language in Kenya.")
    else:
        assert bullets[0].startswith("사내 운영 유지를 권고합니다")
        assert bullets[1].startswith("가장 나은 대안인 ")
        assert bullets[-1].endswith("케냐에서는 한국어가 주요 업무 언어가 아닙니다.")
    assert "South Korea" in bullets[1] or "대한민국" in bullets[1]
    assert not any(INTERNAL_UNITS.search(b) for b in bullets)


def test_an_option_above_the_appetite_that_scores_higher_is_named_with_why_it_is_not_recommended():
    cost_only = {c: (100.0 if c == "cost_saving" else 0.0) for c in CRITERIA}
    result = score_options(frame(function_row(1, "payroll", 9, PAYROLL)), OPTIONS, RISKS, cost_only,
                           {"risk_appetite": 2})  # fmt: skip
    rec = result.recommendations.iloc[0]
    assert rec["best_flagged_option_id"]
    why = "The risk overall is above what a cautious risk appetite accepts."
    bullets = story(result, 1, "en", flagged_sentence=why)
    flagged = describe(rec["best_flagged_option_id"], "en", COUNTRIES)
    assert any(b.startswith(flagged[:1].upper() + flagged[1:] + " scores higher but is not recommended.")
               for b in bullets)  # fmt: skip


def test_korean_particles_follow_the_last_syllable():
    assert josa("필리핀", "은", "는") == "필리핀은" and josa("케냐", "은", "는") == "케냐는"
    assert josa("한국어", "이", "가") == "한국어가"
    assert josa("중국어(표준 중국어)", "이", "가") == "중국어(표준 중국어)가"
    assert josa("대한민국 공급업체에 전면 아웃소싱", "을", "를") == "대한민국 공급업체에 전면 아웃소싱을"


# --- one voice ----------------------------------------------------------------------------------------

ROWS = [
    {"option_id": "in-house|onshore|KR", "npv_p10": 0.0, "npv_p50": 0.0, "npv_p90": 0.0, "prob_saving": 0.0},
    {"option_id": "total|onshore|KR", "npv_p10": 1.0e8, "npv_p50": 4.0e8, "npv_p90": 7.0e8, "prob_saving": 0.81},
    {"option_id": "total|offshore|IN", "npv_p10": 3.5e9, "npv_p50": 6.5e9, "npv_p90": 8.0e9, "prob_saving": 1.0},
]


@pytest.mark.parametrize(("recommended", "keep", "status", "code"), [
    ("total|offshore|IN", False, {}, one_voice.AGREES),
    ("total|onshore|KR", False, {"total|offshore|IN": "excluded"}, one_voice.EXCLUDED),
    ("total|onshore|KR", False, {"total|offshore|IN": "above-appetite"}, one_voice.ABOVE_APPETITE),
    ("in-house|onshore|KR", True, {}, one_voice.MARGIN_RULE),
    ("total|onshore|KR", False, {}, one_voice.OTHER_CRITERIA),
])  # fmt: skip
def test_the_tco_and_the_recommendation_agree_or_say_why_not(recommended, keep, status, code):
    found, best = one_voice.verdict(recommended_id=recommended, keep_in_house=keep, tco_rows=ROWS, status=status)
    assert found == code and best["option_id"] == "total|offshore|IN"
    text = one_voice.sentence(code=found, best=best, recommended_id=recommended, lang="en", countries=COUNTRIES,
                              currency="KRW", years=5, reason="India is excluded for this function.")  # fmt: skip
    assert "6.5 billion KRW" in text and "100 % likely" in text and "India" in text
    if code != one_voice.AGREES:
        assert "not recommended" in text
    korean = one_voice.sentence(code=found, best=best, recommended_id=recommended, lang="ko", countries=COUNTRIES,
                                currency="KRW", years=5)  # fmt: skip
    assert "65억 KRW" in korean and "인도" in korean


def test_no_saving_anywhere_is_said_plainly():
    losing = [{**row, "npv_p50": -abs(row["npv_p50"]) - 1} for row in ROWS]
    code, best = one_voice.verdict(recommended_id="total|onshore|KR", keep_in_house=False, tco_rows=losing, status={})
    assert code == one_voice.NO_SAVING
    text = one_voice.sentence(code=code, best=best, recommended_id="total|onshore|KR", lang="en",
                              countries=COUNTRIES, currency="KRW", years=5)  # fmt: skip
    assert text.startswith("The cost model (TCO) finds no option that saves money over 5 years")
