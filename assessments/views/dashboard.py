"""The dashboard: a user's assessments per organisation; create, duplicate, delete."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from assessments.forms import AssessmentCreateForm
from assessments.selectors.assessments import assessment_for, assessments_for, progress_by_assessment
from assessments.selectors.dashboard import dashboard_summaries
from assessments.selectors.scoping import EDIT_ROLES, organisations_for, roles_by_organisation
from assessments.services import assessments as services
from assessments.views.common import active_organisation, resume
from outsourcing.models import Location


@login_required
def dashboard(request):
    assessments = list(assessments_for(request.user).order_by("organisation__name", "-updated_at"))
    progress = progress_by_assessment(assessments)
    summaries = dashboard_summaries(assessments)
    roles = roles_by_organisation(request.user)
    groups = []
    for organisation in organisations_for(request.user):
        rows = [(a, progress[a.pk], summaries.get(a.pk)) for a in assessments if a.organisation_id == organisation.pk]
        groups.append({"organisation": organisation, "role": roles.get(organisation.pk), "rows": rows,
                       "can_edit": roles.get(organisation.pk) in EDIT_ROLES})  # fmt: skip
    return render(request, "assessments/dashboard.html",
                  {"groups": groups, "active": active_organisation(request)})  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def create(request):
    organisation = active_organisation(request)
    if organisation is None or roles_by_organisation(request.user).get(organisation.pk) not in EDIT_ROLES:
        raise PermissionDenied
    form_kwargs = {"locations": Location.objects.all(), "profile_questions": ()}
    if request.method == "POST":
        form = AssessmentCreateForm(request.POST, **form_kwargs)
        if form.is_valid():
            assessment = services.assessment_create(
                organisation_id=organisation.pk, user=request.user, fields=form.model_fields(),
                excluded_locations=form.cleaned_data["excluded_locations"],
            )
            messages.success(request, _("Assessment created. Describe the company next."))
            return redirect("assessments:profile", pk=assessment.pk)
    else:
        form = AssessmentCreateForm(initial={"currency": "KRW", "horizon_years": 5, "discount_rate_pct": "8.00"},
                                    **form_kwargs)  # fmt: skip
    return render(request, "assessments/create.html", {"form": form, "organisation": organisation})


@login_required
def open_assessment(request, pk):
    return resume(assessment_for(request.user, pk))


@login_required
@require_POST
def duplicate(request, pk):
    assessment = assessment_for(request.user, pk)
    copy = services.assessment_duplicate(
        assessment=assessment, user=request.user, name=_("Copy of %(name)s") % {"name": assessment.name}
    )
    messages.success(request, _("Duplicated as “%(name)s”.") % {"name": copy.name})
    return redirect("assessments:dashboard")


@login_required
@require_http_methods(["GET", "POST"])
def delete(request, pk):
    assessment = assessment_for(request.user, pk)
    if roles_by_organisation(request.user).get(assessment.organisation_id) not in EDIT_ROLES:
        raise PermissionDenied
    if request.method == "POST":
        name = str(assessment)
        services.assessment_delete(assessment=assessment, user=request.user)
        messages.success(request, _("Deleted “%(name)s”.") % {"name": name})
        return redirect("assessments:dashboard")
    return render(request, "assessments/confirm_delete.html", {"assessment": assessment})

