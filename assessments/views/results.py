"""Results: recommendations, the score heat map, each function's ranking and risks, weights, sensitivity."""

from dataclasses import asdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from assessments import charts
from assessments.domain.scoring_params import CRITERIA, DEFAULT_WEIGHTS, RISK_FORMULA_TEXT
from assessments.domain.scoring_text import ENGAGEMENT_LABELS, SOURCING_LABELS
from assessments.forms import WeightsForm
from assessments.models import Membership, TcoRun
from assessments.selectors import results as selectors
from assessments.selectors.assessments import assessment_for, function_for
from assessments.selectors.one_voice import tco_sentences
from assessments.selectors.scoping import role_for
from assessments.selectors.sensitivity import sensitivity_by_function
from assessments.services.scoring import assessment_weights_update
from outsourcing.language import page_language
from outsourcing.models import RiskFactor


def _pick(pair: tuple[str, str]) -> str:
    return pair[1] if page_language() == "ko" else pair[0]


def _no_results(request, assessment):
    return render(request, "assessments/results_empty.html", {"assessment": assessment})


@login_required
def summary(request, pk):
    assessment = assessment_for(request.user, pk)
    run = selectors.latest_run(assessment)
    if run is None:
        return _no_results(request, assessment)
    rows = selectors.results_summary(run, selectors.country_names())
    said = tco_sentences(assessment, run, page_language())
    for row in rows:
        row.tco_sentence = said.get(row.function.pk, "")
    labels, z = selectors.score_heatmap_grid(run, [row.function.pk for row in rows])
    figure = charts.score_heatmap([row.function.name for row in rows], labels, z)
    tco_run = TcoRun.objects.filter(assessment=assessment).defer("inputs", "result").first()
    return render(request, "assessments/results_summary.html", {
        "assessment": assessment, "run": run, "rows": rows, "heatmap": figure, "tco_run": tco_run,
        "is_consultant": role_for(request.user, assessment.organisation_id) == Membership.Role.CONSULTANT,
    })  # fmt: skip


@login_required
def function_detail(request, pk, function_pk):
    assessment = assessment_for(request.user, pk)
    function = function_for(request.user, assessment, function_pk)
    run = selectors.latest_run(assessment)
    if run is None:
        return _no_results(request, assessment)
    recommendation = run.recommendations.filter(function=function).first()
    risk_factors = list(RiskFactor.objects.all())
    countries = selectors.country_names()
    ranking = selectors.ranking_shown(run, function, risk_factors, countries)
    excluded_count, exclusion_texts = selectors.exclusions(run, function)
    said = tco_sentences(assessment, run, page_language()).get(function.pk, "")
    chosen_id = request.GET.get("option") or (recommendation.recommended_option_id if recommendation else "")
    chosen = next((s for s in ranking if s.option_id == chosen_id), None) or (ranking[0] if ranking else None)
    register = selectors.option_register(chosen, risk_factors)
    engagement = chosen.engagement if chosen and not chosen.is_baseline else "total"
    locations = selectors.location_scores(run, function, engagement)
    for row in locations:
        row["sourcing_label"] = _pick(SOURCING_LABELS[row["sourcing_model"]])
    return render(request, "assessments/results_function.html", {
        "assessment": assessment, "function": function, "run": run, "recommendation": recommendation,
        "recommended_label": selectors.label(recommendation.recommended_option_id, countries) if recommendation else "",
        "explanation": (recommendation.explanation_ko if page_language() == "ko" else recommendation.explanation_en)
        if recommendation else [], "tco_sentence": said,
        "excluded_count": excluded_count, "exclusion_texts": exclusion_texts,
        "is_consultant": role_for(request.user, assessment.organisation_id) == Membership.Role.CONSULTANT,
        "ranking": ranking, "chosen": chosen, "register": register, "risk_formula": RISK_FORMULA_TEXT,
        "risk_heatmap": charts.risk_heatmap([asdict(entry) for entry in register]),
        "locations_chart": charts.location_comparison(locations[:25], _pick(ENGAGEMENT_LABELS[engagement])),
    })  # fmt: skip


def _criterion_labels() -> dict[str, str]:
    return {code: selectors.criterion_label(code) for code in CRITERIA}


@login_required
@require_http_methods(["GET", "POST"])
def weights(request, pk):
    assessment = assessment_for(request.user, pk)
    if role_for(request.user, assessment.organisation_id) != Membership.Role.CONSULTANT:
        raise PermissionDenied
    current = {**DEFAULT_WEIGHTS, **(assessment.criterion_weights or {})}
    total = sum(current.values()) or 1
    initial = {code: round(100 * current.get(code, 0) / total) for code in CRITERIA}
    if request.method == "POST":
        if "reset" in request.POST:
            form = WeightsForm({c: round(100 * v) for c, v in DEFAULT_WEIGHTS.items()}, criteria=CRITERIA,
                               labels=_criterion_labels())  # fmt: skip
        else:
            form = WeightsForm(request.POST, criteria=CRITERIA, labels=_criterion_labels())
        if form.is_valid():
            assessment_weights_update(assessment=assessment, user=request.user,
                                      weights={c: float(form.cleaned_data[c]) for c in CRITERIA})  # fmt: skip
            messages.success(request, _("Weights saved; the assessment was scored again and its TCO comparison is "
                                        "running for the new top options.") if not assessment.is_draft
                             else _("Weights saved; they are used when the assessment is submitted."))  # fmt: skip
            return redirect("assessments:weights", pk=pk)
    else:
        form = WeightsForm(initial=initial, criteria=CRITERIA, labels=_criterion_labels())
    return render(request, "assessments/results_weights.html",
                  {"assessment": assessment, "form": form, "defaults": initial})  # fmt: skip


@login_required
def sensitivity(request, pk):
    assessment = assessment_for(request.user, pk)
    run = selectors.latest_run(assessment)
    if run is None:
        return _no_results(request, assessment)
    return render(request, "assessments/results_sensitivity.html", {
        "assessment": assessment, "functions": sensitivity_by_function(assessment, run),
        "is_consultant": role_for(request.user, assessment.organisation_id) == Membership.Role.CONSULTANT,
    })  # fmt: skip
