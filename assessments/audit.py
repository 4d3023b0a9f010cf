"""What the audit trail records: assessments (profile, status, criterion weights, TCO assumptions),
business functions (incl. their TCO overrides and limits), profile and function answers, the
consultants' risk overrides (an option accepted above the risk appetite, with the reason), vendor
quotes and the assessment's exchange rates.

Bookkeeping fields that change on every save are left out, so a save that only moves them writes
no entry. The parent's id (and an answer's question) is kept with each entry (serialized_data), so an
assessment's history still finds the changes of a function or answer after it was deleted.
"""

from auditlog.registry import auditlog

from assessments.models import (
    Assessment,
    AssessmentExchangeRate,
    BusinessFunction,
    FunctionAnswer,
    ProfileAnswer,
    RiskOverride,
    VendorQuote,
)

BOOKKEEPING = ["updated_at", "updated_by", "created_at", "last_step"]


def register_audited_models() -> None:
    auditlog.register(Assessment, exclude_fields=BOOKKEEPING, m2m_fields={"excluded_locations"})
    auditlog.register(BusinessFunction, exclude_fields=["created_at", "sort_order"],
                      serialize_data=True, serialize_kwargs={"fields": ["assessment"]})  # fmt: skip
    auditlog.register(ProfileAnswer, serialize_data=True, serialize_kwargs={"fields": ["assessment", "question"]})
    auditlog.register(FunctionAnswer, serialize_data=True, serialize_kwargs={"fields": ["function", "question"]})
    # A consultant's acceptance of an option above the risk appetite, with its reason
    auditlog.register(RiskOverride, exclude_fields=["created_at"], serialize_data=True,
                      serialize_kwargs={"fields": ["assessment", "function", "option_id"]})  # fmt: skip
    auditlog.register(VendorQuote, exclude_fields=["created_at", "updated_at"], serialize_data=True,
                      serialize_kwargs={"fields": ["assessment", "function"]})  # fmt: skip
    auditlog.register(AssessmentExchangeRate, exclude_fields=["updated_at"], serialize_data=True,
                      serialize_kwargs={"fields": ["assessment"]})  # fmt: skip
