"""Background runs and the broker: the run row is the record, its message only a nudge to a worker.

A run's row is committed first and its message sent after commit. When Redis cannot be reached the
row stays queued with QUEUE_UNAVAILABLE as its note and the request says so at once (the broker
timeouts in settings keep that to a second or two). The scheduler's sweep (`recover_runs`) sends
such runs again once Redis is back, and also a run left queued after its message was lost with
Redis (restarted without persistence). A run stuck in "running" past its limit is marked failed.
Works for any run model with `status`, `error`, `created_at`, `started_at` and `finished_at`.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerOperationalError

logger = logging.getLogger(__name__)

QUEUED, RUNNING, SUCCEEDED, FAILED = "queued", "running", "succeeded", "failed"
# Stored in the row's `error` while it waits; pages show a translated sentence for it.
QUEUE_UNAVAILABLE = "The task queue could not be reached. The run is saved and starts by itself when the queue is back."
# kombu wraps connection failures in its OperationalError; a raw socket error can surface as OSError.
BROKER_ERRORS = (BrokerOperationalError, OSError)


class QueueUnavailable(Exception):
    """A run could not be handed to the task queue now; it is saved and will be sent when the queue is back."""

    def __init__(self, run):
        self.run = run
        super().__init__(QUEUE_UNAVAILABLE)


def waiting_for_queue(run) -> bool:
    return run.status == QUEUED and run.error == QUEUE_UNAVAILABLE


def send(task, model: type[models.Model], run_id: int) -> bool:
    """Send the run's message. On a broker failure the row keeps waiting (noted) and this returns False."""
    try:
        task.apply_async(args=(run_id,))
    except BROKER_ERRORS as exc:
        logger.warning("%s %s could not be queued, it waits for the broker: %s", model.__name__, run_id, exc)
        model.objects.filter(pk=run_id, status=QUEUED).update(error=QUEUE_UNAVAILABLE)
        return False
    model.objects.filter(pk=run_id, status=QUEUED, error=QUEUE_UNAVAILABLE).update(error="")
    return True


def raise_if_waiting(run) -> None:
    """After a request committed (and so tried to send) a run: QueueUnavailable when the broker refused it."""
    run.refresh_from_db(fields=["status", "error"])
    if waiting_for_queue(run):
        raise QueueUnavailable(run)


def broker_queue_is_empty() -> bool:
    """True when the default queue holds no message (Redis drops an emptied list, so 'no such queue' is empty)."""
    from outsourcing.celery import app

    if app.conf.task_always_eager:
        return True  # no broker: nothing can be waiting in it
    try:
        with app.connection_for_write() as connection:
            try:
                _, count, _ = connection.default_channel.queue_declare(queue=app.conf.task_default_queue,
                                                                       passive=True)  # fmt: skip
            except connection.channel_errors:
                return True
    except BROKER_ERRORS:
        return False  # cannot tell; sending would fail too
    return count == 0


def requeue(task, model: type[models.Model]) -> int:
    """Send again the runs that wait for the broker, and those whose message was lost. Returns how many."""
    queued = model.objects.filter(status=QUEUED)
    run_ids = list(queued.filter(error=QUEUE_UNAVAILABLE).order_by("created_at").values_list("pk", flat=True))
    cutoff = timezone.now() - timedelta(seconds=settings.RUNS_REQUEUE_AFTER_SECONDS)
    lost = queued.filter(created_at__lt=cutoff).exclude(error=QUEUE_UNAVAILABLE).order_by("created_at")
    # Only when the queue is empty: a long backlog still holds these messages and must not be doubled.
    if lost.exists() and broker_queue_is_empty():
        run_ids += list(lost.values_list("pk", flat=True))
    sent = 0
    for run_id in run_ids:
        if not send(task, model, run_id):
            break  # the broker is down again; the next sweep sends the rest
        sent += 1
    return sent


def fail_stale(model: type[models.Model], *, after_seconds: int, reason: str) -> int:
    """Runs "running" longer than `after_seconds` (their worker died and no redelivery came) become failed."""
    cutoff = timezone.now() - timedelta(seconds=after_seconds)
    return model.objects.filter(status=RUNNING, started_at__lt=cutoff).update(
        status=FAILED, finished_at=timezone.now(), error=reason)  # fmt: skip
