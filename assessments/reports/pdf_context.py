"""What the PDF template shows, laid out from a ReportData: rows of already formatted text, no database.

Numbers are formatted once here so the template stays plain: money in whole units of the assessment's
currency with thousands separators (the API's float rounded to the unit: 1234567.8 -> "1,234,568"),
scores with one decimal, shares as whole percentages.
"""

import math
from dataclasses import dataclass, field

import pandas as pd
from django.utils.translation import gettext as _

from assessments.domain.scoring_params import CRITERIA
from assessments.reports import pdf_charts
from assessments.selectors.tco_display import compact_money, rate_basis

MISSING = "—"
KEY_RISKS_SHOWN = 6


def _missing(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def money(value) -> str:
    return MISSING if _missing(value) else f"{float(value):,.0f}"


def score(value) -> str:
    return MISSING if _missing(value) else f"{float(value):.1f}"


def share(value) -> str:
    return MISSING if _missing(value) else f"{100 * float(value):.0f}%"


def months(value) -> str:
    return MISSING if _missing(value) else f"{int(value)}"


@dataclass
class TcoLine:
    label: str
    is_recommended: bool
    npv: str
    p10: str
    p50: str
    p90: str
    prob_saving: str
    breakeven: str
    transition: str
    rate_basis: str
    rate_kind: str = ""
    rate_sentence: str = ""


@dataclass
class FunctionSection:
    anchor: str
    report: object  # the FunctionReport
    decision: str
    where: str
    register: list
    register_is_alternative: bool
    contributions: list[dict]
    tco_lines: list[TcoLine]
    npv: str = MISSING
    npv_range: str = MISSING
    risk_chart: str | None = None
    tco_chart: str | None = None
    key_risk: str = ""
    mitigations: list[dict] = field(default_factory=list)


@dataclass
class Totals:
    moved: int
    kept: int
    npv: str
    p10: str
    p90: str
    costed: int


@dataclass
class PortfolioLine:
    function: str
    moves: bool
    choice: str
    location: str
    start: str
    npv: str
    risk: str


@dataclass
class PortfolioSection:
    """The chosen portfolio plan, formatted; `kind` "saved" (named) or "run" (the latest solved), None: no plan."""

    kind: str | None
    name: str = ""
    date: object = None
    lines: list[PortfolioLine] = field(default_factory=list)
    moved: int = 0
    npv: str = MISSING  # the moves' expected NPVs added up
    p10: str = MISSING
    p50: str = MISSING
    p90: str = MISSING
    prob_positive: str = MISSING
    total_risk: str = MISSING
    concentration: list[dict] = field(default_factory=list)
    binding: str = ""
    gains: list[str] = field(default_factory=list)
    losses: str = ""
    gains_unsettled: str = ""
    binding_without_gain: bool = False
    time_limited: bool = False
    gap: str = ""
    roadmap_chart: str | None = None


@dataclass
class ReportView:
    report: object
    language_name: str
    sections: list[FunctionSection]
    totals: Totals
    key_risks: list[dict]
    assumptions: list[dict]
    summary_chart: str | None
    tco_missing: bool
    tco_outdated: bool
    weights: list[dict] = field(default_factory=list)
    portfolio: PortfolioSection = field(default_factory=lambda: PortfolioSection(kind=None))


@dataclass
class RegisterLine:
    name: str
    likelihood: float
    impact: float
    score: float
    points: float
    mitigation_short: str  # the catalogue text's first sentence (the key-risks table of the summary)


def _first_sentence(text: str) -> str:
    head, dot, _rest = (text or "").partition(". ")
    return head + ("." if dot else "")


def _register_lines(register) -> list[RegisterLine]:
    return [RegisterLine(name=r.name, likelihood=r.likelihood, impact=r.impact, score=r.score, points=r.points,
                         mitigation_short=_first_sentence(r.mitigation)) for r in register]  # fmt: skip


def _mitigations(rec) -> list[dict]:
    # The stored suggestion names its alternative by option id ("co-sourcing|nearshore|PH"); print its label.
    return [{"risk": m.risk_name, "text": m.text.replace(m.alternative_option_id, m.alternative_label)
             if m.alternative_option_id and m.alternative_label else m.text} for m in rec.mitigations]  # fmt: skip


def _where(function) -> str:
    rec = function.recommendation
    if rec is None or rec.keep_in_house:
        return ""
    iso2 = rec.recommended_option_id.split("|")[-1]
    return dict(rec.top_locations).get(iso2, iso2)


def _contributions(report, function, rows: pd.DataFrame) -> list[dict]:
    """Points per criterion of the recommended option against in-house: the score's explanation in numbers."""
    rec = function.recommendation
    # Kept in-house, the recommended option is the baseline itself: compare the best alternative instead.
    shown = rec.runner_up_option_id if rec.keep_in_house else rec.recommended_option_id
    chosen = rows[rows["option_id"] == shown]
    baseline = rows[rows["is_baseline"]]
    labels = {c.code: c.label for c in report.criteria}
    weights = report.weights
    out = []
    for code in CRITERIA:
        column = f"{code}_points"
        out.append({"label": labels.get(code, code), "weight": share(weights.get(code)),
                    "chosen": score(chosen[column].iloc[0]) if len(chosen) else MISSING,
                    "baseline": score(baseline[column].iloc[0]) if len(baseline) else MISSING})  # fmt: skip
    return out


def board_money(value, currency: str, language: str, *, with_currency: bool = True) -> str:
    """Board-facing amounts rounded for reading: "13.5 bn KRW", "135억 원" (the Excel export keeps full figures)."""
    return MISSING if _missing(value) else compact_money(value, currency, language, with_currency=with_currency)


def _tco_lines(function, options: pd.DataFrame | None, currency: str, language: str,
               model_version: int | None) -> list[TcoLine]:  # fmt: skip
    if options is None:
        return []
    chosen = function.recommendation.recommended_option_id if function.recommendation else None
    lines = []
    for row in options.astype(object).where(options.notna(), None).to_dict("records"):
        if row["engagement"] == "in-house":
            continue
        basis = rate_basis(row, model_version)

        def cell(column, row=row):
            return board_money(row[column], currency, language, with_currency=False)

        lines.append(TcoLine(
            label=row["option"], is_recommended=row["option_id"] == chosen, npv=cell("npv_savings"),
            p10=cell("npv_p10"), p50=cell("npv_p50"), p90=cell("npv_p90"), prob_saving=share(row["prob_saving"]),
            breakeven=months(row["breakeven_month"]), transition=cell("total_transition_cost"),
            rate_basis=basis["badge"] or MISSING, rate_kind=basis["kind"],
            # made from the full stored row (with the rate in its own currency) in the report's language
            rate_sentence=row.get("rate_basis_note") or basis["sentence"]))
    return lines


def _section(report, function, charts: set[str], scores: pd.DataFrame, options: pd.DataFrame | None,
             ) -> FunctionSection:  # fmt: skip
    version = report.tco.model_version if report.tco is not None else None
    rec = function.recommendation
    register = (rec.alternative_risk_register if rec.keep_in_house else rec.risk_register) if rec else ()
    if rec is None:
        decision = _("Not scored")
    elif rec.keep_in_house:
        decision = _("Keep in-house")
    else:
        decision = rec.recommended_label
    section = FunctionSection(
        anchor=f"function-{function.id}", report=function, decision=decision, where=_where(function),
        register=_register_lines(register), register_is_alternative=bool(rec and rec.keep_in_house),
        contributions=_contributions(report, function, scores) if rec else [],
        tco_lines=_tco_lines(function, options, report.currency, report.language, version),
        risk_chart=pdf_charts.risk_key(function.id) if pdf_charts.risk_key(function.id) in charts else None,
        tco_chart=pdf_charts.tco_key(function.id) if pdf_charts.tco_key(function.id) in charts else None,
        key_risk=register[0].name if register else "", mitigations=_mitigations(rec) if rec else [],
    )  # fmt: skip
    tco = function.recommended_tco
    if tco and rec and not rec.keep_in_house:
        def amount(column):
            return board_money(tco.get(column), report.currency, report.language, with_currency=False)

        section.npv = amount("npv_savings")
        section.npv_range = f"{amount('npv_p10')} – {amount('npv_p90')}"
    return section


def _totals(report) -> Totals:
    moved = [f for f in report.functions if f.recommendation and not f.recommendation.keep_in_house]
    costed = [f.recommended_tco for f in moved if f.recommended_tco]

    def total(column):
        values = [row.get(column) for row in costed if not _missing(row.get(column))]
        return board_money(sum(values), report.currency, report.language, with_currency=False) if values else MISSING

    kept = sum(1 for f in report.functions if f.recommendation and f.recommendation.keep_in_house)
    return Totals(moved=len(moved), kept=kept, npv=total("npv_savings"), p10=total("npv_p10"),
                  p90=total("npv_p90"), costed=len(costed))  # fmt: skip


def _key_risks(sections: list[FunctionSection]) -> list[dict]:
    """The highest-scoring risks of the options recommended for moving, each with the functions it affects."""
    by_code: dict[str, dict] = {}
    for section in sections:
        if section.register_is_alternative:
            continue
        for risk in section.register[:3]:
            entry = by_code.setdefault(risk.name, {"name": risk.name, "score": risk.score, "functions": [],
                                                   "mitigation": risk.mitigation_short})  # fmt: skip
            entry["score"] = max(entry["score"], risk.score)
            entry["functions"].append(section.report.name)
    ranked = sorted(by_code.values(), key=lambda r: -r["score"])[:KEY_RISKS_SHOWN]
    return [{**r, "score": score(r["score"]), "functions": ", ".join(r["functions"])} for r in ranked]


def _assumptions(report) -> list[dict]:
    """Each assumption once per distinct value, with the functions using it (an override shows separately)."""
    if report.tco is None or not len(report.tco.assumptions):
        return []
    frame = report.tco.assumptions
    all_functions = frame["function_id"].nunique()
    out = []
    keys = ["name", "value", "low", "high", "origin"]
    for _key, group in frame.groupby(keys, sort=True, dropna=False):
        row = group.iloc[0]
        used_by = _("all functions") if group["function_id"].nunique() == all_functions else ", ".join(
            group["function"].astype(str))
        source = " ".join(str(part) for part in (row["source"], row["year"]) if not _missing(part) and part != "")
        out.append({"name": row["name"], "value": _number(row["value"]), "range": f"{_number(row['low'])} – "
                    f"{_number(row['high'])}", "distribution": row["distribution"] or "", "unit": row["unit"] or "",
                    "origin": row["origin"] or "", "source": source, "note": row["note"] or "",
                    "used_by": used_by})  # fmt: skip
    return out


def _portfolio(report, charts: set[str]) -> PortfolioSection:
    chosen = report.portfolio
    if chosen is None:
        return PortfolioSection(kind=None)

    def amount(value):
        return board_money(value, report.currency, report.language, with_currency=False)

    plan, distribution = chosen["plan"], chosen["distribution"] or {}
    lines = [PortfolioLine(function=r["function"], moves=r["moves"], choice=r["choice"], location=r["location"],
                           start=r["start"], npv=amount(r["npv"]) if r["moves"] else MISSING,
                           risk=score(r["risk"]) if r["moves"] else MISSING) for r in chosen["rows"]]  # fmt: skip
    return PortfolioSection(
        kind=chosen["kind"], name=chosen["name"], date=chosen["date"], lines=lines,
        moved=sum(1 for line in lines if line.moves), npv=amount(plan.npv_expected),
        p10=amount(distribution.get("p10")), p50=amount(distribution.get("p50")), p90=amount(distribution.get("p90")),
        prob_positive=share(distribution.get("prob_positive")), total_risk=score(plan.total_risk),
        concentration=[{"country": c["country"], "share": share(c["share"]), "fte": f"{c['fte']:,.1f}"}
                       for c in chosen["concentration"]],
        binding=chosen["binding"], gains=list(chosen["gains"]), losses=chosen["losses"],
        gains_unsettled=chosen["gains_unsettled"],
        binding_without_gain=chosen["binding_without_gain"] > 0,
        time_limited=plan.status == "feasible", gap=f"{100 * plan.gap:.2f}%" if math.isfinite(plan.gap) else "",
        roadmap_chart=pdf_charts.roadmap_key() if pdf_charts.roadmap_key() in charts else None,
    )  # fmt: skip


def _number(value) -> str:
    if _missing(value):
        return MISSING
    value = float(value)
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.4g}"


def build(report, charts: set[str]) -> ReportView:
    scores = pdf_charts.by_function(report.scores)
    no_scores = report.scores.iloc[0:0]
    options = pdf_charts.by_function(report.tco.options) if report.tco is not None else {}
    no_options = report.tco.options.iloc[0:0] if report.tco is not None else None
    sections = [_section(report, f, charts, scores.get(f.id, no_scores), options.get(f.id, no_options))
                for f in report.functions]  # fmt: skip
    names = {"en": "English", "ko": "한국어"}
    return ReportView(
        report=report, language_name=names.get(report.language, report.language), sections=sections,
        totals=_totals(report), key_risks=_key_risks(sections), assumptions=_assumptions(report),
        summary_chart=pdf_charts.summary_key() if pdf_charts.summary_key() in charts else None,
        tco_missing=report.tco is None, tco_outdated=report.tco is not None and not report.tco.matches_scoring,
        weights=[{"label": c.label, "weight": share(c.weight)} for c in report.criteria],
        portfolio=_portfolio(report, charts),
    )  # fmt: skip
