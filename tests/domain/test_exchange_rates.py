"""The default exchange-rate table (Federal Reserve G.5A, 2023 averages) and conversions through the dollar."""

from pathlib import Path

import pytest

from assessments.domain.currencies import ISO_4217
from outsourcing.domain.exchange_rates import (
    ExchangeRateError,
    check_units_per_usd,
    cross_rate,
    parse_exchange_rates,
)

DATA = Path(__file__).resolve().parents[2] / "outsourcing" / "data" / "exchange_rates.csv"


def test_the_shipped_table_is_dated_sourced_and_turns_dollars_per_unit_around():
    rows = {r.currency: r for r in parse_exchange_rates(DATA.read_text(encoding="utf-8"), currencies=ISO_4217)}
    assert rows["KRW"].units_per_usd == pytest.approx(1306.7637) and rows["KRW"].year == "2023"
    assert rows["EUR"].value == 1.0817 and rows["EUR"].units_per_usd == pytest.approx(1 / 1.0817)
    assert rows["GBP"].units_per_usd == pytest.approx(1 / 1.2440)
    assert all(r.source and r.address.startswith("https://federalreserve.gov/") for r in rows.values())


def test_cross_rate_goes_through_the_dollar():
    per_usd = {"USD": 1.0, "KRW": 1306.7637, "EUR": 1 / 1.0817}
    assert cross_rate(per_usd, "EUR", "KRW") == pytest.approx(1306.7637 * 1.0817)
    assert cross_rate(per_usd, "KRW", "KRW") == 1.0
    with pytest.raises(ValueError, match="no exchange rate for PHP"):
        cross_rate(per_usd, "PHP", "KRW")


@pytest.mark.parametrize("currency, value, message", [
    ("KRW", 0, "above 0"), ("KRW", -3, "above 0"), ("KRW", "lots", "must be a number"), ("ZZZ", 2.0, "ISO 4217"),
    ("USD", 2.0, "1 US dollar"),
])
def test_a_bad_rate_is_refused_naming_the_currency(currency, value, message):
    with pytest.raises(ValueError, match=message):
        check_units_per_usd(currency, value, currencies=ISO_4217)


def test_a_bad_row_of_a_rate_table_is_named():
    text = "currency,value,quoted_as,year,source,address\nKRW,1300,per_usd,2023,Fed,https://x\nQQQ,0,sideways,,,\n"
    with pytest.raises(ExchangeRateError) as caught:
        parse_exchange_rates(text, currencies=ISO_4217)
    problems = " | ".join(caught.value.problems)
    assert "row 2 (line 3), column 'currency'" in problems and "column 'quoted_as'" in problems
    assert "column 'value'" in problems and "column 'source': is required" in problems
