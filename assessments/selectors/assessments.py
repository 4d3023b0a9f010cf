"""Reads of assessments and the questionnaire state, in a fixed number of queries."""

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from assessments.domain import questionnaire as q
from assessments.models import Assessment, BusinessFunction, FunctionAnswer, ProfileAnswer
from assessments.selectors.scoping import get_scoped_or_404, scope_to_user
from outsourcing.models import Question


def assessments_for(user) -> QuerySet[Assessment]:
    return scope_to_user(Assessment.objects.all(), user).select_related("organisation", "home_country", "updated_by")


def assessment_for(user, pk) -> Assessment:
    return get_scoped_or_404(Assessment.objects.select_related("organisation", "home_country"), user, pk=pk)


def function_for(user, assessment: Assessment, pk) -> BusinessFunction:
    queryset = BusinessFunction.objects.filter(assessment=assessment).select_related("service_type__category")
    return get_scoped_or_404(queryset, user, pk=pk)


def question_defs(questions) -> list[q.QuestionDef]:
    return [
        q.QuestionDef(code=x.code, scope=x.scope, required=x.required, categories=tuple(x.categories or ()),
                      condition=x.condition or {}, values=tuple(c["value"] for c in x.choices))
        for x in questions
    ]  # fmt: skip


@dataclass
class FunctionState:
    function: BusinessFunction
    answers: dict[str, int]
    questions: list[Question]  # applicable, in order
    missing: list[str]

    @property
    def required_count(self) -> int:
        return sum(1 for q in self.questions if q.required)

    @property
    def answered_count(self) -> int:
        return self.required_count - len(self.missing)


@dataclass
class QuestionnaireState:
    assessment: Assessment
    profile_questions: list[Question]
    profile_answers: dict[str, int]
    profile_missing: list[str]
    functions: list[FunctionState]
    progress: q.Progress

    @property
    def missing_count(self) -> int:
        return len(self.profile_missing) + sum(len(f.missing) for f in self.functions) + (0 if self.functions else 1)


def questionnaire_state(assessment: Assessment) -> QuestionnaireState:
    """Everything the questionnaire pages need, in five queries whatever the number of functions."""
    questions = list(Question.objects.all())
    by_code = {x.code: x for x in questions}
    profile_qs = [x for x in questions if x.scope == Question.Scope.PROFILE]
    function_qs = [x for x in questions if x.scope == Question.Scope.FUNCTION]
    profile_defs, function_defs = question_defs(profile_qs), question_defs(function_qs)
    profile_answers = dict(
        ProfileAnswer.objects.filter(assessment=assessment).values_list("question__code", "value")
    )
    functions = list(
        BusinessFunction.objects.filter(assessment=assessment)
        .select_related("service_type__category")
        .prefetch_related(Prefetch("answers", queryset=FunctionAnswer.objects.select_related("question")))
    )
    states = []
    for function in functions:
        answers = {a.question.code: a.value for a in function.answers.all()}
        category = function.service_type.category.code
        applicable = q.applicable(function_defs, category, answers)
        states.append(
            FunctionState(
                function=function,
                answers=answers,
                questions=[by_code[d.code] for d in applicable],
                missing=q.missing(function_defs, category, answers),
            )
        )
    categories_and_answers = [(s.function.service_type.category.code, s.answers) for s in states]
    progress = q.progress(profile_defs, profile_answers, function_defs, categories_and_answers)
    return QuestionnaireState(
        assessment=assessment,
        profile_questions=[by_code[d.code] for d in q.applicable(profile_defs, None, profile_answers)],
        profile_answers=profile_answers,
        profile_missing=q.missing(profile_defs, None, profile_answers),
        functions=states,
        progress=progress,
    )


def progress_by_assessment(assessments: list[Assessment]) -> dict[int, q.Progress]:
    """Progress for a dashboard list, in four queries whatever the number of assessments or functions."""
    ids = [a.pk for a in assessments]
    questions = list(Question.objects.all())
    profile_defs = question_defs([x for x in questions if x.scope == Question.Scope.PROFILE])
    function_defs = question_defs([x for x in questions if x.scope == Question.Scope.FUNCTION])
    profile: dict[int, dict[str, int]] = {i: {} for i in ids}
    for assessment_id, code, value in ProfileAnswer.objects.filter(assessment_id__in=ids).values_list(
        "assessment_id", "question__code", "value"
    ):
        profile[assessment_id][code] = value
    functions: dict[int, dict[int, tuple[str, dict]]] = {i: {} for i in ids}
    for fid, aid, category in BusinessFunction.objects.filter(assessment_id__in=ids).values_list(
        "id", "assessment_id", "service_type__category__code"
    ):
        functions[aid][fid] = (category, {})
    for aid, fid, code, value in FunctionAnswer.objects.filter(function__assessment_id__in=ids).values_list(
        "function__assessment_id", "function_id", "question__code", "value"
    ):
        functions[aid][fid][1][code] = value
    return {
        i: q.progress(profile_defs, profile[i], function_defs, list(functions[i].values())) for i in ids
    }
