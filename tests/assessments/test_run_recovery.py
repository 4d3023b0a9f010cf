"""Background runs survive a broker outage and dead workers: waiting runs are re-sent, stuck ones fail once.

The broker is simulated here (tasks in-process, the publish patched to fail); tests/integration/
does the same against a real Redis that is stopped and started.
"""

from datetime import timedelta
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from assessments.models import Assessment, OptionScore, TcoRun
from assessments.services import queueing
from assessments.services import tco as services
from assessments.services.assessments import assessment_submit
from assessments.tasks import recover_runs, run_tco
from tests.factories import AssessmentFactory, BusinessFunctionFactory, answer_all, complete_profile

BROKER_DOWN = mock.patch.object(queueing, "publish", side_effect=BrokerError("Error 111 connecting"))


@pytest.fixture
def complete(org_a):
    assessment = AssessmentFactory(organisation=org_a)
    complete_profile(assessment)
    for _ in range(2):
        answer_all(BusinessFunctionFactory(assessment=assessment))
    return assessment


@pytest.fixture
def waiting_run(complete, manager_a, django_capture_on_commit_callbacks):
    """An assessment submitted while the broker was down: its TCO run waits, noted."""
    with BROKER_DOWN, django_capture_on_commit_callbacks(execute=True):
        assessment_submit(assessment=complete, user=manager_a)
    return TcoRun.objects.get(assessment=complete)


def test_submitting_while_the_broker_is_down_still_submits_scores_and_keeps_the_run_queued(waiting_run, complete):
    complete.refresh_from_db()
    assert complete.status == Assessment.Status.SUBMITTED
    assert OptionScore.objects.filter(run__assessment=complete).exists()
    assert waiting_run.status == TcoRun.Status.QUEUED and queueing.waiting_for_queue(waiting_run)


def test_the_sweep_sends_a_waiting_run_once_the_broker_is_back(waiting_run):
    with BROKER_DOWN:
        assert services.tco_runs_requeue() == 0  # still down: it keeps waiting
    waiting_run.refresh_from_db()
    assert queueing.waiting_for_queue(waiting_run)
    assert recover_runs()["tco_requeued"] == 1  # the broker answers again (in-process here): sent and run
    waiting_run.refresh_from_db()
    assert waiting_run.status == TcoRun.Status.SUCCEEDED and waiting_run.error == "" and waiting_run.result


def test_asking_again_for_a_waiting_run_sends_it_at_once(waiting_run, complete, manager_a,
                                                         django_capture_on_commit_callbacks):  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        again = services.tco_run_request(assessment=complete, user=manager_a)
    assert again.pk == waiting_run.pk
    again.refresh_from_db()
    assert again.status == TcoRun.Status.SUCCEEDED


def test_a_queued_run_whose_message_was_lost_is_sent_again_only_when_the_queue_is_empty(complete, manager_a,
                                                                                         settings):  # fmt: skip
    from assessments.services.scoring import assessment_score

    assessment_score(assessment=complete)
    run = services.tco_run_request(assessment=complete, user=manager_a)  # on_commit never runs: message "lost"
    TcoRun.objects.filter(pk=run.pk).update(created_at=timezone.now() - timedelta(seconds=600))
    settings.RUNS_REQUEUE_AFTER_SECONDS = 120
    with mock.patch.object(queueing, "broker_queue_is_empty", return_value=False):
        assert services.tco_runs_requeue() == 0  # a backlog may still hold its message: not doubled
    with mock.patch.object(queueing, "broker_queue_is_empty", return_value=True):
        assert services.tco_runs_requeue() == 1
    run.refresh_from_db()
    assert run.status == TcoRun.Status.SUCCEEDED


def test_a_recent_queued_run_is_left_to_its_message(complete, manager_a):
    from assessments.services.scoring import assessment_score

    assessment_score(assessment=complete)
    run = services.tco_run_request(assessment=complete, user=manager_a)
    with mock.patch.object(queueing, "broker_queue_is_empty", return_value=True):
        assert services.tco_runs_requeue() == 0
    run.refresh_from_db()
    assert run.status == TcoRun.Status.QUEUED


def test_a_duplicate_message_for_a_running_run_does_nothing(waiting_run):
    TcoRun.objects.filter(pk=waiting_run.pk).update(status=TcoRun.Status.RUNNING, started_at=timezone.now(),
                                                    attempts=1, error="")  # fmt: skip
    services.tco_run_execute(run_id=waiting_run.pk)  # not redelivered: another worker holds the run
    waiting_run.refresh_from_db()
    assert waiting_run.status == TcoRun.Status.RUNNING and waiting_run.attempts == 1 and waiting_run.result is None


def test_a_late_message_does_not_revive_a_failed_run(waiting_run):
    TcoRun.objects.filter(pk=waiting_run.pk).update(status=TcoRun.Status.FAILED, error=services.STALE_REASON)
    services.tco_run_execute(run_id=waiting_run.pk, redelivered=True)
    waiting_run.refresh_from_db()
    assert waiting_run.status == TcoRun.Status.FAILED and waiting_run.attempts == 0


def test_a_retrying_task_takes_over_the_run_it_left_running(waiting_run):
    """A retry (e.g. after a database hiccup) counts as redelivery; the real one is in tests/integration/."""
    TcoRun.objects.filter(pk=waiting_run.pk).update(status=TcoRun.Status.RUNNING, started_at=timezone.now(),
                                                    attempts=1, error="")  # fmt: skip
    run_tco.apply(args=(waiting_run.pk,), retries=1)
    waiting_run.refresh_from_db()
    assert waiting_run.status == TcoRun.Status.SUCCEEDED and waiting_run.attempts == 2


def test_the_sweep_fails_runs_stuck_past_the_limit_with_the_reason(waiting_run, settings):
    settings.TCO_STALE_AFTER_SECONDS = 1020
    TcoRun.objects.filter(pk=waiting_run.pk).update(status=TcoRun.Status.RUNNING, error="",
                                                    started_at=timezone.now() - timedelta(seconds=1100))  # fmt: skip
    assert recover_runs()["tco_failed_stale"] == 1
    waiting_run.refresh_from_db()
    assert waiting_run.status == TcoRun.Status.FAILED and "time limit" in waiting_run.error


def test_the_beat_schedule_sends_the_sweep_often_and_the_limits_fit_together(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["recover-background-runs"]
    assert entry["task"] == recover_runs.name and 0 < entry["schedule"] <= settings.RUNS_HEARTBEAT_TIMEOUT_SECONDS
    # A live worker beats several times within the limit, so one late beat never restarts its run.
    assert settings.RUNS_HEARTBEAT_TIMEOUT_SECONDS >= 3 * settings.RUNS_HEARTBEAT_SECONDS
    # A run still beating is failed only past the task's hard limit plus a database retry's longest countdown.
    for name in ("TCO_STALE_AFTER_SECONDS", "REPORT_STALE_AFTER_SECONDS"):
        assert getattr(settings, name) > settings.CELERY_TASK_TIME_LIMIT + 60
    assert settings.CELERY_VISIBILITY_TIMEOUT > settings.CELERY_TASK_TIME_LIMIT + 60


def test_publishing_fails_fast_instead_of_retrying(settings):
    options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
    assert settings.CELERY_TASK_PUBLISH_RETRY_POLICY["max_retries"] == 0
    assert options["socket_timeout"] and options["socket_connect_timeout"]


@pytest.mark.django_db(transaction=True)
def test_starting_a_run_with_the_broker_down_says_so_on_the_page_and_as_503_on_the_api(client, complete,
                                                                                       manager_a):  # fmt: skip
    """Transactional: the message is sent after commit, so the request sees whether the broker took it."""
    from assessments.services.scoring import assessment_score

    assessment_score(assessment=complete)
    client.force_login(manager_a)
    with BROKER_DOWN:
        page = client.post(reverse("assessments:tco-start", args=[complete.pk]), follow=True)
        api = client.post(f"/api/v1/assessments/{complete.pk}/tco-runs/")
    assert "task queue is unavailable" in page.content.decode()
    run = TcoRun.objects.get(assessment=complete)  # the same run for both: saved once, waiting
    assert queueing.waiting_for_queue(run)
    assert api.status_code == 503 and api["Retry-After"] == "60"
    body = api.json()
    assert body["code"] == "queue_unavailable" and f"run {run.pk}" in body["message"] and body["fields"] == {}
    ok = client.post(f"/api/v1/assessments/{complete.pk}/tco-runs/")  # the broker is back (in-process)
    assert ok.status_code == 202
    run.refresh_from_db()
    assert run.status == TcoRun.Status.SUCCEEDED


@pytest.mark.parametrize(("language", "text"), [("en", "the task queue is unavailable right now"),
                                                ("ko", "작업 대기열을 사용할 수 없습니다")])  # fmt: skip
def test_the_tco_page_says_a_run_waits_for_the_queue_in_both_languages(waiting_run, complete, client, manager_a,
                                                                        language, text):  # fmt: skip
    client.force_login(manager_a)
    html = client.get(reverse("assessments:tco", args=[complete.pk]), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert text in html


def test_page_views_and_api_reads_never_sweep(waiting_run, complete, client, manager_a, settings):
    """Only the scheduler sweeps (services/recovery.py): a GET shows the row as it is, however old."""
    from assessments.models import ReportRun

    long_ago = timezone.now() - timedelta(seconds=settings.TCO_STALE_AFTER_SECONDS + 3600)
    TcoRun.objects.filter(pk=waiting_run.pk).update(status=TcoRun.Status.RUNNING, started_at=long_ago,
                                                    heartbeat_at=long_ago, error="")  # fmt: skip
    report = ReportRun.objects.create(assessment=complete, format="pdf", language="en", inputs={}, inputs_hash="x",
                                      status=ReportRun.Status.RUNNING, started_at=long_ago, heartbeat_at=long_ago)
    client.force_login(manager_a)
    for url in (reverse("assessments:tco", args=[complete.pk]),
                reverse("assessments:tco-status", args=[complete.pk, waiting_run.pk]),
                reverse("assessments:report-status", args=[complete.pk, report.pk]),
                f"/api/v1/report-runs/{report.pk}/", f"/api/v1/tco-runs/{waiting_run.pk}/"):  # fmt: skip
        assert client.get(url).status_code == 200, url
    assert TcoRun.objects.get(pk=waiting_run.pk).status == TcoRun.Status.RUNNING
    assert ReportRun.objects.get(pk=report.pk).status == ReportRun.Status.RUNNING
    assert recover_runs()["reports_failed_stale"] == 1  # the sweep does it
