"""Reads of the catalogue. Each returns a queryset or plain data with a fixed number of queries."""

from dataclasses import asdict

from django.db.models import Prefetch, QuerySet

from outsourcing.domain.rate_book import RateRow, full_table
from outsourcing.domain.sourcing import HOMESHORE, Place, sourcing_model_for
from outsourcing.models import (
    Driver,
    EngagementModel,
    Location,
    RiskFactor,
    ServiceCategory,
    ServiceType,
    Source,
    SourcingModel,
    VendorRate,
)


def service_categories_with_types() -> QuerySet[ServiceCategory]:
    return ServiceCategory.objects.prefetch_related(
        Prefetch("service_types", queryset=ServiceType.objects.order_by("sort_order", "code"))
    )


def engagement_models() -> QuerySet[EngagementModel]:
    return EngagementModel.objects.all()


def sourcing_models() -> QuerySet[SourcingModel]:
    return SourcingModel.objects.all()


def risk_factors() -> QuerySet[RiskFactor]:
    return RiskFactor.objects.all()


def drivers() -> QuerySet[Driver]:
    return Driver.objects.all()


def locations() -> QuerySet[Location]:
    return Location.objects.prefetch_related(Prefetch("sources", queryset=Source.objects.order_by("code")))


def location_by_iso2(iso2: str) -> Location | None:
    return locations().filter(iso2=iso2.upper()).first()


def as_place(location: Location) -> Place:
    lat, lon = location.capital_lat, location.capital_lon
    return Place(location.iso2, float(location.utc_offset_hours), tuple(location.land_neighbours),
                 None if lat is None else float(lat), None if lon is None else float(lon))  # fmt: skip


def sourcing_models_for_home(home: Location, candidates: list[Location]) -> dict[str, list[str]]:
    """Sourcing model codes per location iso2 for a client based in `home` (home country: onshore + home-shore)."""
    home_place = as_place(home)
    result = {}
    for location in candidates:
        model = sourcing_model_for(home_place, as_place(location))
        result[location.iso2] = [model, HOMESHORE] if location.iso2 == home.iso2 else [model]
    return result


def rate_cells(location_iso2: str | None = None) -> list[dict]:
    """Every location x service family rate (rate book, else the model) as plain dicts (2 queries).

    Keys: location, family, low, typical, high (per hour, in `currency`), currency, basis ("rate_book"
    or "model"), year, source, address, note.
    """
    rows = [RateRow(location=r.location.iso2, family=r.family, low=float(r.low), high=float(r.high),
                    typical=float(r.typical), unit=r.unit,
                    hours_per_month=float(r.hours_per_month) if r.hours_per_month else None,
                    currency=r.currency, year=r.year, source=r.source, address=r.address, note=r.note)
            for r in VendorRate.objects.select_related("location")]  # fmt: skip
    gdp = {iso2: float(g) if g is not None else None
           for iso2, g in Location.objects.values_list("iso2", "gdp_per_capita_usd")}  # fmt: skip
    cells = full_table(rows, gdp)
    if location_iso2:
        cells = [c for c in cells if c.location == location_iso2.upper()]
    return [asdict(c) for c in cells]


# The values the forms offer and the API accepts (outsourcing/api/fields.py CatalogueChoiceField).
def region_names() -> list[str]:
    return sorted(set(Location.objects.values_list("region", flat=True)))


def business_language_names() -> list[str]:
    return sorted({name for names in Location.objects.values_list("business_languages", flat=True) for name in names})


def country_codes() -> list[str]:
    return sorted(Location.objects.values_list("iso2", flat=True))


def service_type_codes() -> list[str]:
    return sorted(ServiceType.objects.values_list("code", flat=True))
