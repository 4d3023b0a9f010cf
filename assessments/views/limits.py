"""A function's hard limits in the questionnaire, and a consultant's acceptance of a risk above the appetite."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessments.domain.function_limits import LimitsInvalid
from assessments.forms import FunctionLimitsForm, RiskOverrideForm
from assessments.selectors.assessments import assessment_for, function_for
from assessments.services import assessments as services
from assessments.services.risk_overrides import OverrideRefused, risk_override_create, risk_override_delete
from assessments.views.common import require_edit
from outsourcing.models import Location


def limits_form(assessment, function, data=None) -> FunctionLimitsForm:
    return FunctionLimitsForm(data, initial=FunctionLimitsForm.initial_for(function), prefix=f"lim{function.pk}",
                              locations=list(Location.objects.all()), home=assessment.home_country,
                              company_languages=assessment.required_languages or [])  # fmt: skip


@login_required
@require_POST
def save_limits(request, pk, function_pk):
    """Plain post or htmx: store the limits, or show what is wrong and keep what was typed (status 422)."""
    assessment = assessment_for(request.user, pk)
    function = function_for(request.user, assessment, function_pk)
    require_edit(request.user, assessment)
    form = limits_form(assessment, function, request.POST)
    saved = False
    if form.is_valid():
        try:
            function = services.function_limits_save(assessment=assessment, user=request.user, function=function,
                                                      limits=form.limits())  # fmt: skip
            saved = True
        except LimitsInvalid as invalid:
            for name, message in invalid.errors.items():
                form.add_error(name if name in form.fields else None, message)
    if not request.htmx:
        if saved:
            messages.success(request, _("Limits saved."))
        else:
            messages.error(request, _("Limits not saved: please correct the fields marked below."))
        return redirect(reverse("assessments:questions", args=[pk]) + f"#limits-{function.pk}")
    fresh = limits_form(assessment, function) if saved else form
    return render(request, "assessments/_function_limits.html",
                  {"assessment": assessment, "function": function, "limits_form": fresh, "limits_saved": saved,
                   "open": True}, status=200 if saved else 422)  # fmt: skip


@login_required
@require_POST
def risk_override(request, pk, function_pk):
    """A consultant accepts (or, with `withdraw`, withdraws) a flagged option; the assessment is re-scored."""
    assessment = assessment_for(request.user, pk)
    function = function_for(request.user, assessment, function_pk)
    back = reverse("assessments:results-function", args=[pk, function.pk])
    if request.POST.get("withdraw"):
        risk_override_delete(assessment=assessment, user=request.user, function=function,
                             option_id=request.POST.get("option_id", ""))  # fmt: skip
        messages.success(request, _("Acceptance withdrawn; the assessment was scored again."))
        return redirect(back)
    form = RiskOverrideForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Not accepted: give the reason (up to 2,000 characters)."))
        return redirect(back)
    try:
        risk_override_create(assessment=assessment, user=request.user, function=function,
                             option_id=form.cleaned_data["option_id"], reason=form.cleaned_data["reason"])  # fmt: skip
    except OverrideRefused as refused:
        messages.error(request, str(refused))
        return redirect(back)
    messages.success(request, _("Risk accepted with your reason (recorded in the history); "
                                "the assessment was scored again."))  # fmt: skip
    return redirect(back)
