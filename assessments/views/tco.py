"""TCO runs on the page: start, a live progress bar (htmx polling a tenant-checked status view), results."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from assessments import tco_charts
from assessments.domain.tco import DEFAULT_ASSUMPTIONS, TCO_MODEL_VERSION
from assessments.forms_costs import ASSUMPTION_TEXT, display_value, source_text
from assessments.models import TcoRun
from assessments.selectors.assessments import assessment_for
from assessments.selectors.results import label
from assessments.selectors.scoping import EDIT_ROLES, get_scoped_or_404, role_for
from assessments.selectors.tco_display import rate_basis
from assessments.services import tco as services
from assessments.services.queueing import QueueUnavailable, waiting_for_queue

QUEUE_UNAVAILABLE_MESSAGE = _(
    "The task queue is unavailable right now, so the run could not start. It is saved and starts by itself "
    "when the queue is back; nothing you entered was lost."
)

UNCHANGED_MESSAGE = _(
    "Nothing has changed since the last run (scores, assumptions and settings are the same), so its results "
    "stand: they are shown below."
)

DRIVER_NAMES = {
    "vendor_rate": _("Vendor rate (your deal)"), "market_rate": _("Market rate level (location)"),
    "wage_inflation_home": _("Wage inflation (home)"),
    "wage_inflation_location": _("Wage inflation (location)"), "fx_rate": _("Exchange rate"),
    "productivity_loss": _("Productivity loss"), "transition_overrun": _("Transition overrun"),
    "governance_pct": _("Governance overhead"),
}  # fmt: skip
ORIGINS = {"default": _("default"), "assessment": _("this assessment"), "function": _("this function")}


def _may_start(user, assessment) -> bool:
    return role_for(user, assessment.organisation_id) in EDIT_ROLES


def _assumption_row(name: str, entry: dict, meta: dict) -> dict:
    """One assumption a run used, as a person reads it (label, % where a fraction, source and year)."""
    known = name in DEFAULT_ASSUMPTIONS  # runs of an earlier model may name assumptions no longer used
    low, high = entry.get("low"), entry.get("high")
    return {"label": ASSUMPTION_TEXT.get(name, (name, ""))[0],
            "value": display_value(name, entry.get("value")) if known else entry.get("value"),
            "range": f"{display_value(name, low)} – {display_value(name, high)}" if known and low != high else "",
            "source": source_text({"source": meta.get("source", "")}), "year": meta.get("year"),
            "origin": ORIGINS.get(entry.get("origin"), entry.get("origin"))}  # fmt: skip


def _results_context(run: TcoRun, function_id: int | None) -> dict:
    result = run.result
    functions = run.inputs.get("functions") or []
    if not result:
        return {}
    chosen = next((f for f in functions if f["function_id"] == function_id), functions[0] if functions else None)
    if chosen is None:
        return {}
    fid = chosen["function_id"]
    summary = {r["option_id"]: r for r in result["summary"] if r["function_id"] == fid}
    monte_carlo = {r["option_id"]: r for r in result["monte_carlo"] if r["function_id"] == fid}
    rows = [{**summary[o], **monte_carlo.get(o, {}), "label": label(o),
             "basis": rate_basis(summary[o], run.model_version)} for o in summary]
    outsourced = [r for r in rows if r["engagement"] != "in-house"]
    best = max(outsourced, key=lambda r: r.get("npv_p50") or 0, default=None)
    labels = {r["option_id"]: r["label"] for r in rows}
    breakeven = {r["option_id"]: r["breakeven_month"] for r in rows}
    bands = [b for b in result["bands"] if b["function_id"] == fid]
    drivers = [d for d in result["drivers"] if d["function_id"] == fid and best and d["option_id"] == best["option_id"]]
    used = result["assumptions_used"]
    assumptions = [_assumption_row(name, entry, used["meta"].get(name, {}))
                   for name, entry in used["by_function"].get(str(fid), {}).items()]
    quotes = [q for q in run.inputs.get("quotes", []) if q.get("function_id") == fid]
    return {
        "functions": functions, "chosen": chosen, "rows": rows, "best": best, "assumptions": assumptions,
        "curves": tco_charts.cumulative_costs(bands, labels, breakeven, run.inputs["currency"]),
        "tornado": tco_charts.tornado(drivers, DRIVER_NAMES, run.inputs["currency"]) if drivers else None,
        "currency": run.inputs["currency"], "draws": result.get("draws"), "seed": result.get("seed"),
        "quotes": quotes, "fx": run.inputs.get("fx", []), "model_version": run.model_version,
        "outdated_model": run.model_version != TCO_MODEL_VERSION,
    }  # fmt: skip


def _run_context(request, assessment, run, *, unchanged: bool = False) -> dict:
    """What the page and the polled status show. Never sweeps: stuck runs are the scheduler's (services/runs.py)."""
    context = {"assessment": assessment, "run": run, "may_start": _may_start(request.user, assessment),
               "is_consultant": role_for(request.user, assessment.organisation_id) == "consultant",
               "waiting_for_queue": run is not None and waiting_for_queue(run), "unchanged": unchanged}  # fmt: skip
    if run is not None and run.status == TcoRun.Status.SUCCEEDED:
        try:
            function_id = int(request.GET.get("function", ""))
        except ValueError:
            function_id = None
        context.update(_results_context(run, function_id))
    return context


def _queue_unavailable(request, waiting: QueueUnavailable) -> TcoRun:
    """The run is saved but Redis is down: say so; the scheduler sends it when the queue is back."""
    messages.warning(request, QUEUE_UNAVAILABLE_MESSAGE)
    return waiting.run


def _status(request, assessment, run, *, unchanged: bool = False):
    return render(request, "assessments/_tco_status.html", _run_context(request, assessment, run, unchanged=unchanged))


def _started(request, assessment, start):
    """The answer to Run / Try again: the run's status (htmx) or the page, saying when nothing had changed."""
    try:
        requested = start()
    except QueueUnavailable as waiting:
        run, unchanged = _queue_unavailable(request, waiting), False
    else:
        run, unchanged = requested.run, not requested.created
    if request.htmx:
        return _status(request, assessment, run, unchanged=unchanged)
    if unchanged:
        messages.info(request, UNCHANGED_MESSAGE)
    return redirect("assessments:tco", pk=assessment.pk)


@login_required
def page(request, pk):
    assessment = assessment_for(request.user, pk)
    run = TcoRun.objects.filter(assessment=assessment).first()
    return render(request, "assessments/tco.html", _run_context(request, assessment, run))


@login_required
def status(request, pk, run_pk):
    """The polled status: the TCO page's panel, or (?badge=1) the one line the results page shows."""
    assessment = assessment_for(request.user, pk)
    runs = TcoRun.objects.filter(assessment=assessment)
    if request.GET.get("badge"):
        run = get_scoped_or_404(runs.defer("inputs", "result"), request.user, pk=run_pk)
        return render(request, "assessments/_tco_badge.html", {"assessment": assessment, "run": run})
    run = get_scoped_or_404(runs, request.user, pk=run_pk)
    return _status(request, assessment, run)


@login_required
@require_POST
def start(request, pk):
    assessment = assessment_for(request.user, pk)
    if not _may_start(request.user, assessment):
        raise PermissionDenied
    try:
        return _started(request, assessment, lambda: services.tco_run_start(assessment=assessment, user=request.user))
    except services.TcoUnavailable as exc:
        messages.error(request, str(exc))
        return redirect("assessments:tco", pk=pk)


@login_required
@require_POST
def retry(request, pk, run_pk):
    assessment = assessment_for(request.user, pk)
    run = get_scoped_or_404(TcoRun.objects.filter(assessment=assessment), request.user, pk=run_pk)
    if not _may_start(request.user, assessment):
        raise PermissionDenied
    return _started(request, assessment,
                    lambda: services.tco_run_start(assessment=assessment, user=request.user, retry_of=run))  # fmt: skip
