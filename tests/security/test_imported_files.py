"""The location CSV (`load_catalogue --locations`): size-limited, validated whole before anything is stored,
and what it carries is shown escaped."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from outsourcing.domain.location_table import LocationTableError, parse_location_table
from outsourcing.models import Location

HEADER = "iso2,name_en,name_ko,un_subregion,utc_offset_hours,main_business_languages,corporate_tax_rate_pct,notes\n"
GOOD_ROW = "UY,Uruguay,우루과이,Latin America and the Caribbean,-3,Spanish,25,\n"


def _import(tmp_path, content: str | bytes) -> str:
    path = tmp_path / "locations.csv"
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    out = io.StringIO()
    call_command("load_catalogue", "--locations", str(path), stdout=out)
    return out.getvalue()


def _refused(tmp_path, content, match: str):
    before = list(Location.objects.order_by("pk").values())
    with pytest.raises(CommandError, match=match) as error:
        _import(tmp_path, content)
    assert "nothing was imported" in str(error.value)
    assert list(Location.objects.order_by("pk").values()) == before
    return str(error.value)


@pytest.mark.django_db
def test_the_size_limit_is_checked_before_reading(tmp_path, settings, catalogue):
    settings.LOCATION_CSV_MAX_BYTES = len(HEADER + GOOD_ROW) - 1
    _refused(tmp_path, HEADER + GOOD_ROW, f"limit is {settings.LOCATION_CSV_MAX_BYTES} bytes")
    settings.LOCATION_CSV_MAX_BYTES = len((HEADER + GOOD_ROW).encode("utf-8"))
    assert "Location: 1 created" in _import(tmp_path, HEADER + GOOD_ROW)


@pytest.mark.django_db
@pytest.mark.parametrize(("content", "message"), [
    (HEADER + "UY,Uruguay\x00,우루과이,Latin America,-3,Spanish,25,\n", "NUL character"),
    (HEADER + "UY," + "U" * 121 + ",우루과이,Latin America,-3,Spanish,25,\n", "'name_en': is longer than 120"),
    (HEADER + "UY,Uruguay,우루과이," + "R" * 130 + ",-3,Spanish,25,\n", "'un_subregion': is longer than 120"),
    (HEADER + 'UY,Uruguay,우루과이,Latin America,-3,Spanish,25,"' + "n" * 200_000 + '"\n',
     "after line 1: not a readable CSV row"),
    ("name,iso\nUruguay,UY\n", "missing column"),
    (HEADER, "has no data rows"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "not UTF-8"),
])  # fmt: skip
def test_bad_files_are_refused_whole_with_the_problem_named(tmp_path, catalogue, content, message):
    _refused(tmp_path, content, message)


def test_the_parser_reports_an_oversized_field_instead_of_raising_a_csv_error():
    with pytest.raises(LocationTableError, match="field larger than field limit"):
        parse_location_table(HEADER + 'UY,Uruguay,우루과이,Latin America,-3,Spanish,25,"' + "x" * 200_000 + '"\n')


@pytest.mark.django_db
def test_markup_in_an_imported_table_is_shown_as_text(tmp_path, client, catalogue):
    row = 'UY,<script>alert(1)</script>Uruguay,우루과이,"<img src=x onerror=alert(2)>",-3,Spanish,25,"<b>n</b>"\n'
    _import(tmp_path, HEADER + row)
    for url in (reverse("catalogue:locations"), reverse("catalogue:location-detail", args=["UY"])):
        html = client.get(url).content.decode()
        assert "<script>alert(1)" not in html and "<img src=x" not in html, url
        assert "&lt;script&gt;alert(1)&lt;/script&gt;Uruguay" in html, url
