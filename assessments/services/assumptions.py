"""A consultant's overrides of the TCO assumptions, for the whole assessment or one function."""

from django.db import transaction

from assessments.domain.tco import resolve_assumptions
from assessments.models import Assessment, BusinessFunction, Membership, TcoRun
from assessments.selectors.scoping import role_for
from assessments.services.errors import NotEditable
from assessments.services.tco import tco_run_request_if_scored


def _check(assessment: Assessment, values: dict, function: BusinessFunction | None) -> None:
    """Raises ValueError naming the assumption when a value is unknown or out of its bounds."""
    base = dict(assessment.tco_assumptions or {})
    if function is None:
        resolve_assumptions(values, {}, [0])
    else:
        resolve_assumptions(base, {function.pk: values}, [function.pk])


@transaction.atomic
def assumptions_update(*, assessment: Assessment, user, values: dict,
                       function: BusinessFunction | None = None) -> TcoRun | None:  # fmt: skip
    """Store the overrides; a scored assessment's TCO comparison is run again with them (queued after commit).
    Returns that run, or None when the assessment has no scores yet (its first run uses them)."""
    if role_for(user, assessment.organisation_id) != Membership.Role.CONSULTANT:
        raise NotEditable("Only a consultant of this organisation may change the TCO assumptions.")
    _check(assessment, values, function)
    if function is None:
        assessment.tco_assumptions = values
        assessment.updated_by = user
        assessment.save(update_fields=["tco_assumptions", "updated_by", "updated_at"])
    else:
        function.tco_overrides = values
        function.save(update_fields=["tco_overrides"])
    return tco_run_request_if_scored(assessment=assessment, user=user)
