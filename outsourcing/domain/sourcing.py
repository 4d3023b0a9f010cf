"""Which sourcing model a location is for a given home country. Pure: no Django.

The rule (documented in docs/catalogue.md and docs/scoring.md, shown on the catalogue page) follows
the seed texts' definition of nearshore, "a neighbouring country, not far from yours":
- the home country itself is onshore (and home-shore, for remote staff working from home);
- a country sharing a land border with the home country is nearshore;
- so is a country whose capital lies within NEARSHORE_MAX_KM of the home capital (great-circle
  distance; EUROCONTROL's short-haul band, the 1,500 km band of Regulation (EC) No 261/2004) AND
  whose capital's standard time is within NEARSHORE_MAX_HOURS of the home country's (Nearsoft:
  nearshore is "between zero and two time zones away"); sources.csv S67;
- every other country is offshore.
Time-zone distance wraps around the date line (UTC+12 and UTC-11 are one hour apart). A country
without capital coordinates can only be nearshore through a shared border.

The label is a label: the scoring measures distance on a graded scale (scoring_distance.py), so a
country just past a threshold is not suddenly twice as far.
"""

import math
from dataclasses import dataclass

NEARSHORE_MAX_KM = 1500.0
NEARSHORE_MAX_HOURS = 2.0
EARTH_RADIUS_KM = 6371.0
ONSHORE, NEARSHORE, OFFSHORE, HOMESHORE = "onshore", "nearshore", "offshore", "homeshore"


@dataclass(frozen=True)
class Place:
    iso2: str
    utc_offset_hours: float
    land_neighbours: tuple[str, ...] = ()
    latitude: float | None = None  # of the capital
    longitude: float | None = None


def time_zone_gap_hours(a: float, b: float) -> float:
    diff = abs(float(a) - float(b)) % 24
    return min(diff, 24 - diff)


def great_circle_km(a: Place, b: Place) -> float | None:
    """Haversine distance between the two capitals; None when either has no coordinates."""
    if None in (a.latitude, a.longitude, b.latitude, b.longitude):
        return None
    lat1, lon1, lat2, lon2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def sourcing_model_for(home: Place, location: Place) -> str:
    """The sourcing model of `location` for a client based in `home` (never home-shore)."""
    if location.iso2 == home.iso2:
        return ONSHORE
    if location.iso2 in home.land_neighbours or home.iso2 in location.land_neighbours:
        return NEARSHORE
    km = great_circle_km(home, location)
    close_in_time = time_zone_gap_hours(home.utc_offset_hours, location.utc_offset_hours) <= NEARSHORE_MAX_HOURS
    if km is not None and km <= NEARSHORE_MAX_KM and close_in_time:
        return NEARSHORE
    return OFFSHORE
