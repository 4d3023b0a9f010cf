"""Without a broker, runs are computed on threads of the web process (RUNS_IN_PROCESS=thread, the default): the
request answers at once and the pages show the same progress rows a real worker writes; a sweeper thread plays
beat. Each run's thread has its own database connection, so these run on PostgreSQL (SQLite's in-memory test
database is one connection's); CI runs them there (.ci/run step 2)."""

import threading
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from assessments.models import ReportRun, TcoRun
from assessments.services import in_process, runs
from assessments.services import reports as report_services
from assessments.services import tco as tco_services
from assessments.services.assessments import assessment_submit
from tests.factories import complete_assessment

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def on_threads(settings):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: each run's thread opens its own connection (DATABASE_URL=postgres://...)")
    settings.RUNS_IN_PROCESS = "thread"
    settings.RUNS_RECOVERY_INTERVAL = 3600  # the sweeper waits; the test that needs it sets its own interval
    in_process.in_process_start()  # as outsourcing/wsgi.py does in a web process
    yield
    _wait(lambda: in_process.in_process_pending() == 0, "the run threads to finish")
    in_process.in_process_stop()


def _wait(condition, what: str, timeout: float = 60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    pytest.fail(f"timed out waiting for {what}")


@pytest.fixture
def gate(monkeypatch):
    """Holds every TCO computation at 40 % until the test opens the gate (so the test sees it mid-run)."""
    opened = threading.Event()
    real = tco_services.tco_result_compute

    def held(inputs, progress=None):
        progress(0.4)
        opened.wait(timeout=60)
        return real(inputs, progress=progress)

    monkeypatch.setattr(tco_services, "tco_result_compute", held)
    monkeypatch.setattr(runs, "PROGRESS_EVERY_SECONDS", 0)
    yield opened
    opened.set()


def test_submit_without_a_broker_answers_at_once_and_the_pages_follow_the_runs_progress(client, org_a, manager_a,
                                                                                         gate):  # fmt: skip
    draft = complete_assessment(org_a)
    client.force_login(manager_a)
    submitted = client.post(reverse("assessments:submit", args=[draft.pk]))
    assert submitted.status_code == 302 and submitted.url == reverse("assessments:results", args=[draft.pk])
    run = TcoRun.objects.get(assessment=draft)
    assert run.status != TcoRun.Status.SUCCEEDED  # the request did not wait for the run
    _wait(lambda: TcoRun.objects.filter(pk=run.pk, status=TcoRun.Status.RUNNING, progress=40).exists(), "40 %")
    results = client.get(submitted.url).content.decode()
    assert 'id="tco-badge"' in results and "being computed in the background" in results and 'value="40"' in results
    status = client.get(reverse("assessments:tco-status", args=[draft.pk, run.pk])).content.decode()
    assert "Running…" in status and 'value="40"' in status and 'hx-trigger="load' in status  # polled like a worker's
    gate.set()
    _wait(lambda: TcoRun.objects.filter(pk=run.pk, status=TcoRun.Status.SUCCEEDED).exists(), "the run to finish")
    status = client.get(reverse("assessments:tco-status", args=[draft.pk, run.pk])).content.decode()
    assert 'id="tco-curves"' in status and 'hx-trigger="load' not in status  # polling stopped
    badge = client.get(reverse("assessments:tco-status", args=[draft.pk, run.pk]) + "?badge=1").content.decode()
    assert 'id="tco-ready"' in badge


def test_a_report_without_a_broker_answers_202_with_progress_then_the_file(client, org_a, manager_a, monkeypatch):
    scored = complete_assessment(org_a)
    assessment_submit(assessment=scored, user=manager_a)
    _wait(lambda: TcoRun.objects.filter(assessment=scored, status=TcoRun.Status.SUCCEEDED).exists(), "the TCO run")
    monkeypatch.setattr(report_services, "SYNC_MAX_FUNCTIONS", 0)  # the workbook takes the background path
    opened = threading.Event()
    real = report_services.render_report

    def held(report, code, progress=None):
        opened.wait(timeout=60)
        return real(report, code, progress=progress)

    monkeypatch.setattr(report_services, "render_report", held)
    client.force_login(manager_a)
    url = reverse("assessments:report-download", args=[scored.pk, "xlsx"]) + "?lang=en"
    first = client.get(url)
    assert first.status_code == 202 and 'id="report-progress"' in first.content.decode()
    run = ReportRun.objects.get(assessment=scored)
    _wait(lambda: ReportRun.objects.filter(pk=run.pk, progress=40).exists(), "the report's data step")
    opened.set()
    _wait(lambda: ReportRun.objects.filter(pk=run.pk, status=ReportRun.Status.SUCCEEDED).exists(), "the file")
    status = client.get(reverse("assessments:report-status", args=[scored.pk, run.pk])).content.decode()
    assert 'id="report-ready"' in status
    assert client.get(url).content[:2] == b"PK"


def test_the_in_process_sweeper_restarts_a_run_whose_thread_was_lost(org_a, manager_a, settings):
    """A run left running by a web process that stopped (its heartbeat is old) is started again, and finishes."""
    scored = complete_assessment(org_a)
    assessment_submit(assessment=scored, user=manager_a)
    run = TcoRun.objects.get(assessment=scored)
    _wait(lambda: TcoRun.objects.filter(pk=run.pk, status=TcoRun.Status.SUCCEEDED).exists(), "the first run")
    silent = timezone.now() - timedelta(seconds=settings.RUNS_HEARTBEAT_TIMEOUT_SECONDS + 5)
    TcoRun.objects.filter(pk=run.pk).update(status=TcoRun.Status.RUNNING, result=None, progress=60,
                                            heartbeat_at=silent, worker="gone-host:1:1")  # fmt: skip
    run.refresh_from_db()
    assert run.worker_lost  # the page says so before the sweep comes
    in_process.in_process_stop()  # a new start with a short interval, as a restarted web process would
    settings.RUNS_RECOVERY_INTERVAL = 0.2
    in_process.in_process_start()
    _wait(lambda: TcoRun.objects.filter(pk=run.pk, status=TcoRun.Status.SUCCEEDED).exists(), "the restarted run")
    run.refresh_from_db()
    assert run.attempts == 2 and run.result["summary"] and run.error == ""  # the "restarting" note is cleared
