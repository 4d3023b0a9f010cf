"""Parse and validate a location table (CSV). Pure: no Django.

All rows are checked before anything is imported; every problem names its row
(row 1 = the first data row, which is line 2 of the file under the header)
and its column.
"""

import csv
import io
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from .text import text_problem

# The table the catalogue ships (load_catalogue reads it; tests, benchmarks and scripts read it through here).
SHIPPED_LOCATIONS = Path(__file__).resolve().parents[1] / "data" / "locations.csv"

REQUIRED_COLUMNS = ("iso2", "name_en", "name_ko", "un_subregion", "utc_offset_hours", "main_business_languages")
DECIMAL_COLUMNS = {
    "corporate_tax_rate_pct": (Decimal(0), Decimal(100)),
    "it_dev_rate_usd_hour_low": (Decimal(0), Decimal(10000)),
    "it_dev_rate_usd_hour_high": (Decimal(0), Decimal(10000)),
    "bpo_agent_rate_usd_hour_low": (Decimal(0), Decimal(10000)),
    "bpo_agent_rate_usd_hour_high": (Decimal(0), Decimal(10000)),
    "gdp_per_capita_usd": (Decimal(0), Decimal(10_000_000)),
    "utc_offset_hours": (Decimal(-12), Decimal(14)),
}
INTEGER_COLUMNS = {
    "corporate_tax_year": (1900, 2100),
    "ef_epi_score": (0, 1000),
    "ef_epi_year": (1900, 2100),
    "kearney_gsli_rank_2021": (1, 500),
    "kearney_gsli_rank_2023": (1, 500),
    "gdp_per_capita_year": (1900, 2100),
}
TEXT_COLUMNS = (
    "corporate_tax_source",
    "it_rate_source_year",
    "bpo_rate_source_year",
    "notes",
    "gdp_per_capita_source",
)
# The longest text each column's database field holds (longer would fail on PostgreSQL, not on SQLite).
MAX_LENGTHS = {"name_en": 120, "name_ko": 120, "un_subregion": 120, "gdp_per_capita_source": 200}
ISO2 = re.compile(r"^[A-Z]{2}$")
SOURCE_REF = re.compile(r"\bS\d{2,3}\b")


class LocationTableError(ValueError):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


@dataclass
class Problem:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"row {self.row} (line {self.row + 1})" if self.row else "file"
        return f"{where}, column '{self.column}': {self.message}"


def _list(value: str) -> list[str]:
    return [part.strip() for part in value.split(";") if part.strip()]


def _parse_row(raw: dict[str, str], row_no: int, problems: list[Problem]) -> dict:
    row: dict = {}
    for column in REQUIRED_COLUMNS:
        if not (raw.get(column) or "").strip():
            problems.append(Problem(row_no, column, "is required"))
    for column, limit in MAX_LENGTHS.items():
        if len((raw.get(column) or "").strip()) > limit:
            problems.append(Problem(row_no, column, f"is longer than {limit} characters"))
    iso2 = (raw.get("iso2") or "").strip().upper()
    if iso2 and not ISO2.match(iso2):
        problems.append(Problem(row_no, "iso2", f"'{raw.get('iso2')}' is not a two-letter ISO 3166 code"))
    row["iso2"] = iso2
    row["name_en"] = (raw.get("name_en") or "").strip()
    row["name_ko"] = (raw.get("name_ko") or "").strip()
    row["region"] = (raw.get("un_subregion") or "").strip()
    row["business_languages"] = _list(raw.get("main_business_languages") or "")
    row["land_neighbours"] = [code.upper() for code in _list(raw.get("land_neighbours") or "")]
    for code in row["land_neighbours"]:
        if not ISO2.match(code):
            problems.append(Problem(row_no, "land_neighbours", f"'{code}' is not a two-letter ISO 3166 code"))
    for column, (low, high) in DECIMAL_COLUMNS.items():
        text = (raw.get(column) or "").strip()
        if not text:
            row[column] = None
            continue
        try:
            value = Decimal(text)
            if not value.is_finite():
                raise InvalidOperation
        except InvalidOperation:
            problems.append(Problem(row_no, column, f"'{text}' is not a number"))
            continue
        if not low <= value <= high:
            problems.append(Problem(row_no, column, f"{text} is outside {low}..{high}"))
        row[column] = value
    for column, (low, high) in INTEGER_COLUMNS.items():
        text = (raw.get(column) or "").strip()
        if not text:
            row[column] = None
            continue
        try:
            value = int(text)
        except ValueError:
            problems.append(Problem(row_no, column, f"'{text}' is not a whole number"))
            continue
        if not low <= value <= high:
            problems.append(Problem(row_no, column, f"{value} is outside {low}..{high}"))
        row[column] = value
    for column in TEXT_COLUMNS:
        row[column] = (raw.get(column) or "").strip()
    for kind in ("it_dev_rate_usd_hour", "bpo_agent_rate_usd_hour"):
        low, high = row.get(f"{kind}_low"), row.get(f"{kind}_high")
        if low is not None and high is not None and low > high:
            problems.append(Problem(row_no, f"{kind}_high", f"{high} is below the low value {low}"))
    row["less_certain"] = "check" in row["notes"].lower()
    row["source_codes"] = sorted(
        set(SOURCE_REF.findall(" ".join(str(raw.get(c) or "") for c in raw if c is not None)))
    )
    return row


def parse_location_table(text: str) -> list[dict]:
    """Rows ready to store, or LocationTableError listing every problem found."""
    problem = text_problem(text)  # the one rule for text the database cannot store (outsourcing/domain/text.py)
    if problem:  # e.g. a binary file that happens to decode; PostgreSQL refuses NUL in text
        raise LocationTableError([f"file: {problem}; this is not a text CSV"])
    reader = csv.DictReader(io.StringIO(text))
    try:
        return _parse_rows(reader)
    except csv.Error as exc:  # e.g. a field over csv's size limit
        raise LocationTableError([f"after line {reader.line_num}: not a readable CSV row ({exc})"]) from exc


def _parse_rows(reader: csv.DictReader) -> list[dict]:
    header = reader.fieldnames or []
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise LocationTableError([f"header: missing column(s) {', '.join(missing)}"])
    problems: list[Problem] = []
    rows: list[dict] = []
    seen: dict[str, int] = {}
    for index, raw in enumerate(reader, start=1):
        if None in raw:
            problems.append(Problem(index, "(extra)", "has more values than the header has columns"))
        row = _parse_row(raw, index, problems)
        if row["iso2"] in seen:
            problems.append(Problem(index, "iso2", f"'{row['iso2']}' already appears in row {seen[row['iso2']]}"))
        seen.setdefault(row["iso2"], index)
        rows.append(row)
    if not rows and not problems:
        problems.append(Problem(0, "(file)", "has no data rows"))
    if problems:
        raise LocationTableError([str(p) for p in problems])
    return rows


def shipped_location_table(path: Path = SHIPPED_LOCATIONS) -> list[dict]:
    """The shipped locations.csv (or another at `path`), parsed and checked as load_catalogue parses it."""
    return parse_location_table(path.read_text(encoding="utf-8"))


def gdp_per_capita(rows: list[dict]) -> dict[str, float | None]:
    """{iso2: GDP per capita in USD, None where the table has none} of parsed rows, as the rate book takes it."""
    return {row["iso2"]: None if row["gdp_per_capita_usd"] is None else float(row["gdp_per_capita_usd"])
            for row in rows}  # fmt: skip
