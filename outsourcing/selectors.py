"""Reads of the catalogue. Each returns a queryset or plain data with a fixed number of queries."""

from django.db.models import Prefetch, QuerySet

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
    return Place(location.iso2, float(location.utc_offset_hours), tuple(location.land_neighbours))


def sourcing_models_for_home(home: Location, candidates: list[Location]) -> dict[str, list[str]]:
    """Sourcing model codes per location iso2 for a client based in `home` (home country: onshore + home-shore)."""
    home_place = as_place(home)
    result = {}
    for location in candidates:
        model = sourcing_model_for(home_place, as_place(location))
        result[location.iso2] = [model, HOMESHORE] if location.iso2 == home.iso2 else [model]
    return result


# The values the forms offer and the API accepts (outsourcing/api/fields.py CatalogueChoiceField).
def region_names() -> list[str]:
    return sorted(set(Location.objects.values_list("region", flat=True)))


def business_language_names() -> list[str]:
    return sorted({name for names in Location.objects.values_list("business_languages", flat=True) for name in names})


def country_codes() -> list[str]:
    return sorted(Location.objects.values_list("iso2", flat=True))


def service_type_codes() -> list[str]:
    return sorted(ServiceType.objects.values_list("code", flat=True))
