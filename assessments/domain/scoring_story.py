"""The bullets under a recommendation, read in one pass: the recommended option first, then what the
runner-up would change, then what the limits ruled out. English and Korean. Pure: no Django.

Inputs are plain dicts, so the scoring service can call this per function without filtering frames:
`criteria[option_id] = {criterion: (raw_value, points)}` and `risks[option_id] = {risk_code: score}`
for the recommended option, the runner-up and the in-house baseline.
"""

from .scoring_words import Names, capitalised, describe, josa

MEANINGFUL_POINTS = 0.5  # a difference smaller than this is not worth a sentence
CLEAR_MARGIN, MODEST_MARGIN = 10.0, 5.0

# What an option gives compared with keeping the work in-house. Money is left to one voice
# (one_voice.py): the TCO's figure once it has run, the scoring's estimate until then.
_GIVES = {
    "expertise": ("It brings skills the team lacks.", "팀에 부족한 역량을 보완합니다."),
    "flexibility": ("It absorbs swings in volume better.", "업무량 변동을 더 잘 흡수합니다."),
    "focus_on_core": ("It frees management time for core work.", "경영진이 핵심 업무에 쓸 시간을 확보합니다."),
    "strategic_fit": ("It keeps the control, data proximity and language the work needs.",
                      "업무에 필요한 통제력, 데이터 근접성, 언어를 유지합니다."),
}  # fmt: skip
_MORE = {  # comparative gains: (English, Korean stem); Korean adds 지만 before a "but", else ㅂ니다
    "cost_saving": ("save more", "더 많이 절감하"),
    "expertise": ("bring more skills", "역량을 더 보완하"),
    "flexibility": ("absorb volume swings better", "업무량 변동을 더 잘 흡수하"),
    "focus_on_core": ("free more management time", "핵심 업무에 쓸 시간을 더 확보하"),
    "risk": ("carry less risk", "위험이 더 낮"),
    "strategic_fit": ("fit the work's needs better", "업무 요구에 더 잘 맞"),
}
_KO_FINAL = {"하": "합니다", "낮": "낮습니다", "맞": "맞습니다"}
_LESS = {  # comparative losses: (English, Korean final)
    "cost_saving": ("save less", "절감액이 더 적습니다"),
    "expertise": ("bring fewer skills", "역량 보완이 더 적습니다"),
    "flexibility": ("absorb volume swings less well", "업무량 변동을 덜 흡수합니다"),
    "focus_on_core": ("free less management time", "핵심 업무에 쓸 시간을 덜 확보합니다"),
    "risk": ("carry more risk, above all of {risk}", "위험이 더 크며 특히 {risk} 위험이 큽니다"),
    "strategic_fit": ("fit the work's needs for control, data proximity and language less well",
                      "통제력, 데이터 근접성, 언어 요구에 덜 맞습니다"),
}  # fmt: skip


def _deltas(criteria: dict, a: str, b: str) -> list[tuple[str, float]]:
    """Points of option a minus option b per criterion, largest gain first."""
    first, second = criteria.get(a, {}), criteria.get(b, {})
    out = [(c, first[c][1] - second[c][1]) for c in first if c in second]
    return sorted(out, key=lambda item: -item[1])


def _risk_name(code: str, lang: str, risk_names: dict) -> str:
    name = risk_names.get(code, (code, code))[1 if lang == "ko" else 0]
    return name if lang == "ko" else name[:1].lower() + name[1:]


def _worst_risk_rise(risks: dict, a: str, b: str) -> str:
    """The risk factor whose score rises most from option b to option a."""
    first, second = risks.get(a, {}), risks.get(b, {})
    rises = [(code, score - second.get(code, score)) for code, score in first.items()]
    return max(rises, key=lambda item: item[1])[0] if rises else ""


def _comparison(criteria, risks, a: str, b: str, lang: str, risk_names: dict) -> tuple[str, str]:
    """(what option a would gain over b, what it would lose), as phrases; empty when nothing matters."""
    deltas = _deltas(criteria, a, b)
    gain = next((c for c, d in deltas if d >= MEANINGFUL_POINTS), None)
    loss = next((c for c, d in reversed(deltas) if d <= -MEANINGFUL_POINTS), None)
    i = 1 if lang == "ko" else 0
    gain_text = ""
    if gain:
        english, stem = _MORE[gain]
        gain_text = english if not i else (stem + "지만" if loss else stem[:-1] + _KO_FINAL[stem[-1]])
    loss_text = ""
    if loss:
        risk = _risk_name(_worst_risk_rise(risks, a, b), lang, risk_names) if loss == "risk" else ""
        loss_text = _LESS[loss][i].format(risk=risk)
    return gain_text, loss_text


def _would(subject: str, gain: str, loss: str, lang: str) -> str:
    if lang == "ko":
        topic = josa(subject, "은", "는")
        if gain and loss:
            return f"{topic} {gain} {loss}."
        return f"{topic} {gain or loss}."
    if gain and loss:
        return f"{capitalised(subject)} would {gain} but {loss}."
    return f"{capitalised(subject)} would {gain or loss}."


def recommendation_story(*, rec: dict, criteria: dict, risks: dict, lang: str, countries: Names,
                         risk_names: dict, baseline_id: str, flagged_sentence: str = "",
                         exclusion_count: int = 0, exclusion_example: str = "") -> list[str]:  # fmt: skip
    """The bullets for one function. `rec` holds recommended_option_id, runner_up_option_id,
    keep_in_house, margin and best_flagged_option_id; `flagged_sentence` says why that option is above
    the risk appetite; `exclusion_example` is one exclusion reason, already in `lang`."""
    ko = lang == "ko"
    chosen, runner = rec["recommended_option_id"], rec.get("runner_up_option_id") or ""
    bullets: list[str] = []
    if rec["keep_in_house"]:
        if ko:
            bullets.append("사내 운영 유지를 권고합니다. 허용된 선택지 가운데 사내 운영보다 분명히 나은 것이 없습니다.")
        else:
            bullets.append("Keeping the work in-house is recommended: no allowed option does clearly better.")
        if runner:
            gain, loss = _comparison(criteria, risks, runner, baseline_id, lang, risk_names)
            subject = (f"가장 나은 대안인 {describe(runner, lang, countries)}" if ko
                       else f"the best alternative, {describe(runner, lang, countries)},")  # fmt: skip
            if gain or loss:
                bullets.append(_would(subject, gain, loss, lang))
    else:
        margin = float(rec.get("margin") or 0.0)
        what = describe(chosen, lang, countries)
        if ko:
            degree = "분명히" if margin >= CLEAR_MARGIN else ("" if margin >= MODEST_MARGIN else "근소하게")
            bullets.append(f"{josa(what, '을', '를')} 권고합니다. 사내 운영보다 {degree} 낫습니다.".replace("  ", " "))
        else:
            degree = ("clearly better than" if margin >= CLEAR_MARGIN
                      else "better than" if margin >= MODEST_MARGIN else "narrowly better than")  # fmt: skip
            bullets.append(f"{capitalised(what)} is recommended: {degree} keeping the work in-house.")
        gains = [(c, d) for c, d in _deltas(criteria, chosen, baseline_id) if d >= MEANINGFUL_POINTS and c in _GIVES]
        for criterion, _points in gains[:2]:
            bullets.append(_GIVES[criterion][1 if ko else 0])
        top_risk = _worst_risk_rise(risks, chosen, baseline_id)
        if top_risk:
            name = _risk_name(top_risk, lang, risk_names)
            bullets.append(f"가장 큰 위험은 {name}입니다." if ko else f"Its largest risk is {name}.")
        if runner and runner != baseline_id:
            gain, loss = _comparison(criteria, risks, runner, chosen, lang, risk_names)
            subject = (f"차선안인 {describe(runner, lang, countries)}" if ko
                       else f"the runner-up, {describe(runner, lang, countries)},")  # fmt: skip
            if gain or loss:
                bullets.append(_would(subject, gain, loss, lang))
    flagged = rec.get("best_flagged_option_id")
    if flagged and flagged_sentence:
        what = describe(flagged, lang, countries)
        if ko:
            bullets.append(f"{josa(what, '은', '는')} 점수가 더 높지만 권고하지 않습니다. {flagged_sentence}")
        else:
            bullets.append(f"{capitalised(what)} scores higher but is not recommended. {flagged_sentence}")
    if exclusion_count:
        if ko:
            count = exclusion_count
            bullets.append(f"이 기능의 제한 조건으로 선택지 {count}개를 제외했습니다. 예: {exclusion_example}")
        else:
            count = exclusion_count
            bullets.append(f"This function's limits exclude {count} options, for example: {exclusion_example}")
    return bullets
