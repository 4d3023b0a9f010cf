"""The sourcing-model rule, without a database."""

from pathlib import Path

import pytest

from assessments.domain.scoring_distance import place
from outsourcing.domain.location_risk_inputs import catalogue_locations
from outsourcing.domain.sourcing import (
    NEARSHORE,
    OFFSHORE,
    ONSHORE,
    Place,
    great_circle_km,
    sourcing_model_for,
    time_zone_gap_hours,
)

DATA = Path(__file__).resolve().parents[2] / "outsourcing" / "data"


@pytest.fixture(scope="module")
def places() -> dict[str, Place]:
    return {row["iso2"]: place(row) for row in catalogue_locations(DATA)}


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


def test_for_a_korean_client_only_close_neighbours_are_nearshore(places):
    """The seed texts' nearshore is a neighbouring country, not far away: for Korea that is Japan, China
    and Taiwan (within 1,500 km and two hours), not South-East Asia, South Asia or Oceania, which a
    plus-or-minus three-hour time-zone rule used to call nearshore."""
    nearshore = {iso for iso, p in places.items() if sourcing_model_for(places["KR"], p) == NEARSHORE}
    assert nearshore == {"JP", "CN", "TW"}
    for far in ("PH", "BD", "VN", "ID", "TH", "MY", "AU", "NZ", "SG"):
        assert sourcing_model_for(places["KR"], places[far]) == OFFSHORE, far


def test_for_a_uk_client_close_european_countries_are_nearshore_and_the_far_ones_offshore(places):
    home = places["GB"]
    near = ("IE", "FR", "NL", "DE", "PL", "CZ", "HU", "ES")
    assert {sourcing_model_for(home, places[c]) for c in near} == {NEARSHORE}
    assert {sourcing_model_for(home, places[c]) for c in ("IN", "ZA", "RO", "BG", "PT")} == {OFFSHORE}


def test_great_circle_distance_between_capitals():
    seoul, tokyo = Place("KR", 9, (), 37.55, 126.98), Place("JP", 9, (), 35.68, 139.75)
    assert great_circle_km(seoul, tokyo) == pytest.approx(1157, abs=5)
    assert great_circle_km(seoul, Place("XX", 9)) is None


def test_without_coordinates_only_a_shared_border_makes_nearshore():
    home = Place("AA", 0, ())
    assert sourcing_model_for(home, Place("BB", 0, ())) == OFFSHORE
