"""The charts of the PDF report: the results and TCO pages' own Plotly figures, built from a ReportData.

Each chart is the same builder the pages call (assessments/charts.py, assessments/tco_charts.py) with
the stored numbers the report already holds, as a ChartSpec that chart_images draws (or finds cached);
only the print width is set here, the height is the figure's own.
"""

import pandas as pd

from assessments import charts, portfolio_charts, tco_charts
from assessments.domain.scoring_text import engagement_sourcing_grid
from assessments.reports.chart_images import ChartSpec

# Print sizes in CSS pixels; the PDF shows a 1000-pixel chart 17.6 cm wide, so scale 1.6 is about 230 dpi
# (sharp in print; scale 2 made the charts half as large again: docs/benchmarks.md, "Figures behind code comments").
# Without a height the figure's own is used; the TCO chart is made lower so a function's summary,
# cost chart and cost table fit on its first page (at 360 the note under the cost table of 8 of 50 functions
# fell alone onto the next page).
SUMMARY_SIZE = {"width": 1000, "scale": 1.6}
RISK_SIZE = {"width": 700, "scale": 1.6}
TCO_SIZE = {"width": 1000, "height": 330, "scale": 1.6}
ROADMAP_SIZE = {"width": 1000, "scale": 1.6}
ROADMAP_FIELDS = ("function", "choice", "start", "start_period", "moves")


def by_function(frame: pd.DataFrame) -> dict[int, pd.DataFrame]:
    """A table's rows per function id, split once (not by filtering the whole table once per function)."""
    return dict(tuple(frame.groupby("function_id", sort=False)))


def summary_key() -> str:
    return "summary"


def risk_key(function_id: int) -> str:
    return f"risk-{function_id}"


def tco_key(function_id: int) -> str:
    return f"tco-{function_id}"


def roadmap_key() -> str:
    return "portfolio-roadmap"


def score_heatmap(report) -> ChartSpec:
    """Best score per function × (engagement form, sourcing model): the results summary page's heat map."""
    best = report.scores.groupby(["function_id", "engagement", "sourcing_model"], sort=False)["score"].max()
    labels, z = engagement_sourcing_grid(best.to_dict(), [f.id for f in report.functions], report.language)
    return ChartSpec(charts.score_heatmap, ([f.name for f in report.functions], labels, z), SUMMARY_SIZE)


def risk_heatmap(register) -> ChartSpec:
    risks = [{"name": r.name, "likelihood": r.likelihood, "impact": r.impact} for r in register]
    return ChartSpec(charts.risk_heatmap, (risks,), RISK_SIZE)


def tco_curves(report, function_id: int, bands=None, options=None) -> ChartSpec | None:
    """The TCO page's cumulative-cost chart for one function, or None when the TCO run did not cost it.

    `bands` and `options`: the function's rows of the TCO tables when the caller has split them already.
    """
    tco = report.tco
    if tco is None:
        return None
    bands = tco.bands[tco.bands["function_id"] == function_id] if bands is None else bands
    if not len(bands):
        return None
    options = tco.options[tco.options["function_id"] == function_id] if options is None else options
    labels = dict(zip(options["option_id"], options["option"], strict=True))
    breakeven = {o: None if pd.isna(m) else float(m)
                 for o, m in zip(options["option_id"], options["breakeven_month"], strict=True)}  # fmt: skip
    return ChartSpec(tco_charts.cumulative_costs, (bands.to_dict("records"), labels, breakeven, tco.currency), TCO_SIZE)


def roadmap(report) -> ChartSpec | None:
    """The portfolio page's roadmap of the chosen plan, or None when there is no plan or it moves nothing."""
    plan = report.portfolio
    if plan is None or not any(r["moves"] for r in plan["rows"]):
        return None
    rows = [{k: r[k] for k in ROADMAP_FIELDS} for r in plan["rows"]]
    return ChartSpec(portfolio_charts.roadmap, (rows, list(plan["half_years"])), ROADMAP_SIZE)


def report_charts(report) -> dict[str, ChartSpec]:
    """{key: ChartSpec} for every chart the PDF shows."""
    out = {}
    if len(report.scores):
        out[summary_key()] = score_heatmap(report)
    plan_roadmap = roadmap(report)
    if plan_roadmap is not None:
        out[roadmap_key()] = plan_roadmap
    tco = report.tco
    bands = by_function(tco.bands) if tco is not None else {}
    options = by_function(tco.options) if tco is not None else {}
    for function in report.functions:
        rec = function.recommendation
        register = (rec.alternative_risk_register if rec.keep_in_house else rec.risk_register) if rec else ()
        if register:
            out[risk_key(function.id)] = risk_heatmap(register)
        curves = None
        if function.id in bands:
            own_options = options.get(function.id, tco.options.iloc[0:0])
            curves = tco_curves(report, function.id, bands[function.id], own_options)
        if curves is not None:
            out[tco_key(function.id)] = curves
    return out
