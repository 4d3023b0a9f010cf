"""Reports made in the background: 202 + Location, progress, one stored file per run, clear outage errors."""

from datetime import timedelta
from unittest import mock

import pytest
from django.db import OperationalError as DatabaseDown
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerDown

from assessments.models import Membership, ReportRun, ScoringRun
from assessments.pdf_engine.parallel import PdfRenderError
from assessments.reports.registry import get_exporter
from assessments.services import queueing, runs
from assessments.services import reports as services
from assessments.services.scoring import assessment_weights_update
from assessments.tasks import recover_runs
from tests.factories import MembershipFactory


@pytest.fixture
def xlsx_in_background(monkeypatch):
    """Until a format with background=True is wanted in a test, the workbook takes that path."""
    monkeypatch.setattr(services, "SYNC_MAX_FUNCTIONS", 0)


def test_post_starts_a_run_then_its_status_and_file_are_served(scored, viewer, api,
                                                               django_capture_on_commit_callbacks):  # fmt: skip
    api.force_authenticate(viewer)
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(f"/api/v1/assessments/{scored.pk}/reports/", {"format": "xlsx", "lang": "ko"},
                            format="json")  # fmt: skip
    assert response.status_code == 202 and response["Location"] == response.json()["url"]
    assert response.json()["status"] == "queued" and response.json()["download_url"] is None
    status = api.get(response["Location"]).json()
    assert status["status"] == "succeeded" and status["progress"] == 100 and status["attempts"] == 1
    download = api.get(status["download_url"])
    assert download.status_code == 200 and download.content[:2] == b"PK"
    assert download["Content-Disposition"] == 'attachment; filename="board-review-v1-ko.xlsx"'
    again = api.post(f"/api/v1/assessments/{scored.pk}/reports/", {"format": "xlsx", "lang": "ko"}, format="json")
    assert again.status_code == 200 and again.json()["id"] == status["id"]  # unchanged inputs: the stored file
    assert ReportRun.objects.filter(assessment=scored).count() == 1


def test_get_of_a_background_format_answers_202_then_the_file(scored, viewer, api, xlsx_in_background,
                                                              django_capture_on_commit_callbacks):  # fmt: skip
    api.force_authenticate(viewer)
    with django_capture_on_commit_callbacks(execute=True):
        first = api.get(f"/api/v1/assessments/{scored.pk}/report.xlsx?lang=en")
    assert first.status_code == 202 and first["Location"].endswith(f"/api/v1/report-runs/{first.json()['id']}/")
    second = api.get(f"/api/v1/assessments/{scored.pk}/report.xlsx?lang=en")
    assert second.status_code == 200 and second["Content-Disposition"].endswith('-en.xlsx"')


def test_executing_a_run_twice_stores_one_file(scored, viewer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run = services.report_run_request(assessment=scored, code="xlsx", language="en", user=viewer)
    run.refresh_from_db()
    stored = bytes(run.content)
    services.report_run_execute(run_id=run.pk)  # a redelivered message
    run.refresh_from_db()
    assert run.status == ReportRun.Status.SUCCEEDED and run.attempts == 1 and bytes(run.content) == stored
    assert run.size_bytes == len(stored) and ReportRun.objects.count() == 1


def test_a_redelivered_run_that_was_interrupted_completes_once(scored, viewer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run = services.report_run_request(assessment=scored, code="xlsx", language="en", user=viewer)
    silent = timezone.now() - timedelta(minutes=5)  # its worker died: no heartbeat since
    ReportRun.objects.filter(pk=run.pk).update(status=ReportRun.Status.RUNNING, content=None, progress=40,
                                               heartbeat_at=silent)  # fmt: skip
    services.report_run_execute(run_id=run.pk, redelivered=True)
    run.refresh_from_db()
    assert run.status == ReportRun.Status.SUCCEEDED and run.attempts == 2 and bytes(run.content)[:2] == b"PK"


def test_a_duplicate_message_for_a_running_report_makes_nothing(scored, viewer, django_capture_on_commit_callbacks):
    """The message sent twice (e.g. redelivered while its worker still works): one file, made once."""
    from assessments.tasks import run_report

    with django_capture_on_commit_callbacks(execute=True):
        run = services.report_run_request(assessment=scored, code="xlsx", language="en", user=viewer)
    ReportRun.objects.filter(pk=run.pk).update(status=ReportRun.Status.RUNNING, content=None, attempts=1,
                                               heartbeat_at=timezone.now(), worker="other-host:1:1")  # fmt: skip
    run_report.apply(args=(run.pk,))  # a duplicate: not redelivered
    run_report.apply(args=(run.pk,), retries=1)  # redelivered, but its worker still beats: not taken over
    run.refresh_from_db()
    assert run.status == ReportRun.Status.RUNNING and run.attempts == 1 and run.content is None


# The two outage tests commit for real: the run is queued when the request's own transaction commits, as in
# production, not when the test's wrapping transaction would.
@pytest.mark.django_db(transaction=True)
def test_an_unreachable_broker_answers_503_and_keeps_the_run_to_send_later(scored, viewer, api):
    api.force_authenticate(viewer)
    with mock.patch.object(queueing, "publish", side_effect=BrokerDown("Connection refused")):
        response = api.post(f"/api/v1/assessments/{scored.pk}/reports/", {"format": "xlsx"}, format="json")
    assert response.status_code == 503 and response["Retry-After"] == "60"
    run = ReportRun.objects.get()
    body = response.json()
    assert body["code"] == "queue_unavailable" and f"report run {run.pk}" in body["message"]
    assert run.waiting_for_queue  # the same outage policy as TCO runs: saved, sent by the sweep
    assert recover_runs()["reports_requeued"] == 1  # the queue is back (in-process here)
    run.refresh_from_db()
    assert run.status == ReportRun.Status.SUCCEEDED and run.attempts == 1


@pytest.mark.django_db(transaction=True)
def test_the_page_says_when_the_broker_is_unreachable_and_that_the_report_is_saved(client, scored, viewer):
    client.force_login(viewer)
    with mock.patch.object(queueing, "publish", side_effect=BrokerDown("Connection refused")):
        response = client.post(reverse("assessments:report-start", args=[scored.pk]),
                               {"format": "xlsx", "lang": "en"}, HTTP_HX_REQUEST="true")  # fmt: skip
    assert response.status_code == 503
    assert "the task queue is unavailable right now. The report is saved" in response.content.decode()
    assert ReportRun.objects.get().waiting_for_queue


def test_the_page_shows_progress_then_the_download(client, scored, viewer, django_capture_on_commit_callbacks):
    client.force_login(viewer)
    # A worker has not picked the run up yet.
    with mock.patch.object(queueing, "publish") as queued, django_capture_on_commit_callbacks(execute=True):
        started = client.post(reverse("assessments:report-start", args=[scored.pk]),
                              {"format": "xlsx", "lang": "en"}, HTTP_HX_REQUEST="true")  # fmt: skip
    run = ReportRun.objects.get()
    queued.assert_called_once_with("assessments.run_report", run.pk)
    assert 'id="report-progress"' in started.content.decode() and "hx-get" in started.content.decode()
    services.report_run_execute(run_id=run.pk)
    status = client.get(reverse("assessments:report-status", args=[scored.pk, run.pk])).content.decode()
    assert reverse("assessments:report-run-download", args=[scored.pk, run.pk]) in status and "hx-get" not in status
    download = client.get(reverse("assessments:report-run-download", args=[scored.pk, run.pk]))
    assert download.status_code == 200 and download.content[:2] == b"PK"


def test_a_run_that_is_not_finished_cannot_be_downloaded(scored, viewer, api):
    run = ReportRun.objects.create(assessment=scored, format="xlsx", language="en", inputs={}, inputs_hash="x")
    api.force_authenticate(viewer)
    response = api.get(f"/api/v1/report-runs/{run.pk}/download/")
    assert response.status_code == 409 and response.json()["code"] == "not_ready"


def test_another_organisations_run_is_not_found(scored, outsider, api):
    run = ReportRun.objects.create(assessment=scored, format="xlsx", language="en", inputs={}, inputs_hash="x",
                                   status=ReportRun.Status.SUCCEEDED, content=b"PK secret")  # fmt: skip
    api.force_authenticate(outsider)
    assert api.get(f"/api/v1/report-runs/{run.pk}/").status_code == 404
    assert api.get(f"/api/v1/report-runs/{run.pk}/download/").status_code == 404


def test_a_run_whose_scores_vanished_fails_with_the_reason(scored, viewer):
    run = ReportRun.objects.create(assessment=scored, format="xlsx", language="en", inputs={}, inputs_hash="x")
    ScoringRun.objects.filter(assessment=scored).delete()
    services.report_run_execute(run_id=run.pk)
    run.refresh_from_db()
    assert run.status == ReportRun.Status.FAILED and "submit it first" in run.error and run.content is None


def test_a_run_stuck_past_its_own_time_limit_is_marked_failed(scored, settings):
    settings.REPORT_STALE_AFTER_SECONDS, settings.TCO_STALE_AFTER_SECONDS = 600, 10_000  # each kind its own limit
    run = ReportRun.objects.create(assessment=scored, format="xlsx", language="en", inputs={}, inputs_hash="x",
                                   status=ReportRun.Status.RUNNING, heartbeat_at=timezone.now(),
                                   started_at=timezone.now() - timedelta(seconds=605))  # fmt: skip
    assert services.report_runs_fail_stale() == 1
    run.refresh_from_db()
    assert run.status == ReportRun.Status.FAILED and "time limit" in run.error


def test_changed_weights_make_a_new_report(scored, org, viewer, django_capture_on_commit_callbacks):
    consultant = MembershipFactory(organisation=org, role=Membership.Role.CONSULTANT).user
    with django_capture_on_commit_callbacks(execute=True):
        first = services.report_run_request(assessment=scored, code="xlsx", language="en", user=viewer)
    weights = {"cost_saving": 0.5, "expertise": 0.1, "flexibility": 0.1, "focus_on_core": 0.1, "risk": 0.1,
               "strategic_fit": 0.1}  # fmt: skip
    assessment_weights_update(assessment=scored, user=consultant, weights=weights)  # re-scores: a new scoring run
    scored.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        second = services.report_run_request(assessment=scored, code="xlsx", language="en", user=viewer)
    assert second.pk != first.pk and second.inputs["scoring_run"] != first.inputs["scoring_run"]
    second.refresh_from_db()
    assert second.status == ReportRun.Status.SUCCEEDED


def test_only_the_latest_finished_files_are_kept(scored, viewer, monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(services, "KEEP_FINISHED", 2)
    made = []
    for version in ("1", "2", "3"):  # a new layout version each time: a new file each time
        monkeypatch.setattr(type(get_exporter("xlsx")), "version", version)
        with django_capture_on_commit_callbacks(execute=True):
            made.append(services.report_run_request(assessment=scored, code="xlsx", language="en", user=viewer).pk)
    assert len(set(made)) == 3
    assert set(ReportRun.objects.values_list("pk", flat=True)) == set(made[1:])


def test_the_task_delivered_twice_stores_one_file(scored, viewer):
    from assessments.tasks import run_report

    run = ReportRun.objects.create(assessment=scored, format="xlsx", language="ko", inputs={}, inputs_hash="x")
    run_report.apply(args=(run.pk,))
    first = ReportRun.objects.get(pk=run.pk)
    run_report.apply(args=(run.pk,))  # the same message again (e.g. redelivered after a lost acknowledgement)
    second = ReportRun.objects.get(pk=run.pk)
    assert first.status == second.status == ReportRun.Status.SUCCEEDED
    assert second.attempts == 1 and bytes(second.content) == bytes(first.content)
    assert second.finished_at == first.finished_at and ReportRun.objects.count() == 1


def _queued_run(scored, viewer, capture, code="xlsx"):
    with mock.patch.object(queueing, "publish"), capture(execute=True):
        run = services.report_run_request(assessment=scored, code=code, language="en", user=viewer)
    return run


def test_a_pdf_that_cannot_be_made_fails_its_run_at_once_with_the_reason(
        scored, viewer, django_capture_on_commit_callbacks):  # fmt: skip
    run = _queued_run(scored, viewer, django_capture_on_commit_callbacks)
    broken = PdfRenderError("Rendering failed in body-2: MemoryError")
    with mock.patch.object(services, "render_report", side_effect=broken):
        services.report_run_execute(run_id=run.pk)
    run.refresh_from_db()
    assert run.status == ReportRun.Status.FAILED and "body-2: MemoryError" in run.error


def test_an_unexpected_error_fails_the_run_at_once_and_is_raised_for_the_log(
        scored, viewer, django_capture_on_commit_callbacks):  # fmt: skip
    run = _queued_run(scored, viewer, django_capture_on_commit_callbacks)
    with mock.patch.object(services, "render_report", side_effect=KeyError("bug")), pytest.raises(KeyError):
        services.report_run_execute(run_id=run.pk)
    run.refresh_from_db()
    assert run.status == ReportRun.Status.FAILED and "unexpected error" in run.error


def test_a_database_error_is_left_to_the_tasks_retry(scored, viewer, django_capture_on_commit_callbacks):
    run = _queued_run(scored, viewer, django_capture_on_commit_callbacks)
    with mock.patch.object(services, "render_report", side_effect=DatabaseDown("gone")), pytest.raises(DatabaseDown):
        services.report_run_execute(run_id=run.pk)
    run.refresh_from_db()
    assert run.status == ReportRun.Status.RUNNING  # the retry takes it over; the stale sweep if it never comes


def test_the_pdf_run_shows_progress_through_its_stages(scored, viewer, django_capture_on_commit_callbacks,
                                                       monkeypatch):  # fmt: skip
    seen = []

    def fake_render(report, code, progress):
        for share in (0.3, 0.755, 0.965, 1.0):
            progress(share)
            seen.append(ReportRun.objects.values_list("progress", flat=True).get(pk=run.pk))
        return b"%PDF-"

    monkeypatch.setattr(runs, "PROGRESS_EVERY_SECONDS", 0)  # every step written, however fast the fake
    run = _queued_run(scored, viewer, django_capture_on_commit_callbacks, code="pdf")
    with mock.patch.object(services, "render_report", side_effect=fake_render):
        services.report_run_execute(run_id=run.pk)
    # After the report's data (40 %), the exporter's share fills the rest of the bar, 99 % at most until stored.
    assert seen == [58, 85, 97, 99]
    run.refresh_from_db()
    assert run.status == ReportRun.Status.SUCCEEDED and run.progress == 100
