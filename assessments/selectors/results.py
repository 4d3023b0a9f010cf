"""Reads of stored scoring results, in a fixed number of queries whatever the number of functions."""

from dataclasses import dataclass

import pandas as pd
from django.db.models import Max

from assessments.domain import scoring
from assessments.domain.scoring_appetite import RiskLimits
from assessments.domain.scoring_text import CRITERION_LABELS, engagement_sourcing_grid, option_label
from assessments.domain.scoring_words import appetite_sentence
from assessments.domain.stored_scores import appetite_breaches, highest_risks_first, stored_contributions, stored_risks
from assessments.models import Assessment, BusinessFunction, OptionScore, Recommendation, RiskOverride, ScoringRun
from assessments.selectors.risk_register import RiskEntry, risk_register
from outsourcing.language import page_language
from outsourcing.models import Location, RiskFactor


def label(option_id: str, countries: dict[str, tuple[str, str]] | None = None) -> str:
    """An option's label in the user's language; with `countries` (country_names()) the country is named."""
    return option_label(option_id, page_language(), countries) if option_id else ""


def country_names() -> dict[str, tuple[str, str]]:
    """{iso2: (name_en, name_ko)} for labels and sentences (one query)."""
    return {iso: (en, ko) for iso, en, ko in Location.objects.values_list("iso2", "name_en", "name_ko")}


def criterion_label(code: str) -> str:
    en, ko = CRITERION_LABELS.get(code, (code, code))
    return ko if page_language() == "ko" else en


def latest_run(assessment: Assessment) -> ScoringRun | None:
    return ScoringRun.objects.filter(assessment=assessment).first()


@dataclass
class SummaryRow:
    function: BusinessFunction
    recommendation: Recommendation
    recommended_label: str
    runner_up_label: str
    top_risks: list[dict]
    explanation: list[str]
    top_locations: list[str]  # country names
    tco_sentence: str = ""  # what the TCO says about it (selectors/one_voice.py), when a matching run exists


def _first_sentence(text: str) -> str:
    head, dot, _rest = text.partition(". ")
    return head + ("." if dot else "")


def results_summary(run: ScoringRun, countries: dict | None = None) -> list[SummaryRow]:
    """One row per function. For "keep in-house" the risks shown are those of the best alternative."""
    recommendations = list(
        Recommendation.objects.filter(run=run).select_related("function__service_type__category")
        .order_by("function__sort_order", "function_id")
    )  # fmt: skip
    scored = {(s.function_id, s.option_id): s for s in OptionScore.objects.filter(run=run, rank__lte=2)}
    risk_factors = {r.code: r for r in RiskFactor.objects.all()}
    rows = []
    for rec in recommendations:
        focus_id = rec.runner_up_option_id if rec.keep_in_house else rec.recommended_option_id
        focus = scored.get((rec.function_id, focus_id))
        suggestions = {m.get("risk_code"): m for m in rec.mitigations} if not rec.keep_in_house else {}
        risks = []
        if focus:
            for risk in highest_risks_first(focus.risks)[:3]:
                factor = risk_factors.get(risk.code)
                suggestion = suggestions.get(risk.code, {})
                text = suggestion.get(f"text_{page_language()}") or suggestion.get("text_en") or (
                    _first_sentence(factor.mitigation) if factor else "")
                risks.append({"name": factor.name if factor else risk.code, "score": risk.score, "suggestion": text})
        rows.append(SummaryRow(
            function=rec.function, recommendation=rec, recommended_label=label(rec.recommended_option_id, countries),
            runner_up_label=label(rec.runner_up_option_id, countries), top_risks=risks,
            top_locations=[(countries or {}).get(iso, (iso, iso))[1 if page_language() == "ko" else 0]
                           for iso in rec.top_locations],
            explanation=rec.explanation_ko if page_language() == "ko" else rec.explanation_en,
        ))  # fmt: skip
    return rows


def score_heatmap_grid(run: ScoringRun, function_ids: list[int]) -> tuple[list[str], list[list[float | None]]]:
    """Best score per function × (engagement form, sourcing model) among allowed options, for the heat map:
    (column labels in the user's language, one row per function)."""
    rows = (
        OptionScore.objects.filter(run=run, excluded=False)
        .values_list("function_id", "engagement", "sourcing_model")
        .annotate(best=Max("score"))
    )
    return engagement_sourcing_grid({(f, e, s): best for f, e, s, best in rows}, function_ids, page_language())


def ranking(run: ScoringRun, function: BusinessFunction, limit: int = 20) -> list[OptionScore]:
    """The top allowed options of one function plus the in-house baseline, best first (never an excluded one)."""
    top = list(OptionScore.objects.filter(run=run, function=function, excluded=False).order_by("rank")[:limit])
    if not any(s.is_baseline for s in top):
        baseline = OptionScore.objects.filter(run=run, function=function, is_baseline=True).first()
        if baseline:
            top.append(baseline)
    return top


def explain_stored(score: OptionScore, risk_factors: list[RiskFactor], countries: dict | None = None) -> list[str]:
    """The explanation sentences of one stored option score, rebuilt from its stored contributions."""
    pair = {"function_id": score.function_id, "option_id": score.option_id}
    c = pd.DataFrame([{**pair, **entry.as_row()} for entry in stored_contributions(score.contributions)])
    names = {r.code: (r.name_en, r.name_ko) for r in risk_factors}
    r = pd.DataFrame([{**pair, **risk.as_row(), "name_en": names.get(risk.code, (risk.code, risk.code))[0],
                       "name_ko": names.get(risk.code, (risk.code, risk.code))[1]}
                      for risk in stored_risks(score.risks)])  # fmt: skip
    return scoring.explain(c, r, top_n=3, lang=page_language(), countries=countries)


def ranking_shown(run: ScoringRun, function: BusinessFunction, risk_factors: list[RiskFactor],
                  countries: dict) -> list[OptionScore]:  # fmt: skip
    """ranking() with what the function's results page shows beside each option: `label`, `explanation`,
    `appetite_note` (why it is above the risk appetite, else "") and `accepted` (the consultant's RiskOverride)."""
    limits = RiskLimits(**run.risk_limits) if run.risk_limits else None
    risk_names = {r.code: (r.name_en, r.name_ko) for r in risk_factors}
    accepted = {o.option_id: o for o in RiskOverride.objects.filter(function=function)}
    shown = ranking(run, function)
    for score in shown:
        score.label = label(score.option_id, countries)
        score.explanation = explain_stored(score, risk_factors, countries)
        score.accepted = accepted.get(score.option_id)
        score.appetite_note = ""
        if score.above_risk_appetite and limits is not None:
            found = appetite_breaches(score.risks, limits)
            score.appetite_note = appetite_sentence(found, limits.appetite, page_language(), risk_names)
    return shown


def option_register(score: OptionScore | None, risk_factors: list[RiskFactor]) -> tuple[RiskEntry, ...]:
    """The risk register of one option. Keeping the work in-house moves nothing to a vendor: the register's
    risks are those of moving it out (vendor lock-in, hidden vendor costs, ...), all at likelihood 1 for
    in-house, so it has none."""
    if score is None or score.is_baseline:
        return ()
    return risk_register(score.risks, {r.code: r for r in risk_factors})


def exclusions(run: ScoringRun, function: BusinessFunction) -> tuple[int, list[str]]:
    """How many options the function's limits exclude, and each distinct reason once, in the user's language."""
    rows = OptionScore.objects.filter(run=run, function=function, excluded=True).values_list("exclusion_reasons",
                                                                                              flat=True)  # fmt: skip
    key = f"text_{page_language()}"
    count, texts = 0, {}
    for reasons in rows:
        count += 1
        for reason in reasons or []:
            texts.setdefault(reason.get(key) or reason.get("text_en", ""), None)
    return count, sorted(t for t in texts if t)


def location_scores(run: ScoringRun, function: BusinessFunction, engagement: str) -> list[dict]:
    """Best score per location for one engagement form, with country names, for the location comparison.

    Excluded options are left out: the comparison shows where the work may go."""
    rows = list(
        OptionScore.objects.filter(run=run, function=function, engagement=engagement, excluded=False)
        .values("location", "sourcing_model", "score")
        .order_by("-score")
    )
    names = {loc.iso2: loc.name for loc in Location.objects.filter(iso2__in={r["location"] for r in rows})}
    seen, out = set(), []
    for row in rows:
        if row["location"] in seen:
            continue
        seen.add(row["location"])
        out.append({**row, "name": names.get(row["location"], row["location"])})
    return out
