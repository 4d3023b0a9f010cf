"""Small helpers shared by the assessment views."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

from assessments.models import Assessment
from assessments.selectors.scoping import EDIT_ROLES, organisations_for, role_for

SESSION_ORGANISATION = "organisation_id"


def active_organisation(request):
    """The organisation chosen on the switch page, or the user's first one; None if the user has none."""
    organisations = list(organisations_for(request.user))
    chosen = request.session.get(SESSION_ORGANISATION)
    return next((o for o in organisations if o.pk == chosen), organisations[0] if organisations else None)


def can_edit(user, assessment: Assessment) -> bool:
    return assessment.is_draft and role_for(user, assessment.organisation_id) in EDIT_ROLES


def require_edit(user, assessment: Assessment) -> None:
    if not can_edit(user, assessment):
        raise PermissionDenied


def step_url(assessment: Assessment) -> str:
    step = assessment.last_step if assessment.is_draft else Assessment.Step.REVIEW
    return f"assessments:{step}"


def resume(assessment: Assessment):
    return redirect(step_url(assessment), pk=assessment.pk)
