"""The sourcing-model rule, without a database."""

import csv
from pathlib import Path

import pytest

from outsourcing.domain.sourcing import NEARSHORE, OFFSHORE, ONSHORE, Place, sourcing_model_for, time_zone_gap_hours

LOCATIONS_CSV = Path(__file__).resolve().parents[2] / "outsourcing" / "data" / "locations.csv"


@pytest.fixture(scope="module")
def places() -> dict[str, Place]:
    with open(LOCATIONS_CSV, encoding="utf-8") as handle:
        return {
            row["iso2"]: Place(
                row["iso2"],
                float(row["utc_offset_hours"]),
                tuple(c for c in row["land_neighbours"].split(";") if c),
            )
            for row in csv.DictReader(handle)
        }


def test_canada_is_nearshore_for_a_us_client(places):
    assert sourcing_model_for(places["US"], places["CA"]) == NEARSHORE


def test_canada_is_offshore_for_a_korean_client(places):
    assert sourcing_model_for(places["KR"], places["CA"]) == OFFSHORE


def test_japan_is_nearshore_for_a_korean_client(places):
    assert sourcing_model_for(places["KR"], places["JP"]) == NEARSHORE


def test_home_country_is_onshore(places):
    assert sourcing_model_for(places["FR"], places["FR"]) == ONSHORE


def test_france_is_offshore_for_us_and_korean_clients(places):
    assert sourcing_model_for(places["US"], places["FR"]) == OFFSHORE
    assert sourcing_model_for(places["KR"], places["FR"]) == OFFSHORE


def test_land_neighbour_is_nearshore_even_far_in_time():
    home = Place("AA", 0, ("BB",))
    far_neighbour = Place("BB", 8, ())
    assert sourcing_model_for(home, far_neighbour) == NEARSHORE


def test_time_zone_gap_wraps_around_the_date_line():
    assert time_zone_gap_hours(12, -11) == 1
    assert time_zone_gap_hours(-5, 9) == 10
