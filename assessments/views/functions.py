"""Step 2: business functions, added, edited and removed inline (htmx) without a page reload.

Every endpoint also works as a plain form post (it then redirects back to the step page).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from assessments.forms import BusinessFunctionForm
from assessments.models import Assessment
from assessments.selectors.assessments import assessment_for, function_for, questionnaire_state
from assessments.services import assessments as services
from assessments.views.common import can_edit, require_edit
from outsourcing.models import ServiceType


def _service_types():
    return ServiceType.objects.select_related("category").order_by("category__sort_order", "sort_order")


@login_required
def functions(request, pk):
    assessment = assessment_for(request.user, pk)
    if not can_edit(request.user, assessment):
        return redirect("assessments:review", pk=pk)
    state = questionnaire_state(assessment)
    return render(request, "assessments/step_functions.html", {
        "assessment": assessment, "state": state, "step": "functions", "editable": True, "steps": Assessment.Step,
        "new_form": BusinessFunctionForm(service_types=_service_types(), prefix="new"),
    })  # fmt: skip


def _row(request, assessment, function, *, form=None, saved=False, status=200):
    return render(request, "assessments/_function_row.html",
                  {"assessment": assessment, "function": function, "form": form, "saved": saved,
                   "editable": True}, status=status)  # fmt: skip


@login_required
@require_POST
def function_add(request, pk):
    assessment = assessment_for(request.user, pk)
    require_edit(request.user, assessment)
    form = BusinessFunctionForm(request.POST, service_types=_service_types(), prefix="new")
    if form.is_valid():
        function = services.function_save(assessment=assessment, user=request.user, function=None,
                                          fields=form.model_fields())  # fmt: skip
        if not request.htmx:
            messages.success(request, _("Function added."))
            return redirect("assessments:functions", pk=pk)
        response = _row(request, assessment, function, saved=True)
        response["HX-Trigger"] = "functions-changed"
        return response
    if not request.htmx:
        messages.error(request, _("Not added: please correct the fields marked below."))
        state = questionnaire_state(assessment)
        return render(request, "assessments/step_functions.html", {
            "assessment": assessment, "state": state, "step": "functions", "editable": True,
            "steps": Assessment.Step, "new_form": form}, status=422)  # fmt: skip
    # htmx: re-render the add form with its errors and everything typed (retarget to the form)
    response = render(request, "assessments/_function_add_form.html",
                      {"assessment": assessment, "new_form": form}, status=422)  # fmt: skip
    response["HX-Retarget"] = "#add-function"
    response["HX-Reswap"] = "outerHTML"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def function_edit(request, pk, function_pk):
    assessment = assessment_for(request.user, pk)
    function = function_for(request.user, assessment, function_pk)
    require_edit(request.user, assessment)
    prefix = f"fn{function.pk}"
    if request.method == "GET":
        if request.GET.get("cancel"):
            return _row(request, assessment, function)
        form = BusinessFunctionForm(instance=function, service_types=_service_types(), prefix=prefix)
        return _row(request, assessment, function, form=form)
    form = BusinessFunctionForm(request.POST, instance=function, service_types=_service_types(), prefix=prefix)
    if form.is_valid():
        function = services.function_save(assessment=assessment, user=request.user, function=function,
                                          fields=form.model_fields())  # fmt: skip
        if not request.htmx:
            return redirect("assessments:functions", pk=pk)
        response = _row(request, assessment, function, saved=True)
        response["HX-Trigger"] = "functions-changed"
        return response
    function.refresh_from_db()  # the row shows what is saved; the form keeps what was typed
    return _row(request, assessment, function, form=form, status=422)


@login_required
@require_POST
def function_delete(request, pk, function_pk):
    assessment = assessment_for(request.user, pk)
    function = function_for(request.user, assessment, function_pk)
    require_edit(request.user, assessment)
    services.function_delete(assessment=assessment, user=request.user, function=function)
    if not request.htmx:
        messages.success(request, _("Function removed."))
        return redirect("assessments:functions", pk=pk)
    response = HttpResponse("")
    response["HX-Trigger"] = "functions-changed"
    return response


@login_required
def progress_badge(request, pk):
    """The progress indicator alone, refreshed after inline changes."""
    assessment = assessment_for(request.user, pk)
    return render(request, "assessments/_progress.html", {"assessment": assessment,
                                                          "state": questionnaire_state(assessment)})  # fmt: skip
