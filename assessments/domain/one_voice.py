"""One voice: what the TCO says about a function's recommendation, in one sentence. Pure: no Django.

The scoring ranks options on six criteria; the TCO costs the best of them in money, with uncertainty.
Once a TCO run exists for the same scoring, this sentence says whether the two agree, and if the option
that saves most is not the one recommended, why: it is excluded by a limit, its risk is above the
company's appetite, it does not beat in-house by the required margin, or another option scores higher
on the other criteria. It reads only the TCO's stored fields npv_p10/npv_p50/npv_p90/prob_saving.
"""

from .scoring_words import Names, capitalised, describe, josa

AGREES, NO_SAVING, EXCLUDED, ABOVE_APPETITE, MARGIN_RULE, OTHER_CRITERIA = (
    "agrees", "no-saving", "excluded", "above-appetite", "margin-rule", "other-criteria")  # fmt: skip


def money(amount: float, currency: str, lang: str) -> str:
    """Board-level rounding: "6.5 billion KRW" / "65억 KRW"."""
    value, sign = abs(float(amount)), "−" if amount < 0 else ""
    if lang == "ko":
        if value >= 1e8:
            return f"{sign}{value / 1e8:,.1f}억 {currency}".replace(".0억", "억")
        if value >= 1e4:
            return f"{sign}{value / 1e4:,.0f}만 {currency}"
        return f"{sign}{value:,.0f} {currency}"
    if value >= 1e9:
        return f"{sign}{value / 1e9:,.1f} billion {currency}"
    if value >= 1e6:
        return f"{sign}{value / 1e6:,.1f} million {currency}"
    return f"{sign}{value:,.0f} {currency}"


def verdict(*, recommended_id: str, keep_in_house: bool, tco_rows: list[dict], status: dict[str, str]) -> tuple:
    """(code, best-saving TCO row or None). `status[option_id]` is "excluded", "above-appetite" or "eligible"."""
    saving = [r for r in tco_rows if not str(r["option_id"]).startswith("in-house|") and r.get("npv_p50") is not None]
    best = max(saving, key=lambda r: r["npv_p50"], default=None)
    if best is None or best["npv_p50"] <= 0:
        return NO_SAVING, best
    if best["option_id"] == recommended_id:
        return AGREES, best
    state = status.get(best["option_id"], "eligible")
    if state == "excluded":
        return EXCLUDED, best
    if state == "above-appetite":
        return ABOVE_APPETITE, best
    return (MARGIN_RULE if keep_in_house else OTHER_CRITERIA), best


def sentence(*, code: str, best: dict | None, recommended_id: str, lang: str, countries: Names, currency: str,
             years: int, reason: str = "") -> str:  # fmt: skip
    """The sentence for `verdict`'s result; `reason` is the exclusion or appetite sentence when there is one."""
    ko = lang == "ko"
    if best is None:
        return ""
    what = describe(best["option_id"], lang, countries)
    median = money(best["npv_p50"], currency, lang)
    low, high = money(best["npv_p10"], currency, lang), money(best["npv_p90"], currency, lang)
    chance = round(100 * float(best.get("prob_saving") or 0.0))
    if code == NO_SAVING:
        if ko:
            return (f"비용 분석(TCO)에서는 {years}년 동안 비용을 줄이는 선택지가 없습니다. "
                    "권고는 비용이 아닌 다른 기준에 근거합니다.")  # fmt: skip
        return (f"The cost model (TCO) finds no option that saves money over {years} years; "
                "the recommendation rests on the other criteria, not on cost.")  # fmt: skip
    if ko:
        figures = f"{years}년 순현재가치 중앙값 {median}, 범위 {low}~{high}, 절감 확률 {chance}%"
    else:
        figures = f"a median {median} over {years} years, between {low} and {high}, {chance} % likely"
    if code == AGREES:
        if ko:
            return f"비용 분석(TCO)도 같은 결론입니다. {josa(what, '이', '가')} 가장 많이 절감합니다({figures})."
        return f"The cost model (TCO) agrees: {what} saves most ({figures})."
    if ko:
        lead = f"비용 분석(TCO)에서는 {josa(what, '이', '가')} 가장 많이 절감하지만({figures}) 권고하지 않습니다."
    else:
        lead = f"The cost model (TCO) finds that {what} saves most ({figures}), but it is not recommended:"
    if code in (EXCLUDED, ABOVE_APPETITE):
        return f"{lead} {reason}".strip()
    if code == MARGIN_RULE:
        if ko:
            return f"{lead} 위험, 적합성, 핵심 역량 집중을 함께 따지면 사내 운영보다 필요한 차이만큼 낫지 않습니다."
        return (f"{lead} once risk, fit and focus are counted it does not beat keeping the work in-house "
                "by the required margin.")  # fmt: skip
    chosen = describe(recommended_id, lang, countries)
    if ko:
        return f"{lead} 위험, 역량, 유연성, 적합성을 함께 따지면 {josa(chosen, '이', '가')} 더 높게 평가됩니다."
    return f"{lead} {capitalised(chosen)} scores higher once risk, skills, flexibility and fit are counted."


def estimate_sentence(*, saving_rate: float, lang: str) -> str:
    """Before a TCO run: the scoring's own yearly saving rate for the recommended option, said as an estimate."""
    pct = round(100 * saving_rate)
    if lang == "ko":
        later = "금액과 불확실성은 TCO 분석이 끝나면 TCO 페이지에 나옵니다."
        if pct > 0:
            return f"점수 모델의 추정으로는 연간 비용이 약 {pct}% 줄어듭니다. {later}"
        return f"점수 모델의 추정으로는 비용이 줄지 않습니다. {later}"
    if pct > 0:
        return (f"The scoring estimates a saving of about {pct} % of the yearly cost; the TCO page puts it in money, "
                "with its uncertainty, once the TCO has run.")  # fmt: skip
    return ("The scoring estimates no saving; the TCO page puts the cost in money, with its uncertainty, once the TCO "
            "has run.")  # fmt: skip
