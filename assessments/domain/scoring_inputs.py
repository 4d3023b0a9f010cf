"""Checking and preparing the scoring inputs. Pure: no Django.

`prepare` turns the two input frames into plain numpy arrays on fixed 0..1 scales,
so that the model (scoring_model.py) only does arithmetic. The option grid itself is
built in scoring_grid.py; the per-function limits are read in scoring_constraints.py.
"""

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import scoring_params as p
from .scoring_constraints import FunctionLimits, OptionPlaces, function_limits, option_places

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
# Traits added with the graded distance; an option frame stored before them reads them as 0.
OPTIONAL_OPTION_TRAITS = ("cultural_distance", "geo_distance", "legal_weakness")
# Optional answers from the questionnaire (outsourcing/data/questions.yaml); absent or
# unanswered means "no extra constraint".
OPTIONAL_ANSWERS = ("data_residency_strict", "native_language_need")
SOURCING_MODELS = ("onshore", "homeshore", "nearshore", "offshore")


@dataclass(frozen=True)
class Prepared:
    """Inputs on fixed scales. Function arrays have shape (F,), option arrays (O,)."""

    function_ids: np.ndarray
    answers: dict[str, np.ndarray]  # (answer - 1) / 4, fallbacks applied
    residency_need: np.ndarray  # 0..1, from data_residency_strict and the profile's data_residency
    native_language_need: np.ndarray  # 0..1, 0 when not asked
    raw_optional: dict[str, np.ndarray]  # the optional answers on 1..5 (NaN = not answered)
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
    limits: FunctionLimits  # per function: required languages, data residency, exclusions, share limit
    places: OptionPlaces  # per option: region, languages, EU/EEA and adequacy, for the limits


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
        "raw_optional": {name: numbers[name] for name in OPTIONAL_ANSWERS},
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
    unknown = sorted(set(sourcing) - set(SOURCING_MODELS))
    if unknown:
        raise ValueError(f"options: unknown sourcing_model {unknown[0]!r}")
    numeric = [c for c in OPTION_COLUMNS[2:] if c not in ("sourcing_model", "location")]
    values = _columns(options, [*numeric, *OPTIONAL_OPTION_TRAITS], "options")
    for name in ("control", "dependency", "setup_effort"):
        _check_range(f"options.{name}", values[name], 1, 5)
    for name in ("share_outsourced", "distance", "time_zone_gap", "language_mismatch"):
        _check_range(f"options.{name}", values[name], 0, 1)
    for name in OPTIONAL_OPTION_TRAITS:
        _check_range(f"options.{name}", values[name], 0, 1, allow_nan=True)
        values[name] = np.nan_to_num(values[name], nan=0.0)
    _check_range("options.low_english", values["low_english"], 0, 1, allow_nan=True)
    _check_range("options.tax_rate_pct", values["tax_rate_pct"], 0, 100, allow_nan=True)
    _check_range("options.gsli_rank", values["gsli_rank"], 1, 10_000, allow_nan=True)
    ratio = values["cost_ratio"]
    if (ratio[~np.isnan(ratio)] <= 0).any():
        raise ValueError("options.cost_ratio: values must be positive")
    home_tax = values["tax_rate_pct"][baseline]
    tax_delta = values["tax_rate_pct"] - home_tax
    engagement = _labels(options, "engagement")
    location = _labels(options, "location")
    traits = {
        "outsourced_share": values["share_outsourced"],
        "distance": values["distance"],
        "time_zone_gap": values["time_zone_gap"],
        "language_mismatch": values["language_mismatch"],
        "low_english": np.where(np.isnan(values["low_english"]), p.UNKNOWN_LOW_ENGLISH, values["low_english"]),
        "control": _unit(values["control"]),
        "dependency": _unit(values["dependency"]),
        "setup_effort": _unit(values["setup_effort"]),
        **{name: values[name] for name in OPTIONAL_OPTION_TRAITS},
        "abroad": (location != location[baseline]).astype(float),
    }
    return {
        "option_ids": options.index.astype(str).to_numpy(),
        "engagement": engagement,
        "sourcing_model": sourcing,
        "location": location,
        "baseline": baseline,
        "traits": traits,
        "cost_ratio": np.where(np.isnan(ratio), 1.0, ratio),
        "tax_delta_pct": np.where(np.isnan(tax_delta), 0.0, tax_delta),
        "talent": gsli_talent(values["gsli_rank"]) * (1.0 - p.ENGLISH_TALENT_WEIGHT * traits["low_english"]),
        "captive": engagement == p.CAPTIVE_ENGAGEMENT,
        "homeshore": sourcing == p.HOMESHORE,
        "places": option_places(options, baseline),
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


def prepare(
    functions: pd.DataFrame, options: pd.DataFrame, profile: dict[str, float], company: dict | None = None,
    rates=None,
) -> Prepared:
    """`company`: the assessment-wide limits (`required_languages`), the default of every function.
    `rates`: optional RateInputs (assessments/domain/rates.py); see _relative_price."""
    function_part = _prepare_functions(functions, profile)
    option_part = _prepare_options(options)
    limits = function_limits(functions, function_part, profile, company or {}, option_part["places"])
    price = _relative_price(functions, option_part, function_part["labour_share"], rates)
    return Prepared(**function_part, **option_part, limits=limits, price=price)


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
