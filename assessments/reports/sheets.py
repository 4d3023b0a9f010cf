"""The report as titled tables (one per spreadsheet sheet), with translated headers and a kind per column.

Used by the Excel exporter; a kind tells the writer which number format a column gets:
"text", "longtext" (wrapped), "int", "number" (2 decimals), "decimal" (up to 4 decimals),
"currency" (the assessment's currency), "percent" (a fraction shown as %), "bool", "datetime".
The Summary sheet's value column is mixed, so its kind is a list with one kind per row. Values stay plain numbers:
a percentage is stored as its fraction (0.25), money in the currency's units.
Call inside the report's language (render_report does).
"""

from dataclasses import dataclass

import pandas as pd
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.reports.data import ReportData
from assessments.reports.tables import ASSUMPTION_COLUMNS, TCO_OPTION_COLUMNS, TCO_YEARLY_COLUMNS
from assessments.selectors.tco_display import rate_basis


@dataclass(frozen=True, eq=False)
class Sheet:
    name: str  # at most 31 characters, none of []:*?/\ (Excel's rules)
    frame: pd.DataFrame  # columns are the translated headers
    kinds: dict[str, str]  # header -> kind


def _table(name: str, columns: list[tuple[str, str, str]], rows: list[dict] | pd.DataFrame) -> Sheet:
    """columns: (key in rows, header, kind)."""
    source = rows if isinstance(rows, pd.DataFrame) else pd.DataFrame(rows, columns=[c[0] for c in columns])
    frame = pd.DataFrame({header: source[key] if key in source else pd.Series(dtype=object)
                          for key, header, _kind in columns})  # fmt: skip
    return Sheet(name=name, frame=frame, kinds={header: kind for _key, header, kind in columns})


def _naive(value):
    """Excel has no time zones: show the moment in the site's time zone."""
    return timezone.localtime(value).replace(tzinfo=None) if value else None


def summary(report: ReportData) -> Sheet:
    moves = [f for f in report.functions if f.recommendation and not f.recommendation.keep_in_house]
    costed = [f.recommended_tco for f in moves if f.recommended_tco]
    items = [
        (_("Organisation"), report.organisation, "text"),
        (_("Assessment"), report.assessment_name, "text"),
        (_("Version"), report.version, "int"),
        (_("Status"), report.status_label, "text"),
        (_("Language"), "한국어" if report.language == "ko" else "English", "text"),
        (_("Created"), _naive(report.created_at), "datetime"),
        (_("Submitted at"), _naive(report.submitted_at), "datetime"),
        (_("Scored at"), _naive(report.scored_at), "datetime"),
        (_("Report generated"), _naive(report.generated_at), "datetime"),
        (_("Home country"), report.home_country, "text"),
        (_("Currency"), report.currency, "text"),
        (_("Planning horizon (years)"), report.horizon_years, "int"),
        (_("Discount rate"), report.discount_rate_pct / 100, "percent"),
        (_("Business functions"), len(report.functions), "int"),
        (_("Functions recommended to move"), len(moves), "int"),
        (_("NPV of the recommended moves (deterministic)"), sum(r["npv_savings"] for r in costed), "currency"),
    ]
    if report.tco is None:
        items.append((_("TCO run"), _("No finished TCO run yet"), "text"))
    else:
        items += [(_("TCO run"), report.tco.run_id, "int"), (_("Monte Carlo draws"), report.tco.draws, "int")]
        if not report.tco.matches_scoring:
            items.append((_("Note"), _("The TCO run was computed before the latest scoring."), "text"))
    items += [(_("Weight: %(criterion)s") % {"criterion": c.label}, c.weight, "percent") for c in report.criteria]
    items += [(_("Profile: %(question)s") % {"question": a.question}, a.choice, "text") for a in report.profile]
    return Sheet(
        name=_("Summary"),
        frame=pd.DataFrame({_("Item"): [i[0] for i in items], _("Value"): [i[1] for i in items]}),
        kinds={_("Item"): "text", _("Value"): [i[2] for i in items]},  # per row: the value column is mixed
    )


def functions_and_answers(report: ReportData) -> Sheet:
    rows = []
    for f in report.functions:
        base = {"function_id": f.id, "function": f.name, "service_type": f.service_type, "category": f.category,
                "fte": f.fte, "salary_per_fte": f.salary_per_fte, "overhead": f.overhead_pct / 100,
                "facilities_cost": f.facilities_cost, "it_cost": f.it_cost, "annual_cost": f.annual_cost}  # fmt: skip
        for a in f.answers or [None]:
            rows.append({**base, "question": a.question if a else "", "value": a.value if a else None,
                         "answer": a.choice if a else ""})  # fmt: skip
    columns = [
        ("function_id", _("Function ID"), "int"), ("function", _("Function"), "text"),
        ("service_type", _("Service type"), "text"), ("category", _("Category"), "text"),
        ("fte", _("Headcount (FTE)"), "number"), ("salary_per_fte", _("Salary per FTE"), "currency"),
        ("overhead", _("Overhead"), "percent"), ("facilities_cost", _("Facilities cost"), "currency"),
        ("it_cost", _("IT cost"), "currency"), ("annual_cost", _("In-house cost per year"), "currency"),
        ("question", _("Question"), "text"), ("value", _("Answer (1-5)"), "int"), ("answer", _("Answer"), "text"),
    ]  # fmt: skip
    return _table(_("Functions & answers"), columns, rows)


def scores(report: ReportData) -> Sheet:
    columns = [
        ("function_id", _("Function ID"), "int"), ("function", _("Function"), "text"),
        ("option_id", _("Option ID"), "text"), ("option", _("Option"), "text"),
        ("engagement", _("Engagement form"), "text"), ("sourcing_model", _("Sourcing model"), "text"),
        ("location", _("Location"), "text"), ("is_baseline", _("In-house baseline"), "bool"),
        ("score", _("Score"), "number"), ("rank", _("Rank"), "int"),
        ("delta_vs_baseline", _("Difference from in-house"), "number"),
    ]  # fmt: skip
    columns += [(f"{c.code}_points", _("%(criterion)s (points)") % {"criterion": c.label}, "number")
                for c in report.criteria]  # fmt: skip
    return _table(_("Scores"), columns, report.scores)


def exclusions(report: ReportData) -> Sheet:
    """Each distinct reason a function's limits exclude options for (the options are not in the Scores sheet)."""
    columns = [("function_id", _("Function ID"), "int"), ("function", _("Function"), "text"),
               ("excluded_options", _("Options excluded"), "int"), ("reason", _("Reason"), "text")]  # fmt: skip
    rows = [{"function_id": f.id, "function": f.name, "excluded_options": f.excluded_count, "reason": text}
            for f in report.functions for text in f.exclusions]  # fmt: skip
    return _table(_("Excluded options"), columns, rows)


def recommendations(report: ReportData) -> Sheet:
    rows = []
    for f in report.functions:
        rec, tco = f.recommendation, f.recommended_tco or {}
        if rec is None:
            continue
        rows.append({
            "function_id": f.id, "function": f.name, "recommended_option_id": rec.recommended_option_id,
            "recommended": rec.recommended_label, "recommended_score": rec.recommended_score,
            "runner_up": rec.runner_up_label, "runner_up_score": rec.runner_up_score,
            "keep_in_house": rec.keep_in_house, "margin": rec.margin, "confidence": rec.confidence,
            "top_locations": ", ".join(name for _iso2, name in rec.top_locations),
            "top_risks": ", ".join(name for _code, name in rec.top_risks),
            "explanation": "\n".join(rec.explanation),
            "mitigations": "\n".join(f"{m.risk_name}: {m.text}" for m in rec.mitigations),
            **{k: tco.get(k) for k in ("npv_savings", "npv_p10", "npv_p50", "npv_p90", "prob_saving",
                                        "breakeven_month")},
        })  # fmt: skip
    columns = [
        ("function_id", _("Function ID"), "int"), ("function", _("Function"), "text"),
        ("recommended_option_id", _("Option ID"), "text"), ("recommended", _("Recommended"), "text"),
        ("recommended_score", _("Score"), "number"), ("runner_up", _("Runner-up"), "text"),
        ("runner_up_score", _("Runner-up score"), "number"), ("keep_in_house", _("Keep in-house"), "bool"),
        ("margin", _("Margin (points)"), "number"), ("confidence", _("Confidence"), "percent"),
        ("npv_savings", _("NPV of savings"), "currency"), ("npv_p10", _("NPV P10"), "currency"),
        ("npv_p50", _("NPV P50"), "currency"), ("npv_p90", _("NPV P90"), "currency"),
        ("prob_saving", _("Probability of saving"), "percent"), ("breakeven_month", _("Break-even month"), "int"),
        ("top_locations", _("Top locations"), "text"), ("top_risks", _("Top risks"), "text"),
        ("explanation", _("Why"), "longtext"), ("mitigations", _("Mitigations"), "longtext"),
    ]  # fmt: skip
    return _table(_("Recommendations"), columns, rows)


def risk_register(report: ReportData) -> Sheet:
    rows = []
    for f in report.functions:
        rec = f.recommendation
        if rec is None:
            continue
        registers = [(_("Recommended option"), rec.recommended_label, rec.risk_register)]
        if rec.alternative_risk_register:
            registers.append((_("Best alternative"), rec.runner_up_label, rec.alternative_risk_register))
        for role, option, register in registers:
            for r in register:
                rows.append({"function": f.name, "role": role, "option": option, "risk": r.name,
                             "likelihood": r.likelihood, "impact": r.impact, "score": r.score, "points": r.points,
                             "mitigation": r.mitigation})  # fmt: skip
    columns = [
        ("function", _("Function"), "text"), ("role", _("Register of"), "text"), ("option", _("Option"), "text"),
        ("risk", _("Risk"), "text"), ("likelihood", _("Likelihood (1-5)"), "number"),
        ("impact", _("Impact (1-5)"), "number"), ("score", _("Risk score"), "number"),
        ("points", _("Points"), "number"), ("mitigation", _("Mitigation"), "longtext"),
    ]  # fmt: skip
    return _table(_("Risk register"), columns, rows)


MONEY = "currency"


def tco_yearly(report: ReportData) -> Sheet:
    headers = {
        "function_id": (_("Function ID"), "int"), "function": (_("Function"), "text"),
        "option_id": (_("Option ID"), "text"), "option": (_("Option"), "text"), "year": (_("Year"), "int"),
        "inhouse_cost": (_("In-house cost"), MONEY), "option_cost": (_("Option cost"), MONEY),
        "savings": (_("Savings"), MONEY), "cumulative_savings": (_("Cumulative savings"), MONEY),
        "retained_cost": (_("Retained in-house cost"), MONEY),
        "parallel_running_cost": (_("Parallel running"), MONEY), "provider_fees": (_("Provider fees"), MONEY),
        "governance_cost": (_("Retained organisation"), MONEY), "travel_cost": (_("Travel"), MONEY),
        "relearning_cost": (_("Relearning (provider attrition)"), MONEY),
        "tax_effect": (_("Tax effect"), MONEY), "one_time_cost": (_("One-time cost"), MONEY),
        "exit_cost": (_("Exit cost"), MONEY),
    }  # fmt: skip
    columns = [(key, *headers[key]) for key in TCO_YEARLY_COLUMNS]
    frame = report.tco.yearly if report.tco is not None else pd.DataFrame(columns=TCO_YEARLY_COLUMNS)
    return _table(_("TCO yearly"), columns, frame)


def monte_carlo(report: ReportData) -> Sheet:
    headers = {
        "function_id": (_("Function ID"), "int"), "function": (_("Function"), "text"),
        "option_id": (_("Option ID"), "text"), "option": (_("Option"), "text"),
        "engagement": (_("Engagement form"), "text"), "sourcing_model": (_("Sourcing model"), "text"),
        "location": (_("Location"), "text"), "npv_savings": (_("NPV of savings"), MONEY),
        "npv_p10": (_("NPV P10"), MONEY), "npv_p50": (_("NPV P50"), MONEY), "npv_p90": (_("NPV P90"), MONEY),
        "npv_mean": (_("NPV mean"), MONEY), "prob_saving": (_("Probability of saving"), "percent"),
        "breakeven_month": (_("Break-even month"), "int"), "total_inhouse_cost": (_("Total in-house cost"), MONEY),
        "total_option_cost": (_("Total option cost"), MONEY), "total_savings": (_("Total savings"), MONEY),
        "total_transition_cost": (_("Transition cost"), MONEY), "one_time_cost": (_("One-time cost"), MONEY),
        "parallel_running_cost": (_("Parallel running"), MONEY), "severance_cost": (_("Severance"), MONEY),
        "saving_pct": (_("Saving, share of in-house cost moved"), "percent"),
        "vendor_rate_basis": (_("Vendor rate basis"), "text"), "rate_basis_note": (_("Basis of the rate"), "longtext"),
        "hourly_rate": (_("Hourly rate"), MONEY), "hourly_rate_usd": (_("Hourly rate, USD"), "number"),
        "rate_source": (_("Rate source or provider"), "text"), "rate_year": (_("Rate year or quote date"), "text"),
        "top_driver": (_("Top driver"), "text"),
    }  # fmt: skip
    columns = [(key, *headers[key]) for key in TCO_OPTION_COLUMNS]
    frame = report.tco.options.copy() if report.tco is not None else pd.DataFrame(columns=TCO_OPTION_COLUMNS)
    if len(frame):  # the badge's words, not the code
        version = report.tco.model_version
        frame["vendor_rate_basis"] = [rate_basis(row, version)["badge"] or None
                                      for row in frame.astype(object).where(frame.notna(), None).to_dict("records")]
    return _table(_("Monte Carlo percentiles"), columns, frame)


def quotes_and_rates(report: ReportData) -> Sheet:
    """The vendor quotes and exchange rates the TCO run used, full figures."""
    rows = []
    if report.tco is not None:
        for q in report.tco.quotes.astype(object).where(report.tco.quotes.notna(), None).to_dict("records"):
            rows.append({"kind": _("Vendor quote"), "function": q["function"], "location": q["location"],
                         "engagement": q["engagement"] or _("every vendor form"), "unit": q["unit"],
                         "amount": q["amount"], "currency": q["currency"], "date": q["quote_date"],
                         "source": q["provider"], "note": q["note"]})  # fmt: skip
        for r in report.tco.fx.astype(object).where(report.tco.fx.notna(), None).to_dict("records"):
            rows.append({"kind": _("Exchange rate (units per US dollar)"), "function": None, "location": None,
                         "engagement": None, "unit": None, "amount": r["units_per_usd"], "currency": r["currency"],
                         "date": r["as_of"], "source": r["source"], "note": r["origin"]})  # fmt: skip
    columns = [
        ("kind", _("Kind"), "text"), ("function", _("Function"), "text"), ("location", _("Location"), "text"),
        ("engagement", _("Engagement form"), "text"), ("unit", _("Price per"), "text"),
        ("amount", _("Amount"), "number"), ("currency", _("Currency"), "text"), ("date", _("Date or year"), "text"),
        ("source", _("Provider or source"), "longtext"), ("note", _("Note"), "longtext"),
    ]  # fmt: skip
    return _table(_("Quotes & exchange rates"), columns, rows)


def assumptions(report: ReportData) -> Sheet:
    headers = {
        "function_id": (_("Function ID"), "int"), "function": (_("Function"), "text"),
        "name": (_("Assumption"), "text"), "value": (_("Value"), "decimal"), "low": (_("Low"), "decimal"),
        "high": (_("High"), "decimal"), "distribution": (_("Distribution"), "text"), "unit": (_("Unit"), "text"),
        "origin": (_("Set by"), "text"), "source": (_("Source"), "longtext"), "year": (_("Source year"), "int"),
        "note": (_("Note"), "longtext"),
    }  # fmt: skip
    columns = [(key, *headers[key]) for key in ASSUMPTION_COLUMNS]
    frame = report.tco.assumptions if report.tco is not None else pd.DataFrame(columns=ASSUMPTION_COLUMNS)
    return _table(_("Assumptions & sources"), columns, frame)


def portfolio(report: ReportData) -> Sheet:
    """The chosen plan (the latest saved one, else the latest solved): per function its choice, start and figures,
    then the totals, the portfolio's distribution (P10/P50/P90), its total risk and its concentration by country.
    Without a plan, one row says how to make one (as the PDF's section does)."""
    columns = [("plan", _("Plan"), "text"), ("function", _("Function"), "text"), ("choice", _("Choice"), "text"),
               ("location", _("Location"), "text"), ("start", _("Start"), "text"),
               ("npv", _("NPV of savings"), "currency"), ("npv_p10", _("NPV P10"), "currency"),
               ("npv_p50", _("NPV P50"), "currency"), ("risk", _("Risk points"), "number"),
               ("fte", _("FTE moved"), "number"), ("share", _("Share of outsourced FTE"), "percent")]  # fmt: skip
    chosen = report.portfolio
    if chosen is None:
        return _table(_("Portfolio plan"), columns, [{"plan": _(
            "No portfolio plan has been solved yet: on the assessment's Portfolio page, set the limits (risk budget, "
            "country shares, transitions per half-year) and solve a plan; the latest saved plan, else the latest "
            "solved one, is reported here.")}])  # fmt: skip
    name = chosen["name"] or _("Latest solved plan")
    moves = [r for r in chosen["rows"] if r["moves"]]
    rows = [{**r, "plan": name, **({} if r["moves"] else {"npv": None, "npv_p10": None, "npv_p50": None,
                                                         "risk": None, "fte": None})}
            for r in chosen["rows"]]  # fmt: skip
    rows.append({"plan": name, "function": _("Total"), "choice": _("Functions moving: %(n)s of %(total)s") % {
        "n": len(moves), "total": len(chosen["rows"])}, "npv": chosen["plan"].npv_expected,
        "risk": chosen["plan"].total_risk, "fte": sum(r["fte"] for r in moves)})  # fmt: skip
    distribution = chosen["distribution"] or {}
    for key, label in (("p10", _("Portfolio NPV, P10 (pessimistic)")), ("p50", _("Portfolio NPV, P50 (median)")),
                       ("p90", _("Portfolio NPV, P90 (optimistic)"))):  # fmt: skip
        rows.append({"plan": name, "function": label, "npv": distribution.get(key),
                     "choice": _("the moves added up in each simulated world")})  # fmt: skip
    rows.append({"plan": name, "function": _("Total risk points"), "risk": chosen["plan"].total_risk})
    for c in chosen["concentration"]:
        rows.append({"plan": name, "function": _("Outsourced FTE in %(country)s") % {"country": c["country"]},
                     "location": c["country"], "fte": c["fte"], "share": c["share"]})  # fmt: skip
    rows.append({"plan": name, "function": _("Limits the plan reaches"), "choice": chosen["binding"]})
    for gain in chosen["gains"] + ([chosen["gains_unsettled"]] if chosen["gains_unsettled"] else []):
        rows.append({"plan": name, "function": _("What relaxing a limit would add"), "choice": gain})
    return _table(_("Portfolio plan"), columns, rows)


def all_sheets(report: ReportData) -> list[Sheet]:
    return [summary(report), functions_and_answers(report), scores(report), recommendations(report),
            exclusions(report), risk_register(report), tco_yearly(report), monte_carlo(report),
            quotes_and_rates(report), assumptions(report), portfolio(report)]  # fmt: skip
