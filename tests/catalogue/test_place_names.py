"""Every region and business language of the shipped location table has a Korean name (issue 16, bug 7)."""


from outsourcing.domain.location_table import shipped_location_table
from outsourcing.domain.place_names import language_name, region_name


def test_every_shipped_region_and_language_has_a_korean_name():
    rows = shipped_location_table()
    regions = {row["region"] for row in rows}
    languages = {lang for row in rows for lang in row["business_languages"]}
    assert [r for r in regions if region_name(r, "ko") == r] == []
    assert [x for x in languages if language_name(x, "ko") == x] == []


def test_english_names_are_shown_as_stored_and_unknown_names_fall_back():
    assert region_name("Eastern Asia", "en") == "Eastern Asia"
    assert region_name("Eastern Asia", "ko") == "동아시아"
    assert language_name("Klingon", "ko") == "Klingon"
