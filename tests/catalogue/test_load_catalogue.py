"""load_catalogue: idempotent, updates in place, and imports a user's table all-or-nothing."""

import io
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command

from outsourcing.models import (
    Driver,
    EngagementModel,
    Location,
    RiskFactor,
    ServiceCategory,
    ServiceType,
    Source,
    SourcingModel,
)
from outsourcing.services import catalogue_load

MODELS = [Source, ServiceCategory, ServiceType, EngagementModel, SourcingModel, Location, RiskFactor, Driver]
HEADER = "iso2,name_en,name_ko,un_subregion,utc_offset_hours,main_business_languages,corporate_tax_rate_pct,notes\n"


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def run(*args) -> str:
    out = io.StringIO()
    call_command("load_catalogue", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_running_twice_leaves_the_same_row_counts_and_changes_nothing():
    run()
    first = counts()
    output = run()
    assert counts() == first
    tables = [line for line in output.splitlines() if " created, " in line]
    assert len(tables) >= 9
    assert all(": 0 created, 0 updated, " in line for line in tables), output  # every table, not just one


@pytest.mark.django_db
def test_catalogue_has_what_the_product_promises():
    run()
    assert set(ServiceCategory.objects.values_list("code", flat=True)) == {"KPO", "BPO_BACK", "BPO_FRONT", "ITO"}
    assert ServiceType.objects.filter(category__code="KPO").count() >= 8
    assert ServiceType.objects.filter(category__code="BPO_BACK").count() >= 8
    assert ServiceType.objects.filter(category__code="BPO_FRONT").count() >= 4
    assert ServiceType.objects.filter(category__code="ITO").count() >= 5
    assert list(EngagementModel.objects.values_list("code", flat=True)) == [
        "in-house", "co-sourcing", "selective", "total", "captive"]  # fmt: skip
    sourcing = set(SourcingModel.objects.values_list("code", flat=True))
    assert sourcing == {"onshore", "nearshore", "offshore", "homeshore"}
    assert Location.objects.count() >= 40
    assert RiskFactor.objects.count() == 12
    assert Driver.objects.count() == 8
    for service in ServiceType.objects.all():
        assert service.name_ko and service.name_en and service.description_ko and service.description_en


@pytest.mark.django_db
def test_every_location_figure_keeps_its_source():
    run()
    korea = Location.objects.get(iso2="KR")
    assert korea.corporate_tax_year == 2024 and "Tax Foundation" in korea.corporate_tax_source
    assert set(korea.sources.values_list("code", flat=True)) >= {"S01", "S02"}
    # A figure nobody published stays empty rather than invented.
    assert Location.objects.exclude(it_dev_rate_usd_hour_low=None).count() == 0
    assert Location.objects.get(iso2="TW").gdp_per_capita_usd is None


@pytest.mark.django_db
def test_editing_a_data_file_updates_rows_in_place(tmp_path, monkeypatch):
    run()
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    for source in catalogue_load.DATA_DIR.iterdir():
        (data_dir / source.name).write_bytes(source.read_bytes())
    rows = yaml.safe_load((data_dir / "service_types.yaml").read_text(encoding="utf-8"))
    rows[0]["name_en"] = "Financial advisory (edited)"
    (data_dir / "service_types.yaml").write_text(yaml.safe_dump(rows, allow_unicode=True), encoding="utf-8")
    monkeypatch.setattr(catalogue_load, "DATA_DIR", data_dir)
    before_pk = ServiceType.objects.get(code=rows[0]["code"]).pk
    before = counts()
    output = run()
    assert "ServiceType: 0 created, 1 updated" in output
    edited = ServiceType.objects.get(code=rows[0]["code"])
    assert edited.pk == before_pk and edited.name_en == "Financial advisory (edited)"
    assert counts() == before


@pytest.mark.django_db
def test_a_csv_with_a_bad_row_imports_nothing_and_names_the_row(tmp_path):
    run()
    before = counts()
    table = tmp_path / "mine.csv"
    table.write_text(
        HEADER + "VN,Vietnam (mine),베트남,South-eastern Asia,7,Vietnamese,20,\n"
        "ZZ,Atlantis,아틀란티스,Nowhere,7,English,twenty,\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError) as error:
        run("--locations", str(table))
    message = str(error.value)
    assert "nothing was imported" in message
    assert "row 2 (line 3), column 'corporate_tax_rate_pct': 'twenty' is not a number" in message
    assert counts() == before
    assert Location.objects.get(iso2="VN").name_en == "Vietnam"  # the good row of the bad file was not applied


@pytest.mark.django_db
def test_a_good_csv_adds_and_updates_locations(tmp_path):
    run()
    table = tmp_path / "mine.csv"
    table.write_text(
        HEADER + "UY,Uruguay,우루과이,Latin America and the Caribbean,-3,Spanish,25,\n", encoding="utf-8"
    )
    output = run("--locations", str(table))
    assert "Location: 1 created" in output
    assert Location.objects.get(iso2="UY").name_ko == "우루과이"


@pytest.mark.django_db
def test_a_missing_file_a_huge_file_and_a_binary_file_are_refused(tmp_path, settings):
    before = Location.objects.count()
    with pytest.raises(CommandError, match="no such file"):
        run("--locations", str(tmp_path / "absent.csv"))
    settings.LOCATION_CSV_MAX_BYTES = 100
    big = tmp_path / "big.csv"
    big.write_text(HEADER + "x" * 200, encoding="utf-8")
    with pytest.raises(CommandError, match="limit is 100 bytes"):
        run("--locations", str(big))
    settings.LOCATION_CSV_MAX_BYTES = 1_000_000
    binary = tmp_path / "binary.csv"
    binary.write_bytes(b"\xff\xfe\x00\x81garbage")
    with pytest.raises(CommandError, match="not UTF-8"):
        run("--locations", str(binary))
    assert Location.objects.count() == before


def test_shipped_sourcing_rule_text_matches_the_code():
    from outsourcing.domain.sourcing import NEARSHORE_MAX_HOURS, NEARSHORE_MAX_KM

    rows = yaml.safe_load((Path(catalogue_load.DATA_DIR) / "sourcing_models.yaml").read_text(encoding="utf-8"))
    nearshore = next(r for r in rows if r["code"] == "nearshore")
    assert f"{NEARSHORE_MAX_HOURS:g} hours" in nearshore["rule_en"]
    assert f"{NEARSHORE_MAX_KM:,.0f} km" in nearshore["rule_en"]
    assert f"{NEARSHORE_MAX_KM:,.0f}km" in nearshore["rule_ko"].replace(" ", "")
