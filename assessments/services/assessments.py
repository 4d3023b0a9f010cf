"""Writes to assessments. Each multi-row write is one transaction."""

from django.db import transaction
from django.utils import timezone

from assessments.domain.function_limits import clean_function_limits
from assessments.models import Assessment, BusinessFunction, FunctionAnswer, Membership, ProfileAnswer, RiskOverride
from assessments.selectors.assessments import questionnaire_state
from assessments.selectors.limits import limit_catalogue
from assessments.selectors.scoping import EDIT_ROLES, role_for
from assessments.services.errors import AlreadyReopened, AlreadySubmitted, NotEditable, SubmitIncomplete
from assessments.services.scoring import assessment_score
from assessments.services.tco import tco_run_request
from outsourcing.models import Question


def assessment_check_editable(*, assessment: Assessment, user) -> None:
    if role_for(user, assessment.organisation_id) not in EDIT_ROLES:
        raise NotEditable("Only a manager or consultant of this organisation may change it.")
    if not assessment.is_draft:
        raise NotEditable("A submitted assessment is read-only; reopen it as a new draft version to change it.")


def assessment_check_creatable(*, organisation_id: int, user) -> None:
    if role_for(user, organisation_id) not in EDIT_ROLES:
        raise NotEditable("Only a manager or consultant of this organisation may create assessments.")


def assessment_touch(*, assessment: Assessment, user, step: str | None = None) -> None:
    """Note who changed the assessment last, and the questionnaire step to resume at."""
    assessment.updated_by = user
    fields = ["updated_by", "updated_at"]
    if step:
        assessment.last_step = step
        fields.append("last_step")
    assessment.save(update_fields=fields)


@transaction.atomic
def assessment_create(*, organisation_id: int, user, fields: dict, excluded_locations=()) -> Assessment:
    assessment_check_creatable(organisation_id=organisation_id, user=user)
    assessment = Assessment.objects.create(organisation_id=organisation_id, created_by=user, updated_by=user,
                                           last_step=Assessment.Step.PROFILE, **fields)  # fmt: skip
    assessment.excluded_locations.set(excluded_locations)
    return assessment


def _save_profile_answers(assessment: Assessment, answers: dict[str, int | None]) -> None:
    questions = {q.code: q for q in Question.objects.filter(code__in=answers.keys())}
    for code, value in answers.items():
        if value is None:
            ProfileAnswer.objects.filter(assessment=assessment, question=questions[code]).delete()
        else:
            ProfileAnswer.objects.update_or_create(
                assessment=assessment, question=questions[code], defaults={"value": value}
            )


@transaction.atomic
def assessment_update_profile(*, assessment: Assessment, user, fields: dict, excluded_locations,
                              answers: dict[str, int | None]) -> Assessment:  # fmt: skip
    assessment_check_editable(assessment=assessment, user=user)
    for name, value in fields.items():
        setattr(assessment, name, value)
    assessment.updated_by = user
    assessment.save(update_fields=[*fields, "updated_by", "updated_at"])
    assessment.excluded_locations.set(excluded_locations)
    _save_profile_answers(assessment, answers)
    return assessment


@transaction.atomic
def function_save(*, assessment: Assessment, user, function: BusinessFunction | None, fields: dict) -> BusinessFunction:
    assessment_check_editable(assessment=assessment, user=user)
    if function is None:
        last = assessment.functions.order_by("-sort_order").values_list("sort_order", flat=True).first()
        function = BusinessFunction.objects.create(assessment=assessment, sort_order=(last or 0) + 1, **fields)
    else:
        for name, value in fields.items():
            setattr(function, name, value)
        function.save(update_fields=list(fields))
    assessment_touch(assessment=assessment, user=user, step=Assessment.Step.FUNCTIONS)
    return function


@transaction.atomic
def function_delete(*, assessment: Assessment, user, function: BusinessFunction) -> None:
    assessment_check_editable(assessment=assessment, user=user)
    function.delete()
    assessment_touch(assessment=assessment, user=user, step=Assessment.Step.FUNCTIONS)


@transaction.atomic
def function_answers_save(*, assessment: Assessment, user, function: BusinessFunction,
                          answers: dict[str, int | None]) -> None:  # fmt: skip
    """Store the given answers; None clears one. Answers to questions no longer asked are kept, not lost."""
    assessment_check_editable(assessment=assessment, user=user)
    questions = {q.code: q for q in Question.objects.filter(code__in=answers.keys(), scope=Question.Scope.FUNCTION)}
    for code, value in answers.items():
        if code not in questions:
            continue
        if value is None:
            FunctionAnswer.objects.filter(function=function, question=questions[code]).delete()
        else:
            FunctionAnswer.objects.update_or_create(
                function=function, question=questions[code], defaults={"value": value}
            )
    assessment_touch(assessment=assessment, user=user, step=Assessment.Step.QUESTIONS)


def _lock(assessment: Assessment) -> str:
    """Hold the assessment's row lock until commit and return its status as committed now: simultaneous submits,
    reopens and run requests of one assessment take turns, and each sees what the one before it committed."""
    return Assessment.objects.select_for_update().filter(pk=assessment.pk).values_list("status", flat=True).get()


@transaction.atomic
def function_limits_save(*, assessment: Assessment, user, function: BusinessFunction, limits: dict) -> BusinessFunction:
    """Store a function's limits (languages, data residency, exclusions, in-house only, share limit).

    Checked against the catalogue first (LimitsInvalid names each bad field); nothing is saved on error.
    """
    assessment_check_editable(assessment=assessment, user=user)
    clean = clean_function_limits(limits, limit_catalogue())
    for name, value in clean.items():
        setattr(function, name, value)
    if clean:
        function.save(update_fields=list(clean))
    assessment_touch(assessment=assessment, user=user, step=Assessment.Step.QUESTIONS)
    return function


@transaction.atomic
def assessment_submit(*, assessment: Assessment, user) -> Assessment:
    """Raises AlreadySubmitted when it was submitted meanwhile (e.g. the same button pressed twice)."""
    if role_for(user, assessment.organisation_id) not in EDIT_ROLES:
        raise NotEditable("Only a manager or consultant of this organisation may change it.")
    if _lock(assessment) != Assessment.Status.DRAFT:
        raise AlreadySubmitted("This assessment has already been submitted.", existing=assessment)
    state = questionnaire_state(assessment)
    missing = [f"profile:{code}" for code in state.profile_missing]
    if not state.functions:
        missing.append("functions")
    for fs in state.functions:
        missing.extend(f"function:{fs.function.pk}:{code}" for code in fs.missing)
    if missing:
        raise SubmitIncomplete(missing)
    assessment.status = Assessment.Status.SUBMITTED
    assessment.submitted_at = timezone.now()
    assessment.updated_by = user
    assessment.last_step = Assessment.Step.REVIEW
    assessment.save(update_fields=["status", "submitted_at", "updated_by", "last_step", "updated_at"])
    assessment_score(assessment=assessment, user=user)
    tco_run_request(assessment=assessment, user=user)  # queued after commit; runs in a worker (or in-process)
    return assessment


def _copy(assessment: Assessment, user, **overrides) -> Assessment:
    """A new draft with the same profile, functions and answers (the original is untouched)."""
    source_pk = assessment.pk
    excluded = list(assessment.excluded_locations.values_list("pk", flat=True))
    functions = list(BusinessFunction.objects.filter(assessment_id=source_pk).prefetch_related("answers"))
    profile = list(ProfileAnswer.objects.filter(assessment_id=source_pk))
    copy = Assessment.objects.get(pk=source_pk)
    copy.pk = None
    copy.id = None
    copy._state.adding = True
    copy.status = Assessment.Status.DRAFT
    copy.submitted_at = None
    copy.created_by = user
    copy.updated_by = user
    copy.last_step = Assessment.Step.PROFILE
    copy.previous_version = None
    for name, value in overrides.items():
        setattr(copy, name, value)
    copy.save()
    copy.excluded_locations.set(excluded)
    ProfileAnswer.objects.bulk_create(
        [ProfileAnswer(assessment=copy, question_id=a.question_id, value=a.value) for a in profile]
    )
    overrides = list(RiskOverride.objects.filter(assessment_id=source_pk))
    new_answers, new_ids = [], {}
    for function in functions:
        answers = list(function.answers.all())
        old_pk = function.pk
        function.pk = None
        function.id = None
        function._state.adding = True
        function.assessment = copy
        function.save()
        new_ids[old_pk] = function.pk
        new_answers.extend(FunctionAnswer(function=function, question_id=a.question_id, value=a.value) for a in answers)
    FunctionAnswer.objects.bulk_create(new_answers)
    # A consultant's acceptance of a risk travels with the function to the new version (still audited there).
    for override in overrides:
        RiskOverride.objects.create(assessment=copy, function_id=new_ids[override.function_id],
                                    option_id=override.option_id, reason=override.reason, created_by=user)  # fmt: skip
    return copy


@transaction.atomic
def assessment_reopen(*, assessment: Assessment, user) -> Assessment:
    """A submitted assessment becomes the previous version of a new draft; its answers stay readable.

    Raises AlreadyReopened (naming the draft) when this version was reopened already, also by a request
    running at the same moment: they take turns on the assessment's row lock.
    """
    if role_for(user, assessment.organisation_id) not in EDIT_ROLES:
        raise NotEditable("Only a manager or consultant may reopen an assessment.")
    if _lock(assessment) == Assessment.Status.DRAFT:
        raise NotEditable("Only a submitted assessment can be reopened.")
    newer = Assessment.objects.filter(previous_version=assessment).first()
    if newer is not None:
        raise AlreadyReopened("This version has already been reopened; open the newer draft instead.", existing=newer)
    return _copy(assessment, user, version=assessment.version + 1, previous_version=assessment)


@transaction.atomic
def assessment_duplicate(*, assessment: Assessment, user, name: str) -> Assessment:
    """A new draft copied from the assessment, read under its row lock so the copy is of one committed state."""
    assessment_check_creatable(organisation_id=assessment.organisation_id, user=user)
    _lock(assessment)
    return _copy(assessment, user, name=name, version=1)


@transaction.atomic
def assessment_delete(*, assessment: Assessment, user) -> None:
    if role_for(user, assessment.organisation_id) not in {Membership.Role.MANAGER, Membership.Role.CONSULTANT}:
        raise NotEditable("Only a manager or consultant may delete an assessment.")
    assessment.delete()
