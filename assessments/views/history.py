"""An assessment's audit trail: who changed what, when, old → new.

Managers and consultants of the assessment's organisation see it (they are the ones who change things);
viewers do not: the trail names colleagues and shows superseded figures, which a read-only role does not need.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from assessments.selectors.assessments import assessment_for
from assessments.selectors.history import history_entries, history_rows
from assessments.selectors.scoping import EDIT_ROLES, role_for

PAGE_SIZE = 50


@login_required
@require_GET
def history(request, pk):
    assessment = assessment_for(request.user, pk)
    if role_for(request.user, assessment.organisation_id) not in EDIT_ROLES:
        raise PermissionDenied
    page = Paginator(history_entries(assessment), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "assessments/history.html",
                  {"assessment": assessment, "page": page, "rows": history_rows(list(page), assessment)})  # fmt: skip
