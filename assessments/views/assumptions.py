"""A consultant edits the TCO assumptions for the whole assessment or for one function."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from assessments.domain.tco import DEFAULT_ASSUMPTIONS
from assessments.forms import AssumptionsForm
from assessments.models import Membership
from assessments.selectors.assessments import assessment_for, function_for
from assessments.selectors.scoping import role_for
from assessments.services.assumptions import assumptions_update


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk):
    assessment = assessment_for(request.user, pk)
    if role_for(request.user, assessment.organisation_id) != Membership.Role.CONSULTANT:
        raise PermissionDenied
    function = None
    if request.GET.get("function"):
        function = function_for(request.user, assessment, request.GET["function"])
    current = (function.tco_overrides if function else assessment.tco_assumptions) or {}
    if request.method == "POST":
        form = AssumptionsForm(request.POST, defaults=DEFAULT_ASSUMPTIONS)
        if form.is_valid():
            try:
                run = assumptions_update(assessment=assessment, user=request.user, values=form.values(),
                                         function=function)  # fmt: skip
            except ValueError as exc:
                name = next((n for n in DEFAULT_ASSUMPTIONS if f"'{n}'" in str(exc) or n in str(exc)), None)
                form.add_error(name, str(exc))
            else:
                messages.success(request, _("Assumptions saved; the TCO comparison is running again with them.")
                                 if run is not None else
                                 _("Assumptions saved. They are used when the assessment is submitted."))  # fmt: skip
                return redirect("assessments:tco", pk=pk)
    else:
        form = AssumptionsForm(initial=current, defaults=DEFAULT_ASSUMPTIONS)
    return render(request, "assessments/assumptions.html", {
        "assessment": assessment, "function": function, "form": form, "defaults": DEFAULT_ASSUMPTIONS,
        "functions": assessment.functions.all(),
    })  # fmt: skip
