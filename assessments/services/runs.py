"""One life for every background run (TCO runs, report runs, any later kind): request, claim, heartbeat, store, sweep.

A kind of run is a `RunKind` (services/run_kinds.py): its model (a models.runs.BackgroundRun), the name of
its Celery task, and its own settings. Everything else is here, the same for every kind:

- **request** (`run_request`): under a lock on the owner's row (the assessment), the run for these inputs
  is reused when it exists (not failed), else created; its message is sent after commit (queueing.py).
  One outage policy: with the broker down the row stays queued, noted, and the request says so.
- **claim** (`run_claim`): a worker takes a queued run (attempt n+1). A message for a run another live
  process computes is a duplicate and does nothing; a *redelivered* message (its worker died) takes the run
  over only once its holder is known to be gone: its heartbeat is too old, or it was a process (or thread)
  of this very host that no longer exists.
- **heartbeat**: while computing, a thread refreshes `heartbeat_at` every RUNS_HEARTBEAT_SECONDS.
- **store** (`run_execute`): the result is stored only by the attempt that holds the claim (the attempt
  number fences it), so a run completes exactly once even if a worker thought dead comes back.
- **sweep** (`runs_recover`, sent by the scheduler only, never by a page view): a run whose heartbeat is
  older than RUNS_HEARTBEAT_TIMEOUT_SECONDS lost its worker and is queued again ("the worker computing this
  stopped; restarting"), up to RUNS_MAX_ATTEMPTS starts; a run running past its kind's time limit fails; a
  queued run whose message never reached the broker, or was lost with it, is sent again.

A new kind needs: a model subclassing BackgroundRun, a RunKind, a task that calls its execute function, and
that execute function: `run_execute(KIND, run_id=..., redelivered=..., work=compute)` where
`compute(run, progress) -> {field: value}` returns what to store and raises RunFailed for a permanent failure.
"""

import logging
import os
import socket
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import timedelta

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import InterfaceError, OperationalError, connection, connections, models, transaction
from django.db.models import Q
from django.utils import timezone

from assessments.models.runs import WORKER_LOST, BackgroundRun, RunStatus
from assessments.services import queueing

logger = logging.getLogger(__name__)

TIME_LIMIT_REASON = "The run took longer than its time limit and was stopped."
UNEXPECTED_REASON = "The run could not be completed because of an unexpected error. It has been logged."
GAVE_UP_REASON = ("The worker computing this run stopped {attempts} times, so it was not started again. "
                  "Start it again.")  # fmt: skip
PROGRESS_EVERY_SECONDS = 0.3  # a few writes a second is plenty for a progress bar


@dataclass(frozen=True)
class RunKind:
    name: str  # in the sweep's counts and the logs: "tco", "reports"
    model: type[BackgroundRun]
    task: str  # the Celery task's name: sent by name, so services never import assessments/tasks.py
    stale_after_setting: str  # the settings name of its time limit in seconds (a run still running is failed)
    stale_reason: str
    duration_field: str  # where the compute time in ms is stored
    owner_field: str = "assessment"  # the row locked while a run is requested
    deferred: tuple[str, ...] = field(default=())  # large fields not read unless needed

    @property
    def stale_after(self) -> int:
        return int(getattr(settings, self.stale_after_setting))


@dataclass(frozen=True)
class Requested:
    run: BackgroundRun
    created: bool  # False: an unchanged run was found and reused


class RunFailed(Exception):
    """A permanent failure (bad inputs, nothing to report): the run fails at once with this reason."""


class RunTakenOver(Exception):
    """This attempt no longer holds the run (the sweep or another worker took it over): stop computing."""


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"


def _rows(kind: RunKind):
    return kind.model.objects.defer(*kind.deferred) if kind.deferred else kind.model.objects.all()


def run_refresh(kind: RunKind, run: BackgroundRun) -> BackgroundRun:
    """Re-read every field a page shows (a run made in-process may have finished since it was created)."""
    run.refresh_from_db(fields=[f.attname for f in kind.model._meta.concrete_fields
                                if f.name not in kind.deferred and not f.primary_key])  # fmt: skip
    return run


# --- requesting ------------------------------------------------------------------------------------------------


def run_send(kind: RunKind, run_id: int) -> bool:
    return queueing.send(kind.task, kind.model, run_id)


def run_request(kind: RunKind, *, owner: models.Model, inputs: dict, digest: str, user=None,
                **fields) -> Requested:  # fmt: skip
    """The run for these inputs: the stored one (not failed) when they are unchanged, else a new queued run.

    The owner's row is locked first, so simultaneous requests (a double click, four tabs) find one run
    instead of making one each. A reused run waiting for the broker is sent again at once.
    """
    with transaction.atomic():
        list(type(owner).objects.select_for_update().filter(pk=owner.pk).values_list("pk", flat=True))
        existing = (_rows(kind).filter(**{kind.owner_field: owner}, inputs_hash=digest)
                    .exclude(status=RunStatus.FAILED).first())  # fmt: skip
        if existing is not None:
            existing.requested_at = timezone.now()
            existing.save(update_fields=["requested_at"])
            if queueing.waiting_for_queue(existing):
                transaction.on_commit(lambda: run_send(kind, existing.pk))
            return Requested(existing, created=False)
        run = kind.model.objects.create(**{kind.owner_field: owner}, inputs=inputs, inputs_hash=digest,
                                        created_by=user if getattr(user, "is_authenticated", False) else None,
                                        **fields)  # fmt: skip
        transaction.on_commit(lambda: run_send(kind, run.pk))
    return Requested(run, created=True)


def run_start(kind: RunKind, requested: Requested) -> Requested:
    """After the request's commit (so the message was sent or refused): the run re-read, or QueueUnavailable."""
    run_refresh(kind, requested.run)
    queueing.raise_if_waiting(requested.run)
    return requested


# --- computing -------------------------------------------------------------------------------------------------


def _process_alive(pid: int, thread_id: int) -> bool:
    if pid == os.getpid():
        return any(t.ident == thread_id for t in threading.enumerate())
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, owned by someone else
    return True


def holder_gone(run: BackgroundRun) -> bool:
    """The process that claimed a running run is known to be gone: silent too long, or dead on this host."""
    if run.heartbeat_stale or run.heartbeat_at is None:
        return True
    host, _, rest = run.worker.partition(":")
    pid, _, thread_id = rest.partition(":")
    if host != socket.gethostname() or not pid.isdigit() or not thread_id.isdigit():
        return False  # another host: only its heartbeat can tell
    return not _process_alive(int(pid), int(thread_id))


def run_claim(kind: RunKind, *, run_id: int, redelivered: bool = False) -> BackgroundRun | None:
    """Take a run for this process (attempt n+1), or None when there is nothing to do for this message.

    `redelivered`: the broker hands the message out again because the worker holding it died (or the task is
    retrying). Even then a running run is taken over only when its holder is known to be gone; otherwise
    the message is a duplicate and nothing is computed twice.
    """
    with transaction.atomic():
        run = _rows(kind).select_for_update().filter(pk=run_id).first()
        if run is None or run.status in (RunStatus.SUCCEEDED, RunStatus.FAILED):
            return None  # done, or failed (a failed run is never revived: its retry is a new run)
        if run.status == RunStatus.RUNNING and not (redelivered and holder_gone(run)):
            logger.info("%s run %s is being computed by %s; duplicate message ignored", kind.name, run_id, run.worker)
            return None
        now = timezone.now()
        run.status, run.started_at, run.heartbeat_at, run.attempts = RunStatus.RUNNING, now, now, run.attempts + 1
        run.worker = worker_name()
        if run.error != WORKER_LOST:  # "restarted after its worker stopped" stays on the page until it finishes
            run.error = ""
        run.save(update_fields=["status", "started_at", "heartbeat_at", "attempts", "worker", "error"])
    return run


def _held(kind: RunKind, run: BackgroundRun):
    return kind.model.objects.filter(pk=run.pk, status=RunStatus.RUNNING, attempts=run.attempts)


class _Heartbeat(threading.Thread):
    """Refreshes the run's heartbeat while it is computed; notices when the claim was taken over."""

    def __init__(self, kind: RunKind, run: BackgroundRun):
        super().__init__(name=f"heartbeat-{kind.name}-{run.pk}", daemon=True)
        self.kind, self.held_run, self.stopped, self.lost = kind, run, threading.Event(), threading.Event()

    def run(self) -> None:
        try:
            while not self.stopped.wait(settings.RUNS_HEARTBEAT_SECONDS):
                try:
                    if not _held(self.kind, self.held_run).update(heartbeat_at=timezone.now()):
                        self.lost.set()
                        return
                except (OperationalError, InterfaceError) as exc:  # a database blip: the next beat tries again
                    logger.warning("Heartbeat of %s run %s not written: %s", self.kind.name, self.held_run.pk, exc)
        finally:
            connections.close_all()  # this thread's connection only


@contextmanager
def _heartbeat(kind: RunKind, run: BackgroundRun):
    if connection.in_atomic_block:  # computed inside someone's transaction: no other process can see the row
        yield None
        return
    beat = _Heartbeat(kind, run)
    beat.start()
    try:
        yield beat
    finally:
        beat.stopped.set()
        beat.join(timeout=5)


def _progress_writer(kind: RunKind, run: BackgroundRun, beat) -> Callable[[float], None]:
    """progress(share) for the work: the run's bar (0-99 %), a heartbeat with it; stops the work if taken over."""
    shown = {"value": run.progress if run.error != WORKER_LOST else 0, "at": 0.0}

    def progress(share: float) -> None:
        if beat is not None and beat.lost.is_set():
            raise RunTakenOver()
        value, now = min(99, max(0, int(share * 100))), time.monotonic()
        if value <= shown["value"] or (now - shown["at"] < PROGRESS_EVERY_SECONDS and value < 99):
            return
        shown["value"], shown["at"] = value, now
        if not _held(kind, run).update(progress=value, heartbeat_at=timezone.now()):
            raise RunTakenOver()

    return progress


def run_fail(kind: RunKind, *, run_id: int, reason: str, attempt: int | None = None) -> bool:
    """Mark a run failed with its reason (never one that succeeded); with `attempt`, only if that attempt holds it."""
    rows = kind.model.objects.filter(pk=run_id).exclude(status=RunStatus.SUCCEEDED)
    if attempt is not None:
        rows = rows.filter(status=RunStatus.RUNNING, attempts=attempt)
    return bool(rows.update(status=RunStatus.FAILED, error=reason, finished_at=timezone.now()))


def _release(kind: RunKind, run: BackgroundRun) -> None:
    """The database failed mid-run and the task will retry: let the retry take the run over at once."""
    with suppress(OperationalError, InterfaceError):  # still down: the heartbeat stops anyway, and the run is
        _held(kind, run).update(heartbeat_at=None)  # taken over once it is old


def run_execute(kind: RunKind, *, run_id: int, redelivered: bool = False,
                work: Callable[[BackgroundRun, Callable[[float], None]], dict]) -> BackgroundRun | None:  # fmt: skip
    """Claim the run, compute it with a heartbeat, store its result once. The run when this call stored it."""
    run = run_claim(kind, run_id=run_id, redelivered=redelivered)
    if run is None:
        return None
    started = time.perf_counter()
    try:
        with _heartbeat(kind, run) as beat:
            stored = work(run, _progress_writer(kind, run, beat))
    except RunTakenOver:
        logger.warning("%s run %s attempt %s was taken over; its work is dropped", kind.name, run_id, run.attempts)
        return None
    except RunFailed as exc:  # permanent: retrying cannot help
        run_fail(kind, run_id=run_id, reason=str(exc), attempt=run.attempts)
        return None
    except SoftTimeLimitExceeded:
        run_fail(kind, run_id=run_id, reason=TIME_LIMIT_REASON, attempt=run.attempts)
        return None
    except (OperationalError, InterfaceError):
        _release(kind, run)
        raise  # the database blinked: the task retries (assessments/tasks.py)
    except Exception:
        # A bug: the run says so at once instead of staying "running"; the worker logs the traceback.
        run_fail(kind, run_id=run_id, reason=UNEXPECTED_REASON, attempt=run.attempts)
        raise
    stored[kind.duration_field] = (time.perf_counter() - started) * 1000
    done = _held(kind, run).update(status=RunStatus.SUCCEEDED, progress=100, error="", finished_at=timezone.now(),
                                   **stored)  # fmt: skip
    if not done:
        logger.warning("%s run %s attempt %s finished after losing its claim; not stored", kind.name, run_id,
                       run.attempts)  # fmt: skip
        return None
    return run


# --- the scheduler's sweep -------------------------------------------------------------------------------------


def runs_fail_stale(kind: RunKind) -> int:
    """Runs still "running" past the kind's time limit (alive but never finishing) become failed."""
    cutoff = timezone.now() - timedelta(seconds=kind.stale_after)
    return kind.model.objects.filter(status=RunStatus.RUNNING, started_at__lt=cutoff).update(
        status=RunStatus.FAILED, finished_at=timezone.now(), error=kind.stale_reason)  # fmt: skip


def runs_restart_lost(kind: RunKind) -> tuple[int, int]:
    """Runs whose worker stopped (heartbeat too old) are queued again and sent: (restarted, given up)."""
    cutoff = timezone.now() - timedelta(seconds=settings.RUNS_HEARTBEAT_TIMEOUT_SECONDS)
    silent = Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True) & (Q(started_at__lt=cutoff)
                                                                          | Q(started_at__isnull=True))
    restarted = given_up = 0
    for run_id, attempts, beat in kind.model.objects.filter(silent, status=RunStatus.RUNNING).values_list(
            "pk", "attempts", "heartbeat_at"):  # fmt: skip
        # Only if nothing moved since it was read: a heartbeat that came back in between keeps the run.
        same = kind.model.objects.filter(pk=run_id, status=RunStatus.RUNNING, attempts=attempts, heartbeat_at=beat)
        if attempts >= settings.RUNS_MAX_ATTEMPTS:
            given_up += same.update(status=RunStatus.FAILED, finished_at=timezone.now(),
                                    error=GAVE_UP_REASON.format(attempts=attempts))  # fmt: skip
        elif same.update(status=RunStatus.QUEUED, error=WORKER_LOST, progress=0, worker=""):
            logger.warning("%s run %s lost its worker (attempt %s); started again", kind.name, run_id, attempts)
            restarted += 1
            run_send(kind, run_id)
    return restarted, given_up


def runs_requeue(kind: RunKind) -> int:
    """Send again the runs that wait for the broker, and those whose message was lost. Returns how many."""
    queued = kind.model.objects.filter(status=RunStatus.QUEUED)
    run_ids = list(queued.filter(error=queueing.QUEUE_UNAVAILABLE).order_by("created_at").values_list("pk", flat=True))
    cutoff = timezone.now() - timedelta(seconds=settings.RUNS_REQUEUE_AFTER_SECONDS)
    lost = queued.filter(created_at__lt=cutoff).exclude(error=queueing.QUEUE_UNAVAILABLE).order_by("created_at")
    # Only when the queue is empty: a long backlog still holds these messages and must not be doubled.
    if lost.exists() and queueing.broker_queue_is_empty():
        run_ids += list(lost.values_list("pk", flat=True))
    sent = 0
    for run_id in run_ids:
        if not run_send(kind, run_id):
            break  # the broker is down again; the next sweep sends the rest
        sent += 1
    return sent


def runs_recover(kind: RunKind) -> dict[str, int]:
    failed = runs_fail_stale(kind)
    restarted, given_up = runs_restart_lost(kind)
    return {f"{kind.name}_failed_stale": failed + given_up, f"{kind.name}_restarted": restarted,
            f"{kind.name}_requeued": runs_requeue(kind)}  # fmt: skip
