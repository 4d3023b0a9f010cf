"""An assessment's own exchange rates: copied from the dated, sourced defaults, editable by its manager or
consultant."""

import re
from datetime import date

from django.db import transaction
from django.utils import timezone

from assessments.domain.currencies import ISO_4217
from assessments.models import Assessment, AssessmentExchangeRate
from assessments.selectors.scoping import EDIT_ROLES, role_for
from assessments.services.errors import InvalidInput, NotEditable
from assessments.services.exchange_rate_copies import fx_rates_ensure
from assessments.services.scoring import assessment_rescore
from outsourcing.domain.exchange_rates import check_units_per_usd

YEAR_OR_DATE = re.compile(r"^(\d{4})(-\d{2}-\d{2})?$")


def ensure_may_price(*, assessment: Assessment, user) -> None:
    """Managers and consultants of the organisation enter quotes and exchange rates, also after submission."""
    if role_for(user, assessment.organisation_id) not in EDIT_ROLES:
        raise NotEditable("Only a manager or consultant of this organisation may change quotes or exchange rates.")


def _check_as_of(as_of: str) -> str:
    as_of = (as_of or "").strip()
    match = YEAR_OR_DATE.match(as_of)
    if not match:
        raise InvalidInput("as_of", f"'{as_of}' is not a year (2024) or a date (2024-12-31)")
    today = timezone.localdate()
    if match.group(2):
        try:
            day = date.fromisoformat(as_of)
        except ValueError:
            raise InvalidInput("as_of", f"'{as_of}' is not a date") from None
        if day > today:
            raise InvalidInput("as_of", f"{as_of} is in the future")
    elif not 1990 <= int(match.group(1)) <= today.year:
        raise InvalidInput("as_of", f"{as_of} is not a year from 1990 to {today.year}")
    return as_of


def rescore_if_submitted(assessment: Assessment, user) -> None:
    """A submitted assessment is scored again so the cost criterion uses the new rate, and its TCO comparison is
    run again with it."""
    if assessment.status == Assessment.Status.SUBMITTED:
        assessment_rescore(assessment=assessment, user=user)


@transaction.atomic
def fx_rate_set(*, assessment: Assessment, user, currency: str, units_per_usd, as_of: str, source: str = ""
                ) -> AssessmentExchangeRate:  # fmt: skip
    """Set how many units of `currency` one US dollar buys for this assessment; InvalidInput names the field."""
    ensure_may_price(assessment=assessment, user=user)
    currency = (currency or "").strip().upper()
    if currency not in ISO_4217:
        raise InvalidInput("currency", f"'{currency}' is not an ISO 4217 currency code (e.g. KRW, USD, EUR)")
    try:
        value = check_units_per_usd(currency, units_per_usd, currencies=ISO_4217)
    except ValueError as exc:
        raise InvalidInput("units_per_usd", str(exc)) from None
    as_of = _check_as_of(as_of)
    source = (source or "").strip()[:300] or f"entered by {getattr(user, 'username', 'a user')}"
    rate, _ = AssessmentExchangeRate.objects.update_or_create(
        assessment=assessment, currency=currency,
        defaults={"units_per_usd": value, "as_of": as_of, "source": source,
                  "changed_by": user if getattr(user, "is_authenticated", False) else None},
    )  # fmt: skip
    rescore_if_submitted(assessment, user)
    return rate


@transaction.atomic
def fx_rate_reset(*, assessment: Assessment, user, currency: str) -> AssessmentExchangeRate | None:
    """Back to the default rate (None when the currency has no default: the assessment's rate is then removed)."""
    ensure_may_price(assessment=assessment, user=user)
    AssessmentExchangeRate.objects.filter(assessment=assessment, currency=currency).delete()
    fx_rates_ensure(assessment=assessment)
    rescore_if_submitted(assessment, user)
    return AssessmentExchangeRate.objects.filter(assessment=assessment, currency=currency).first()


__all__ = ["ensure_may_price", "fx_rate_reset", "fx_rate_set", "fx_rates_ensure"]
