"""Hard limits per function: which options are allowed at all, and why the others are not. Pure: no Django.

A limit excludes an option; it never lowers a score. Excluded options are never recommended,
never ranked above an allowed one and never costed, and no weight brings them back, because the
mask is applied after the weighted sum (docs/scoring.md, "Limits that exclude options").

The limits of one function (columns of the functions frame, all optional):
- `required_languages`: languages the provider's staff must work in. Not given -> the company's
  list (`company["required_languages"]`), plus, for a customer-facing function, the home
  country's main business language. A location qualifies when every language is one of its
  main business languages; the home country always qualifies (the company's own team, hired in
  the same labour market, does the work in those languages today).
- `data_residency`: "home" (the data stays in the home country), "eu_eea", "adequacy" (EU/EEA or
  a country with an EU adequacy decision), "any" (no rule). Not given -> "home" when the strict
  residency answer or the company's residency answer is 5 ("home country only").
- `excluded_countries` (ISO2) and `excluded_regions` (UN M49 sub-region names).
- `must_stay_in_house`: every option but in-house is excluded.
- `max_share_outsourced` (0..1): engagement forms that move more of the work out are excluded.
The in-house baseline is never excluded.
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import scoring_params as p

REASONS = ("in_house_only", "share_limit", "excluded_country", "excluded_region", "residency", "language")
RESIDENCY_VALUES = (*p.RESIDENCY_RULES, "any")


@dataclass(frozen=True)
class OptionPlaces:
    """What the limits read about each option's place; `known` is False for an option frame without it."""

    known: bool
    region: np.ndarray  # str
    languages: tuple[frozenset[str], ...]  # casefolded main business languages
    home_languages: tuple[str, ...]  # the home country's, as spelt in the catalogue
    eu_eea: np.ndarray  # bool
    eu_adequacy: np.ndarray  # bool (full or partial decision)
    at_home: np.ndarray  # bool: the home country (in-house, onshore, home-shore, captive at home)


@dataclass(frozen=True)
class FunctionLimits:
    required_languages: tuple[tuple[str, ...], ...]  # effective, as spelt by the user or catalogue
    languages_from: tuple[str, ...]  # "function", "company", "customer-facing" or "" (none)
    residency: np.ndarray  # str: "home", "eu_eea", "adequacy" or ""
    residency_from: tuple[str, ...]  # "function", "answer", "profile" or ""
    excluded_countries: tuple[frozenset[str], ...]
    excluded_regions: tuple[frozenset[str], ...]
    in_house_only: np.ndarray  # bool
    max_share: np.ndarray  # float; NaN = no limit


def _split(value) -> list[str]:
    """A list, tuple or ";"-separated string of names; None / NaN / "" -> []."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return []
    if isinstance(value, str):
        return [part.strip() for part in value.split(";") if part.strip()]
    if isinstance(value, list | tuple | set | frozenset | np.ndarray):
        out = []
        for item in value:
            if not isinstance(item, str):
                raise TypeError
            if item.strip():
                out.append(item.strip())
        return out
    raise TypeError


def _given(value) -> bool:
    if value is None:
        return False
    if isinstance(value, float):
        return not np.isnan(value)
    return True


def option_places(options: pd.DataFrame, baseline: int) -> OptionPlaces:
    n = len(options)
    location = options["location"].to_numpy().astype(str)
    known = "business_languages" in options.columns
    spelt = [_split(v) if known else [] for v in (options["business_languages"] if known else [None] * n)]
    region = options["region"].fillna("").to_numpy().astype(str) if "region" in options.columns else np.full(n, "")
    eu = options["eu_eea"].fillna(False).to_numpy().astype(bool) if "eu_eea" in options.columns else np.zeros(n, bool)
    adequacy = (
        np.isin(options["eu_adequacy"].fillna("").to_numpy().astype(str), ["full", "partial"])
        if "eu_adequacy" in options.columns
        else np.zeros(n, bool)
    )
    return OptionPlaces(
        known=known,
        region=region,
        languages=tuple(frozenset(x.casefold() for x in langs) for langs in spelt),
        home_languages=tuple(spelt[baseline]),
        eu_eea=eu,
        eu_adequacy=adequacy,
        at_home=location == location[baseline],
    )


def _column(functions: pd.DataFrame, name: str) -> list:
    return functions[name].tolist() if name in functions.columns else [None] * len(functions)


def _names(value, field: str, row: int) -> list[str]:
    try:
        return _split(value)
    except TypeError:
        raise ValueError(f"functions.{field}: row {row + 1} must be a list of names") from None


def function_limits(functions: pd.DataFrame, prepared: dict, profile: dict, company: dict,
                    places: OptionPlaces) -> FunctionLimits:  # fmt: skip
    """Each function's effective limits, defaults applied; raises ValueError naming the field."""
    company_languages = _names(company.get("required_languages"), "required_languages (company)", 0)
    answers = prepared["answers"]
    customer_facing = (answers["customer_exposure"] >= (p.CUSTOMER_FACING_ANSWER - 1) / 4) | (
        np.nan_to_num(prepared["raw_optional"]["native_language_need"]) >= p.CUSTOMER_FACING_ANSWER
    )
    home_language = places.home_languages[:1]
    strict = np.nan_to_num(prepared["raw_optional"]["data_residency_strict"]) >= p.HOME_ONLY_ANSWER
    profile_home = profile.get("data_residency", 0) >= p.HOME_ONLY_ANSWER
    languages, languages_from, residency, residency_from = [], [], [], []
    for i, (own, rule) in enumerate(zip(_column(functions, "required_languages"),
                                        _column(functions, "data_residency"), strict=True)):  # fmt: skip
        if _given(own):
            languages.append(tuple(_names(own, "required_languages", i)))
            languages_from.append("function")
        else:
            extra = [x for x in home_language if customer_facing[i] and x not in company_languages]
            languages.append((*extra, *company_languages))  # the customers' language first: it is named first
            languages_from.append("customer-facing" if extra else ("company" if company_languages else ""))
        if _given(rule) and str(rule).strip():
            value = str(rule).strip()
            if value not in RESIDENCY_VALUES:
                raise ValueError(f"functions.data_residency: row {i + 1} must be one of {', '.join(RESIDENCY_VALUES)}")
            residency.append("" if value == "any" else value)
            residency_from.append("function")
        elif strict[i] or profile_home:
            residency.append("home")
            residency_from.append("answer" if strict[i] else "profile")
        else:
            residency.append("")
            residency_from.append("")
    in_house = np.array([bool(v) if _given(v) else False for v in _column(functions, "must_stay_in_house")])
    share = np.array([float(v) if _given(v) else np.nan for v in _column(functions, "max_share_outsourced")])
    if ((share < 0) | (share > 1)).any():
        raise ValueError("functions.max_share_outsourced: values must lie in 0..1")
    return FunctionLimits(
        required_languages=tuple(languages),
        languages_from=tuple(languages_from),
        residency=np.array(residency, dtype=object).astype(str),
        residency_from=tuple(residency_from),
        excluded_countries=tuple(frozenset(x.upper() for x in _names(v, "excluded_countries", i))
                                 for i, v in enumerate(_column(functions, "excluded_countries"))),
        excluded_regions=tuple(frozenset(_names(v, "excluded_regions", i))
                               for i, v in enumerate(_column(functions, "excluded_regions"))),
        in_house_only=in_house,
        max_share=share,
    )  # fmt: skip


def exclusion_masks(limits: FunctionLimits, places: OptionPlaces, location: np.ndarray, share: np.ndarray,
                    baseline: int) -> dict[str, np.ndarray]:  # fmt: skip
    """One (F, O) boolean array per reason in REASONS: True where that limit excludes the option."""
    f, o = len(limits.in_house_only), len(location)
    masks = {}
    masks["in_house_only"] = np.repeat(limits.in_house_only[:, None], o, axis=1)
    with np.errstate(invalid="ignore"):
        masks["share_limit"] = share[None, :] > limits.max_share[:, None] + 1e-9
    countries = [np.isin(location, sorted(c)) for c in limits.excluded_countries]
    masks["excluded_country"] = np.array(countries).reshape(f, o)
    masks["excluded_region"] = np.array([np.isin(places.region, sorted(r)) & (places.region != "")
                                         for r in limits.excluded_regions]).reshape(f, o)  # fmt: skip
    abroad = ~places.at_home
    residency = np.zeros((f, o), dtype=bool)
    if places.known:
        for rule, outside in (("home", abroad), ("eu_eea", ~places.eu_eea),
                              ("adequacy", ~(places.eu_eea | places.eu_adequacy))):  # fmt: skip
            residency[limits.residency == rule] = outside
    masks["residency"] = residency
    language = np.zeros((f, o), dtype=bool)
    if places.known:
        lacking: dict[frozenset[str], np.ndarray] = {}  # functions mostly share one list: test each list once
        for i, wanted in enumerate(limits.required_languages):
            needed = frozenset(x.casefold() for x in wanted)
            if needed and needed not in lacking:
                lacking[needed] = abroad & np.array([not needed <= spoken for spoken in places.languages])
            if needed:
                language[i] = lacking[needed]
    masks["language"] = language
    for mask in masks.values():
        mask[:, baseline] = False
    return masks


def allowed_mask(masks: dict[str, np.ndarray]) -> np.ndarray:
    return ~np.logical_or.reduce(list(masks.values()))


def missing_language(limits: FunctionLimits, places: OptionPlaces, f: int, o: int) -> str:
    """The first required language of function row f that option o's place does not use."""
    spoken = places.languages[o]
    return next((x for x in limits.required_languages[f] if x.casefold() not in spoken), "")


def exclusions_frame(masks: dict[str, np.ndarray], limits: FunctionLimits, places: OptionPlaces,
                     function_ids: np.ndarray, option_ids: np.ndarray, share: np.ndarray) -> pd.DataFrame:  # fmt: skip
    """One row per excluded (function, option) and reason: function_id, option_id, reason, detail.

    `detail` is what the sentence names: the missing language, the region, the residency rule,
    or "share|limit" as whole percentages. Built column by column: thousands of rows when a
    customer-facing function rules out every place without its language.
    """
    parts = {"function_id": [], "option_id": [], "reason": [], "detail": []}
    for reason in REASONS:
        rows, cols = np.nonzero(masks[reason])
        if not rows.size:
            continue
        if reason == "language":
            # the missing language depends only on the function and the place's languages: work it out once
            # per distinct pair, then spread it over the options
            sets = {langs: i for i, langs in enumerate(dict.fromkeys(places.languages))}
            set_of = np.fromiter((sets[langs] for langs in places.languages), dtype=np.int64, count=len(option_ids))
            _pairs, first, inverse = np.unique(rows * len(sets) + set_of[cols], return_index=True, return_inverse=True)
            named = [missing_language(limits, places, int(rows[i]), int(cols[i])) for i in first]
            detail = np.asarray(named, dtype=object)[inverse]
        elif reason == "excluded_region":
            detail = places.region[cols].tolist()
        elif reason == "residency":
            detail = limits.residency[rows].tolist()
        elif reason == "share_limit":
            detail = [f"{round(100 * a)}|{round(100 * b)}" for a, b in zip(share[cols], limits.max_share[rows],
                                                                             strict=True)]  # fmt: skip
        else:
            detail = [""] * rows.size
        parts["function_id"].append(function_ids[rows].astype(np.int64))
        parts["option_id"].append(option_ids[cols].astype(str))
        parts["reason"].append(np.full(rows.size, reason, dtype=object))
        parts["detail"].append(np.asarray(detail, dtype=object))
    if not parts["function_id"]:
        return pd.DataFrame({"function_id": pd.Series(dtype=np.int64), "option_id": pd.Series(dtype=object),
                             "reason": pd.Series(dtype=object), "detail": pd.Series(dtype=object)})  # fmt: skip
    return pd.DataFrame({name: np.concatenate(columns) for name, columns in parts.items()})
