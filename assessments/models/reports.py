"""Reports made in the background (the slow formats, e.g. PDF): one row per request, holding the file once made."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from assessments.models.assessment import Assessment
from assessments.models.runs import BackgroundRun


class ReportRun(BackgroundRun):
    # `inputs`: what the report is made from (format, language, scoring run, TCO run, assessment edit time).
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="report_runs")
    format = models.CharField(max_length=10, help_text=_("exporter code, e.g. pdf or xlsx"))
    language = models.CharField(max_length=5)
    # Stored in the database so any worker or web process can serve it, with no shared disk.
    content = models.BinaryField(null=True, blank=True, editable=False)
    filename = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=120, blank=True)
    size_bytes = models.PositiveIntegerField(null=True, blank=True)
    render_ms = models.FloatField(null=True, blank=True)

    class Meta(BackgroundRun.Meta):
        verbose_name = _("report run")
        indexes = [models.Index(fields=["assessment", "inputs_hash"])]

    def __str__(self) -> str:
        return f"{self.format} report {self.pk} ({self.status})"
