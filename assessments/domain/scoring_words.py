"""Sentences a manager reads, in English and Korean: options and countries by name, limits, reasons. Pure.

No internal units here (points, misfit, 0..1 values): those stay in the details view (`explain`).
`countries` is {iso2: (name_en, name_ko)}; languages and regions are named through place_names.yaml.
"""

from outsourcing.domain.place_names import language_name, region_name

from .scoring_text import CRITERION_LABELS

Names = dict[str, tuple[str, str]]

_PLACE = {
    # engagement -> (English with {country}, Korean with {country})
    "in-house": ("keeping the work in-house", "사내 운영 유지"),
    "co-sourcing": ("co-sourcing with a provider in {country}", "{country} 공급업체와 코소싱"),
    "selective": ("selective outsourcing to a provider in {country}", "{country} 공급업체에 선택적 아웃소싱"),
    "total": ("total outsourcing to a provider in {country}", "{country} 공급업체에 전면 아웃소싱"),
    "captive": ("a captive subsidiary in {country}", "{country} 전속 자회사"),
}
_HOMESHORE = {
    "co-sourcing": ("co-sourcing with home-based staff in {country}", "{country} 재택 인력과 코소싱"),
    "selective": ("selective outsourcing to home-based staff in {country}", "{country} 재택 인력에 선택적 아웃소싱"),
    "total": ("total outsourcing to home-based staff in {country}", "{country} 재택 인력에 전면 아웃소싱"),
    "captive": ("a captive subsidiary with home-based staff in {country}", "{country} 재택 인력을 쓰는 전속 자회사"),
}


def _i(lang: str) -> int:
    return 1 if lang == "ko" else 0


def country(iso2: str, lang: str, countries: Names) -> str:
    names = countries.get(iso2)
    return (names[_i(lang)] or names[0]) if names else iso2


def has_final_consonant(word: str) -> bool:
    """Whether the last Hangul syllable (ignoring a trailing bracket) ends in a consonant (받침)."""
    text = word.split("(")[0].strip() or word
    last = text[-1:] if text else ""
    if last and "\uac00" <= last <= "\ud7a3":
        return (ord(last) - 0xAC00) % 28 != 0
    return False


def josa(word: str, with_final: str, without_final: str) -> str:
    """The Korean particle that fits `word`: 은/는, 이/가, 을/를, 과/와."""
    return word + (with_final if has_final_consonant(word) else without_final)


def describe(option_id: str, lang: str, countries: Names) -> str:
    """"total|offshore|IN" -> "total outsourcing to a provider in India" / "인도 공급업체에 전면 아웃소싱"."""
    parts = str(option_id).split("|")
    if len(parts) != 3:
        return str(option_id)
    engagement, sourcing, iso2 = parts
    table = _HOMESHORE if sourcing == "homeshore" and engagement in _HOMESHORE else _PLACE
    template = table.get(engagement, (engagement, engagement))[_i(lang)]
    return template.format(country=country(iso2, lang, countries))


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


# --- why an option is excluded (scoring_constraints.REASONS) --------------------------------------


def exclusion_sentence(reason: str, detail: str, option_id: str, home_iso2: str, lang: str,
                       countries: Names) -> str:  # fmt: skip
    """One reason an option is excluded, e.g. "Korean is not a main business language in Kenya."."""
    _engagement, _sourcing, iso2 = (str(option_id).split("|") + ["", "", ""])[:3]
    place = country(iso2, lang, countries)
    home = country(home_iso2, lang, countries)
    ko = lang == "ko"
    if reason == "language":
        name = language_name(detail, lang)
        if ko:
            return f"{place}에서는 {josa(name, '이', '가')} 주요 업무 언어가 아닙니다."
        return f"{name} is not a main business language in {place}."
    if reason == "residency":
        if detail == "home":
            if ko:
                return f"이 기능의 데이터는 {home} 안에 있어야 하는데 {josa(place, '은', '는')} 해외입니다."
            return f"This function's data must stay in {home}; {place} is abroad."
        if detail == "eu_eea":
            if ko:
                return f"이 기능의 데이터는 EU/EEA 안에 있어야 하는데 {josa(place, '은', '는')} EU/EEA 국가가 아닙니다."
            return f"This function's data must stay in the EU/EEA; {place} is not in it."
        if ko:
            return (f"이 기능의 데이터는 EU/EEA나 EU 적정성 결정을 받은 나라에만 둘 수 있는데 "
                    f"{josa(place, '은', '는')} 어느 쪽도 아닙니다.")  # fmt: skip
        return (f"This function's data may only go to the EU/EEA or a country with an EU adequacy decision; "
                f"{place} is neither.")  # fmt: skip
    if reason == "excluded_country":
        if ko:
            return f"이 기능에서는 {josa(place, '을', '를')} 제외했습니다."
        return f"{place} is excluded for this function."
    if reason == "excluded_region":
        region = region_name(detail, lang)
        if ko:
            return f"이 기능에서는 {region} 지역({place})을 제외했습니다."
        return f"The region {region} ({place}) is excluded for this function."
    if reason == "in_house_only":
        return "이 기능은 사내에 두기로 정했습니다." if ko else "This function must stay in-house."
    if reason == "share_limit":
        share, limit = (detail.split("|") + ["", ""])[:2]
        if ko:
            return f"이 형태는 업무의 {share}%를 외부로 옮기지만 이 기능은 최대 {limit}%까지만 허용합니다."
        return f"This form moves {share} % of the work out; at most {limit} % may leave for this function."
    return reason


# --- risk appetite ---------------------------------------------------------------------------------

APPETITE_LABELS = {
    1: ("very cautious", "매우 보수적"),
    2: ("cautious", "보수적"),
    3: ("balanced", "중립"),
    4: ("open", "적극적"),
    5: ("very open", "매우 적극적"),
}


def appetite_sentence(breaches: list[dict], appetite: int, lang: str, risk_names: dict[str, tuple[str, str]]) -> str:
    """Why an option is above the risk appetite, naming the risks over the limit."""
    label = APPETITE_LABELS.get(appetite, APPETITE_LABELS[3])[_i(lang)]
    named = [risk_names.get(b["risk_code"], (b["risk_code"], b["risk_code"]))[_i(lang)]
             for b in breaches if b["risk_code"] != "overall"]  # fmt: skip
    overall = any(b["risk_code"] == "overall" for b in breaches)
    if lang == "ko":
        what = ", ".join(named) if named else ""
        if what and overall:
            return f"{what} 위험과 전체 위험이 회사의 위험 감수 성향({label})이 허용하는 한도를 넘습니다."
        if what:
            return f"{what} 위험이 회사의 위험 감수 성향({label})이 허용하는 한도를 넘습니다."
        return f"전체 위험이 회사의 위험 감수 성향({label})이 허용하는 한도를 넘습니다."
    what = ", ".join(n[:1].lower() + n[1:] for n in named)
    if what and overall:
        return f"The risk of {what}, and the risk overall, are above what a {label} risk appetite accepts."
    if what:
        return f"The risk of {what} is above what a {label} risk appetite accepts."
    return f"The risk overall is above what a {label} risk appetite accepts."


def criterion_name(criterion: str, lang: str) -> str:
    return CRITERION_LABELS[criterion][_i(lang)]
