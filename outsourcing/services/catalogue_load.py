"""Load the versioned reference data into the database, idempotently.

Each row is matched on its natural key (code / iso2) and updated in place, so
running the load twice changes nothing and editing a data file updates rows.
"""

import csv
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path

import yaml
from django.conf import settings
from django.db import models, transaction

from assessments.domain.currencies import ISO_4217
from outsourcing.domain.exchange_rates import parse_exchange_rates
from outsourcing.domain.location_risk_inputs import parse_location_risk_inputs
from outsourcing.domain.location_table import LocationTableError, parse_location_table
from outsourcing.domain.rate_book import RateBookError, parse_rate_book
from outsourcing.models import (
    Driver,
    EngagementModel,
    ExchangeRate,
    Location,
    Question,
    RiskFactor,
    ServiceCategory,
    ServiceType,
    Source,
    SourcingModel,
    VendorRate,
)

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

YAML_TABLES = [
    ("service_categories.yaml", ServiceCategory, "code"),
    ("service_types.yaml", ServiceType, "code"),
    ("engagement_models.yaml", EngagementModel, "code"),
    ("sourcing_models.yaml", SourcingModel, "code"),
    ("risk_factors.yaml", RiskFactor, "code"),
    ("drivers.yaml", Driver, "code"),
    ("questions.yaml", Question, "code"),
]


@dataclass
class LoadReport:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)

    def count(self, table: str, outcome: str) -> None:
        bucket = getattr(self, outcome)
        bucket[table] = bucket.get(table, 0) + 1

    def lines(self) -> list[str]:
        tables = sorted(set(self.created) | set(self.updated) | set(self.unchanged))
        return [
            f"{t}: {self.created.get(t, 0)} created, {self.updated.get(t, 0)} updated, "
            f"{self.unchanged.get(t, 0)} unchanged"
            for t in tables
        ]


def _as_stored(model, name: str, value):
    model_field = model._meta.get_field(name)
    value = model_field.to_python(value)
    if isinstance(model_field, models.DecimalField) and value is not None:
        value = value.quantize(Decimal(1).scaleb(-model_field.decimal_places), rounding=ROUND_HALF_EVEN)
    return value


def _upsert(model, key: str, values: dict, report: LoadReport) -> object:
    lookup = {key: values[key]}
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model.objects.create(**values)
        report.count(model.__name__, "created")
        return obj
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    # Decimal fields compare by value as the database stores it (rounded to the field's places): a
    # figure published with more digits than the column keeps must not count as changed on every run.
    changed = [name for name in changed if _as_stored(model, name, values[name]) != getattr(obj, name)]
    if changed:
        for name in changed:
            setattr(obj, name, _as_stored(model, name, values[name]))
        obj.save(update_fields=changed)
        report.count(model.__name__, "updated")
    else:
        report.count(model.__name__, "unchanged")
    return obj


def _load_yaml_table(filename: str, model, key: str, report: LoadReport) -> None:
    rows = yaml.safe_load((DATA_DIR / filename).read_text(encoding="utf-8")) or []
    optional = [
        f for f in model._meta.concrete_fields if not f.primary_key and not f.is_relation and f.has_default()
    ]
    for row in rows:
        values = dict(row)
        # A key removed from the data file returns the field to its default (e.g. a dropped condition).
        for f in optional:
            values.setdefault(f.name, f.get_default())
        if model is ServiceType:
            values["category"] = ServiceCategory.objects.get(code=values.pop("category"))
        _upsert(model, key, values, report)


def _load_sources(report: LoadReport) -> None:
    with open(DATA_DIR / "sources.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            _upsert(
                Source,
                "code",
                {
                    "code": row["id"].strip(),
                    "title": row["title"].strip(),
                    "publisher": row["publisher"].strip(),
                    "year": row["year"].strip(),
                    "address": row["address"].strip(),
                    "what_was_taken": row["what_was_taken"].strip(),
                },
                report,
            )


LOCATION_FIELDS = [
    "iso2", "name_en", "name_ko", "region", "utc_offset_hours", "business_languages", "land_neighbours",
    "corporate_tax_rate_pct", "corporate_tax_year", "corporate_tax_source", "ef_epi_score", "ef_epi_year",
    "kearney_gsli_rank_2021", "kearney_gsli_rank_2023", "it_dev_rate_usd_hour_low", "it_dev_rate_usd_hour_high",
    "it_rate_source_year", "bpo_agent_rate_usd_hour_low", "bpo_agent_rate_usd_hour_high", "bpo_rate_source_year",
    "gdp_per_capita_usd", "gdp_per_capita_year", "gdp_per_capita_source", "notes", "less_certain",
]  # fmt: skip


RISK_INPUT_FIELDS = [
    "capital_lat", "capital_lon", "hofstede_pdi", "hofstede_idv", "hofstede_mas", "hofstede_uai", "hofstede_basis",
    "rule_of_law_score", "rule_of_law_year", "eu_eea", "eu_adequacy",
]  # fmt: skip


def _risk_inputs() -> dict[str, dict]:
    return parse_location_risk_inputs((DATA_DIR / "location_risk_inputs.csv").read_text(encoding="utf-8"))


def _store_locations(rows: list[dict], report: LoadReport, risk_inputs: dict[str, dict] | None = None) -> None:
    """Locations from a location table; `risk_inputs` (by ISO2) adds the distance, law and residency inputs."""
    sources = {s.code: s for s in Source.objects.all()}
    risk_inputs = risk_inputs or {}
    for row in rows:
        values = {name: row[name] for name in LOCATION_FIELDS}
        extra = risk_inputs.get(row["iso2"])
        if extra:
            values.update({name: extra[name] for name in RISK_INPUT_FIELDS})
            for name in ("hofstede_pdi", "hofstede_idv", "hofstede_mas", "hofstede_uai"):
                values[name] = None if values[name] is None else int(values[name])
        location = _upsert(Location, "iso2", values, report)
        codes = set(row["source_codes"]) | set(extra["source_codes"] if extra else ())
        wanted = {sources[c].pk for c in codes if c in sources}
        if set(location.sources.values_list("pk", flat=True)) != wanted:
            location.sources.set(wanted)


def import_locations_text(text: str, report: LoadReport | None = None) -> LoadReport:
    """Validate a whole location table, then store it in one transaction (all or nothing)."""
    report = report or LoadReport()
    rows = parse_location_table(text)  # raises LocationTableError before anything is written
    with transaction.atomic():
        _store_locations(rows, report, _risk_inputs())
    return report


def read_location_file(path: Path) -> str:
    size = path.stat().st_size
    if size > settings.LOCATION_CSV_MAX_BYTES:
        raise LocationTableError(
            [f"file: {path.name} is {size} bytes; the limit is {settings.LOCATION_CSV_MAX_BYTES} bytes"]
        )
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise LocationTableError([f"file: {path.name} is not UTF-8 text ({exc.reason} at byte {exc.start})"]) from exc


def _decimal(value) -> Decimal | None:
    return None if value is None else Decimal(repr(float(value)))


def parse_rates_text(text: str) -> list:
    """The rows of a rate-book CSV, or RateBookError naming each bad row and column (nothing stored)."""
    return parse_rate_book(text, currencies=ISO_4217)


def _store_rates(rows: list, report: LoadReport, *, where: str, imported: bool) -> None:
    """Upsert rate rows by (location, family); an unknown location is an error naming its row.

    A row a user imported (--rates) stays as imported: the shipped file does not overwrite it later.
    """
    locations = {loc.iso2: loc for loc in Location.objects.all()}
    unknown = [f"row {i} (line {i + 1}), column 'location': {row.location} is not in the catalogue's locations"
               for i, row in enumerate(rows, start=1) if row.location not in locations]
    if unknown:
        raise RateBookError([f"{where}: {problem}" for problem in unknown])
    for row in rows:
        location = locations[row.location]
        values = {"location": location, "family": row.family, "low": _decimal(row.low),
                  "typical": _decimal(row.typical), "high": _decimal(row.high), "unit": row.unit,
                  "hours_per_month": _decimal(row.hours_per_month), "currency": row.currency, "year": row.year,
                  "source": row.source, "address": row.address, "note": row.note, "imported": imported}  # fmt: skip
        existing = VendorRate.objects.filter(location=location, family=row.family).first()
        if existing is not None and existing.imported and not imported:
            report.count("VendorRate", "unchanged")
            continue
        if existing is None:
            VendorRate.objects.create(**values)
            report.count("VendorRate", "created")
            continue
        changed = [k for k, v in values.items() if k not in ("location", "family")
                   and _as_stored(VendorRate, k, v) != getattr(existing, k)]  # fmt: skip
        for name in changed:
            setattr(existing, name, _as_stored(VendorRate, name, values[name]))
        if changed:
            existing.save(update_fields=changed)
        report.count("VendorRate", "updated" if changed else "unchanged")


def _load_exchange_rates(report: LoadReport) -> None:
    rows = parse_exchange_rates((DATA_DIR / "exchange_rates.csv").read_text(encoding="utf-8"), currencies=ISO_4217)
    for row in rows:
        _upsert(ExchangeRate, "currency", {
            "currency": row.currency, "units_per_usd": _decimal(row.units_per_usd),
            "published_value": _decimal(row.value), "quoted_as": row.quoted_as, "year": row.year,
            "source": row.source, "address": row.address, "note": row.note,
        }, report)  # fmt: skip


def read_rates_file(path: Path) -> str:
    size = path.stat().st_size
    if size > settings.LOCATION_CSV_MAX_BYTES:
        limit = settings.LOCATION_CSV_MAX_BYTES
        raise RateBookError([f"file: {path.name} is {size} bytes; the limit is {limit} bytes"])
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RateBookError([f"file: {path.name} is not UTF-8 text ({exc.reason} at byte {exc.start})"]) from exc


@transaction.atomic
def catalogue_load(*, locations_file: Path | None = None, rates_file: Path | None = None) -> LoadReport:
    """Load every shipped data file; with `locations_file` / `rates_file`, import those tables too.

    All or nothing: every file is parsed before anything is written, and everything is written in one
    transaction, so a bad row (named in the error) leaves the catalogue as it was.
    """
    report = LoadReport()
    extra_rows = parse_location_table(read_location_file(locations_file)) if locations_file else None
    extra_rates = parse_rates_text(read_rates_file(rates_file)) if rates_file else None
    shipped_rates = parse_rates_text((DATA_DIR / "rate_book.csv").read_text(encoding="utf-8"))
    _load_sources(report)
    for filename, model, key in YAML_TABLES:
        _load_yaml_table(filename, model, key, report)
    _store_locations(parse_location_table((DATA_DIR / "locations.csv").read_text(encoding="utf-8")), report,
                     _risk_inputs())  # fmt: skip
    if extra_rows is not None:
        _store_locations(extra_rows, report, _risk_inputs())
    _load_exchange_rates(report)
    _store_rates(shipped_rates, report, where="rate_book.csv", imported=False)
    if extra_rates is not None:
        _store_rates(extra_rates, report, where=f"--rates {rates_file.name}", imported=True)
    return report


__all__ = ["LoadReport", "LocationTableError", "RateBookError", "catalogue_load", "import_locations_text"]
