"""Checks of the TCO inputs: every ValueError names the field, function, option, quote or rate at fault.

Pure: no Django.
"""

from math import isfinite

import numpy as np
import pandas as pd

from outsourcing.domain.exchange_rates import check_units_per_usd
from outsourcing.domain.rate_book import FAMILIES

from .currencies import ISO_4217
from .tco_assumptions import ENGAGEMENTS, SOURCING_MODELS

MAX_HORIZON_YEARS = 10
MAX_DRAWS = 200_000
FUNCTION_COLUMNS = ("fte", "salary_per_fte", "overhead_pct", "facilities_cost", "it_cost", "home_iso2")
OPTION_COLUMNS = ("engagement", "share_outsourced")
RATE_COLUMNS = ("location", "family", "low", "typical", "high", "currency", "basis")
QUOTE_COLUMNS = ("quote_id", "function_id", "location", "unit", "amount", "currency", "quote_date")


def fail(what: str, message: str):
    raise ValueError(f"{what}: {message}")


def number(value, what: str, low: float, high: float, *, allow_nan: bool = False, low_open: bool = False) -> float:
    if value is None or value is pd.NA:
        value = np.nan
    try:
        result = float(value)
    except (TypeError, ValueError):
        fail(what, f"must be a number, got {value!r}")
    if result != result:
        if allow_nan:
            return result
        fail(what, "is missing")
    if not isfinite(result) or result < low or result > high or (low_open and result == low):
        bound = f"> {low}" if low_open else f">= {low}"
        fail(what, f"{result} is out of range ({bound} and <= {high})")
    return result


def _iso2(value, what: str) -> str:
    if not isinstance(value, str) or len(value) != 2 or not value.isalpha():
        fail(what, f"must be a two-letter country code, got {value!r}")
    return value.upper()


def validate_scalars(inputs) -> dict[str, float]:
    """Checks the run settings; returns the exchange rates (units per US dollar) the run uses."""
    h = inputs.horizon_years
    if isinstance(h, bool) or not isinstance(h, int | np.integer) or not 1 <= h <= MAX_HORIZON_YEARS:
        fail("horizon_years", f"must be a whole number of years from 1 to {MAX_HORIZON_YEARS}, got {h!r}")
    number(inputs.discount_rate, "discount_rate", 0.0, 1.0)
    number(inputs.fx_rate_usd_to_currency, "fx_rate_usd_to_currency", 0.0, 1e9, low_open=True)
    if inputs.currency not in ISO_4217:
        fail("currency", f"{inputs.currency!r} is not an ISO 4217 code")
    for name, value, low, high in (
        ("seed", inputs.seed, 0, 2**63 - 1),
        ("draws", inputs.draws, 1, MAX_DRAWS),
        ("band_draws", inputs.band_draws if inputs.band_draws is not None else 1, 1, MAX_DRAWS),
    ):
        if isinstance(value, bool) or not isinstance(value, int | np.integer) or not low <= value <= high:
            fail(name, f"must be a whole number from {low} to {high}, got {value!r}")
    per_usd = {"USD": 1.0, inputs.currency: float(inputs.fx_rate_usd_to_currency)}
    if inputs.fx_per_usd:
        if not hasattr(inputs.fx_per_usd, "items"):
            fail("fx_per_usd", "must be a dict of currency code -> units per US dollar")
        per_usd = {"USD": 1.0}
        for code, value in inputs.fx_per_usd.items():
            per_usd[code] = check_units_per_usd(code, value, currencies=ISO_4217)
        if inputs.currency not in per_usd:
            fail("fx_per_usd", f"has no rate for the assessment currency {inputs.currency}")
    return per_usd


def check_functions(functions: pd.DataFrame, *, need_family: bool) -> None:
    if not isinstance(functions, pd.DataFrame) or functions.empty:
        fail("functions", "must be a non-empty DataFrame indexed by function_id")
    if not functions.index.is_unique:
        fail("functions", "function_id values must be unique")
    missing = [c for c in FUNCTION_COLUMNS + (("rate_family",) if need_family else ()) if c not in functions.columns]
    if missing:
        fail("functions", f"missing column '{missing[0]}'")
    limits = {
        "fte": (0.0, 1e6, True),
        "salary_per_fte": (0.0, 1e12, False),
        "overhead_pct": (0.0, 500.0, False),
        "facilities_cost": (0.0, 1e15, False),
        "it_cost": (0.0, 1e15, False),
    }
    for fid, row in zip(functions.index, functions.to_dict("records"), strict=True):  # iterrows is 10x slower
        for column, (low, high, low_open) in limits.items():
            number(row[column], f"function '{fid}' {column}", low, high, low_open=low_open)
        _iso2(row["home_iso2"], f"function '{fid}' home_iso2")
        if "home_tax_rate_pct" in functions.columns:
            number(row["home_tax_rate_pct"], f"function '{fid}' home_tax_rate_pct", 0.0, 100.0, allow_nan=True)
        if need_family and row["rate_family"] not in FAMILIES:
            fail(f"function '{fid}' rate_family", f"{row['rate_family']!r} is not one of {', '.join(FAMILIES)}")


def option_rows(options: pd.DataFrame) -> list[dict]:
    if not isinstance(options, pd.DataFrame) or options.empty:
        fail("options", "must be a non-empty DataFrame indexed by option_id")
    if not options.index.is_unique:
        fail("options", "option_id values must be unique")
    missing = [c for c in OPTION_COLUMNS if c not in options.columns]
    if missing:
        fail("options", f"missing column '{missing[0]}'")
    rows = []
    for oid, row in options.iterrows():
        get = row.get
        engagement = get("engagement")
        if engagement not in ENGAGEMENTS:
            fail(f"option '{oid}' engagement", f"{engagement!r} is not one of {', '.join(ENGAGEMENTS)}")
        baseline = get("is_baseline")
        baseline = engagement == "in-house" if baseline is None or pd.isna(baseline) else bool(baseline)
        if baseline != (engagement == "in-house"):
            fail(f"option '{oid}' is_baseline", "only the in-house engagement is the baseline")
        item = {
            "option_id": oid,
            "engagement": engagement,
            "is_baseline": baseline,
            "share": 0.0 if baseline else number(get("share_outsourced"), f"option '{oid}' share_outsourced", 0, 1),
            "tax_rate_pct": number(get("tax_rate_pct", np.nan), f"option '{oid}' tax_rate_pct", 0, 100, allow_nan=True),
            "quote_usd": number(get("vendor_quote_hourly_usd", np.nan), f"option '{oid}' vendor_quote_hourly_usd",
                                0, 1e6, allow_nan=True, low_open=True),
            "location": get("location"),
            "sourcing_model": get("sourcing_model"),
        }
        if not baseline:
            item["location"] = _iso2(item["location"], f"option '{oid}' location")
            if item["sourcing_model"] not in SOURCING_MODELS:
                fail(f"option '{oid}' sourcing_model", f"{item['sourcing_model']!r} is not one of "
                     f"{', '.join(SOURCING_MODELS)}")
        rows.append(item)
    return rows


def check_rate_table(records: list[dict], per_usd: dict) -> None:
    for i, cell in enumerate(records, start=1):
        missing = [c for c in RATE_COLUMNS if c not in cell]
        if missing:
            fail(f"rate_table row {i}", f"missing '{missing[0]}'")
        what = f"rate_table {cell['location']} {cell['family']}"
        if cell["family"] not in FAMILIES:
            fail(f"{what} family", f"{cell['family']!r} is not one of {', '.join(FAMILIES)}")
        for key in ("low", "typical", "high"):
            number(cell[key], f"{what} {key}", 0.0, 1e9, low_open=True)
        if not float(cell["low"]) <= float(cell["typical"]) <= float(cell["high"]):
            fail(what, "needs low <= typical <= high")
        if cell["currency"] not in per_usd:
            fail(f"{what} currency", f"no exchange rate for {cell['currency']}")


def check_quotes(records: list[dict], per_usd: dict, function_ids: set) -> None:
    for i, quote in enumerate(records, start=1):
        missing = [c for c in QUOTE_COLUMNS if c not in quote]
        if missing:
            fail(f"quote {i}", f"missing '{missing[0]}'")
        what = f"quote {quote['quote_id']}"
        if quote["function_id"] not in function_ids:
            fail(f"{what} function_id", f"{quote['function_id']!r} is not a function of this run")
        _iso2(quote["location"], f"{what} location")
        if quote.get("engagement") and quote["engagement"] not in ENGAGEMENTS[1:]:
            fail(f"{what} engagement", f"{quote['engagement']!r} is not one of {', '.join(ENGAGEMENTS[1:])}")
        if quote["unit"] not in ("hourly", "annual"):
            fail(f"{what} unit", f"{quote['unit']!r} is not hourly or annual")
        number(quote["amount"], f"{what} amount", 0.0, 1e15, low_open=True)
        if quote["currency"] not in per_usd:
            fail(f"{what} currency", f"no exchange rate for {quote['currency']}: add it to the exchange rates")


def pair_list(inputs) -> list[tuple]:
    fids, oids = list(inputs.functions.index), list(inputs.options.index)
    if inputs.pairs is None:
        return [(f, o) for f in fids for o in oids]
    pairs = inputs.pairs
    if not isinstance(pairs, pd.DataFrame) or not {"function_id", "option_id"} <= set(pairs.columns):
        fail("pairs", "must be a DataFrame with columns function_id and option_id")
    known_f, known_o, seen, out = set(fids), set(oids), set(), []
    for f, o in zip(pairs["function_id"], pairs["option_id"], strict=True):
        if f not in known_f:
            fail("pairs", f"unknown function_id {f!r}")
        if o not in known_o:
            fail("pairs", f"unknown option_id {o!r}")
        if (f, o) not in seen:
            seen.add((f, o))
            out.append((f, o))
    if not out:
        fail("pairs", "is empty")
    order = {f: i for i, f in enumerate(fids)}
    return sorted(out, key=lambda fo: order[fo[0]])  # stable: keeps the caller's option order per function
