"""The portfolio page (issue 19): limits, a background solve with htmx progress, the plan, its roadmap and
frontier, what relaxing each binding limit would add; saved plans and their comparison."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from assessments import portfolio_charts
from assessments.forms_portfolio import PlanSaveForm, PortfolioLimitsForm, initial_from_limits
from assessments.models import PortfolioPlan, PortfolioRun
from assessments.selectors.assessments import assessment_for
from assessments.selectors.portfolio import latest_run, plan_view, saved_plans
from assessments.selectors.portfolio_inputs import PortfolioUnavailable, portfolio_source
from assessments.selectors.results import country_names, label
from assessments.selectors.scoping import EDIT_ROLES, get_scoped_or_404, role_for
from assessments.services import portfolio as services
from assessments.services.queueing import QueueUnavailable, waiting_for_queue
from outsourcing.language import page_language

UNAVAILABLE = {
    "not_scored": gettext_lazy("Submit the assessment first: the portfolio chooses among the options its scoring "
                               "ranked."),
    "no_tco": gettext_lazy("There is no finished TCO comparison yet, and the portfolio needs each option's NPV. "
                           "Run the TCO comparison first; this page can then solve a plan."),
}  # fmt: skip
OBJECTIVE_VALUE = {"expected": gettext_lazy("Expected NPV"), "p50_minus_risk": gettext_lazy("Median NPV less risk"),
                   "p10": gettext_lazy("NPV P10")}  # fmt: skip
MAX_COMPARED = 4


def _may_edit(user, assessment) -> bool:
    return role_for(user, assessment.organisation_id) in EDIT_ROLES


def _form_functions(source) -> list[dict]:
    countries = country_names()
    i = 1 if page_language() == "ko" else 0
    return [{"function_id": f.function_id, "name": f.name,
             "candidates": [(c.option_key, label(c.option_key, countries), c.country,
                             countries.get(c.country, (c.country,) * 2)[i]) for c in f.candidates]}
            for f in source.functions]  # fmt: skip


def _result_context(run: PortfolioRun) -> dict:
    if run is None or run.status != PortfolioRun.Status.SUCCEEDED or not run.result:
        return {}
    view = plan_view(run.result)
    if view["solved"]:
        value = OBJECTIVE_VALUE.get(run.inputs["limits"].get("objective"), _("Value"))
        view["roadmap"] = portfolio_charts.roadmap(view["rows"], view["half_years"])
        view["frontier_chart"] = portfolio_charts.frontier(view["frontier"], view["currency"], value)
        view["value_label"] = value
    return view


def _context(request, assessment, run, *, form=None, unchanged=False) -> dict:
    context = {"assessment": assessment, "run": run, "may_edit": _may_edit(request.user, assessment),
               "unchanged": unchanged, "waiting_for_queue": run is not None and waiting_for_queue(run),
               "save_form": PlanSaveForm()}  # fmt: skip
    context.update(_result_context(run))
    return context


def _page(request, assessment, *, form=None, status=200, run=None):
    try:
        source = portfolio_source(assessment)
    except PortfolioUnavailable as exc:
        context = _context(request, assessment, None)
        context.update(unavailable=UNAVAILABLE.get(exc.code, str(exc)), unavailable_code=exc.code)
        return render(request, "assessments/portfolio.html", context, status=status)
    if run is None:
        run = latest_run(assessment)
    if form is None:
        initial = initial_from_limits(run.inputs["limits"]) if run is not None else {}
        form = PortfolioLimitsForm(initial=initial, functions=_form_functions(source),
                                   horizon_years=assessment.horizon_years)  # fmt: skip
    context = _context(request, assessment, run, form=form)
    context.update(form=form, plans=list(saved_plans(assessment)))
    return render(request, "assessments/portfolio.html", context, status=status)


@login_required
def page(request, pk):
    assessment = assessment_for(request.user, pk)
    run = None
    if request.GET.get("run"):
        run = get_scoped_or_404(PortfolioRun.objects.filter(assessment=assessment), request.user,
                                pk=request.GET["run"])  # fmt: skip
    return _page(request, assessment, run=run)


@login_required
@require_POST
def solve(request, pk):
    assessment = assessment_for(request.user, pk)
    if not _may_edit(request.user, assessment):
        raise PermissionDenied
    try:
        source = portfolio_source(assessment)
    except PortfolioUnavailable:
        return _page(request, assessment, status=409)
    form = PortfolioLimitsForm(request.POST, functions=_form_functions(source), horizon_years=assessment.horizon_years)
    if not form.is_valid():
        return _page(request, assessment, form=form, status=400)
    try:
        requested = services.portfolio_run_start(assessment=assessment, limits=form.limits(), user=request.user)
    except services.LimitsInvalid as invalid:
        for field, errors in invalid.errors.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, error)
        return _page(request, assessment, form=form, status=400)
    except QueueUnavailable as waiting:
        messages.warning(request, _("The task queue is unavailable right now, so the run could not start. It is "
                                    "saved and starts by itself when the queue is back."))
        requested = services.runs.Requested(waiting.run, created=True)
    if not requested.created:
        messages.info(request, _("These limits were solved before: the stored plan is shown."))
    return redirect(f"{reverse('assessments:portfolio', args=[pk])}?run={requested.run.pk}")


@login_required
def status(request, pk, run_pk):
    assessment = assessment_for(request.user, pk)
    run = get_scoped_or_404(PortfolioRun.objects.filter(assessment=assessment), request.user, pk=run_pk)
    return render(request, "assessments/_portfolio_status.html", _context(request, assessment, run))


@login_required
@require_POST
def save(request, pk, run_pk):
    assessment = assessment_for(request.user, pk)
    run = get_scoped_or_404(PortfolioRun.objects.filter(assessment=assessment), request.user, pk=run_pk)
    if not _may_edit(request.user, assessment):
        raise PermissionDenied
    form = PlanSaveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Name the plan to save it."))
    else:
        try:
            services.portfolio_plan_save(run=run, name=form.cleaned_data["name"], user=request.user)
            messages.success(request, _("Plan saved as “%(name)s”.") % {"name": form.cleaned_data["name"]})
        except services.PlanNameTaken:
            messages.error(request, _("Another plan of this assessment is called “%(name)s”: choose another "
                                      "name.") % {"name": form.cleaned_data["name"]})
        except ValueError:
            messages.error(request, _("Only a solved plan can be saved."))
    return redirect(f"{reverse('assessments:portfolio', args=[pk])}?run={run.pk}")


@login_required
def compare(request, pk):
    assessment = assessment_for(request.user, pk)
    ids = [i for i in request.GET.getlist("ids") if i.isdigit()][:MAX_COMPARED]
    plans = list(PortfolioPlan.objects.filter(assessment=assessment, pk__in=ids).order_by("created_at"))
    if not 2 <= len(plans) <= MAX_COMPARED:
        messages.error(request, _("Tick two to four saved plans to compare them."))
        return redirect("assessments:portfolio", pk=pk)
    countries = country_names()  # once for every plan: the queries do not grow with the plans compared
    views = [{"saved": p, **plan_view(p.result, countries)} for p in plans]
    functions = list(views[0]["result"].context["names"].items())
    rows = [{"function": name, "cells": [next(r for r in v["rows"] if r["function_id"] == fid) for v in views]}
            for fid, name in functions]  # fmt: skip
    return render(request, "assessments/portfolio_compare.html",
                  {"assessment": assessment, "views": views, "rows": rows, "currency": views[0]["currency"]})
