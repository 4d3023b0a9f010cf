"""A real Redis outage: it hangs, then dies with its messages, then comes back empty.

Throughout, pages, questionnaire saves, submitting and scoring keep working; starting a TCO run
answers 503 within the broker timeout (not after minutes); nothing saved is lost. Once Redis is
back, a real worker and a real `celery beat` complete every run: the one whose message Redis lost,
and the ones that could not be queued during the outage. Uses its own redis-server (own_redis.py).
"""

import time

import pytest
from django.urls import reverse

from assessments.models import Assessment, FunctionAnswer, OptionScore, TcoRun
from assessments.services import queueing
from assessments.services.scoring import assessment_score
from assessments.services.tco import tco_run_request
from outsourcing.models import Question
from tests.factories import AssessmentFactory, BusinessFunctionFactory, MembershipFactory, answer_all, complete_profile
from tests.integration.conftest import start_worker, stop_process, wait_for_worker

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def _assessment(organisation, *, scored: bool):
    assessment = AssessmentFactory(organisation=organisation)
    complete_profile(assessment)
    for _ in range(2):
        answer_all(BusinessFunctionFactory(assessment=assessment))
    if scored:
        assessment_score(assessment=assessment)
    return assessment


def _wait_until_done(run_ids: list[int], timeout: float) -> list[TcoRun]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        runs = list(TcoRun.objects.filter(pk__in=run_ids).order_by("pk"))
        if all(r.status in (TcoRun.Status.SUCCEEDED, TcoRun.Status.FAILED) for r in runs):
            return runs
        time.sleep(0.2)
    pytest.fail(f"runs not finished within {timeout}s: {[(r.pk, r.status, r.error) for r in runs]}")


def test_a_redis_outage_keeps_the_app_working_and_every_run_completes_after_it(client, catalogue, own_broker):
    broker = own_broker
    membership = MembershipFactory()
    client.force_login(membership.user)
    organisation = membership.organisation

    # Before the outage: a run is queued (its message sits in Redis; no worker is up yet).
    before = _assessment(organisation, scored=True)
    queued_before = tco_run_request(assessment=before, user=membership.user)
    assert broker.queue_length() == 1

    # Redis hangs (accepts connections, answers nothing): starting a run fails fast with 503.
    broker.hang()
    started_later = _assessment(organisation, scored=True)
    began = time.monotonic()
    response = client.post(f"/api/v1/assessments/{started_later.pk}/tco-runs/")
    waited = time.monotonic() - began
    assert response.status_code == 503, response.content
    assert response.json()["code"] == "queue_unavailable"
    assert waited < 10, f"the request waited {waited:.1f}s for a hung Redis"  # unbounded before the timeouts
    waiting_run = TcoRun.objects.get(assessment=started_later)
    assert queueing.waiting_for_queue(waiting_run)

    # Redis dies, and its messages with it. Pages and saves do not need it.
    broker.crash()
    draft = _assessment(organisation, scored=False)
    function = draft.functions.first()
    for name, args in [("dashboard", []), ("results", [before.pk]), ("tco", [before.pk]),
                       ("questions", [draft.pk]), ("review", [draft.pk])]:  # fmt: skip
        page = client.get(reverse(f"assessments:{name}", args=args))
        assert page.status_code == 200, name
    question = Question.objects.get(code="urgency")
    saved = client.post(reverse("assessments:save-answers", args=[draft.pk, function.pk]),
                        {f"f{function.pk}-urgency": "5"}, HTTP_HX_REQUEST="true")  # fmt: skip
    assert saved.status_code == 200
    assert FunctionAnswer.objects.get(function=function, question=question).value == 5
    submitted = client.post(reverse("assessments:submit", args=[draft.pk]))
    assert submitted.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Assessment.Status.SUBMITTED
    assert OptionScore.objects.filter(run__assessment=draft).exists()  # scored at once, without Redis
    submit_run = TcoRun.objects.get(assessment=draft)
    assert queueing.waiting_for_queue(submit_run)
    ready = client.get("/readyz")
    assert ready.status_code == 503 and ready.json()["database"] == "ok"

    # Redis is back, empty. The scheduler re-sends what waited and what Redis lost; a worker runs them.
    broker.start()
    assert broker.queue_length() == 0  # the message queued before the outage is gone
    env = {"CELERY_BROKER_URL": broker.url, "RUNS_RECOVERY_INTERVAL": "1", "RUNS_REQUEUE_AFTER_SECONDS": "1"}
    worker = start_worker("outage", env=env, own_group=True)
    beat = start_worker("outage", command="beat", env=env, own_group=True)
    try:
        wait_for_worker("outage", timeout=120)  # a first start may compile the numba kernel
        runs = _wait_until_done([queued_before.pk, waiting_run.pk, submit_run.pk], timeout=120)
    finally:
        stop_process(beat)
        stop_process(worker)
    for run in runs:
        assert run.status == TcoRun.Status.SUCCEEDED, run.error
        assert run.attempts == 1 and run.result["summary"]  # each ran once
    for assessment in (before, started_later, draft):
        assert TcoRun.objects.filter(assessment=assessment).count() == 1  # nothing started twice
