"""Portfolio runs (issue 19): a solve of the portfolio optimiser for one set of limits, and the plans a
manager saved by name. The optimiser itself is pure (assessments/domain/portfolio*.py)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from assessments.models.assessment import Assessment
from assessments.models.runs import BackgroundRun


class PortfolioRun(BackgroundRun):
    """One solve: `inputs` holds the limits and objective as entered plus what the problem was built from
    (scoring and TCO run); `result` the plan, its distribution, the frontier and the relaxation gains."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="portfolio_runs")
    tco_run = models.ForeignKey("assessments.TcoRun", null=True, on_delete=models.SET_NULL, related_name="+")
    result = models.JSONField(null=True, blank=True)
    compute_ms = models.FloatField(null=True, blank=True)

    class Meta(BackgroundRun.Meta):
        verbose_name = _("portfolio run")

    def __str__(self) -> str:
        return f"Portfolio run {self.pk} ({self.status})"


class PortfolioPlan(models.Model):
    """A plan saved under a name, to compare with others and to put in the reports."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="portfolio_plans")
    name = models.CharField(_("name"), max_length=120)
    limits = models.JSONField(_("limits"), default=dict)
    result = models.JSONField(_("result"), default=dict)
    run = models.ForeignKey(PortfolioRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # Part of a report's cache key (services/reports.py): a plan changed after it was saved gives a new report.
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("portfolio plan")
        constraints = [models.UniqueConstraint(fields=["assessment", "name"], name="portfolio_plan_unique_name")]

    def __str__(self) -> str:
        return self.name
