"""Which sourcing model a location is for a given home country. Pure: no Django.

The rule (documented in docs/catalogue.md and shown on the catalogue page):
- the home country itself is onshore (and home-shore, for remote staff working from home);
- a country sharing a land border with the home country, or whose capital's standard
  time is within NEARSHORE_MAX_HOURS of the home country's, is nearshore;
- every other country is offshore.
Time-zone distance wraps around the date line (UTC+12 and UTC-11 are one hour apart).
"""

from dataclasses import dataclass

NEARSHORE_MAX_HOURS = 3.0
ONSHORE, NEARSHORE, OFFSHORE, HOMESHORE = "onshore", "nearshore", "offshore", "homeshore"


@dataclass(frozen=True)
class Place:
    iso2: str
    utc_offset_hours: float
    land_neighbours: tuple[str, ...] = ()


def time_zone_gap_hours(a: float, b: float) -> float:
    diff = abs(float(a) - float(b)) % 24
    return min(diff, 24 - diff)


def sourcing_model_for(home: Place, location: Place) -> str:
    """The sourcing model of `location` for a client based in `home` (never home-shore)."""
    if location.iso2 == home.iso2:
        return ONSHORE
    neighbours = location.iso2 in home.land_neighbours or home.iso2 in location.land_neighbours
    if neighbours or time_zone_gap_hours(home.utc_offset_hours, location.utc_offset_hours) <= NEARSHORE_MAX_HOURS:
        return NEARSHORE
    return OFFSHORE
