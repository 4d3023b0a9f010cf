"""Words for scores: labels, explanation sentences and mitigation suggestions (en/ko). Pure: no Django."""

MINUS = "\u2212"

CRITERION_LABELS = {
    "cost_saving": ("cost saving", "비용 절감"),
    "expertise": ("access to expertise", "전문성 확보"),
    "flexibility": ("flexibility", "유연성"),
    "focus_on_core": ("focus on core work", "핵심 역량 집중"),
    "risk": ("risk", "위험"),
    "strategic_fit": ("strategic fit", "전략적 적합성"),
}
ENGAGEMENT_LABELS = {
    "in-house": ("in-house", "사내 운영"),
    "co-sourcing": ("co-sourcing", "코소싱"),
    "selective": ("selective outsourcing", "선택적 아웃소싱"),
    "total": ("total outsourcing", "전면 아웃소싱"),
    "captive": ("a captive subsidiary", "전속 자회사"),
}
SOURCING_LABELS = {
    "onshore": ("onshore", "온쇼어"),
    "nearshore": ("nearshore", "니어쇼어"),
    "offshore": ("offshore", "오프쇼어"),
    "homeshore": ("home-shore", "홈쇼어링"),
}

# risk code -> rules tried in order: (suggestion code, engagements it applies to (None = any),
# sourcing models it applies to (None = any), the alternative (engagement or None = same,
# sourcing model or None = same)). The first rule whose alternative exists in the grid wins.
SUGGESTION_RULES = {
    "data-breach": [
        ("use-captive", ("total", "selective", "co-sourcing"), None, ("captive", None)),
        ("move-onshore", None, ("offshore", "nearshore"), (None, "onshore")),
    ],
    "communication-cultural": [("move-nearshore", None, ("offshore",), (None, "nearshore"))],
    "legal-regulatory": [("move-onshore", None, ("offshore", "nearshore"), (None, "onshore"))],
    "vendor-lock-in": [("use-co-sourcing", ("total", "selective"), None, ("co-sourcing", None))],
    "business-understanding": [("use-co-sourcing", ("total", "selective"), None, ("co-sourcing", None))],
    "quality-control": [("use-co-sourcing", ("total", "selective"), None, ("co-sourcing", None))],
    "customer-backlash": [("move-onshore", None, ("offshore", "nearshore"), (None, "onshore"))],
    "staff-morale": [("use-selective", ("total",), None, ("selective", None))],
    "transition": [("use-selective", ("total", "captive"), None, ("selective", None))],
    "time-zone-friction": [("move-nearshore", None, ("offshore",), (None, "nearshore"))],
    "captive-entity": [("move-onshore", ("captive",), ("offshore", "nearshore"), (None, "onshore"))],
}
SUGGESTION_TEXT = {
    "use-captive": (
        "Consider a captive subsidiary instead ({option}): sensitive data stays within the group.",
        "대안으로 전속 자회사({option})를 검토하십시오. 민감한 데이터가 그룹 안에 머뭅니다.",
    ),
    "move-onshore": (
        "Consider an onshore provider instead ({option}): the work stays under domestic law and language.",
        "대안으로 온쇼어 공급업체({option})를 검토하십시오. 업무가 국내 법과 언어 환경 안에 머뭅니다.",
    ),
    "move-nearshore": (
        "Consider a nearshore location instead ({option}): smaller time-zone and cultural gaps.",
        "대안으로 니어쇼어 지역({option})을 검토하십시오. 시차와 문화 차이가 줄어듭니다.",
    ),
    "use-co-sourcing": (
        "Consider co-sourcing instead ({option}): the company keeps part of the work and its know-how.",
        "대안으로 코소싱({option})을 검토하십시오. 업무 일부와 노하우가 회사에 남습니다.",
    ),
    "use-selective": (
        "Consider moving selected parts first ({option}): a smaller, staged move.",
        "대안으로 일부 업무만 먼저 이전하는 방안({option})을 검토하십시오. 더 작고 단계적인 전환입니다.",
    ),
    "apply-mitigation": ("", ""),
    "if-outsourced": (
        "This risk arises only if the work moves out.",
        "이 위험은 업무를 외부로 옮길 때에만 생깁니다.",
    ),
}


def option_label(option_id: str, lang: str, countries: dict[str, tuple[str, str]] | None = None) -> str:
    """"total|offshore|IN" -> "offshore total outsourcing (IN)" / "오프쇼어 전면 아웃소싱(IN)".

    With `countries` ({iso2: (name_en, name_ko)}) the country is named: "... (India)" / "...(인도)".
    """
    parts = str(option_id).split("|")
    if len(parts) != 3:
        return str(option_id)
    engagement, sourcing, location = parts
    i = 1 if lang == "ko" else 0
    location = (countries or {}).get(location, (location, location))[i] or location
    eng = ENGAGEMENT_LABELS.get(engagement, (engagement, engagement))[i]
    src = SOURCING_LABELS.get(sourcing, (sourcing, sourcing))[i]
    if engagement == "in-house":
        return f"{eng}({location})" if lang == "ko" else f"{eng} ({location})"
    if lang == "ko":
        return f"{src} {eng}({location})"
    return f"{src} {eng.removeprefix('a ')} ({location})"


def signed(points: float) -> str:
    rounded = round(points, 1)
    if rounded == 0:
        return "0.0"
    return f"+{rounded:.1f}" if rounded > 0 else f"{MINUS}{abs(rounded):.1f}"


def criterion_sentence(criterion: str, raw: float, effect: float, who: str, lang: str) -> str:
    en, ko = CRITERION_LABELS[criterion]
    if criterion == "cost_saving":
        amount = f"{abs(raw) * 100:.0f} %"
        detail_en = f"saves {amount} a year" if raw >= 0 else f"costs {amount} more a year"
        detail_ko = f"연 {amount} 절감" if raw >= 0 else f"연 {amount} 증가"
    elif criterion == "risk":
        detail_en = detail_ko = f"{raw:.0f}/35"
    elif criterion == "strategic_fit":
        detail_en, detail_ko = f"misfit {raw:.2f}", f"부적합도 {raw:.2f}"
    else:
        detail_en = detail_ko = f"{raw:.2f}"
    if lang == "ko":
        return f"{who}: {ko}({detail_ko}) → {signed(effect)}점"
    verb = "improves" if effect >= 0 else "weakens"
    return f"{who} {verb} {en} ({detail_en}) → {signed(effect)} points"


def risk_sentence(name: str, score: float, effect: float, who: str, lang: str) -> str:
    if lang == "ko":
        noun = "" if name.endswith(("위험", "리스크")) else " 위험"
        return f"{who}: {name}{noun} {score:.0f} → {signed(effect)}점"
    noun = "" if name.lower().endswith("risk") else " risk"
    return f"{who} adds {name[:1].lower() + name[1:]}{noun} {score:.0f} → {signed(effect)} points"


def engagement_sourcing_grid(best: dict[tuple, float], function_ids: list[int],
                             lang: str) -> tuple[list[str], list[list[float | None]]]:  # fmt: skip
    """The score heat map of the results page and the PDF: `best` is {(function_id, engagement, sourcing): score}.

    Returns the column labels ("engagement form · sourcing model", in the order of the labels above, only the
    pairs that occur) and one row of best scores per function (None where a pair has no allowed option).
    """
    engagements, sourcing = list(ENGAGEMENT_LABELS), list(SOURCING_LABELS)
    columns = sorted({(e, s) for _f, e, s in best}, key=lambda c: (engagements.index(c[0]), sourcing.index(c[1])))
    i = 1 if lang == "ko" else 0
    labels = [f"{ENGAGEMENT_LABELS[e][i]} · {SOURCING_LABELS[s][i]}" for e, s in columns]
    return labels, [[best.get((f, e, s)) for e, s in columns] for f in function_ids]
