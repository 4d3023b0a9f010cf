"""Checking and preparing the scoring inputs; building the option grid. Pure: no Django.

`prepare` turns the two input frames into plain numpy arrays on fixed 0..1 scales,
so that the model (scoring_model.py) only does arithmetic.
"""

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from outsourcing.domain.sourcing import Place, sourcing_model_for, time_zone_gap_hours

from . import scoring_params as p

OPTION_COLUMNS = (
    "engagement",
    "is_baseline",
    "control",
    "dependency",
    "setup_effort",
    "share_outsourced",
    "sourcing_model",
    "location",
    "distance",
    "time_zone_gap",
    "language_mismatch",
    "low_english",
    "cost_ratio",
    "tax_rate_pct",
    "gsli_rank",
)
# Optional answers from the questionnaire (outsourcing/data/questions.yaml); absent or
# unanswered means "no extra constraint".
OPTIONAL_ANSWERS = ("data_residency_strict", "native_language_need")
SOURCING_DISTANCE = {"onshore": 0.0, "homeshore": 0.0, "nearshore": 0.5, "offshore": 1.0}


@dataclass(frozen=True)
class Prepared:
    """Inputs on fixed scales. Function arrays have shape (F,), option arrays (O,)."""

    function_ids: np.ndarray
    answers: dict[str, np.ndarray]  # (answer - 1) / 4, fallbacks applied
    residency_need: np.ndarray  # 0..1, from data_residency_strict and the profile's data_residency
    native_language_need: np.ndarray  # 0..1, 0 when not asked
    labour_share: np.ndarray
    fte: np.ndarray
    option_ids: np.ndarray
    engagement: np.ndarray
    sourcing_model: np.ndarray
    location: np.ndarray
    baseline: int
    traits: dict[str, np.ndarray]  # the option traits named in scoring_params.OPTION_TRAITS, 0..1
    cost_ratio: np.ndarray  # unknown -> 1 (no labour-cost saving claimed)
    price: np.ndarray  # (F, O) provider fee over the in-house cost for the work moved; 1 where unknown
    tax_delta_pct: np.ndarray  # location tax minus home tax; unknown -> 0
    talent: np.ndarray  # 0..1 from the Kearney GSLI rank and English proficiency
    captive: np.ndarray  # bool
    homeshore: np.ndarray  # bool


def _unit(values: np.ndarray) -> np.ndarray:
    return (values - 1.0) / 4.0


def _check_range(name: str, values: np.ndarray, low: float, high: float, allow_nan: bool = False) -> None:
    finite = ~np.isnan(values)
    if not allow_nan and not finite.all():
        raise ValueError(f"{name}: missing values are not allowed")
    bad = finite & ((values < low) | (values > high))
    if bad.any():
        raise ValueError(f"{name}: values must lie in {low:g}..{high:g}, got {values[bad][0]:g}")


def _columns(frame: pd.DataFrame, names: list[str], what: str) -> dict[str, np.ndarray]:
    """The named columns as float arrays (NaN where missing), converted in one go."""
    present = [name for name in names if name in frame.columns]
    try:
        block = frame[present].to_numpy(dtype=float, na_value=np.nan)
    except (TypeError, ValueError):
        for name in present:
            try:
                frame[name].to_numpy(dtype=float, na_value=np.nan)
            except (TypeError, ValueError):
                raise ValueError(f"{what}.{name}: values must be numbers") from None
        raise
    out = {name: np.full(len(frame), np.nan) for name in names}
    out.update({name: block[:, i] for i, name in enumerate(present)})
    return out


def _labels(frame: pd.DataFrame, name: str) -> np.ndarray:
    return frame[name].to_numpy().astype(str)


def validate_profile(profile: dict | None) -> dict[str, float]:
    """Profile answers on 1..5; `data_residency` (1..5) is accepted as well. Unknown keys raise."""
    profile = dict(profile or {})
    allowed = (*p.PROFILE_KEYS, "data_residency")
    out: dict[str, float] = {}
    for key, value in profile.items():
        if key not in allowed:
            raise ValueError(f"profile: unknown key '{key}' (allowed: {', '.join(allowed)})")
        if value is None or (isinstance(value, float) and math.isnan(value)):
            continue
        if not 1 <= float(value) <= 5:
            raise ValueError(f"profile: '{key}' must lie in 1..5, got {value}")
        out[key] = float(value)
    return out


def _prepare_functions(functions: pd.DataFrame, profile: dict[str, float]) -> dict:
    if functions.empty:
        raise ValueError("functions: at least one function is needed")
    if not functions.index.is_unique:
        raise ValueError("functions: function_id values must be unique")
    missing = [c for c in ("service_category", "fte", "annual_cost") if c not in functions.columns]
    if missing:
        raise ValueError(f"functions: missing column(s) {', '.join(missing)}")
    category = _labels(functions, "service_category")
    unknown = sorted(set(category) - set(p.SERVICE_CATEGORIES))
    if unknown:
        raise ValueError(f"functions: unknown service_category {unknown[0]!r}")
    numbers = _columns(
        functions,
        ["fte", "annual_cost", *p.ANSWERS, *p.TYPICAL_COLUMNS.values(), *OPTIONAL_ANSWERS],
        "functions",
    )
    fte = numbers["fte"]
    if not (np.isfinite(fte) & (fte > 0)).all():
        raise ValueError("functions: fte must be a positive number")
    cost = numbers["annual_cost"]
    if not (np.isfinite(cost) & (cost >= 0)).all():
        raise ValueError("functions: annual_cost must be a non-negative number")
    answers: dict[str, np.ndarray] = {}
    for name in p.ANSWERS:
        raw = numbers[name]
        _check_range(f"functions.{name}", raw, 1, 5, allow_nan=True)
        typical_column = p.TYPICAL_COLUMNS.get(name)
        if typical_column:
            typical = numbers[typical_column]
            _check_range(f"functions.{typical_column}", typical, 1, 5, allow_nan=True)
            raw = np.where(np.isnan(raw), typical, raw)
        answers[name] = _unit(np.where(np.isnan(raw), p.NEUTRAL_ANSWER, raw))
    optional = {}
    for name in OPTIONAL_ANSWERS:
        raw = numbers[name]
        _check_range(f"functions.{name}", raw, 1, 5, allow_nan=True)
        optional[name] = _unit(np.where(np.isnan(raw), 1.0, raw))
    profile_residency = _unit(profile.get("data_residency", 1.0))
    return {
        "function_ids": functions.index.to_numpy(dtype=np.int64),
        "answers": answers,
        "residency_need": np.maximum(optional["data_residency_strict"], profile_residency),
        "native_language_need": optional["native_language_need"],
        "labour_share": np.array([p.LABOUR_SHARE[c] for c in category]),
        "fte": fte,
    }


def gsli_talent(rank: np.ndarray) -> np.ndarray:
    """Kearney GSLI rank -> 0..1: rank 1 -> 1, rank 50 or lower -> 0.2, unknown -> 0.5."""
    span = np.clip((rank - 1.0) / p.GSLI_RANK_SPAN, 0.0, 1.0)
    talent = 1.0 - (1.0 - p.GSLI_TALENT_FLOOR) * span
    return np.where(np.isnan(rank), p.UNKNOWN_TALENT, talent)


def _prepare_options(options: pd.DataFrame) -> dict:
    if not options.index.is_unique:
        raise ValueError("options: option_id values must be unique")
    missing = [c for c in OPTION_COLUMNS if c not in options.columns]
    if missing:
        raise ValueError(f"options: missing column(s) {', '.join(missing)}")
    is_baseline = options["is_baseline"].astype(bool).to_numpy()
    if is_baseline.sum() != 1:
        raise ValueError(f"options: exactly one baseline row is needed, found {int(is_baseline.sum())}")
    baseline = int(np.flatnonzero(is_baseline)[0])
    sourcing = _labels(options, "sourcing_model")
    unknown = sorted(set(sourcing) - set(SOURCING_DISTANCE))
    if unknown:
        raise ValueError(f"options: unknown sourcing_model {unknown[0]!r}")
    values = _columns(options, [c for c in OPTION_COLUMNS[2:] if c not in ("sourcing_model", "location")], "options")
    for name in ("control", "dependency", "setup_effort"):
        _check_range(f"options.{name}", values[name], 1, 5)
    for name in ("share_outsourced", "distance", "time_zone_gap", "language_mismatch"):
        _check_range(f"options.{name}", values[name], 0, 1)
    _check_range("options.low_english", values["low_english"], 0, 1, allow_nan=True)
    _check_range("options.tax_rate_pct", values["tax_rate_pct"], 0, 100, allow_nan=True)
    _check_range("options.gsli_rank", values["gsli_rank"], 1, 10_000, allow_nan=True)
    ratio = values["cost_ratio"]
    if (ratio[~np.isnan(ratio)] <= 0).any():
        raise ValueError("options.cost_ratio: values must be positive")
    home_tax = values["tax_rate_pct"][baseline]
    tax_delta = values["tax_rate_pct"] - home_tax
    engagement = _labels(options, "engagement")
    traits = {
        "outsourced_share": values["share_outsourced"],
        "distance": values["distance"],
        "time_zone_gap": values["time_zone_gap"],
        "language_mismatch": values["language_mismatch"],
        "low_english": np.where(np.isnan(values["low_english"]), p.UNKNOWN_LOW_ENGLISH, values["low_english"]),
        "control": _unit(values["control"]),
        "dependency": _unit(values["dependency"]),
        "setup_effort": _unit(values["setup_effort"]),
    }
    return {
        "option_ids": options.index.astype(str).to_numpy(),
        "engagement": engagement,
        "sourcing_model": sourcing,
        "location": _labels(options, "location"),
        "baseline": baseline,
        "traits": traits,
        "cost_ratio": np.where(np.isnan(ratio), 1.0, ratio),
        "tax_delta_pct": np.where(np.isnan(tax_delta), 0.0, tax_delta),
        "talent": gsli_talent(values["gsli_rank"]) * (1.0 - p.ENGLISH_TALENT_WEIGHT * traits["low_english"]),
        "captive": engagement == p.CAPTIVE_ENGAGEMENT,
        "homeshore": sourcing == p.HOMESHORE,
    }


RATE_FUNCTION_COLUMNS = ("rate_family", "home_iso2", "hours_per_fte", "captive_rate_factor", "onsite_share",
                         "model_rate_band")  # fmt: skip


def _relative_price(functions: pd.DataFrame, opts: dict, labour_share: np.ndarray, rates) -> np.ndarray:
    """(F, O) price of the work moved as a share of its in-house cost.

    With `rates` (assessments/domain/rates.py RateInputs): the vendor rate from `resolve_rates`, the
    function the TCO uses too, x hours x FTE / annual in-house cost. Without (frames built by hand):
    the labour-share proxy (1 - labour) + labour x cost_ratio ^ 0.58 of docs/scoring.md.
    """
    n_f, n_o = len(functions), len(opts["option_ids"])
    if rates is None:
        return (1.0 - labour_share[:, None]) + labour_share[:, None] * opts["cost_ratio"][None, :] ** p.WAGE_ELASTICITY
    missing = [c for c in RATE_FUNCTION_COLUMNS if c not in functions.columns]
    if missing:
        raise ValueError(f"functions: missing column(s) {', '.join(missing)} (needed with rates)")
    from .rates import RateTable, quotes_from_records, resolve_rates

    numbers = _columns(functions, ["fte", "annual_cost", "hours_per_fte", "captive_rate_factor", "onsite_share",
                                   "model_rate_band"], "functions")  # fmt: skip
    table = RateTable.from_cells(rates.table, per_usd=rates.per_usd, currency=rates.currency)
    grid = lambda values: np.repeat(np.asarray(values), n_o)  # noqa: E731  per function, repeated over options
    tile = lambda values: np.tile(np.asarray(values), n_f)  # noqa: E731  per option, repeated over functions
    share = tile(opts["traits"]["outsourced_share"])
    result = resolve_rates(
        table, quotes_from_records(rates.quotes), per_usd=rates.per_usd, currency=rates.currency,
        function_ids=grid(functions.index.to_numpy()), families=grid(_labels(functions, "rate_family")),
        fte=grid(numbers["fte"]), hours=grid(numbers["hours_per_fte"]), shares=share,
        locations=tile(opts["location"]), engagements=tile(opts["engagement"]),
        sourcing_models=tile(opts["sourcing_model"]), homes=grid(_labels(functions, "home_iso2")),
        captive_factor=grid(numbers["captive_rate_factor"]), onsite_share=grid(numbers["onsite_share"]),
        model_band=grid(numbers["model_rate_band"]))
    cost_per_hour = np.divide(numbers["annual_cost"], numbers["fte"] * numbers["hours_per_fte"])
    price = result["rate"].reshape(n_f, n_o) / cost_per_hour[:, None]
    price[:, opts["baseline"]] = 1.0
    return np.where(np.isfinite(price), price, 1.0)


def prepare(functions: pd.DataFrame, options: pd.DataFrame, profile: dict[str, float], rates=None) -> Prepared:
    """rates: optional RateInputs (assessments/domain/rates.py); see _relative_price."""
    fn, opts = _prepare_functions(functions, profile), _prepare_options(options)
    return Prepared(**fn, **opts, price=_relative_price(functions, opts, fn["labour_share"], rates))


def validate_weights(weights: Mapping[str, float] | None) -> np.ndarray:
    """Weights in CRITERIA order, summing to 1. Missing criteria weigh 0."""
    weights = p.DEFAULT_WEIGHTS if weights is None else weights
    for name, value in weights.items():
        if name not in p.CRITERIA:
            raise ValueError(f"weights: unknown criterion '{name}' (known: {', '.join(p.CRITERIA)})")
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise ValueError(f"weights: '{name}' must be a number, got {value!r}") from None
        if math.isnan(number) or math.isinf(number) or number < 0:
            raise ValueError(f"weights: '{name}' must be a non-negative number, got {value!r}")
    vector = np.array([float(weights.get(name, 0.0)) for name in p.CRITERIA])
    if vector.sum() <= 0:
        raise ValueError(f"weights: at least one criterion needs a positive weight ({', '.join(p.CRITERIA)})")
    return vector / vector.sum()


def effective_weights(normalised: np.ndarray, profile: dict[str, float]) -> np.ndarray:
    """Apply the risk appetite: the risk weight x (1 + 0.25 x (3 - appetite)), then renormalise."""
    appetite = profile.get("risk_appetite")
    if appetite is None:
        return normalised
    factor = np.ones(len(p.CRITERIA))
    factor[p.CRITERIA.index("risk")] = 1.0 + p.RISK_APPETITE_STEP * (3.0 - appetite)
    scaled = normalised * factor
    return scaled / scaled.sum()


# --- building the location traits and the option grid -------------------------------


def _number(value) -> float:
    return float("nan") if value is None or value == "" else float(value)


def _languages(place: dict) -> set[str]:
    return {str(lang).strip().casefold() for lang in place.get("business_languages") or [] if str(lang).strip()}


def _low_english(place: dict, home_languages: set[str]) -> float:
    """(600 - EF EPI score) / 200 clipped to 0..1; 0 where English is not needed or is native."""
    if _languages(place) & home_languages:
        return 0.0  # a shared language: no lingua franca needed
    score = _number(place.get("ef_epi_score"))
    if not math.isnan(score):
        return min(1.0, max(0.0, (600.0 - score) / 200.0))
    first = (place.get("business_languages") or [""])[0]
    return 0.0 if str(first).strip().casefold() == "english" else float("nan")


def build_location_traits(home: dict, locations: list[dict], required_languages: list[str]) -> pd.DataFrame:
    """Per location (index iso2): sourcing model and the 0..1 traits the scoring reads.

    The home country is always included (onshore). cost_ratio is GDP per capita over
    the home country's; NaN when either is unknown.
    """
    def place(row: dict) -> Place:
        return Place(row["iso2"], float(row["utc_offset_hours"]), tuple(row.get("land_neighbours") or ()))

    home_place = place(home)
    home_languages = _languages(home)
    home_gdp = _number(home.get("gdp_per_capita_usd"))
    required = {lang.strip().casefold() for lang in required_languages if lang.strip()}
    rows = [home] + [row for row in locations if row["iso2"] != home["iso2"]]
    records = []
    for row in rows:
        model = sourcing_model_for(home_place, place(row))
        gdp = _number(row.get("gdp_per_capita_usd"))
        gap = time_zone_gap_hours(home_place.utc_offset_hours, float(row["utc_offset_hours"]))
        records.append(
            {
                "location": row["iso2"],
                "sourcing_model": model,
                "distance": SOURCING_DISTANCE[model],
                "time_zone_gap": min(1.0, gap / 12.0),
                "language_mismatch": float(bool(required - _languages(row))),
                "low_english": _low_english(row, home_languages),
                "cost_ratio": gdp / home_gdp if gdp > 0 and home_gdp > 0 else float("nan"),
                "tax_rate_pct": _number(row.get("corporate_tax_rate_pct")),
                "gsli_rank": _number(row.get("kearney_gsli_rank_2023")),
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
    place_columns = list(OPTION_COLUMNS[6:])
    places = location_traits.loc[:, place_columns].to_dict("index")
    home = places.pop(home_iso2)
    grid = [home, {**home, "sourcing_model": p.HOMESHORE}, *places.values()]
    rows = [(baselines[0], home)]
    rows += [(e, place) for e in engagements if not e.get("is_baseline") for place in grid]
    columns: dict[str, list] = {
        "engagement": [e["code"] for e, _ in rows],
        "is_baseline": [bool(e.get("is_baseline")) for e, _ in rows],
        **{k: [float(e[k]) for e, _ in rows] for k in ("control", "dependency", "setup_effort", "share_outsourced")},
        **{k: [place[k] for _, place in rows] for k in place_columns},
    }
    columns["location"] = [str(code) for code in columns["location"]]
    option_ids = [
        f"{e}|{model}|{iso}"
        for e, model, iso in zip(columns["engagement"], columns["sourcing_model"], columns["location"], strict=True)
    ]
    return pd.DataFrame(columns, index=pd.Index(option_ids, name="option_id"))
