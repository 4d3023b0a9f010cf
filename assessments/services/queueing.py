"""Sending work to be done in the background: the only place a task message leaves this process.

Tasks are sent **by name** (`publish("assessments.run_tco", run_id)`), so no service imports
assessments/tasks.py and the tasks alone import the services. With a broker the message goes to
Redis; without one the same task runs in this process (services/in_process.py): on a thread
beside the requests, or inline after the commit (RUNS_IN_PROCESS).

A run's row is committed first and its message sent after commit. When Redis cannot be reached the
row stays queued with QUEUE_UNAVAILABLE as its note and the request says so at once (the broker
timeouts in settings keep that to a second or two); the scheduler's sweep sends it again once Redis
is back (services/runs.py).
"""

import logging

from django.db import models
from kombu.exceptions import OperationalError as BrokerOperationalError

from assessments.models.runs import QUEUE_UNAVAILABLE, RunStatus

logger = logging.getLogger(__name__)

QUEUED = RunStatus.QUEUED
# kombu wraps connection failures in its OperationalError; a raw socket error can surface as OSError.
BROKER_ERRORS = (BrokerOperationalError, OSError)


class QueueUnavailable(Exception):
    """A run could not be handed to the task queue now; it is saved and will be sent when the queue is back."""

    def __init__(self, run):
        self.run = run
        super().__init__(QUEUE_UNAVAILABLE)


def _app():
    from outsourcing.celery import app

    return app


def publish(task_name: str, *args) -> None:
    """Send one task by name: to the broker, or to this process when there is none. Raises BROKER_ERRORS."""
    app = _app()
    if app.conf.task_always_eager:
        from assessments.services.in_process import in_process_submit

        in_process_submit(task_name, args)
        return
    app.send_task(task_name, args=args)


def publish_quietly(task_name: str, *args) -> bool:
    """Send a task that is only an optimisation: a broker failure is logged, never raised."""
    try:
        publish(task_name, *args)
    except BROKER_ERRORS as exc:
        logger.warning("Task %s%s not queued: %s", task_name, args, exc)
        return False
    return True


def waiting_for_queue(run) -> bool:
    return run.waiting_for_queue


def send(task_name: str, model: type[models.Model], run_id: int) -> bool:
    """Send a run's message. On a broker failure the row keeps waiting (noted) and this returns False."""
    try:
        publish(task_name, run_id)
    except BROKER_ERRORS as exc:
        logger.warning("%s %s could not be queued, it waits for the broker: %s", model.__name__, run_id, exc)
        model.objects.filter(pk=run_id, status=QUEUED).update(error=QUEUE_UNAVAILABLE)
        return False
    model.objects.filter(pk=run_id, status=QUEUED, error=QUEUE_UNAVAILABLE).update(error="")
    return True


def raise_if_waiting(run) -> None:
    """After a request committed (and so tried to send) a run: QueueUnavailable when the broker refused it."""
    if waiting_for_queue(run):
        raise QueueUnavailable(run)


def broker_queue_is_empty() -> bool:
    """True when the default queue holds no message (Redis drops an emptied list, so 'no such queue' is empty)."""
    app = _app()
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
