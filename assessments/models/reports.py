"""Reports made in the background (the slow formats, e.g. PDF): one row per request, holding the file once made."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from assessments.models.assessment import Assessment


class ReportRun(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="report_runs")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    format = models.CharField(max_length=10, help_text=_("exporter code, e.g. pdf or xlsx"))
    language = models.CharField(max_length=5)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    # What the report is made from (format, language, scoring run, TCO run, assessment edit time): an
    # unchanged hash reuses the stored file instead of making it again.
    inputs = models.JSONField(default=dict)
    inputs_hash = models.CharField(max_length=64, db_index=True)
    # Stored in the database so any worker or web process can serve it, with no shared disk.
    content = models.BinaryField(null=True, blank=True, editable=False)
    filename = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=120, blank=True)
    size_bytes = models.PositiveIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    render_ms = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["assessment", "inputs_hash"])]

    def __str__(self) -> str:
        return f"{self.format} report {self.pk} ({self.status})"

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)
