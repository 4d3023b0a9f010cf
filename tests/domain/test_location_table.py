"""Validation of a user's location table, without a database."""

from pathlib import Path

import pytest

from outsourcing.domain.location_table import LocationTableError, parse_location_table

SHIPPED = (Path(__file__).resolve().parents[2] / "outsourcing" / "data" / "locations.csv").read_text(encoding="utf-8")
HEADER = "iso2,name_en,name_ko,un_subregion,utc_offset_hours,main_business_languages,corporate_tax_rate_pct,notes\n"


def test_the_shipped_table_parses_with_45_countries_and_their_sources():
    rows = parse_location_table(SHIPPED)
    assert len(rows) == 45
    korea = next(r for r in rows if r["iso2"] == "KR")
    assert korea["name_ko"] == "대한민국"
    assert "S02" in korea["source_codes"]


def test_a_bad_number_names_its_row_and_column():
    text = HEADER + "JP,Japan,일본,Eastern Asia,9,Japanese,30.62,\nXX,Nowhere,없음,Nowhere,9,English,thirty,\n"
    with pytest.raises(LocationTableError) as error:
        parse_location_table(text)
    assert error.value.problems == ["row 2 (line 3), column 'corporate_tax_rate_pct': 'thirty' is not a number"]


def test_every_problem_is_reported_not_only_the_first():
    text = HEADER + "J1,Japan,일본,Eastern Asia,99,Japanese,130,\n,NoCode,,x,1,English,,\n"
    with pytest.raises(LocationTableError) as error:
        parse_location_table(text)
    joined = "\n".join(error.value.problems)
    assert "row 1 (line 2), column 'iso2'" in joined
    assert "row 1 (line 2), column 'utc_offset_hours': 99 is outside" in joined
    assert "row 1 (line 2), column 'corporate_tax_rate_pct': 130 is outside" in joined
    assert "row 2 (line 3), column 'iso2': is required" in joined
    assert "row 2 (line 3), column 'name_ko': is required" in joined


def test_a_missing_required_column_is_named():
    with pytest.raises(LocationTableError, match="missing column.*utc_offset_hours"):
        parse_location_table("iso2,name_en,name_ko,un_subregion,main_business_languages\nJP,Japan,일본,Asia,Japanese\n")


def test_duplicate_country_names_both_rows():
    text = HEADER + "JP,Japan,일본,Eastern Asia,9,Japanese,,\nJP,Japan,일본,Eastern Asia,9,Japanese,,\n"
    with pytest.raises(LocationTableError, match=r"row 2 \(line 3\), column 'iso2': 'JP' already appears in row 1"):
        parse_location_table(text)


def test_low_above_high_wage_is_rejected():
    text = (
        "iso2,name_en,name_ko,un_subregion,utc_offset_hours,main_business_languages,"
        "bpo_agent_rate_usd_hour_low,bpo_agent_rate_usd_hour_high\n"
        "PH,Philippines,필리핀,South-eastern Asia,8,English,5,2\n"
    )
    with pytest.raises(LocationTableError, match="bpo_agent_rate_usd_hour_high': 2 is below the low value 5"):
        parse_location_table(text)


def test_an_empty_table_is_an_error():
    with pytest.raises(LocationTableError, match="no data rows"):
        parse_location_table(HEADER)


def test_check_in_notes_marks_a_row_less_certain():
    rows = parse_location_table(HEADER + "MX,Mexico,멕시코,Latin America,-6,Spanish,30,check: rank inferred\n")
    assert rows[0]["less_certain"] is True
