"""The questionnaire steps: company profile, questions per function, review, submit, reopen.

Business functions (step 2) live in views/functions.py.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from assessments.forms import AssessmentProfileForm, FunctionAnswersForm, FunctionLimitsForm
from assessments.models import Assessment
from assessments.selectors.assessments import assessment_for, function_for, questionnaire_state
from assessments.selectors.scoping import EDIT_ROLES, role_for
from assessments.services import assessments as services
from assessments.services.errors import AlreadyReopened, AlreadySubmitted, SubmitIncomplete
from assessments.views.common import can_edit, require_edit
from outsourcing.models import Location


def _context(request, assessment, state, step, **extra):
    return {"assessment": assessment, "state": state, "step": step, "editable": can_edit(request.user, assessment),
            "steps": Assessment.Step, **extra}  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def profile(request, pk):
    assessment = assessment_for(request.user, pk)
    if not can_edit(request.user, assessment):
        return redirect("assessments:review", pk=pk)
    state = questionnaire_state(assessment)
    form_kwargs = {"profile_questions": state.profile_questions, "locations": Location.objects.all(),
                   "instance": assessment}  # fmt: skip
    if request.method == "POST":
        form = AssessmentProfileForm(request.POST, **form_kwargs)
        if form.is_valid():
            services.assessment_update_profile(
                assessment=assessment, user=request.user, fields=form.model_fields(),
                excluded_locations=form.cleaned_data["excluded_locations"], answers=form.answers(),
            )  # fmt: skip
            messages.success(request, _("Saved."))
            if "continue" in request.POST:
                return redirect("assessments:functions", pk=pk)
            return redirect("assessments:profile", pk=pk)
        messages.error(request, _("Not saved: please correct the fields marked below."))
    else:
        initial = {f"q_{code}": value for code, value in state.profile_answers.items()}
        form = AssessmentProfileForm(initial=initial, **form_kwargs)
    return render(request, "assessments/step_profile.html", _context(request, assessment, state, "profile", form=form))


@login_required
def questions(request, pk):
    assessment = assessment_for(request.user, pk)
    state = questionnaire_state(assessment)
    editable = can_edit(request.user, assessment)
    if not editable:
        return redirect("assessments:review", pk=pk)
    cards = [
        (fs, FunctionAnswersForm(initial=fs.answers, questions=fs.questions, prefix=f"f{fs.function.pk}"),
         _next_incomplete(state, fs))
        for fs in state.functions
    ]  # fmt: skip
    locations = list(Location.objects.all())
    for fs, _form, _next in cards:
        fs.limits_form = FunctionLimitsForm(
            initial=FunctionLimitsForm.initial_for(fs.function), prefix=f"lim{fs.function.pk}", locations=locations,
            home=assessment.home_country, company_languages=assessment.required_languages or [],
        )  # fmt: skip
    first_open = next((fs for fs in state.functions if fs.missing), None)
    return render(request, "assessments/step_questions.html",
                  _context(request, assessment, state, "questions", cards=cards,
                           open_pk=first_open.function.pk if first_open else None))  # fmt: skip


def _next_incomplete(state, current):
    """The first function after `current` (then from the top) that still misses answers, or None."""
    functions = state.functions
    index = next(i for i, fs in enumerate(functions) if fs.function.pk == current.function.pk)
    return next((fs for fs in functions[index + 1:] + functions[:index] if fs.missing), None)


@login_required
@require_POST
def save_answers(request, pk, function_pk):
    """Autosave of one function's answers (htmx) or a plain form post; answers the updated card."""
    assessment = assessment_for(request.user, pk)
    function = function_for(request.user, assessment, function_pk)
    require_edit(request.user, assessment)
    state = questionnaire_state(assessment)
    fs = next(f for f in state.functions if f.function.pk == function.pk)
    form = FunctionAnswersForm(request.POST, questions=fs.questions, prefix=f"f{function.pk}")
    saved = form.is_valid()
    if saved:
        services.function_answers_save(assessment=assessment, user=request.user, function=function,
                                       answers=form.answers())  # fmt: skip
        state = questionnaire_state(assessment)
        fs = next(f for f in state.functions if f.function.pk == function.pk)
    if not request.htmx:
        if saved:
            messages.success(request, _("Saved."))
        else:
            messages.error(request, _("Not saved: please correct the answers marked below."))
        return redirect("assessments:questions", pk=pk)
    # Follow-up questions are rendered from what is saved, keeping what the user has already chosen.
    followups = FunctionAnswersForm(initial=fs.answers, questions=fs.questions, prefix=f"f{function.pk}")
    response = render(request, "assessments/_function_saved.html",
                      {"assessment": assessment, "fs": fs, "form": form if not saved else followups, "saved": saved,
                       "next_fs": _next_incomplete(state, fs)})  # fmt: skip
    if saved:
        response["HX-Trigger"] = "answers-changed"
    else:
        response.status_code = 422
    return response


@login_required
def review(request, pk):
    assessment = assessment_for(request.user, pk)
    state = questionnaire_state(assessment)
    if can_edit(request.user, assessment) and assessment.last_step != Assessment.Step.REVIEW:
        services.assessment_touch(assessment=assessment, user=request.user, step=Assessment.Step.REVIEW)
    can_reopen = (
        not assessment.is_draft
        and role_for(request.user, assessment.organisation_id) in EDIT_ROLES
        and not Assessment.objects.filter(previous_version=assessment).exists()
    )
    return render(request, "assessments/step_review.html",
                  _context(request, assessment, state, "review", can_reopen=can_reopen))  # fmt: skip


@login_required
@require_POST
def submit(request, pk):
    """Submit, then the results (scored at once; the TCO comparison follows in the background with its progress).

    Pressed twice, or in two tabs: the second press finds it submitted and shows the same results.
    """
    assessment = assessment_for(request.user, pk)
    if role_for(request.user, assessment.organisation_id) not in EDIT_ROLES:
        raise PermissionDenied
    try:
        services.assessment_submit(assessment=assessment, user=request.user)
    except SubmitIncomplete as incomplete:
        messages.error(request, _("Not submitted: %(count)s required answers are missing; they are listed below.")
                       % {"count": len(incomplete.missing)})  # fmt: skip
        return redirect("assessments:review", pk=pk)
    except AlreadySubmitted:
        messages.info(request, _("This assessment had already been submitted; these are its results."))
        return redirect("assessments:results", pk=pk)
    messages.success(request, _("Submitted: here are the results. The assessment is now read-only; reopen it to "
                                "make a new version."))  # fmt: skip
    return redirect("assessments:results", pk=pk)


@login_required
@require_POST
def reopen(request, pk):
    """A new draft version. Pressed twice, or by two people at once: one draft, and everyone is taken to it."""
    assessment = assessment_for(request.user, pk)
    try:
        new = services.assessment_reopen(assessment=assessment, user=request.user)
    except AlreadyReopened as done:
        messages.info(request, _("Version %(version)s had already been opened as a draft; here it is.")
                      % {"version": done.existing.version})  # fmt: skip
        return redirect("assessments:profile", pk=done.existing.pk)
    messages.success(request, _("Version %(version)s opened as a draft; version %(old)s stays readable.")
                     % {"version": new.version, "old": assessment.version})  # fmt: skip
    return redirect("assessments:profile", pk=new.pk)
