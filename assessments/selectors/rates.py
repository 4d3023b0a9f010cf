"""The rates an assessment prices its options with: one context the scoring and the TCO both read.

The rate cells come from the catalogue (outsourcing/selectors.py: the rate book and its model), the
quotes and exchange rates from the assessment, and the per-function settings that change a rate
(hours per FTE, onsite share, model band, captive factor) from its resolved TCO assumptions.
"""

from dataclasses import dataclass

from assessments.domain.rates import RateInputs
from assessments.domain.tco import resolve_assumptions
from assessments.models import Assessment, AssessmentExchangeRate, BusinessFunction, VendorQuote
from outsourcing.models import ExchangeRate
from outsourcing.selectors import rate_cells


@dataclass(frozen=True)
class RateContext:
    inputs: RateInputs
    # function id -> {rate_family, hours_per_fte, captive_rate_factor, onsite_share, model_rate_band}
    per_function: dict
    fx: list[dict]  # the exchange rates used: currency, units_per_usd, as_of, source, origin ("assessment"/"default")
    missing_currencies: list[str]  # needed but with neither the assessment's rate nor a default


def quote_records(assessment: Assessment) -> list[dict]:
    rows = VendorQuote.objects.filter(assessment=assessment).values(
        "pk", "function_id", "location__iso2", "engagement", "unit", "amount", "currency", "quote_date", "provider",
        "note")  # fmt: skip
    return [{"quote_id": r["pk"], "function_id": r["function_id"], "location": r["location__iso2"],
             "engagement": r["engagement"], "unit": r["unit"], "amount": float(r["amount"]), "currency": r["currency"],
             "quote_date": r["quote_date"].isoformat(), "provider": r["provider"], "note": r["note"]}
            for r in rows]  # fmt: skip


def needed_currencies(assessment: Assessment, cells: list[dict], quotes: list[dict]) -> list[str]:
    return sorted({"USD", assessment.currency} | {c["currency"] for c in cells} | {q["currency"] for q in quotes})


def exchange_rates(assessment: Assessment, currencies: list[str]) -> tuple[list[dict], list[str]]:
    """Each currency's rate: the assessment's own copy, else the catalogue default; and those with neither."""
    own = {r.currency: r for r in AssessmentExchangeRate.objects.filter(assessment=assessment)}
    defaults = {r.currency: r for r in ExchangeRate.objects.filter(currency__in=currencies)}
    rows, missing = [], []
    for code in sorted(set(currencies) | set(own)):
        if code in own:
            r = own[code]
            rows.append({"currency": code, "units_per_usd": float(r.units_per_usd), "as_of": r.as_of,
                         "source": r.source, "origin": "assessment"})
        elif code in defaults:
            r = defaults[code]
            rows.append({"currency": code, "units_per_usd": float(r.units_per_usd), "as_of": r.year,
                         "source": r.source, "origin": "default"})
        else:
            missing.append(code)
    return rows, missing


def function_rate_settings(assessment: Assessment, functions: list[BusinessFunction]) -> dict:
    """Per function: its rate family and the resolved assumptions that change its rate."""
    ids = [f.pk for f in functions]
    try:
        used = resolve_assumptions(assessment.tco_assumptions or {},
                                   {f.pk: f.tco_overrides for f in functions if f.tco_overrides}, ids)
    except ValueError:  # stored overrides no longer valid: price with the defaults; the TCO run names the fault
        used = resolve_assumptions({}, {}, ids)
    out = {}
    for f in functions:
        a = {name: entry["value"] for name, entry in used[f.pk].items()}
        out[f.pk] = {"rate_family": f.service_type.rate_family, "hours_per_fte": a["hours_per_fte"],
                     "captive_rate_factor": (1 + a["captive_overhead"]) / (1 + a["vendor_margin"]),
                     "onsite_share": a["onsite_share"], "model_rate_band": a["model_rate_band"]}  # fmt: skip
    return out


def rate_context(assessment: Assessment, functions: list[BusinessFunction]) -> RateContext:
    """functions: with service_type loaded (select_related)."""
    families = {f.service_type.rate_family for f in functions}
    cells = [c for c in rate_cells() if c["family"] in families]
    quotes = quote_records(assessment)
    fx, missing = exchange_rates(assessment, needed_currencies(assessment, cells, quotes))
    per_usd = {r["currency"]: r["units_per_usd"] for r in fx}
    usable = [c for c in cells if c["currency"] in per_usd]
    quotes = [q for q in quotes if q["currency"] in per_usd]
    inputs = RateInputs(table=usable if assessment.currency in per_usd else [], quotes=quotes, per_usd=per_usd,
                        currency=assessment.currency)  # fmt: skip
    return RateContext(inputs=inputs, per_function=function_rate_settings(assessment, functions), fx=fx,
                       missing_currencies=missing)
