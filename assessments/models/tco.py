"""Background TCO runs: one row per run, with the exact inputs it used and its result."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from assessments.models.assessment import Assessment


class TcoRun(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="tco_runs")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    inputs = models.JSONField(help_text=_("everything the run computes from, including resolved assumptions"))
    inputs_hash = models.CharField(max_length=64, db_index=True)
    result = models.JSONField(null=True, blank=True)
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    compute_ms = models.FloatField(null=True, blank=True)
    model_version = models.PositiveSmallIntegerField(
        null=True, blank=True,
        help_text=_("TCO_MODEL_VERSION that computed the run; empty: made before runs recorded it and not recognised"),
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"TCO run {self.pk} ({self.status})"

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)
