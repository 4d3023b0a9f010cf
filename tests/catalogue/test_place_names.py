"""Every region and business language of the shipped location table has a Korean name (issue 16, bug 7)."""

import csv
from pathlib import Path

from outsourcing.domain.place_names import language_name, region_name

LOCATIONS = Path(__file__).resolve().parents[2] / "outsourcing" / "data" / "locations.csv"


def test_every_shipped_region_and_language_has_a_korean_name():
    rows = list(csv.DictReader(LOCATIONS.open(encoding="utf-8")))
    regions = {row["un_subregion"] for row in rows}
    languages = {lang.strip() for row in rows for lang in row["main_business_languages"].split(";") if lang.strip()}
    assert [r for r in regions if region_name(r, "ko") == r] == []
    assert [x for x in languages if language_name(x, "ko") == x] == []


def test_english_names_are_shown_as_stored_and_unknown_names_fall_back():
    assert region_name("Eastern Asia", "en") == "Eastern Asia"
    assert region_name("Eastern Asia", "ko") == "동아시아"
    assert language_name("Klingon", "ko") == "Klingon"
