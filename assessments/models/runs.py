"""What every background run stores (TCO runs, report runs, and any later kind): one abstract model.

A run's row is the record; its task message is only a nudge to a worker. The life of a row
(queued → running → succeeded | failed, with its heartbeat while running) is written by one module,
assessments/services/runs.py; a kind of run adds only its own inputs and result fields.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Kept in `error` while a run waits for the task queue (services/queueing.py); pages show a translated sentence.
QUEUE_UNAVAILABLE = "The task queue could not be reached. The run is saved and starts by itself when the queue is back."
# Kept in `error` while a run waits to be started again after its worker stopped (services/runs.py);
# pages show a translated sentence for it, and it is cleared when the run finishes.
WORKER_LOST = "The worker computing this run stopped; it is being restarted."


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")


class BackgroundRun(models.Model):
    Status = RunStatus

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    inputs = models.JSONField(default=dict, help_text=_("everything the run is made from"))
    # The same inputs give the same result: an unchanged hash reuses the stored run instead of running again.
    inputs_hash = models.CharField(max_length=64, db_index=True)
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0, help_text=_("times a worker started it"))
    created_at = models.DateTimeField(auto_now_add=True)
    # When someone last asked for it (a reused run is asked for again): the newest request is the one shown.
    requested_at = models.DateTimeField(default=timezone.now, db_index=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Refreshed every RUNS_HEARTBEAT_SECONDS by the process computing the run; older than
    # RUNS_HEARTBEAT_TIMEOUT_SECONDS means that process is gone, and the sweep starts the run again.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    worker = models.CharField(max_length=200, blank=True, help_text=_("host:process computing it"))

    class Meta:
        abstract = True
        ordering = ["-requested_at", "-id"]

    @property
    def is_active(self) -> bool:
        return self.status in (RunStatus.QUEUED, RunStatus.RUNNING)

    @property
    def waiting_for_queue(self) -> bool:
        """Saved, but the broker could not be reached: it is sent by the sweep when the queue is back."""
        return self.status == RunStatus.QUEUED and self.error == QUEUE_UNAVAILABLE

    @property
    def heartbeat_stale(self) -> bool:
        """Running, but the process computing it has not been heard from within the limit."""
        if self.status != RunStatus.RUNNING:
            return False
        last = self.heartbeat_at or self.started_at
        limit = timedelta(seconds=settings.RUNS_HEARTBEAT_TIMEOUT_SECONDS)
        return last is None or last < timezone.now() - limit

    @property
    def worker_lost(self) -> bool:
        """Its worker stopped and it waits to be (or is being) started again: pages say so."""
        return self.is_active and (self.error == WORKER_LOST or self.heartbeat_stale)
