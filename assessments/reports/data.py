"""Everything a report shows, read from stored rows in a fixed number of queries.

`report_data(assessment, language=...)` is the only entry point. It reads what the pages and
the API read (the latest scoring run, its recommendations and scores, the latest succeeded TCO
run's stored result) and copies the stored numbers as they are: a report never recomputes a
score or an NPV, so its figures are exactly those the API returns. Texts (question wording,
option labels, explanations, risk names) are resolved in the requested language here, so
exporters only lay out what they are given and never touch the database.

Tables are pandas DataFrames (one row per record, numeric columns as floats/ints, documented
column by column in `assessments/reports/tables.py`); the per-function story is plain frozen
dataclasses.
"""

from dataclasses import dataclass, field
from datetime import datetime

import pandas as pd
from django.db.models import Prefetch
from django.utils import timezone, translation

from assessments.domain.scoring_params import CRITERIA
from assessments.models import Assessment, BusinessFunction, FunctionAnswer, OptionScore, ProfileAnswer, TcoRun
from assessments.reports import tables
from assessments.reports.tables import TcoReport
from assessments.selectors import results as result_selectors
from assessments.selectors.one_voice import tco_sentences
from assessments.selectors.portfolio import chosen_plan
from assessments.selectors.risk_register import RiskEntry, risk_register
from outsourcing.models import Location, RiskFactor

LANGUAGES = ("en", "ko")


class NothingToReport(Exception):
    """The assessment has not been scored yet (submit it first), so there is no report to make."""


@dataclass(frozen=True)
class Answer:
    code: str
    question: str
    value: int
    choice: str  # the chosen answer's wording, in the report's language


@dataclass(frozen=True)
class Mitigation:
    risk_code: str
    risk_name: str
    text: str
    alternative_option_id: str | None
    alternative_label: str


@dataclass(frozen=True)
class RecommendationReport:
    recommended_option_id: str
    recommended_label: str
    recommended_score: float | None
    runner_up_option_id: str
    runner_up_label: str
    runner_up_score: float | None
    keep_in_house: bool
    margin: float
    confidence: float
    explanation: tuple[str, ...]
    top_locations: tuple[tuple[str, str], ...]  # (iso2, country name)
    top_risks: tuple[tuple[str, str], ...]  # (risk code, risk name)
    mitigations: tuple[Mitigation, ...]
    # The recommended option's register (what GET .../risks/ returns), highest score first.
    risk_register: tuple[RiskEntry, ...]
    # For "keep in-house": the register of the best alternative (the runner-up), as the results page shows.
    alternative_risk_register: tuple[RiskEntry, ...] = ()


@dataclass(frozen=True)
class FunctionReport:
    id: int
    name: str
    service_type: str
    category: str
    fte: float
    salary_per_fte: float
    overhead_pct: float
    facilities_cost: float
    it_cost: float
    annual_cost: float
    answers: tuple[Answer, ...]
    recommendation: RecommendationReport | None
    # The TCO row (see tables.TCO_OPTION_COLUMNS) of the recommended option, when the TCO run costed it.
    recommended_tco: dict | None = None
    # What the TCO (or, before it, the scoring's estimate) says about the recommendation (one voice)
    tco_sentence: str = ""
    # Options this function's limits exclude: how many, and each distinct reason once
    excluded_count: int = 0
    exclusions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Criterion:
    code: str
    label: str
    weight: float  # normalised: the weights of a run add up to 1


@dataclass(frozen=True, eq=False)
class ReportData:
    language: str
    generated_at: datetime
    organisation: str
    assessment_id: int
    assessment_name: str
    version: int
    status: str  # "draft" | "submitted"
    status_label: str
    created_at: datetime
    submitted_at: datetime | None
    scored_at: datetime
    home_country: str
    home_iso2: str
    currency: str
    horizon_years: int
    discount_rate_pct: float
    profile: tuple[Answer, ...]
    functions: tuple[FunctionReport, ...]
    criteria: tuple[Criterion, ...]
    scores: pd.DataFrame  # tables.SCORE_COLUMNS + one `<criterion>_points` column per criterion
    tco: TcoReport | None = None
    option_labels: dict[str, str] = field(default_factory=dict)
    # The portfolio plan the reports show (selectors/portfolio.py:chosen_plan: the latest saved plan, else the
    # latest solved run; its rows, distribution, concentration and sentences in the report's language), or None.
    portfolio: dict | None = None

    @property
    def weights(self) -> dict[str, float]:
        return {c.code: c.weight for c in self.criteria}

    def function(self, function_id: int) -> FunctionReport:
        return next(f for f in self.functions if f.id == function_id)


def _answers(rows, choice_lang: str) -> tuple[Answer, ...]:
    out = []
    for row in rows:
        question = row.question
        labels = {c["value"]: c.get(f"label_{choice_lang}") or c.get("label_en", "") for c in question.choices}
        out.append(Answer(code=question.code, question=question.text, value=row.value,
                          choice=labels.get(row.value, str(row.value))))  # fmt: skip
    return tuple(out)


def _recommendation(rec, scores: dict, risks: dict, factors: dict, countries: dict, lang: str) -> RecommendationReport:
    recommended = scores.get((rec.function_id, rec.recommended_option_id))
    runner_up = scores.get((rec.function_id, rec.runner_up_option_id))
    recommended_risks = risks.get((rec.function_id, rec.recommended_option_id))
    runner_up_risks = risks.get((rec.function_id, rec.runner_up_option_id))
    named = {iso: (en, ko) for iso, (en, ko) in countries.items()}

    def label(option_id: str) -> str:
        return result_selectors.label(option_id, named)

    mitigations = tuple(
        Mitigation(risk_code=m.get("risk_code", ""),
                   risk_name=factors[m["risk_code"]].name if m.get("risk_code") in factors else m.get("risk_code", ""),
                   text=m.get(f"text_{lang}") or m.get("text_en", ""),
                   alternative_option_id=m.get("alternative_option_id"),
                   alternative_label=label(m.get("alternative_option_id") or ""))
        for m in rec.mitigations
    )  # fmt: skip
    return RecommendationReport(
        recommended_option_id=rec.recommended_option_id, recommended_label=label(rec.recommended_option_id),
        recommended_score=recommended["score"] if recommended else None,
        runner_up_option_id=rec.runner_up_option_id, runner_up_label=label(rec.runner_up_option_id),
        runner_up_score=runner_up["score"] if runner_up else None,
        keep_in_house=rec.keep_in_house, margin=rec.margin, confidence=rec.confidence,
        explanation=tuple(rec.explanation_ko if lang == "ko" else rec.explanation_en),
        top_locations=tuple((iso2, named.get(iso2, (iso2, iso2))[1 if lang == "ko" else 0])
                            for iso2 in rec.top_locations),
        top_risks=tuple((code, factors[code].name if code in factors else code) for code in rec.top_risks),
        mitigations=mitigations,
        # "Keep in-house" moves nothing to a vendor: no register of outsourcing risks (all would read likelihood 1).
        risk_register=risk_register(recommended_risks, factors) if recommended_risks and not rec.keep_in_house else (),
        alternative_risk_register=(risk_register(runner_up_risks, factors)
                                   if rec.keep_in_house and runner_up_risks else ()),
    )  # fmt: skip


def report_data(assessment: Assessment, *, language: str) -> ReportData:
    """The report of an already scoped assessment, in "en" or "ko". Raises NothingToReport before scoring.

    Twenty queries at most whatever the number of functions, options or portfolio plans
    (tests/reports/test_data.py counts them).
    """
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, not {language!r}")
    with translation.override(language):
        return _build(assessment, language)


def _build(assessment: Assessment, lang: str) -> ReportData:
    assessment = Assessment.objects.select_related("organisation", "home_country").get(pk=assessment.pk)
    run = result_selectors.latest_run(assessment)
    if run is None:
        raise NothingToReport("This assessment has no scores yet: submit it first.")
    profile = (
        ProfileAnswer.objects.filter(assessment=assessment)
        .select_related("question")
        .order_by("question__sort_order", "question__code")
    )
    answers = FunctionAnswer.objects.select_related("question").order_by("question__sort_order", "question__code")
    functions = list(
        BusinessFunction.objects.filter(assessment=assessment).select_related("service_type__category")
        .prefetch_related(Prefetch("answers", queryset=answers)).order_by("sort_order", "id")
    )  # fmt: skip
    recommendations = {r.function_id: r for r in run.recommendations.all()}
    # Every score with its contributions, but the (larger) risk breakdowns only of the options a register shows:
    # decoding 9,000 risk dicts would take most of the time of a 50-function report.
    # Options a function's limits exclude are no candidates: they stay out of the score tables and are listed
    # with their reasons instead.
    score_rows = list(OptionScore.objects.filter(run=run, excluded=False).order_by("function_id", "rank")
                      .values(*tables.SCORE_FIELDS))  # fmt: skip
    excluded: dict[int, dict] = {}
    for fid, reasons in OptionScore.objects.filter(run=run, excluded=True).values_list("function_id",
                                                                                        "exclusion_reasons"):
        entry = excluded.setdefault(fid, {"count": 0, "texts": {}})
        entry["count"] += 1
        for reason in reasons or []:
            entry["texts"].setdefault(reason.get(f"text_{lang}") or reason.get("text_en", ""), None)
    said = tco_sentences(assessment, run, lang)
    by_pair = {(s["function_id"], s["option_id"]): s for s in score_rows}
    shown = {(r.function_id, o) for r in recommendations.values() for o in (r.recommended_option_id,
                                                                             r.runner_up_option_id) if o}  # fmt: skip
    risk_rows = OptionScore.objects.filter(run=run, option_id__in={o for _f, o in shown}).values_list(
        "function_id", "option_id", "risks"
    )
    risks = {(f, o): r for f, o, r in risk_rows if (f, o) in shown}
    factors = {r.code: r for r in RiskFactor.objects.all()}
    countries = {iso: (en, ko) for iso, en, ko in Location.objects.values_list("iso2", "name_en", "name_ko")}
    tco_run = TcoRun.objects.filter(assessment=assessment, status=TcoRun.Status.SUCCEEDED).first()

    names = {f.pk: f.name for f in functions}
    labels = {oid: result_selectors.label(oid, countries) for oid in {s["option_id"] for s in score_rows}}
    tco = tables.tco_report(tco_run, names=names, labels=labels, scoring_hash=run.inputs_hash) if tco_run else None
    for oid in tco.options["option_id"] if tco is not None else ():
        labels.setdefault(oid, result_selectors.label(oid, countries))
    tco_rows = tables.tco_rows_by_pair(tco) if tco is not None else {}
    function_reports = []
    for f in functions:
        rec = recommendations.get(f.pk)
        function_reports.append(FunctionReport(
            id=f.pk, name=f.name, service_type=f.service_type.name, category=f.service_type.category.name,
            fte=float(f.fte), salary_per_fte=float(f.salary_per_fte), overhead_pct=float(f.overhead_pct),
            facilities_cost=float(f.facilities_cost), it_cost=float(f.it_cost), annual_cost=float(f.annual_cost),
            answers=_answers(f.answers.all(), lang),
            recommendation=_recommendation(rec, by_pair, risks, factors, countries, lang) if rec else None,
            recommended_tco=tco_rows.get((f.pk, rec.recommended_option_id)) if rec else None,
            tco_sentence=said.get(f.pk, ""), excluded_count=excluded.get(f.pk, {}).get("count", 0),
            exclusions=tuple(sorted(t for t in excluded.get(f.pk, {}).get("texts", {}) if t)),
        ))  # fmt: skip
    weights = run.weights or {}
    criteria = tuple(Criterion(code=c, label=result_selectors.criterion_label(c), weight=float(weights.get(c, 0.0)))
                     for c in CRITERIA)  # fmt: skip
    return ReportData(
        language=lang, generated_at=timezone.now(), organisation=assessment.organisation.name,
        assessment_id=assessment.pk, assessment_name=assessment.name, version=assessment.version,
        status=assessment.status, status_label=str(assessment.get_status_display()),
        created_at=assessment.created_at, submitted_at=assessment.submitted_at, scored_at=run.created_at,
        home_country=assessment.home_country.name, home_iso2=assessment.home_country.iso2,
        currency=assessment.currency, horizon_years=assessment.horizon_years,
        discount_rate_pct=float(assessment.discount_rate_pct), profile=_answers(profile, lang),
        functions=tuple(function_reports), criteria=criteria,
        scores=tables.scores_frame(score_rows, names=names, labels=labels), tco=tco, option_labels=labels,
        portfolio=chosen_plan(assessment, countries),
    )  # fmt: skip
