"""Stored scoring results, with the inputs they were computed from."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from assessments.models.assessment import Assessment, BusinessFunction


class ScoringRun(models.Model):
    """The scoring of an assessment, with the inputs it was computed from (kept for audit).

    Scoring again replaces it: services/scoring.py deletes the earlier run (and its scores) in the same
    transaction, so an assessment has at most one. What changed its inputs (answers, weights, quotes,
    exchange rates, risk acceptances) is in the audit log (the History page).
    """

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scoring_runs")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    weights = models.JSONField(help_text=_("criterion weights applied, normalised to sum to 1"))
    inputs = models.JSONField(help_text=_("functions, options and profile exactly as scored"))
    inputs_hash = models.CharField(max_length=64)
    duration_ms = models.FloatField(default=0)
    # The risk appetite's limits applied: {"appetite", "factor_score", "mean_burden"} (empty for older runs)
    risk_limits = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        get_latest_by = "created_at"


class OptionScore(models.Model):
    """One function scored against one option (engagement form × sourcing model × location)."""

    run = models.ForeignKey(ScoringRun, on_delete=models.CASCADE, related_name="scores")
    function = models.ForeignKey(BusinessFunction, on_delete=models.CASCADE, related_name="+")
    option_id = models.CharField(max_length=60)
    engagement = models.CharField(max_length=40)
    sourcing_model = models.CharField(max_length=20)
    location = models.CharField(max_length=2)
    is_baseline = models.BooleanField(default=False)
    score = models.FloatField()
    rank = models.PositiveIntegerField()
    delta_vs_baseline = models.FloatField()
    # {criterion: [raw_value, normalised_value, weight, points, baseline_points]}; the points add up to `score`.
    # Read through assessments/domain/stored_scores.py (stored_contributions), never by position.
    contributions = models.JSONField()
    # {risk_code: [likelihood, impact, risk_score, points, baseline_points]}; the points add up to the risk
    # criterion's points. Read through assessments/domain/stored_scores.py (stored_risks).
    risks = models.JSONField()
    # The row as the API sends it, encoded once when the run is stored (assessments/domain/score_row_json.py)
    row_json = models.TextField(editable=False)
    # A hard limit of the function rules the option out: never recommended, ranked after every allowed option
    excluded = models.BooleanField(default=False)
    # [{"code", "detail", "text_en", "text_ko"}]: why, one entry per limit that excludes it
    exclusion_reasons = models.JSONField(default=list, blank=True)
    above_risk_appetite = models.BooleanField(default=False)
    risk_override = models.BooleanField(default=False)

    class Meta:
        ordering = ["function_id", "rank"]
        indexes = [models.Index(fields=["run", "function", "rank"]), models.Index(fields=["run", "score"])]


class Recommendation(models.Model):
    run = models.ForeignKey(ScoringRun, on_delete=models.CASCADE, related_name="recommendations")
    function = models.ForeignKey(BusinessFunction, on_delete=models.CASCADE, related_name="+")
    recommended_option_id = models.CharField(max_length=60)
    runner_up_option_id = models.CharField(max_length=60, blank=True)
    keep_in_house = models.BooleanField()
    margin = models.FloatField()
    confidence = models.FloatField()
    top_locations = models.JSONField(default=list)
    top_risks = models.JSONField(default=list)
    mitigations = models.JSONField(default=list)
    explanation_en = models.JSONField(default=list)
    explanation_ko = models.JSONField(default=list)
    # The best allowed option above the risk appetite, when it scores higher than the recommendation
    best_flagged_option_id = models.CharField(max_length=60, blank=True)
    flagged_reason_en = models.TextField(blank=True)
    flagged_reason_ko = models.TextField(blank=True)
    excluded_options = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["function__sort_order", "function_id"]
        constraints = [models.UniqueConstraint(fields=["run", "function"], name="one_recommendation_per_function")]


class RiskOverride(models.Model):
    """A consultant accepts one option of one function above the company's risk appetite, with a reason.

    Audited (django-auditlog): the History page shows who accepted what, when and why.
    """

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="risk_overrides")
    function = models.ForeignKey(BusinessFunction, on_delete=models.CASCADE, related_name="risk_overrides")
    option_id = models.CharField(max_length=60)
    reason = models.TextField(_("reason"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["function_id", "option_id"]
        constraints = [models.UniqueConstraint(fields=["function", "option_id"], name="one_override_per_option")]
