"""Vendor quotes: a provider's price for one function at one location (and engagement form), entered by a
manager or consultant. A quote replaces the rate book for that pair in the scoring and the TCO."""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils import timezone

from assessments.domain.currencies import ISO_4217
from assessments.models import Assessment, AssessmentExchangeRate, BusinessFunction, VendorQuote
from assessments.services.errors import InvalidInput
from assessments.services.exchange_rates import ensure_may_price, fx_rates_ensure, rescore_if_submitted
from outsourcing.models import ExchangeRate, Location

FIELDS = ("function", "location", "engagement", "unit", "amount", "currency", "quote_date", "provider", "note")
MAX_AMOUNT = Decimal("1e15")


def _clean(assessment: Assessment, values: dict) -> dict:
    """Every field checked; InvalidInput names the first bad one. Returns model-ready values."""
    out = dict(values)
    function = values.get("function")
    if not isinstance(function, BusinessFunction) or function.assessment_id != assessment.pk:
        raise InvalidInput("function", "choose one of this assessment's functions")
    location = values.get("location")
    if isinstance(location, str):
        location = Location.objects.filter(iso2=location.strip().upper()).first()
    if not isinstance(location, Location):
        raise InvalidInput("location", "choose a location of the catalogue (ISO 3166 code such as IN)")
    out["location"] = location
    engagement = values.get("engagement") or ""
    if engagement not in VendorQuote.Engagement.values:
        forms = ", ".join(v for v in VendorQuote.Engagement.values if v)
        raise InvalidInput("engagement", f"'{engagement}' is not one of {forms} (or empty for every vendor form)")
    out["engagement"] = engagement
    if values.get("unit") not in VendorQuote.Unit.values:
        raise InvalidInput("unit", f"'{values.get('unit')}' is not hourly or annual")
    try:
        amount = Decimal(str(values.get("amount")))
    except (InvalidOperation, ValueError, TypeError):
        raise InvalidInput("amount", f"'{values.get('amount')}' is not a number") from None
    if not amount.is_finite() or amount <= 0:
        raise InvalidInput("amount", "must be above zero")
    if amount > MAX_AMOUNT:
        raise InvalidInput("amount", "is too large")
    out["amount"] = amount.quantize(Decimal("0.01"))
    if out["amount"] <= 0:
        raise InvalidInput("amount", "must be at least 0.01")
    currency = str(values.get("currency") or "").strip().upper()
    if currency not in ISO_4217:
        raise InvalidInput("currency", f"'{currency}' is not an ISO 4217 currency code (e.g. USD, EUR, KRW)")
    has_rate = (AssessmentExchangeRate.objects.filter(assessment=assessment, currency=currency).exists()
                or ExchangeRate.objects.filter(currency=currency).exists() or currency == "USD")  # fmt: skip
    if not has_rate:
        raise InvalidInput("currency", f"there is no exchange rate for {currency}: add one (units per US dollar) "
                                       "under Exchange rates first")
    out["currency"] = currency
    day = values.get("quote_date")
    if isinstance(day, str):
        try:
            day = date.fromisoformat(day)
        except ValueError:
            raise InvalidInput("quote_date", f"'{day}' is not a date (YYYY-MM-DD)") from None
    if not isinstance(day, date):
        raise InvalidInput("quote_date", "is required (YYYY-MM-DD)")
    if day > timezone.localdate():
        raise InvalidInput("quote_date", f"{day.isoformat()} is in the future: enter the date the quote was given")
    out["quote_date"] = day
    out["provider"] = str(values.get("provider") or "").strip()[:200]
    out["note"] = str(values.get("note") or "").strip()
    return {k: out[k] for k in FIELDS}


def _save(quote: VendorQuote) -> VendorQuote:
    try:
        with transaction.atomic():
            # A new quote is inserted; an edited one writes only what a quote's form can change.
            quote.save(update_fields=[*FIELDS, "updated_at"] if quote.pk else None)
    except IntegrityError:
        raise InvalidInput("engagement", "this function already has a quote for that location and engagement form: "
                                         "change that one") from None
    return quote


@transaction.atomic
def quote_create(*, assessment: Assessment, user, **values) -> VendorQuote:
    ensure_may_price(assessment=assessment, user=user)
    quote = _save(VendorQuote(assessment=assessment, created_by=user if getattr(user, "is_authenticated", False)
                              else None, **_clean(assessment, values)))  # fmt: skip
    fx_rates_ensure(assessment=assessment)
    rescore_if_submitted(assessment, user)
    return quote


@transaction.atomic
def quote_update(*, quote: VendorQuote, user, **values) -> VendorQuote:
    assessment = quote.assessment
    ensure_may_price(assessment=assessment, user=user)
    current = {name: getattr(quote, name) for name in FIELDS}
    for name, value in _clean(assessment, current | values).items():
        setattr(quote, name, value)
    _save(quote)
    fx_rates_ensure(assessment=assessment)
    rescore_if_submitted(assessment, user)
    return quote


@transaction.atomic
def quote_delete(*, quote: VendorQuote, user) -> None:
    assessment = quote.assessment
    ensure_may_price(assessment=assessment, user=user)
    quote.delete()
    rescore_if_submitted(assessment, user)
