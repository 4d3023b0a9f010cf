"""A consultant accepts (or withdraws the acceptance of) an option above the company's risk appetite.

The acceptance needs a written reason, is audited (assessments/audit.py; the History page shows it)
and re-scores the assessment at once, so the recommendation may now take the accepted option. It
never lifts a hard limit: an excluded option cannot be accepted.
"""

from django.db import transaction

from assessments.models import Assessment, BusinessFunction, Membership, OptionScore, RiskOverride, ScoringRun
from assessments.selectors.scoping import role_for
from assessments.services.errors import NotEditable
from assessments.services.scoring import assessment_rescore

REASON_MAX = 2000


class OverrideRefused(ValueError):
    """The option cannot be accepted: not scored, excluded, or not above the appetite; or no reason given."""


def _ensure_consultant(user, assessment: Assessment) -> None:
    if role_for(user, assessment.organisation_id) != Membership.Role.CONSULTANT:
        raise NotEditable("Only a consultant of this organisation may accept a risk above the appetite.")


@transaction.atomic
def risk_override_create(*, assessment: Assessment, user, function: BusinessFunction, option_id: str,
                         reason: str) -> ScoringRun:  # fmt: skip
    _ensure_consultant(user, assessment)
    reason = (reason or "").strip()
    if not reason:
        raise OverrideRefused("Give the reason for accepting this risk: it is recorded in the history.")
    if len(reason) > REASON_MAX:
        raise OverrideRefused(f"The reason is longer than {REASON_MAX} characters.")
    score = (OptionScore.objects.filter(run__assessment=assessment, function=function, option_id=option_id)
             .order_by("-run__created_at").first())  # fmt: skip
    if score is None:
        raise OverrideRefused("This option is not among the scored options of this function.")
    if score.excluded:
        raise OverrideRefused("A limit of this function excludes this option; a risk acceptance cannot lift it.")
    if not score.above_risk_appetite:
        raise OverrideRefused("This option is within the risk appetite; there is nothing to accept.")
    RiskOverride.objects.update_or_create(assessment=assessment, function=function, option_id=option_id,
                                          defaults={"reason": reason, "created_by": user})  # fmt: skip
    return assessment_rescore(assessment=assessment, user=user)


@transaction.atomic
def risk_override_delete(*, assessment: Assessment, user, function: BusinessFunction, option_id: str) -> ScoringRun:
    _ensure_consultant(user, assessment)
    for override in RiskOverride.objects.filter(assessment=assessment, function=function, option_id=option_id):
        override.delete()  # one by one, so the audit log records each
    return assessment_rescore(assessment=assessment, user=user)
