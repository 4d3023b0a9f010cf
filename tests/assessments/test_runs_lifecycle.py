"""The one life of every background run (assessments/services/runs.py): claim, heartbeat, one stored result, the
sweep that restarts a run whose worker was lost, what the page says meanwhile, and what a new kind needs."""

import os
import socket
import threading
from datetime import timedelta
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import TcoRun
from assessments.models.runs import WORKER_LOST
from assessments.services import queueing, runs
from assessments.services.run_kinds import KINDS, TCO_RUNS
from assessments.services.scoring import assessment_score
from assessments.services.tco import tco_run_request
from tests.factories import complete_assessment

# A kind of run as a new module would declare it (here on the TCO table, which has the fields it needs).
DEMO_KIND = runs.RunKind(name="demo", model=TcoRun, task="assessments.run_tco",
                         stale_after_setting="TCO_STALE_AFTER_SECONDS", stale_reason="Too long.",
                         duration_field="compute_ms")  # fmt: skip


@pytest.fixture
def queued_run(org_a, manager_a):
    return tco_run_request(assessment=_scored(org_a), user=manager_a)  # queued; its message is never sent here


def _silent(settings) -> timezone.datetime:
    return timezone.now() - timedelta(seconds=settings.RUNS_HEARTBEAT_TIMEOUT_SECONDS + 5)


def test_a_new_kind_needs_only_a_kind_and_a_work_function(queued_run):
    def work(run, progress):
        progress(0.5)
        return {"result": {"answer": 42}}

    stored = runs.run_execute(DEMO_KIND, run_id=queued_run.pk, work=work)
    queued_run.refresh_from_db()
    assert stored is not None and queued_run.status == TcoRun.Status.SUCCEEDED
    assert queued_run.result == {"answer": 42} and queued_run.progress == 100 and queued_run.attempts == 1
    assert queued_run.compute_ms is not None and queued_run.worker.startswith(socket.gethostname())
    assert set(runs.runs_recover(DEMO_KIND)) == {"demo_failed_stale", "demo_restarted", "demo_requeued"}


def test_every_kind_is_swept_and_names_a_task_of_its_own():
    assert len({kind.task for kind in KINDS}) == len(KINDS) == len({kind.stale_after_setting for kind in KINDS})


def test_a_permanent_failure_fails_the_run_with_its_reason(queued_run):
    def work(run, progress):
        raise runs.RunFailed("governance_pct: must be at most 1")

    assert runs.run_execute(DEMO_KIND, run_id=queued_run.pk, work=work) is None
    queued_run.refresh_from_db()
    assert queued_run.status == TcoRun.Status.FAILED and queued_run.error == "governance_pct: must be at most 1"


def test_a_worker_that_lost_its_claim_stores_nothing_when_it_comes_back(queued_run):
    """Thought dead (e.g. paused for a minute), restarted elsewhere meanwhile: its late result is dropped."""

    def work(run, progress):
        TcoRun.objects.filter(pk=run.pk).update(attempts=run.attempts + 1, worker="other-host:1:1")  # taken over
        return {"result": {"late": True}}

    assert runs.run_execute(DEMO_KIND, run_id=queued_run.pk, work=work) is None
    queued_run.refresh_from_db()
    assert queued_run.status == TcoRun.Status.RUNNING and queued_run.result is None and queued_run.attempts == 2


def test_progress_stops_the_work_of_an_attempt_that_lost_its_claim(queued_run):
    reached = []

    def work(run, progress):
        TcoRun.objects.filter(pk=run.pk).update(attempts=run.attempts + 1)
        progress(0.5)
        reached.append("after")  # never: the progress write finds the claim gone
        return {}

    assert runs.run_execute(DEMO_KIND, run_id=queued_run.pk, work=work) is None
    assert reached == []


def test_a_duplicate_message_for_a_run_computed_elsewhere_does_nothing_even_when_redelivered(queued_run):
    TcoRun.objects.filter(pk=queued_run.pk).update(status=TcoRun.Status.RUNNING, attempts=1, worker="other:1:1",
                                                   heartbeat_at=timezone.now(), started_at=timezone.now())  # fmt: skip
    assert runs.run_claim(TCO_RUNS, run_id=queued_run.pk) is None
    assert runs.run_claim(TCO_RUNS, run_id=queued_run.pk, redelivered=True) is None  # its worker still beats


@pytest.mark.parametrize(("worker", "beat_age", "gone"), [
    ("other-host:1:1", 0, False),  # another host, beating: alive as far as anyone can tell
    ("other-host:1:1", 3600, True),  # another host, silent: gone
    ("{host}:{dead_pid}:1", 0, True),  # this host, the process no longer exists: gone at once
    ("{host}:{pid}:{thread}", 0, False),  # this very thread: alive
    ("{host}:{pid}:1", 0, True),  # this process, but a thread that no longer exists
])  # fmt: skip
def test_a_redelivered_message_takes_over_only_when_the_holder_is_gone(queued_run, worker, beat_age, gone):
    dead = _dead_pid()
    worker = worker.format(host=socket.gethostname(), pid=os.getpid(), thread=threading.get_ident(), dead_pid=dead)
    TcoRun.objects.filter(pk=queued_run.pk).update(status=TcoRun.Status.RUNNING, attempts=1, worker=worker,
                                                   heartbeat_at=timezone.now() - timedelta(seconds=beat_age),
                                                   started_at=timezone.now())  # fmt: skip
    queued_run.refresh_from_db()
    assert runs.holder_gone(queued_run) is gone
    claimed = runs.run_claim(TCO_RUNS, run_id=queued_run.pk, redelivered=True)
    assert (claimed is not None) is gone


def _dead_pid() -> int:
    import subprocess
    import sys

    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_the_sweep_restarts_a_silent_run_and_leaves_a_beating_one(queued_run, settings, org_a, manager_a):
    beating = tco_run_request(assessment=_scored(org_a), user=manager_a)
    TcoRun.objects.filter(pk=queued_run.pk).update(status=TcoRun.Status.RUNNING, attempts=1, progress=70,
                                                   heartbeat_at=_silent(settings), worker="lost:1:1")  # fmt: skip
    TcoRun.objects.filter(pk=beating.pk).update(status=TcoRun.Status.RUNNING, attempts=1,
                                                heartbeat_at=timezone.now(), worker="alive:1:1")  # fmt: skip
    with mock.patch.object(queueing, "publish") as publish:
        assert runs.runs_restart_lost(TCO_RUNS) == (1, 0)
    publish.assert_called_once_with("assessments.run_tco", queued_run.pk)
    queued_run.refresh_from_db()
    assert queued_run.status == TcoRun.Status.QUEUED and queued_run.error == WORKER_LOST and queued_run.progress == 0
    assert queued_run.worker_lost  # the page says so until it finishes
    assert TcoRun.objects.get(pk=beating.pk).status == TcoRun.Status.RUNNING
    runs.run_execute(TCO_RUNS, run_id=queued_run.pk, work=lambda run, progress: {"result": {"ok": 1}})
    queued_run.refresh_from_db()
    assert queued_run.status == TcoRun.Status.SUCCEEDED and queued_run.attempts == 2 and queued_run.error == ""


def _scored(org):
    assessment = complete_assessment(org, functions=1)
    assessment_score(assessment=assessment)
    return assessment


def test_a_run_that_keeps_losing_its_worker_fails_with_the_reason(queued_run, settings):
    settings.RUNS_MAX_ATTEMPTS = 3
    TcoRun.objects.filter(pk=queued_run.pk).update(status=TcoRun.Status.RUNNING, attempts=3,
                                                   heartbeat_at=_silent(settings))  # fmt: skip
    with mock.patch.object(queueing, "publish") as publish:
        assert runs.runs_restart_lost(TCO_RUNS) == (0, 1)
    publish.assert_not_called()
    queued_run.refresh_from_db()
    assert queued_run.status == TcoRun.Status.FAILED and "stopped 3 times" in queued_run.error


def test_a_heartbeat_that_came_back_between_the_read_and_the_restart_keeps_the_run(queued_run, settings):
    TcoRun.objects.filter(pk=queued_run.pk).update(status=TcoRun.Status.RUNNING, attempts=1,
                                                   heartbeat_at=_silent(settings))  # fmt: skip
    real_filter = TcoRun.objects.filter

    def filter_after_a_beat(*args, **kwargs):
        if "heartbeat_at" in kwargs:  # the conditional restart: the worker beat just before it
            TcoRun.objects.update(heartbeat_at=timezone.now())
        return real_filter(*args, **kwargs)

    with mock.patch.object(TcoRun.objects, "filter", side_effect=filter_after_a_beat), \
            mock.patch.object(queueing, "publish") as publish:  # fmt: skip
        assert runs.runs_restart_lost(TCO_RUNS) == (0, 0)
    publish.assert_not_called()
    assert TcoRun.objects.get(pk=queued_run.pk).status == TcoRun.Status.RUNNING


@pytest.mark.parametrize(("state", "text"), [
    ({"status": "running", "heartbeat_at": "silent"}, "The worker computing this stopped; restarting…"),
    ({"status": "queued", "error": WORKER_LOST}, "The worker computing this stopped; restarting…"),
    ({"status": "running", "error": WORKER_LOST, "heartbeat_at": "now"}, "it was restarted and is running again"),
    ({"status": "running", "heartbeat_at": "now"}, "Running…"),
])  # fmt: skip
def test_the_page_says_when_the_worker_computing_a_run_stopped(queued_run, client, manager_a, settings, state, text):
    moments = {"silent": _silent(settings), "now": timezone.now()}
    values = {k: moments.get(v, v) if k == "heartbeat_at" else v for k, v in state.items()}
    TcoRun.objects.filter(pk=queued_run.pk).update(started_at=timezone.now(), **values)
    client.force_login(manager_a)
    html = client.get(reverse("assessments:tco-status", args=[queued_run.assessment_id, queued_run.pk])).content
    assert text in html.decode() and 'hx-trigger="load' in html.decode()  # and it keeps polling
