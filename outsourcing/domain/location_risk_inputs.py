"""Parse and validate location_risk_inputs.csv: per country, the sourced inputs of the graded distance,
legal protection and data-residency rules. Pure: no Django.

Every problem names its row and column; nothing is imported unless the whole file is valid.
Columns (sources in sources.csv, named per row in `sources`):
- capital_en, capital_lat, capital_lon: the capital and its coordinates (S61);
- hofstede_pdi, hofstede_idv, hofstede_mas, hofstede_uai: Hofstede's four dimension scores (S62);
  hofstede_basis "country" or "region: <name>" (a regional estimate), empty when no scores;
- rule_of_law_score (0..1) and rule_of_law_year: WJP Rule of Law Index overall score (S63);
- eu_eea (0/1): an EU member or EEA country (S64); eu_adequacy: "full", "partial" or empty (S65).
"""

import csv
import io
from pathlib import Path

from outsourcing.domain.location_table import ISO2, SOURCE_REF, LocationTableError, Problem, shipped_location_table

NUMBER_COLUMNS = {
    "capital_lat": (-90.0, 90.0),
    "capital_lon": (-180.0, 180.0),
    "hofstede_pdi": (0.0, 150.0),
    "hofstede_idv": (0.0, 150.0),
    "hofstede_mas": (0.0, 150.0),
    "hofstede_uai": (0.0, 150.0),
    "rule_of_law_score": (0.0, 1.0),
    "rule_of_law_year": (1900.0, 2100.0),
}
ADEQUACY = ("", "full", "partial")
REQUIRED = ("iso2", "capital_lat", "capital_lon", "eu_eea")


def _row(raw: dict, row_no: int, problems: list[Problem]) -> dict:
    iso2 = (raw.get("iso2") or "").strip().upper()
    if not ISO2.match(iso2):
        problems.append(Problem(row_no, "iso2", f"'{raw.get('iso2')}' is not a two-letter ISO 3166 code"))
    out: dict = {"iso2": iso2, "capital_en": (raw.get("capital_en") or "").strip()}
    for column in REQUIRED[1:]:
        if not (raw.get(column) or "").strip():
            problems.append(Problem(row_no, column, "is required"))
    for column, (low, high) in NUMBER_COLUMNS.items():
        text = (raw.get(column) or "").strip()
        out[column] = None
        if not text:
            continue
        try:
            value = float(text)
        except ValueError:
            problems.append(Problem(row_no, column, f"'{text}' is not a number"))
            continue
        if not low <= value <= high:
            problems.append(Problem(row_no, column, f"{text} is outside {low:g}..{high:g}"))
        out[column] = value
    hofstede = [out[f"hofstede_{d}"] for d in ("pdi", "idv", "mas", "uai")]
    if any(v is None for v in hofstede) and any(v is not None for v in hofstede):
        problems.append(Problem(row_no, "hofstede_pdi", "give all four Hofstede scores or none"))
    if (out["rule_of_law_score"] is None) != (out["rule_of_law_year"] is None):
        problems.append(Problem(row_no, "rule_of_law_year", "a score needs its year, and a year its score"))
    eu = (raw.get("eu_eea") or "").strip()
    if eu not in ("0", "1", ""):
        problems.append(Problem(row_no, "eu_eea", f"'{eu}' must be 0 or 1"))
    out["eu_eea"] = eu == "1"
    adequacy = (raw.get("eu_adequacy") or "").strip()
    if adequacy not in ADEQUACY:
        problems.append(Problem(row_no, "eu_adequacy", f"'{adequacy}' must be full, partial or empty"))
    out["eu_adequacy"] = adequacy
    out["hofstede_basis"] = (raw.get("hofstede_basis") or "").strip()
    out["rule_of_law_year"] = int(out["rule_of_law_year"]) if out["rule_of_law_year"] is not None else None
    out["source_codes"] = sorted(set(SOURCE_REF.findall(raw.get("sources") or "")))
    out["notes"] = (raw.get("notes") or "").strip()
    return out


def parse_location_risk_inputs(text: str) -> dict[str, dict]:
    """Rows by ISO2, or LocationTableError listing every problem found."""
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
    if missing:
        raise LocationTableError([f"header: missing column(s) {', '.join(missing)}"])
    problems: list[Problem] = []
    rows: dict[str, dict] = {}
    for index, raw in enumerate(reader, start=1):
        row = _row(raw, index, problems)
        if row["iso2"] in rows:
            problems.append(Problem(index, "iso2", f"'{row['iso2']}' appears twice"))
        rows[row["iso2"]] = row
    if problems:
        raise LocationTableError([str(problem) for problem in problems])
    return rows


def catalogue_locations(data_dir: Path) -> list[dict]:
    """The shipped locations as the scoring reads them (tests and benchmarks; the app reads the database)."""

    def number(value, kind=float):
        return None if value is None else kind(value)

    extra = parse_location_risk_inputs((data_dir / "location_risk_inputs.csv").read_text(encoding="utf-8"))
    rows = []
    for row in shipped_location_table(data_dir / "locations.csv"):
        inputs = extra.get(row["iso2"], {})
        rows.append({
            "iso2": row["iso2"], "name_en": row["name_en"], "name_ko": row["name_ko"],
            "region": row["region"], "utc_offset_hours": float(row["utc_offset_hours"]),
            "land_neighbours": row["land_neighbours"], "business_languages": row["business_languages"],
            "ef_epi_score": number(row["ef_epi_score"], int),
            "gdp_per_capita_usd": number(row["gdp_per_capita_usd"]),
            "corporate_tax_rate_pct": number(row["corporate_tax_rate_pct"]),
            "kearney_gsli_rank_2023": number(row["kearney_gsli_rank_2023"], int),
            **{k: v for k, v in inputs.items() if k not in ("iso2", "source_codes", "notes")},
        })  # fmt: skip
    return rows
