"""The database failing in the middle of a write: a 503 page or JSON error, and nothing half-saved.

A later write of each multi-row service is made to raise OperationalError (what Django raises
when the connection drops); the earlier writes of the same request must be rolled back.
tests/integration/test_database_loss.py cuts a real PostgreSQL connection instead.
"""

from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client
from django.urls import reverse

from assessments.models import Assessment, FunctionAnswer, OptionScore, Recommendation, ScoringRun
from outsourcing.models import Question
from tests.factories import answer_all, complete_profile


def _fails_on_call(real, call_number: int):
    """A stand-in for `real` that works until its `call_number`-th call, which loses the connection."""
    calls = {"n": 0}

    def wrapper(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] >= call_number:
            raise OperationalError("server closed the connection unexpectedly")
        return real(*args, **kwargs)

    return wrapper


@pytest.fixture
def browser(manager_a):
    client = Client(raise_request_exception=False)  # answer as production does, with the error page
    client.force_login(manager_a)
    return client


def test_losing_the_database_between_two_answers_saves_neither_and_shows_the_503_page(browser, assessment_a,
                                                                                      function_a):  # fmt: skip
    questions = list(Question.objects.filter(scope=Question.Scope.FUNCTION, condition={})
                     .exclude(code__in=["data_sensitivity"])[:2])  # fmt: skip
    data = {f"f{function_a.pk}-{q.code}": "3" for q in questions}
    real = FunctionAnswer.objects.update_or_create
    with mock.patch.object(FunctionAnswer.objects, "update_or_create", side_effect=_fails_on_call(real, 2)):
        response = browser.post(reverse("assessments:save-answers", args=[assessment_a.pk, function_a.pk]), data)
    assert response.status_code == 503
    assert "Temporarily unavailable" in response.content.decode() and "일시적으로" in response.content.decode()
    assert not FunctionAnswer.objects.filter(function=function_a).exists()


def test_losing_the_database_while_scoring_a_submit_leaves_the_draft_unsubmitted_and_unscored(
    browser, assessment_a, function_a
):
    complete_profile(assessment_a)
    answer_all(function_a)
    real = Recommendation.objects.bulk_create
    with mock.patch.object(Recommendation.objects, "bulk_create", side_effect=_fails_on_call(real, 1)):
        response = browser.post(f"/api/v1/assessments/{assessment_a.pk}/submit/")
    assert response.status_code == 503
    assert response.json()["code"] == "database_unavailable" and response.json()["fields"] == {}
    assessment_a.refresh_from_db()
    assert assessment_a.status == Assessment.Status.DRAFT and assessment_a.submitted_at is None
    assert not ScoringRun.objects.filter(assessment=assessment_a).exists()
    assert not OptionScore.objects.filter(run__assessment=assessment_a).exists()


def test_losing_the_database_while_copying_a_version_leaves_no_partial_copy(browser, assessment_a, function_a):
    answer_all(function_a)
    before = Assessment.objects.count()
    real = FunctionAnswer.objects.bulk_create
    with mock.patch.object(FunctionAnswer.objects, "bulk_create", side_effect=_fails_on_call(real, 1)):
        response = browser.post(reverse("assessments:duplicate", args=[assessment_a.pk]))
    assert response.status_code == 503
    assert Assessment.objects.count() == before  # the copy's assessment and functions were rolled back


def test_a_bug_is_still_a_500_not_a_database_outage(browser, assessment_a, function_a):
    with mock.patch.object(FunctionAnswer.objects, "update_or_create", side_effect=RuntimeError("a bug")):
        response = browser.post(reverse("assessments:save-answers", args=[assessment_a.pk, function_a.pk]),
                                {f"f{function_a.pk}-urgency": "3"})  # fmt: skip
    assert response.status_code == 500
