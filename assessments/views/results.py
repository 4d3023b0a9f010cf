"""Results: recommendations, the score heat map, each function's ranking and risks, weights, sensitivity."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from assessments import charts
from assessments.domain.scoring_appetite import RiskLimits, breaches
from assessments.domain.scoring_params import CRITERIA, DEFAULT_WEIGHTS, RISK_FORMULA_TEXT
from assessments.domain.scoring_text import ENGAGEMENT_LABELS, SOURCING_LABELS
from assessments.domain.scoring_words import appetite_sentence
from assessments.forms import WeightsForm
from assessments.models import Membership, RiskOverride, TcoRun
from assessments.selectors import results as selectors
from assessments.selectors.assessments import assessment_for, function_for
from assessments.selectors.one_voice import tco_sentences
from assessments.selectors.scoping import role_for
from assessments.selectors.sensitivity import sensitivity_by_function
from assessments.services.scoring import assessment_weights_update
from outsourcing.models import RiskFactor


def _pick(pair: tuple[str, str]) -> str:
    return pair[1] if selectors.lang() == "ko" else pair[0]


def _no_results(request, assessment):
    return render(request, "assessments/results_empty.html", {"assessment": assessment})


@login_required
def summary(request, pk):
    assessment = assessment_for(request.user, pk)
    run = selectors.latest_run(assessment)
    if run is None:
        return _no_results(request, assessment)
    rows = selectors.results_summary(run, selectors.country_names())
    said = tco_sentences(assessment, run, selectors.lang())
    for row in rows:
        row.tco_sentence = said.get(row.function.pk, "")
    best = selectors.best_by_engagement_and_sourcing(run)
    order = (list(ENGAGEMENT_LABELS), list(SOURCING_LABELS))
    pairs = set(zip(best["engagement"], best["sourcing_model"], strict=True))
    columns = sorted(pairs, key=lambda c: (order[0].index(c[0]), order[1].index(c[1])))
    lookup = {(f, e, s): v for f, e, s, v in best.itertuples(index=False, name=None)}
    z = [[lookup.get((row.function.pk, e, s)) for e, s in columns] for row in rows]
    labels = [f"{_pick(ENGAGEMENT_LABELS[e])} · {_pick(SOURCING_LABELS[s])}" for e, s in columns]
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
    ranking = selectors.ranking(run, function)
    limits = RiskLimits(**run.risk_limits) if run.risk_limits else None
    risk_names = {r.code: (r.name_en, r.name_ko) for r in risk_factors}
    accepted = {o.option_id: o for o in RiskOverride.objects.filter(function=function)}
    for score in ranking:
        score.label = selectors.label(score.option_id, countries)
        score.explanation = selectors.explain_stored(score, risk_factors, countries)
        score.appetite_note = ""
        score.accepted = accepted.get(score.option_id)
        if score.above_risk_appetite and limits is not None:
            values = list(score.risks.items())
            found = breaches([v[2] for _c, v in values], [(v[0] - 1) * v[1] / 20 for _c, v in values],
                             tuple(c for c, _v in values), limits)  # fmt: skip
            score.appetite_note = appetite_sentence(found, limits.appetite, selectors.lang(), risk_names)
    excluded_count, exclusion_texts = selectors.exclusions(run, function)
    said = tco_sentences(assessment, run, selectors.lang()).get(function.pk, "")
    chosen_id = request.GET.get("option") or (recommendation.recommended_option_id if recommendation else "")
    chosen = next((s for s in ranking if s.option_id == chosen_id), None) or (ranking[0] if ranking else None)
    register = []
    # Keeping the work in-house moves nothing to a vendor: the register's risks are those of moving it out
    # (vendor lock-in, hidden vendor costs, ...), all at likelihood 1 for in-house. It has no register.
    if chosen and not chosen.is_baseline:
        by_code = {r.code: r for r in risk_factors}
        for code, (likelihood, impact, score, points, _baseline) in chosen.risks.items():
            factor = by_code.get(code)
            register.append({"code": code, "name": factor.name if factor else code, "likelihood": likelihood,
                             "impact": impact, "score": score, "points": points,
                             "mitigation": factor.mitigation if factor else ""})  # fmt: skip
        register.sort(key=lambda r: -r["score"])
    engagement = chosen.engagement if chosen and not chosen.is_baseline else "total"
    locations = selectors.location_scores(run, function, engagement)
    for row in locations:
        row["sourcing_label"] = _pick(SOURCING_LABELS[row["sourcing_model"]])
    return render(request, "assessments/results_function.html", {
        "assessment": assessment, "function": function, "run": run, "recommendation": recommendation,
        "recommended_label": selectors.label(recommendation.recommended_option_id, countries) if recommendation else "",
        "explanation": (recommendation.explanation_ko if selectors.lang() == "ko" else recommendation.explanation_en)
        if recommendation else [], "tco_sentence": said,
        "excluded_count": excluded_count, "exclusion_texts": exclusion_texts,
        "is_consultant": role_for(request.user, assessment.organisation_id) == Membership.Role.CONSULTANT,
        "ranking": ranking, "chosen": chosen, "register": register, "risk_formula": RISK_FORMULA_TEXT,
        "risk_heatmap": charts.risk_heatmap(register),
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
