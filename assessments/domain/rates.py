"""Vendor rates per (function, option): a quote, the rate book or its model, in the assessment's currency.

Pure: no Django.

The scoring's cost criterion (every function x option) and the TCO (the pairs it costs) both call
`resolve_rates`, so the two can never price an option differently. For one item:

1. a quote for the function at the location wins: one naming the engagement form over one that
   does not (a quote without a form applies to every vendor form, never to the captive). An annual
   fee becomes an hourly rate over the hours the quoted work takes: the whole function's hours for
   a quote without a form, the form's share of them for one with a form;
2. otherwise the location's cell of the rate book (sourced) or of the model (`outsourcing/domain/
   rate_book.py`), converted at the assessment's exchange rate; a model cell's band is
   rate / model_band .. rate x model_band;
3. IT and knowledge work moved abroad (not a captive) keeps `onsite_share` of the provider's team
   onsite at the home country's rate for the family: rate = (1 - o) x location + o x home;
4. a captive pays no vendor margin but its own overhead: market rate x captive_factor.

The part paid in another currency than the assessment's is exposed to the exchange rate: a quote in
another currency, or a rate-book / model cell abroad (model cells are priced in US dollars).
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np

from outsourcing.domain.exchange_rates import cross_rate
from outsourcing.domain.rate_book import FAMILIES, FAMILY_GROUP, MODEL, RATE_BOOK

QUOTE, NONE = "quote", "none"
HOURLY, ANNUAL = "hourly", "annual"
ONSITE_GROUPS = ("it", "kpo")
HOME_MODELS = ("onshore", "homeshore")
VENDOR_ENGAGEMENTS = ("co-sourcing", "selective", "total")
CAPTIVE, IN_HOUSE = "captive", "in-house"


@dataclass(frozen=True)
class RateTable:
    """Rate cells by family (rows) and location (columns), per hour in the assessment's currency; NaN = no cell."""

    families: tuple[str, ...]
    locations: tuple[str, ...]
    typical: np.ndarray
    low: np.ndarray
    high: np.ndarray
    is_model: np.ndarray
    currency: np.ndarray  # the cell's own currency (object)
    original: np.ndarray  # typical rate per hour in the cell's own currency
    source: np.ndarray  # object: source text
    year: np.ndarray  # object

    @classmethod
    def from_cells(cls, cells: Iterable[Mapping], *, per_usd: Mapping[str, float], currency: str) -> "RateTable":
        """cells: dicts with location, family, low, typical, high (per hour), currency, basis, source, year."""
        cells = list(cells)
        locations = tuple(sorted({c["location"] for c in cells}))
        shape = (len(FAMILIES), len(locations))
        nan = np.full(shape, np.nan)
        table = {k: nan.copy() for k in ("typical", "low", "high", "original")}
        is_model = np.zeros(shape, bool)
        text = {k: np.full(shape, "", dtype=object) for k in ("currency", "source", "year")}
        col = {loc: j for j, loc in enumerate(locations)}
        family_row = {f: i for i, f in enumerate(FAMILIES)}
        if cells:  # columns first, then one fancy assignment each (a loop of per-cell writes is 5x slower)
            rows = np.array([family_row[c["family"]] for c in cells])
            cols = np.array([col[c["location"]] for c in cells])
            factors = {cur: cross_rate(per_usd, cur, currency) for cur in {c["currency"] for c in cells}}
            factor = np.array([factors[c["currency"]] for c in cells])
            for key in ("typical", "low", "high"):
                table[key][rows, cols] = np.array([float(c[key]) for c in cells]) * factor
            table["original"][rows, cols] = [float(c["typical"]) for c in cells]
            is_model[rows, cols] = [c["basis"] == MODEL for c in cells]
            for key in text:
                text[key][rows, cols] = [str(c[key]) for c in cells]
        return cls(families=FAMILIES, locations=locations, is_model=is_model, **table, **text)


@dataclass(frozen=True)
class Quote:
    quote_id: int | str
    function_id: object
    location: str
    engagement: str  # "" = every vendor form (co-sourcing, selective, total)
    unit: str  # HOURLY or ANNUAL
    amount: float  # in `currency`
    currency: str
    quote_date: str
    provider: str = ""
    note: str = ""


def quotes_from_records(records: Iterable[Mapping]) -> list[Quote]:
    return [Quote(**{k: r.get(k, "") for k in Quote.__dataclass_fields__}) for r in records]


def _index(values: np.ndarray, known: tuple[str, ...]) -> np.ndarray:
    """Position of each value in `known` (-1 if absent); looked up once per distinct value, not per item."""
    position = {v: i for i, v in enumerate(known)}
    # tolist(): plain Python str keys (iterating a numpy array makes a numpy scalar per item, 10x slower to hash)
    return np.array([position.get(v, -1) for v in np.asarray(values).tolist()], dtype=np.int64)


def _take(grid: np.ndarray, rows: np.ndarray, cols: np.ndarray, fill=np.nan) -> np.ndarray:
    """grid[rows, cols] per item, `fill` where a row or column is -1 (one gather through a sentinel cell)."""
    flat = np.where((rows >= 0) & (cols >= 0), rows * grid.shape[1] + cols, grid.size)
    return np.append(grid.ravel(), np.array([fill], dtype=grid.dtype))[flat]


def resolve_rates(table: RateTable, quotes: Iterable[Quote], *, per_usd: Mapping[str, float], currency: str,
                  function_ids, families, fte, hours, shares, locations, engagements, sourcing_models, homes,
                  captive_factor, onsite_share, model_band) -> dict[str, np.ndarray]:
    """Rate per hour (typical, low, high) in `currency` for n items, with its basis and exposure.

    Every argument after `currency` is an array of length n (one item = one function x option).
    Returns arrays of length n: rate, low, high (NaN where nothing prices the item), basis (QUOTE,
    RATE_BOOK, MODEL or NONE), exposed (bool), fx_currency (the foreign currency or ""), market (the
    location's column for the shared market draw; -1 for a quote), quote_id, original (the rate in
    its own currency per hour), original_currency, source, year, onsite (the onsite share applied).
    """
    n = len(function_ids)
    arr = {name: np.asarray(v) for name, v in {
        "families": families, "locations": locations, "engagements": engagements,
        "sourcing_models": sourcing_models, "homes": homes}.items()}  # fmt: skip
    fte, hours, shares = (np.asarray(x, dtype=float) for x in (fte, hours, shares))
    captive_factor, onsite_share, band = (np.broadcast_to(np.asarray(x, dtype=float), (n,))
                                          for x in (captive_factor, onsite_share, model_band))
    fam = _index(arr["families"], table.families)
    loc = _index(arr["locations"], table.locations)
    home = _index(arr["homes"], table.locations)
    captive = arr["engagements"] == CAPTIVE
    baseline = arr["engagements"] == IN_HOUSE
    at_home = np.isin(arr["sourcing_models"], HOME_MODELS) | (arr["locations"] == arr["homes"])

    typical = _take(table.typical, fam, loc)
    is_model = _take(table.is_model, fam, loc, fill=False)
    low = np.where(is_model, typical / band, _take(table.low, fam, loc))
    high = np.where(is_model, typical * band, _take(table.high, fam, loc))
    family_groups = np.array([FAMILY_GROUP[f] for f in FAMILIES] + [""], dtype=object)
    groups = family_groups[fam]  # fam -1 (an unknown family) takes the trailing ""
    home_typical = _take(table.typical, fam, home)
    home_model = _take(table.is_model, fam, home, fill=False)
    home_low = np.where(home_model, home_typical / band, _take(table.low, fam, home))
    home_high = np.where(home_model, home_typical * band, _take(table.high, fam, home))
    onsite = np.where(np.isin(groups, ONSITE_GROUPS) & ~at_home & ~captive & ~np.isnan(home_typical),
                      onsite_share, 0.0)
    typical = (1 - onsite) * typical + onsite * np.nan_to_num(home_typical)
    low = (1 - onsite) * low + onsite * np.nan_to_num(home_low)
    high = (1 - onsite) * high + onsite * np.nan_to_num(home_high)
    factor = np.where(captive, captive_factor, 1.0)
    typical, low, high = typical * factor, low * factor, high * factor

    cell_currency = _take(table.currency, fam, loc, fill="")
    basis = np.where(np.isnan(typical), NONE, np.where(is_model, MODEL, RATE_BOOK)).astype(object)
    exposed = ~at_home & (cell_currency != currency) & (basis != NONE)
    out = {
        "rate": typical, "low": low, "high": high, "basis": basis, "exposed": exposed,
        "fx_currency": np.where(exposed, cell_currency, "").astype(object), "market": np.where(basis == NONE, -1, loc),
        "quote_id": np.full(n, None, dtype=object), "original": _take(table.original, fam, loc),
        "original_currency": cell_currency.astype(object), "source": _take(table.source, fam, loc, fill=""),
        "year": _take(table.year, fam, loc, fill=""), "onsite": onsite,
    }  # fmt: skip
    _apply_quotes(out, list(quotes), function_ids, arr["locations"], arr["engagements"], fte, hours, shares,
                  per_usd=per_usd, currency=currency)
    for key in ("rate", "low", "high"):
        out[key] = np.where(baseline, np.nan, out[key])
    out["basis"] = np.where(baseline, NONE, out["basis"]).astype(object)
    out["exposed"] = out["exposed"].astype(bool) & ~baseline
    return out


def _apply_quotes(out: dict, quotes: list, function_ids, locations, engagements, fte, hours, shares, *,
                  per_usd: Mapping[str, float], currency: str) -> None:
    """Write each item's quote (if any) over its rate-book or model figures in `out`, in place.

    A quote naming the engagement form wins over one that does not; one without a form applies to the vendor
    forms only. Looked up by key per item (a dict), not compared per quote, so many quotes cost little.
    """
    if not quotes:
        return
    specific, generic = {}, {}
    for k, quote in enumerate(quotes):  # a later quote for the same key wins, as in the list's order
        if quote.engagement:
            specific[(quote.function_id, quote.location, quote.engagement)] = k
        else:
            generic[(quote.function_id, quote.location)] = k
    chosen = np.full(len(out["rate"]), -1, dtype=np.int64)
    quoted = {q.function_id for q in quotes}
    function_ids = np.asarray(function_ids).tolist()  # plain Python values: fast to hash (see _index)
    candidates = [i for i, fid in enumerate(function_ids) if fid in quoted]  # one set look-up per item
    for i in candidates:
        fid, location, engagement = function_ids[i], locations[i], engagements[i]
        k = specific.get((fid, location, engagement))
        if k is None and engagement in VENDOR_ENGAGEMENTS:
            k = generic.get((fid, location))
        if k is not None:
            chosen[i] = k
    rows = np.flatnonzero(chosen >= 0)
    if not len(rows):
        return
    q = [quotes[k] for k in chosen[rows]]
    amount = np.array([float(x.amount) for x in q])
    converted = amount * np.array([cross_rate(per_usd, x.currency, currency) for x in q])
    annual = np.array([x.unit == ANNUAL for x in q])
    with_form = np.array([bool(x.engagement) for x in q])
    worked = fte[rows] * hours[rows] * np.where(with_form, shares[rows], 1.0)
    safe = np.where(worked > 0, worked, np.nan)
    per_hour = np.where(annual, converted / safe, converted)
    original = np.where(annual, amount / safe, amount)
    for key in ("rate", "low", "high"):
        out[key][rows] = per_hour
    out["original"][rows] = original
    foreign = np.array([x.currency != currency for x in q])
    out["exposed"] = out["exposed"].copy()
    out["exposed"][rows] = foreign
    for key, values in (("basis", [QUOTE] * len(q)), ("fx_currency", [x.currency if x.currency != currency else ""
                                                                    for x in q]),
                        ("quote_id", [x.quote_id for x in q]), ("original_currency", [x.currency for x in q]),
                        ("source", [x.provider for x in q]), ("year", [x.quote_date for x in q])):  # fmt: skip
        column = np.asarray(out[key], dtype=object).copy()
        column[rows] = np.array(values + [None], dtype=object)[:-1]  # object array even if values are tuples
        out[key] = column
    out["market"] = np.asarray(out["market"]).copy()
    out["market"][rows] = -1
    out["onsite"] = np.asarray(out["onsite"], dtype=float).copy()
    out["onsite"][rows] = 0.0


@dataclass(frozen=True)
class RateInputs:
    """What the scoring needs to price options with `resolve_rates`: the rate cells (records with location,
    family, low, typical, high, currency, basis, source, year), the quotes (records of Quote's fields),
    the exchange rates (units per US dollar) and the assessment's currency."""

    table: list
    quotes: list
    per_usd: dict
    currency: str

    def snapshot(self) -> dict:
        return {"table": self.table, "quotes": self.quotes, "per_usd": self.per_usd, "currency": self.currency}
