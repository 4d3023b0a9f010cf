"""Reads for the per-function limits: what they may name, and a function's limits in words (2 queries)."""

from assessments.domain.function_limits import Catalogue
from outsourcing.models import Location


def limit_catalogue() -> Catalogue:
    rows = list(Location.objects.values_list("iso2", "region", "business_languages"))
    return Catalogue(
        countries=frozenset(iso for iso, _region, _langs in rows),
        regions=frozenset(region for _iso, region, _langs in rows if region),
        languages=frozenset(lang for _iso, _region, langs in rows for lang in langs or []),
    )
