"""Exchange rates: the dated, sourced default table and conversions between currencies. Pure: no Django.

Every rate is kept as units of the currency per US dollar (the Federal Reserve's G.5A quotes most
currencies that way; the euro, the pound, the Australian and New Zealand dollars as US dollars per
unit, which `quoted_as = usd_per_unit` turns around). A conversion from currency A to B goes through
the dollar: amount x per_usd[B] / per_usd[A], so 1 EUR in KRW = per_usd[KRW] / per_usd[EUR].
"""

import csv
import io
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

PER_USD, USD_PER_UNIT = "per_usd", "usd_per_unit"
COLUMNS = ("currency", "value", "quoted_as", "year", "source", "address")
MAX_UNITS_PER_USD = 1e9


@dataclass(frozen=True)
class ExchangeRateRow:
    currency: str
    value: float  # as published
    quoted_as: str
    year: str
    source: str
    address: str
    note: str = ""

    @property
    def units_per_usd(self) -> float:
        return self.value if self.quoted_as == PER_USD else 1.0 / self.value


class ExchangeRateError(ValueError):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


def parse_exchange_rates(text: str, *, currencies: Iterable[str]) -> list[ExchangeRateRow]:
    """Every row checked first; ExchangeRateError names each bad row and column."""
    known = frozenset(currencies)
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise ExchangeRateError([f"header: missing column(s) {', '.join(missing)}"])
    problems, rows, seen = [], [], set()
    for index, raw in enumerate(reader, start=1):
        where = f"row {index} (line {index + 1})"
        currency = (raw.get("currency") or "").strip().upper()
        if currency not in known:
            problems.append(f"{where}, column 'currency': '{currency}' is not an ISO 4217 currency code")
        elif currency in seen:
            problems.append(f"{where}, column 'currency': {currency} appears twice")
        seen.add(currency)
        quoted_as = (raw.get("quoted_as") or "").strip()
        if quoted_as not in (PER_USD, USD_PER_UNIT):
            problems.append(f"{where}, column 'quoted_as': '{quoted_as}' is not {PER_USD} or {USD_PER_UNIT}")
        try:
            value = float((raw.get("value") or "").strip())
        except ValueError:
            value = float("nan")
        if not (math.isfinite(value) and 0 < value <= MAX_UNITS_PER_USD):
            problems.append(f"{where}, column 'value': '{raw.get('value')}' must be a number above 0")
        for column in ("year", "source", "address"):
            if not (raw.get(column) or "").strip():
                problems.append(f"{where}, column '{column}': is required")
        rows.append(ExchangeRateRow(currency=currency, value=value, quoted_as=quoted_as,
                                    year=(raw.get("year") or "").strip(), source=(raw.get("source") or "").strip(),
                                    address=(raw.get("address") or "").strip(),
                                    note=(raw.get("note") or "").strip()))  # fmt: skip
    if problems:
        raise ExchangeRateError(problems)
    return rows


def check_units_per_usd(currency: str, units_per_usd, *, currencies: Iterable[str]) -> float:
    """The rate as a float, or ValueError naming the currency."""
    if currency not in frozenset(currencies):
        raise ValueError(f"currency: '{currency}' is not an ISO 4217 currency code")
    try:
        value = float(units_per_usd)
    except (TypeError, ValueError):
        raise ValueError(f"{currency}: the rate must be a number, got {units_per_usd!r}") from None
    if not (math.isfinite(value) and 0 < value <= MAX_UNITS_PER_USD):
        raise ValueError(f"{currency}: the rate must be above 0 units per US dollar, got {units_per_usd!r}")
    if currency == "USD" and value != 1.0:
        raise ValueError("USD: one US dollar is 1 US dollar")
    return value


def cross_rate(per_usd: Mapping[str, float], from_currency: str, to_currency: str) -> float:
    """Units of `to_currency` for one unit of `from_currency`; ValueError naming a missing currency."""
    if from_currency == to_currency:
        return 1.0
    for code in (from_currency, to_currency):
        if code not in per_usd:
            raise ValueError(f"no exchange rate for {code}: add it to the assessment's exchange rates")
    return float(per_usd[to_currency]) / float(per_usd[from_currency])
