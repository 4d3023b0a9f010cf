"""Each assessment keeps its own copy of the exchange rates it is priced with: copied from the dated, sourced
defaults the first time a currency is needed (services/exchange_rates.py edits them). Kept apart so that scoring
and the TCO can make sure of the copy without importing the services that re-score."""

from django.db import transaction

from assessments.models import Assessment, AssessmentExchangeRate, BusinessFunction
from assessments.selectors.rates import needed_currencies, quote_records
from outsourcing.models import ExchangeRate
from outsourcing.selectors import rate_cells


@transaction.atomic
def fx_rates_ensure(*, assessment: Assessment) -> list[str]:
    """Copy the default rate of each currency the assessment uses and has no rate for; return those with none."""
    functions = BusinessFunction.objects.filter(assessment=assessment).select_related("service_type")
    families = {f.service_type.rate_family for f in functions}
    cells = [c for c in rate_cells() if c["family"] in families]
    needed = needed_currencies(assessment, cells, quote_records(assessment))
    have = set(AssessmentExchangeRate.objects.filter(assessment=assessment).values_list("currency", flat=True))
    defaults = {r.currency: r for r in ExchangeRate.objects.filter(currency__in=set(needed) - have)}
    AssessmentExchangeRate.objects.bulk_create(
        [AssessmentExchangeRate(assessment=assessment, currency=code, units_per_usd=r.units_per_usd, as_of=r.year,
                                source=r.source) for code, r in defaults.items()],  # fmt: skip
        ignore_conflicts=True,  # another request copied it meanwhile: its copy stands
    )
    return sorted(set(needed) - have - set(defaults))
