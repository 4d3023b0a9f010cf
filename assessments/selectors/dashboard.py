"""What the dashboard says about each submitted assessment: how many functions should move, the NPV of the
savings with its P10–P90 range and the risks that come up most, in a fixed number of queries.

The figures are added up as the PDF report's executive summary adds them (assessments/reports/pdf_context.py):
over the functions recommended to move whose recommended option has a TCO result, the deterministic NPV of
savings, and the P10s and P90s of each function's Monte Carlo (a sum of percentiles: a wider, cautious range),
so the dashboard and the report tell one story.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import OuterRef, Subquery

from assessments.models import Assessment, Recommendation, ScoringRun, TcoRun
from outsourcing.models import RiskFactor

TOP_RISKS_SHOWN = 2


@dataclass
class DashboardSummary:
    functions: int
    moves: int
    costed: int = 0  # moves whose recommended option has TCO figures (the sums cover these)
    npv: float | None = None
    npv_p10: float | None = None
    npv_p90: float | None = None
    currency: str = ""
    tco_outdated: bool = False  # the TCO run was computed from an earlier scoring (weights changed since)
    top_risks: list[str] = field(default_factory=list)


def _sum(rows: list[dict], key: str) -> float | None:
    values = [float(r[key]) for r in rows if r.get(key) is not None]
    return sum(values) if values else None


def dashboard_summaries(assessments: list[Assessment]) -> dict[int, DashboardSummary]:
    """A summary per scored assessment id (drafts and unscored ones have none)."""
    ids = [a.pk for a in assessments if not a.is_draft]
    if not ids:
        return {}
    latest_scoring = ScoringRun.objects.filter(assessment=OuterRef("pk")).order_by("-created_at", "-id")
    latest_tco = TcoRun.objects.filter(assessment=OuterRef("pk"), status=TcoRun.Status.SUCCEEDED).order_by(
        "-created_at", "-id")  # fmt: skip
    latest = list(
        Assessment.objects.filter(pk__in=ids).annotate(
            scoring_id=Subquery(latest_scoring.values("pk")[:1]),
            scoring_hash=Subquery(latest_scoring.values("inputs_hash")[:1]),
            tco_id=Subquery(latest_tco.values("pk")[:1]),
        ).values("pk", "currency", "scoring_id", "scoring_hash", "tco_id")
    )  # fmt: skip
    recommendations: dict[int, list[dict]] = {}
    scoring_ids = [row["scoring_id"] for row in latest if row["scoring_id"]]
    for rec in Recommendation.objects.filter(run_id__in=scoring_ids).values(
        "run_id", "function_id", "recommended_option_id", "keep_in_house", "top_risks"
    ):
        recommendations.setdefault(rec["run_id"], []).append(rec)
    # Only the per-option summaries of each TCO result, not its yearly figures, bands and drivers.
    tco = {
        row["pk"]: row
        for row in TcoRun.objects.filter(pk__in=[row["tco_id"] for row in latest if row["tco_id"]]).values(
            "pk", "inputs__currency", "inputs__scoring_run_hash", "result__summary", "result__monte_carlo")
    }  # fmt: skip
    names = {}
    out = {}
    for row in latest:
        if not row["scoring_id"]:
            continue
        recs = recommendations.get(row["scoring_id"], [])
        moves = [r for r in recs if not r["keep_in_house"]]
        summary = DashboardSummary(functions=len(recs), moves=len(moves), currency=row["currency"])
        run = tco.get(row["tco_id"])
        if run is not None:
            wanted = {(r["function_id"], r["recommended_option_id"]) for r in moves}
            deterministic = [r for r in run["result__summary"] or [] if (r["function_id"], r["option_id"]) in wanted]
            simulated = [r for r in run["result__monte_carlo"] or [] if (r["function_id"], r["option_id"]) in wanted]
            summary.costed = len(deterministic)
            summary.npv = _sum(deterministic, "npv_savings")
            summary.npv_p10, summary.npv_p90 = _sum(simulated, "npv_p10"), _sum(simulated, "npv_p90")
            summary.currency = run["inputs__currency"] or row["currency"]
            summary.tco_outdated = run["inputs__scoring_run_hash"] != row["scoring_hash"]
        counts = Counter(code for r in moves for code in r["top_risks"])
        summary.top_risks = [code for code, _n in counts.most_common(TOP_RISKS_SHOWN)]
        names.update(dict.fromkeys(summary.top_risks))
        out[row["pk"]] = summary
    if names:
        factors = {f.code: f.name for f in RiskFactor.objects.filter(code__in=names)}
        for summary in out.values():
            summary.top_risks = [factors.get(code, code) for code in summary.top_risks]
    return out
