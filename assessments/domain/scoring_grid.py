"""Building the location traits and the option grid the scoring takes. Pure: no Django."""

import math

import pandas as pd

from outsourcing.domain.sourcing import sourcing_model_for

from . import scoring_params as p
from .scoring_distance import distance_parts, languages, place
from .scoring_inputs import OPTION_COLUMNS, OPTIONAL_OPTION_TRAITS

# What the hard limits read about a place (scoring_constraints.py); optional in an option frame.
LIMIT_COLUMNS = ("region", "business_languages", "eu_eea", "eu_adequacy")
PLACE_COLUMNS = (*OPTION_COLUMNS[6:], *OPTIONAL_OPTION_TRAITS, *LIMIT_COLUMNS, "estimated")


def _number(value) -> float:
    return float("nan") if value is None or value == "" else float(value)


def _low_english(row: dict, home_languages: set[str]) -> float:
    """(600 - EF EPI score) / 200 clipped to 0..1; 0 where English is not needed or is native."""
    if languages(row) & home_languages:
        return 0.0  # a shared language: no lingua franca needed
    score = _number(row.get("ef_epi_score"))
    if not math.isnan(score):
        return min(1.0, max(0.0, (600.0 - score) / 200.0))
    first = (row.get("business_languages") or [""])[0]
    return 0.0 if str(first).strip().casefold() == "english" else float("nan")


def build_location_traits(home: dict, locations: list[dict]) -> pd.DataFrame:
    """Per location (index iso2): sourcing model, the 0..1 traits the scoring reads, and what the limits read.

    The home country is always included (onshore). cost_ratio is GDP per capita over the home
    country's; NaN when either is unknown. Distance and legal weakness: scoring_distance.py.
    `estimated` names the parts that are model estimates (no published input).
    """
    home_place = place(home)
    home_languages = languages(home)
    home_gdp = _number(home.get("gdp_per_capita_usd"))
    rows = [home] + [row for row in locations if row["iso2"] != home["iso2"]]
    records = []
    for row in rows:
        gdp = _number(row.get("gdp_per_capita_usd"))
        parts = distance_parts(home, row)
        records.append(
            {
                "location": row["iso2"],
                "sourcing_model": sourcing_model_for(home_place, place(row)),
                "distance": parts["distance"],
                "time_zone_gap": parts["time_zone_gap"],
                "language_mismatch": parts["language_mismatch"],
                "low_english": _low_english(row, home_languages),
                "cost_ratio": gdp / home_gdp if gdp > 0 and home_gdp > 0 else float("nan"),
                "tax_rate_pct": _number(row.get("corporate_tax_rate_pct")),
                "gsli_rank": _number(row.get("kearney_gsli_rank_2023")),
                "cultural_distance": parts["cultural_distance"],
                "geo_distance": parts["geo_distance"],
                "legal_weakness": parts["legal_weakness"],
                "region": str(row.get("region") or ""),
                "business_languages": ";".join(str(x).strip() for x in row.get("business_languages") or []),
                "eu_eea": bool(row.get("eu_eea")),
                "eu_adequacy": str(row.get("eu_adequacy") or ""),
                "estimated": parts["estimated"],
            }
        )
    return pd.DataFrame.from_records(records).set_index("location", drop=False).rename_axis("iso2")


def build_options(engagements: list[dict], location_traits: pd.DataFrame, home_iso2: str) -> pd.DataFrame:
    """The option grid (index option_id = "engagement|sourcing_model|ISO2").

    One in-house baseline (onshore, home country); every other engagement in every
    location with that location's sourcing model; at home both onshore and home-shore.
    """
    if home_iso2 not in location_traits.index:
        raise ValueError(f"location_traits: the home country {home_iso2} is missing")
    baselines = [e for e in engagements if e.get("is_baseline")]
    if len(baselines) != 1:
        raise ValueError(f"engagements: exactly one baseline is needed, found {len(baselines)}")
    place_columns = [c for c in PLACE_COLUMNS if c in location_traits.columns]
    places = location_traits.loc[:, place_columns].to_dict("index")
    home = places.pop(home_iso2)
    grid = [home, {**home, "sourcing_model": p.HOMESHORE}, *places.values()]
    rows = [(baselines[0], home)]
    rows += [(e, row) for e in engagements if not e.get("is_baseline") for row in grid]
    columns: dict[str, list] = {
        "engagement": [e["code"] for e, _ in rows],
        "is_baseline": [bool(e.get("is_baseline")) for e, _ in rows],
        **{k: [float(e[k]) for e, _ in rows] for k in ("control", "dependency", "setup_effort", "share_outsourced")},
        **{k: [row[k] for _, row in rows] for k in place_columns},
    }
    columns["location"] = [str(code) for code in columns["location"]]
    option_ids = [
        f"{e}|{model}|{iso}"
        for e, model, iso in zip(columns["engagement"], columns["sourcing_model"], columns["location"], strict=True)
    ]
    return pd.DataFrame(columns, index=pd.Index(option_ids, name="option_id"))
