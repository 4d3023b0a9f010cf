"""How far a location is from the home country, on graded scales, and how well its law protects data. Pure.

Distance follows the CAGE framework (Ghemawat 2001, sources.csv S68) where the catalogue holds sourced
inputs: time zones (working hours shared), language (a main business language shared or not), culture
(Kogut and Singh's index over Hofstede's four dimensions, S62 and S66) and geography (great-circle
kilometres between capitals, S61). Each part lies on 0..1 and `distance` is their weighted mean
(scoring_params.DISTANCE_PARTS). Legal protection is the WJP Rule of Law Index (S63) turned into a
weakness on 0..1; the trait the scoring reads is how much weaker it is than at home (0 at home and
wherever the law protects at least as well). A part with no published input takes a documented
model value, and the location is marked `estimated` so that people see it.
"""

import math

from outsourcing.domain.sourcing import Place, great_circle_km, time_zone_gap_hours

from . import scoring_params as p

HOFSTEDE = ("pdi", "idv", "mas", "uai")


def _number(value) -> float:
    if value is None or value == "":
        return math.nan
    try:
        return float(value)
    except (TypeError, ValueError):
        return math.nan


def languages(place: dict) -> set[str]:
    return {str(lang).strip().casefold() for lang in place.get("business_languages") or [] if str(lang).strip()}


def kogut_singh(home: dict, location: dict) -> float:
    """Mean over Hofstede's PDI, IDV, MAS, UAI of (difference)^2 / variance; NaN when a score is missing."""
    total = 0.0
    for name in HOFSTEDE:
        a, b = _number(home.get(f"hofstede_{name}")), _number(location.get(f"hofstede_{name}"))
        if math.isnan(a) or math.isnan(b):
            return math.nan
        total += (a - b) ** 2 / p.HOFSTEDE_VARIANCE[name]
    return total / len(HOFSTEDE)


def legal_weakness(location: dict) -> float:
    """(top - WJP score) / span, clipped to 0..1; NaN when the index does not cover the country."""
    score = _number(location.get("rule_of_law_score"))
    if math.isnan(score):
        return math.nan
    return min(1.0, max(0.0, (p.RULE_OF_LAW_TOP - score) / p.RULE_OF_LAW_SPAN))


def place(row: dict) -> Place:
    return Place(
        str(row["iso2"]),
        float(row["utc_offset_hours"]),
        tuple(row.get("land_neighbours") or ()),
        None if math.isnan(_number(row.get("capital_lat"))) else float(row["capital_lat"]),
        None if math.isnan(_number(row.get("capital_lon"))) else float(row["capital_lon"]),
    )


def distance_parts(home: dict, location: dict) -> dict:
    """The graded distance of `location` from `home`, its parts, legal weakness, and what was estimated.

    At home every part is 0 (the company's own labour market, law and language).
    """
    at_home = location["iso2"] == home["iso2"]
    gap_hours = time_zone_gap_hours(float(home["utc_offset_hours"]), float(location["utc_offset_hours"]))
    km = 0.0 if at_home else great_circle_km(place(home), place(location))
    culture_index = 0.0 if at_home else kogut_singh(home, location)
    weakness = legal_weakness(location)
    home_weakness = legal_weakness(home)
    estimated = []
    if km is None:
        estimated.append("geography")
        geography = p.UNKNOWN_GEOGRAPHY
    else:
        geography = min(1.0, km / p.GEOGRAPHY_FULL_KM)
    if math.isnan(culture_index):
        estimated.append("culture")
        culture = p.UNKNOWN_CULTURE
    else:
        culture = min(1.0, culture_index / p.CULTURE_FULL_INDEX)
    if math.isnan(weakness):
        estimated.append("legal")
        weakness = p.UNKNOWN_LEGAL_WEAKNESS
    if math.isnan(home_weakness):
        home_weakness = p.UNKNOWN_LEGAL_WEAKNESS
    # How much less the law protects data and IP than at home: the company already lives with its own law.
    weaker_than_home = max(0.0, weakness - home_weakness)
    parts = {
        "time_zone": min(1.0, gap_hours / p.TIME_ZONE_FULL_HOURS),
        "language": 0.0 if at_home or languages(home) & languages(location) else 1.0,
        "culture": culture,
        "geography": geography,
    }
    distance = sum(p.DISTANCE_PARTS[name] * value for name, value in parts.items())
    return {
        "distance": 0.0 if at_home else distance,
        "time_zone_gap": min(1.0, gap_hours / 12.0),
        "language_mismatch": parts["language"],
        "cultural_distance": culture,
        "geo_distance": geography,
        "legal_weakness": weaker_than_home,
        "km": km,
        "culture_index": culture_index,
        "estimated": ";".join(estimated),
    }
