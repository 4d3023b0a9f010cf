"""TCO inputs: the TcoInputs record, its validation, and the per-pair plan the kernels run on. Pure: no Django.

The plan turns each (function, option) pair into plain numbers: the year-1 in-house cost,
the year-1 provider fee (from the user's quote, or estimated from the location's cost
level), the fixed cost rates for that engagement form, and the assumption ranges that the
Monte Carlo draws from. Every ValueError names the field or assumption at fault.
"""

from dataclasses import dataclass, field
from math import isfinite

import numpy as np
import pandas as pd

from .currencies import ISO_4217
from .tco_assumptions import ENGAGEMENTS, SOURCING_MODELS, resolve_assumptions

MAX_HORIZON_YEARS = 10
MAX_DRAWS = 200_000
FUNCTION_COLUMNS = ("fte", "salary_per_fte", "overhead_pct", "facilities_cost", "it_cost", "home_iso2")
OPTION_COLUMNS = ("engagement", "share_outsourced")
# Monte Carlo inputs drawn per (function, option) pair, in the order they are drawn.
PAIR_INPUTS = ("vendor_rate", "productivity_loss", "governance_pct", "transition_overrun")


@dataclass(frozen=True, eq=False)
class TcoInputs:
    """Everything one TCO run needs. Money in the assessment currency unless a name says USD.

    functions: index function_id; columns fte, salary_per_fte, overhead_pct (percent, 30 = 30 %),
        facilities_cost, it_cost (yearly), home_iso2; optional home_tax_rate_pct (percent).
    options: index option_id; columns engagement (in-house, co-sourcing, selective, total,
        captive), share_outsourced (0-1); optional is_baseline, location (ISO2), sourcing_model
        (onshore, nearshore, offshore, homeshore), cost_ratio (location GDP per capita / home
        GDP per capita, NaN if unknown), tax_rate_pct (location, percent), vendor_quote_hourly_usd.
    pairs: optional DataFrame (function_id, option_id) restricting the pairs computed.
    currency: ISO 4217 code; exchange-rate uncertainty applies only when it is not USD.
    band_draws: how many draws (the first ones) the yearly cost bands use; None = all.
    """

    functions: pd.DataFrame
    options: pd.DataFrame
    horizon_years: int = 5
    discount_rate: float = 0.08
    fx_rate_usd_to_currency: float = 1.0
    assumptions: dict = field(default_factory=dict)
    function_overrides: dict = field(default_factory=dict)
    seed: int = 0
    draws: int = 10_000
    pairs: pd.DataFrame | None = None
    currency: str = "USD"
    band_draws: int | None = 2_000


@dataclass
class Plan:
    """Per-pair numbers (numpy arrays of length n_pairs unless noted) and per-function ones."""

    function_ids: list
    option_ids: list
    pair_function: np.ndarray  # index into function_ids
    pair_option: np.ndarray  # index into option_ids
    inhouse_year1: np.ndarray  # per function
    home_country: np.ndarray  # per function, index into countries
    countries: list
    share: np.ndarray
    is_baseline: np.ndarray
    fee_year1: np.ndarray  # provider fee at full productivity, year-1 prices, rate multiplier 1
    rate_spread: np.ndarray
    governance_factor: np.ndarray  # 1 vendor, captive_governance_factor captive, 0 baseline
    travel_pct: np.ndarray
    tax_credit_pct: np.ndarray  # captive: markup x (home tax - location tax); else 0
    one_time_fixed_pct: np.ndarray  # severance/retention, per year-1 contract
    one_time_overrun_pct: np.ndarray  # selection + transition fee + captive set-up, stretched by overrun
    exit_pct: np.ndarray
    parallel_months: np.ndarray
    fx_exposed: np.ndarray
    location_country: np.ndarray  # index into countries; equals home when the option is at home
    # Per function: {assumption name: (value, low, high)} for the drawn assumptions.
    drawn: dict
    horizon: int
    discount_rate: float
    details: pd.DataFrame  # per pair: ids, engagement, location, rate basis and note
    assumptions_used: dict


def _fail(what: str, message: str):
    raise ValueError(f"{what}: {message}")


def _number(value, what: str, low: float, high: float, *, allow_nan: bool = False, low_open: bool = False) -> float:
    if value is None or value is pd.NA:
        value = np.nan
    try:
        number = float(value)
    except (TypeError, ValueError):
        _fail(what, f"must be a number, got {value!r}")
    if number != number:
        if allow_nan:
            return number
        _fail(what, "is missing")
    if not isfinite(number) or number < low or number > high or (low_open and number == low):
        bound = f"> {low}" if low_open else f">= {low}"
        _fail(what, f"{number} is out of range ({bound} and <= {high})")
    return number


def validate_scalars(inputs: TcoInputs) -> None:
    h = inputs.horizon_years
    if isinstance(h, bool) or not isinstance(h, int | np.integer) or not 1 <= h <= MAX_HORIZON_YEARS:
        _fail("horizon_years", f"must be a whole number of years from 1 to {MAX_HORIZON_YEARS}, got {h!r}")
    _number(inputs.discount_rate, "discount_rate", 0.0, 1.0)
    _number(inputs.fx_rate_usd_to_currency, "fx_rate_usd_to_currency", 0.0, 1e9, low_open=True)
    if inputs.currency not in ISO_4217:
        _fail("currency", f"{inputs.currency!r} is not an ISO 4217 code")
    for name, value, low, high in (
        ("seed", inputs.seed, 0, 2**63 - 1),
        ("draws", inputs.draws, 1, MAX_DRAWS),
        ("band_draws", inputs.band_draws if inputs.band_draws is not None else 1, 1, MAX_DRAWS),
    ):
        if isinstance(value, bool) or not isinstance(value, int | np.integer) or not low <= value <= high:
            _fail(name, f"must be a whole number from {low} to {high}, got {value!r}")


def _check_functions(functions: pd.DataFrame) -> None:
    if not isinstance(functions, pd.DataFrame) or functions.empty:
        _fail("functions", "must be a non-empty DataFrame indexed by function_id")
    if not functions.index.is_unique:
        _fail("functions", "function_id values must be unique")
    missing = [c for c in FUNCTION_COLUMNS if c not in functions.columns]
    if missing:
        _fail("functions", f"missing column '{missing[0]}'")
    limits = {
        "fte": (0.0, 1e6, True),
        "salary_per_fte": (0.0, 1e12, False),
        "overhead_pct": (0.0, 500.0, False),
        "facilities_cost": (0.0, 1e15, False),
        "it_cost": (0.0, 1e15, False),
    }
    for fid, row in functions.iterrows():
        for column, (low, high, low_open) in limits.items():
            _number(row[column], f"function '{fid}' {column}", low, high, low_open=low_open)
        home = row["home_iso2"]
        if not isinstance(home, str) or len(home) != 2 or not home.isalpha():
            _fail(f"function '{fid}' home_iso2", f"must be a two-letter country code, got {home!r}")
        if "home_tax_rate_pct" in functions.columns:
            _number(row["home_tax_rate_pct"], f"function '{fid}' home_tax_rate_pct", 0.0, 100.0, allow_nan=True)


def _option_rows(options: pd.DataFrame) -> list[dict]:
    if not isinstance(options, pd.DataFrame) or options.empty:
        _fail("options", "must be a non-empty DataFrame indexed by option_id")
    if not options.index.is_unique:
        _fail("options", "option_id values must be unique")
    missing = [c for c in OPTION_COLUMNS if c not in options.columns]
    if missing:
        _fail("options", f"missing column '{missing[0]}'")
    rows = []
    for oid, row in options.iterrows():
        get = row.get
        engagement = get("engagement")
        if engagement not in ENGAGEMENTS:
            _fail(f"option '{oid}' engagement", f"{engagement!r} is not one of {', '.join(ENGAGEMENTS)}")
        baseline = get("is_baseline")
        baseline = engagement == "in-house" if baseline is None or pd.isna(baseline) else bool(baseline)
        if baseline != (engagement == "in-house"):
            _fail(f"option '{oid}' is_baseline", "only the in-house engagement is the baseline")
        item = {
            "option_id": oid,
            "engagement": engagement,
            "is_baseline": baseline,
            "share": 0.0 if baseline else _number(get("share_outsourced"), f"option '{oid}' share_outsourced", 0, 1),
            "cost_ratio": _number(get("cost_ratio", np.nan), f"option '{oid}' cost_ratio", 0, 1e3,
                                  allow_nan=True, low_open=True),
            "tax_rate_pct": _number(get("tax_rate_pct", np.nan), f"option '{oid}' tax_rate_pct", 0, 100,
                                    allow_nan=True),
            "quote_usd": _number(get("vendor_quote_hourly_usd", np.nan), f"option '{oid}' vendor_quote_hourly_usd",
                                 0, 1e6, allow_nan=True, low_open=True),
            "location": get("location"),
            "sourcing_model": get("sourcing_model"),
        }
        if not baseline:
            loc = item["location"]
            if not isinstance(loc, str) or len(loc) != 2 or not loc.isalpha():
                _fail(f"option '{oid}' location", f"must be a two-letter country code, got {loc!r}")
            if item["sourcing_model"] not in SOURCING_MODELS:
                _fail(f"option '{oid}' sourcing_model", f"{item['sourcing_model']!r} is not one of "
                      f"{', '.join(SOURCING_MODELS)}")
        rows.append(item)
    return rows


def _pair_list(inputs: TcoInputs) -> list[tuple]:
    fids, oids = list(inputs.functions.index), list(inputs.options.index)
    if inputs.pairs is None:
        return [(f, o) for f in fids for o in oids]
    pairs = inputs.pairs
    if not isinstance(pairs, pd.DataFrame) or not {"function_id", "option_id"} <= set(pairs.columns):
        _fail("pairs", "must be a DataFrame with columns function_id and option_id")
    known_f, known_o, seen, out = set(fids), set(oids), set(), []
    for f, o in zip(pairs["function_id"], pairs["option_id"], strict=True):
        if f not in known_f:
            _fail("pairs", f"unknown function_id {f!r}")
        if o not in known_o:
            _fail("pairs", f"unknown option_id {o!r}")
        if (f, o) not in seen:
            seen.add((f, o))
            out.append((f, o))
    if not out:
        _fail("pairs", "is empty")
    order = {f: i for i, f in enumerate(fids)}
    return sorted(out, key=lambda fo: order[fo[0]])  # stable: keeps the caller's option order per function


def build_plan(inputs: TcoInputs) -> Plan:
    validate_scalars(inputs)
    _check_functions(inputs.functions)
    option_rows = _option_rows(inputs.options)
    fn = inputs.functions
    fids, oids = list(fn.index), list(inputs.options.index)
    used = resolve_assumptions(inputs.assumptions, inputs.function_overrides, fids)
    pairs = _pair_list(inputs)
    f_pos, o_pos = {f: i for i, f in enumerate(fids)}, {o: i for i, o in enumerate(oids)}

    fte = fn["fte"].to_numpy(float)
    inhouse = fte * fn["salary_per_fte"].to_numpy(float) * (1 + fn["overhead_pct"].to_numpy(float) / 100)
    inhouse = inhouse + fn["facilities_cost"].to_numpy(float) + fn["it_cost"].to_numpy(float)
    homes = [str(h).upper() for h in fn["home_iso2"]]
    no_tax = np.full(len(fn), np.nan)
    home_tax = fn["home_tax_rate_pct"].to_numpy(float) if "home_tax_rate_pct" in fn.columns else no_tax
    countries = sorted(set(homes) | {r["location"].upper() for r in option_rows if not r["is_baseline"]})
    c_pos = {c: i for i, c in enumerate(countries)}

    n = len(pairs)
    cols = {k: np.zeros(n) for k in ("share", "fee", "spread", "gov", "travel", "tax", "fixed", "overrun",
                                     "exit", "months")}
    is_base, exposed, loc_country = np.zeros(n, bool), np.zeros(n, bool), np.zeros(n, int)
    details = []
    values = {fid: {name: entry["value"] for name, entry in used[fid].items()} for fid in fids}  # once per function
    for p, (fid, oid) in enumerate(pairs):
        fi, row, a = f_pos[fid], option_rows[o_pos[oid]], values[fid]
        loc_country[p] = c_pos[homes[fi]]
        detail = {"function_id": fid, "option_id": oid, "engagement": row["engagement"],
                  "location": row["location"], "sourcing_model": row["sourcing_model"],
                  "vendor_rate_basis": "none", "hourly_rate": np.nan, "hourly_rate_usd": np.nan, "rate_note": ""}
        if row["is_baseline"]:
            is_base[p] = True
            details.append(detail)
            continue
        if row["quote_usd"] != row["quote_usd"] and row["cost_ratio"] != row["cost_ratio"]:
            _fail(f"option '{oid}' vendor_quote_hourly_usd",
                  "no quote and no cost_ratio (GDP per capita unknown) to estimate a rate from; enter a quote")
        captive, s = row["engagement"] == "captive", row["share"]
        location = row["location"].upper()
        at_home = location == homes[fi]
        loc_country[p] = c_pos[location]
        hours = fte[fi] * a["hours_per_fte"]
        fx = inputs.fx_rate_usd_to_currency
        if row["quote_usd"] == row["quote_usd"]:
            rate = row["quote_usd"] * fx
            note = f"quote {row['quote_usd']:g} USD/h x {fx:g} {inputs.currency}/USD"
            detail.update(vendor_rate_basis="quote", rate_note=note)
            cols["spread"][p] = a["vendor_rate_spread_quote"]
        else:
            loaded = inhouse[fi] / (fte[fi] * a["hours_per_fte"])
            uplift_name = "captive_overhead" if captive else "vendor_margin"
            rate = loaded * row["cost_ratio"] ** a["cost_elasticity"] * (1 + a[uplift_name])
            detail.update(vendor_rate_basis="estimate", rate_note=(
                f"ESTIMATE: home loaded cost {loaded:.2f}/h x (GDP per capita ratio {row['cost_ratio']:.4f})"
                f"^{a['cost_elasticity']:g} x (1 + {uplift_name} {a[uplift_name]:g})"))
            cols["spread"][p] = a["vendor_rate_spread_estimate"]
        detail.update(hourly_rate=rate, hourly_rate_usd=rate / fx)
        cols["share"][p] = s
        cols["fee"][p] = rate * hours * s
        cols["gov"][p] = a["captive_governance_factor"] if captive else 1.0
        model = "onshore" if row["sourcing_model"] == "homeshore" else row["sourcing_model"]
        cols["travel"][p] = a[f"travel_pct_{model}"]
        if captive and home_tax[fi] == home_tax[fi] and row["tax_rate_pct"] == row["tax_rate_pct"]:
            cols["tax"][p] = a["captive_markup_pct"] * (home_tax[fi] - row["tax_rate_pct"]) / 100
        elif captive and a["captive_markup_pct"] > 0:
            detail["rate_note"] += "; tax effect left out (home or location tax rate unknown)"
        cols["fixed"][p] = a["severance_retention_pct"]
        start_up = a["captive_setup_pct"] if captive else a["vendor_selection_pct"]
        cols["overrun"][p] = a["transition_fee_pct"] + start_up
        cols["exit"][p] = 0.0 if captive else a["exit_cost_pct"]
        cols["months"][p] = a["parallel_running_months"]
        exposed[p] = inputs.currency != "USD" and not at_home and row["sourcing_model"] not in ("onshore", "homeshore")
        details.append(detail)

    drawn_names = ("wage_inflation_home", "wage_inflation_location", "productivity_loss", "governance_pct",
                   "transition_overrun")
    drawn = {
        fid: {name: (used[fid][name]["value"], used[fid][name]["low"], used[fid][name]["high"])
              for name in drawn_names}
        | {"fx_volatility": used[fid]["fx_volatility"]["value"]}
        for fid in fids
    }
    return Plan(
        function_ids=fids, option_ids=oids,
        pair_function=np.array([f_pos[f] for f, _ in pairs], dtype=int),
        pair_option=np.array([o_pos[o] for _, o in pairs], dtype=int),
        inhouse_year1=inhouse, home_country=np.array([c_pos[h] for h in homes], dtype=int), countries=countries,
        share=cols["share"], is_baseline=is_base, fee_year1=cols["fee"], rate_spread=cols["spread"],
        governance_factor=cols["gov"], travel_pct=cols["travel"], tax_credit_pct=cols["tax"],
        one_time_fixed_pct=cols["fixed"], one_time_overrun_pct=cols["overrun"], exit_pct=cols["exit"],
        parallel_months=cols["months"], fx_exposed=exposed, location_country=loc_country, drawn=drawn,
        horizon=int(inputs.horizon_years), discount_rate=float(inputs.discount_rate),
        details=pd.DataFrame(details), assumptions_used=used,
    )
