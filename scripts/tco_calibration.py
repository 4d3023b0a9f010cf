"""Run the TCO calibration cases and write their table into docs/tco.md (between the calibration markers).

    .venv/bin/python scripts/tco_calibration.py           # rewrite the table in docs/tco.md
    .venv/bin/python scripts/tco_calibration.py --print   # print it only

No database: the rate book, the locations' GDP per capita and the exchange rates are read from
outsourcing/data/ the way load_catalogue reads them. tests/domain/test_tco_calibration.py checks that
docs/tco.md holds exactly the table this script produces.
"""

import argparse
import sys
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assessments.domain import tco_calibration  # noqa: E402
from assessments.domain.currencies import ISO_4217  # noqa: E402
from outsourcing.domain.exchange_rates import parse_exchange_rates  # noqa: E402
from outsourcing.domain.location_table import gdp_per_capita, shipped_location_table  # noqa: E402
from outsourcing.domain.rate_book import full_table, parse_rate_book  # noqa: E402

DATA = ROOT / "outsourcing" / "data"
DOC = ROOT / "docs" / "tco.md"
START, END = "<!-- calibration:start -->", "<!-- calibration:end -->"


def catalogue() -> tuple[list[dict], dict]:
    rows = parse_rate_book((DATA / "rate_book.csv").read_text(encoding="utf-8"), currencies=ISO_4217)
    gdp = gdp_per_capita(shipped_location_table(DATA / "locations.csv"))
    rates = parse_exchange_rates((DATA / "exchange_rates.csv").read_text(encoding="utf-8"), currencies=ISO_4217)
    return [asdict(c) for c in full_table(rows, gdp)], {r.currency: r.units_per_usd for r in rates}


def table() -> str:
    cells, per_usd = catalogue()
    return tco_calibration.markdown(tco_calibration.run_all(cells, per_usd))


def replace_section(text: str, body: str) -> str:
    head, _, rest = text.partition(START)
    _, _, tail = rest.partition(END)
    if not rest:
        raise SystemExit(f"{DOC}: no {START} marker")
    return f"{head}{START}\n{body}\n{END}{tail}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--print", action="store_true", help="print the table instead of writing docs/tco.md")
    args = parser.parse_args()
    body = table()
    if args.print:
        print(body)
        return
    DOC.write_text(replace_section(DOC.read_text(encoding="utf-8"), body), encoding="utf-8")
    print(f"wrote the calibration table into {DOC.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
