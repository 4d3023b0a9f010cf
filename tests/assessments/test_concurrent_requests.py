"""The same button pressed four times at once (a double click, four tabs, two colleagues): one result, the others
answer with it or a clear 409, never a 500. Real concurrency: each request on its own thread with its own
PostgreSQL connection, released together by a barrier. SQLite serialises writers differently (and select_for_update
does nothing there), so these run on PostgreSQL only, as CI does (.ci/run step 2)."""

import threading

import pytest
from django.contrib.messages import get_messages
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from assessments.models import Assessment, ReportRun, ScoringRun, TcoRun
from assessments.services.assessments import assessment_submit
from tests.factories import complete_assessment

pytestmark = pytest.mark.django_db(transaction=True)
AT_ONCE = 4


@pytest.fixture(autouse=True)
def postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: row locks and concurrent connections (DATABASE_URL=postgres://...)")


def _at_once(user, send, *, api: bool = False) -> list:
    """`send(client)` from AT_ONCE threads released together; each answer, or the exception a request raised."""
    barrier = threading.Barrier(AT_ONCE)
    answers: list = [None] * AT_ONCE

    def one(index: int) -> None:
        try:
            client = APIClient() if api else Client()
            client.force_login(user)
            barrier.wait(timeout=30)
            answers[index] = send(client)
        except Exception as exc:  # a 500 raises here (the test client re-raises the view's exception)
            answers[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=one, args=(i,)) for i in range(AT_ONCE)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    failures = [a for a in answers if isinstance(a, Exception)]
    assert failures == [], f"requests failed: {failures!r}"
    return answers


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_four_simultaneous_reopens_make_one_draft_and_all_land_on_it(org_a, manager_a):
    submitted = complete_assessment(org_a)
    assessment_submit(assessment=submitted, user=manager_a)
    answers = _at_once(manager_a, lambda c: c.post(reverse("assessments:reopen", args=[submitted.pk])))
    draft = Assessment.objects.get(previous_version=submitted)
    assert [a.status_code for a in answers] == [302] * AT_ONCE
    assert {a.url for a in answers} == {reverse("assessments:profile", args=[draft.pk])}
    assert sum("had already been opened" in m for a in answers for m in _messages(a)) == AT_ONCE - 1
    assert Assessment.objects.filter(organisation=org_a).count() == 2


def test_four_simultaneous_submits_submit_and_score_once_and_all_land_on_the_results(org_a, manager_a):
    draft = complete_assessment(org_a)
    answers = _at_once(manager_a, lambda c: c.post(reverse("assessments:submit", args=[draft.pk])))
    assert [a.status_code for a in answers] == [302] * AT_ONCE
    assert {a.url for a in answers} == {reverse("assessments:results", args=[draft.pk])}
    said = [m for a in answers for m in _messages(a)]
    assert sum(m.startswith("Submitted") for m in said) == 1
    assert sum("had already been submitted" in m for m in said) == AT_ONCE - 1
    assert ScoringRun.objects.filter(assessment=draft).count() == 1
    assert TcoRun.objects.filter(assessment=draft).count() == 1


def test_four_simultaneous_api_submits_answer_one_200_and_three_409(org_a, manager_a):
    draft = complete_assessment(org_a)
    answers = _at_once(manager_a, lambda c: c.post(f"/api/v1/assessments/{draft.pk}/submit/"), api=True)
    assert sorted(a.status_code for a in answers) == [200] + [409] * (AT_ONCE - 1)
    assert {a.json()["code"] for a in answers if a.status_code == 409} == {"already_submitted"}
    assert ScoringRun.objects.filter(assessment=draft).count() == 1


def test_four_simultaneous_tco_starts_make_one_run(org_a, manager_a):
    scored = complete_assessment(org_a)
    assessment_submit(assessment=scored, user=manager_a)
    Assessment.objects.filter(pk=scored.pk).update(tco_assumptions={"governance_pct": 0.09})  # a new run is due
    url = reverse("assessments:tco-start", args=[scored.pk])
    answers = _at_once(manager_a, lambda c: c.post(url, HTTP_HX_REQUEST="true"))
    assert [a.status_code for a in answers] == [200] * AT_ONCE
    assert TcoRun.objects.filter(assessment=scored).count() == 2  # the submit's and one for the new assumptions
    assert TcoRun.objects.filter(assessment=scored, inputs__assumptions={"governance_pct": 0.09}).count() == 1


def test_four_simultaneous_report_starts_make_one_report(org_a, manager_a):
    scored = complete_assessment(org_a)
    assessment_submit(assessment=scored, user=manager_a)
    url = reverse("assessments:report-start", args=[scored.pk])
    answers = _at_once(manager_a, lambda c: c.post(url, {"format": "xlsx", "lang": "en"}, HTTP_HX_REQUEST="true"))
    assert [a.status_code for a in answers] == [200] * AT_ONCE
    assert ReportRun.objects.filter(assessment=scored).count() == 1


def test_four_simultaneous_duplicates_each_make_a_whole_copy(org_a, manager_a):
    """Each press of Duplicate is its own copy (nothing unique is shared); none fails or is half made."""
    source = complete_assessment(org_a, functions=3)
    answers = _at_once(manager_a, lambda c: c.post(reverse("assessments:duplicate", args=[source.pk])))
    assert [a.status_code for a in answers] == [302] * AT_ONCE
    copies = Assessment.objects.filter(organisation=org_a).exclude(pk=source.pk)
    assert copies.count() == AT_ONCE
    assert all(copy.functions.count() == 3 for copy in copies)
