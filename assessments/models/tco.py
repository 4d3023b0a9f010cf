"""Background TCO runs: one row per run, with the exact inputs it used and its result."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from assessments.models.assessment import Assessment
from assessments.models.runs import BackgroundRun


class TcoRun(BackgroundRun):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="tco_runs")
    result = models.JSONField(null=True, blank=True)
    compute_ms = models.FloatField(null=True, blank=True)
    model_version = models.PositiveSmallIntegerField(
        null=True, blank=True,
        help_text=_("TCO_MODEL_VERSION that computed the run; empty: made before runs recorded it and not recognised"),
    )

    class Meta(BackgroundRun.Meta):
        verbose_name = _("TCO run")

    def __str__(self) -> str:
        return f"TCO run {self.pk} ({self.status})"
