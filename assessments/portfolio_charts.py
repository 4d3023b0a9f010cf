"""Plotly figures of the portfolio page (drawn by static/js/charts.js, like the TCO charts): the roadmap of
transitions by half-year and the efficient frontier of risk against value. Their text alternatives are the plan
table and the frontier table beside them on the page."""

import plotly.graph_objects as go
from django.utils.translation import gettext as _

from assessments.charts import as_json, plain


def _label_margin(names: list[str]) -> int:
    """Room for the longest function name left of the bars (automargin alone cut long names in print)."""
    widest = max((sum(2 if ord(ch) > 0x1100 else 1 for ch in name) for name in names), default=0)
    return min(360, 20 + 7 * widest)


def roadmap(rows: list[dict], half_years: list[str]) -> dict:
    """One bar per moving function, in the half-year its transition starts; the rest of the roadmap shaded."""
    moves = [r for r in rows if r["moves"]]
    figure = go.Figure()
    names = [plain(r["function"]) for r in moves]
    last = len(half_years)
    # The option is written on the light bar after the start (a one-half-year bar is too short for it); a
    # transition starting in the last half-year has no such bar and names its option on hover only.
    figure.add_trace(go.Bar(
        y=names, x=[last - r["start_period"] - 1 for r in moves], base=[r["start_period"] + 1 for r in moves],
        orientation="h", marker_color="#c9d6ea", name=_("Run by the new provider"), hoverinfo="skip",
        text=[plain(r["choice"]) for r in moves], textposition="inside", insidetextanchor="start",
        textfont={"color": "#1b2a3a", "size": 12}, constraintext="none", cliponaxis=False,
    ))  # fmt: skip
    figure.add_trace(go.Bar(
        y=names, x=[1] * len(moves), base=[r["start_period"] for r in moves], orientation="h",
        marker_color="#1f5fae", name=_("Transition starts"),
        hovertext=[f"{plain(r['function'])}: {plain(r['choice'])}, {r['start']}" for r in moves], hoverinfo="text",
    ))  # fmt: skip
    figure.update_layout(
        title=_("Roadmap: when each transition starts"), barmode="overlay",
        xaxis={"title": _("Half-year"), "tickvals": [i + 0.5 for i in range(len(half_years))],
               "ticktext": half_years, "range": [0, len(half_years)]},
        yaxis={"autorange": "reversed", "automargin": True},
        height=max(260, 60 + 38 * len(moves)), margin={"l": _label_margin(names), "r": 20, "t": 60, "b": 60},
        legend={"orientation": "h", "y": -0.25},
    )  # fmt: skip
    return as_json(figure)


def frontier(points: list[dict], currency: str, value_label: str) -> dict:
    """The best value for each risk budget: the chosen plan starred, the alternatives numbered."""
    ordered = sorted(points, key=lambda p: p["risk"])
    figure = go.Figure(go.Scatter(
        x=[p["risk"] for p in ordered], y=[p["npv"] for p in ordered], mode="lines+markers", name=_("Best plan"),
        line={"color": "#5b6b7c"}, marker={"size": 8},
    ))  # fmt: skip
    plan = [p for p in ordered if p["is_plan"]]
    if plan:
        figure.add_trace(go.Scatter(x=[p["risk"] for p in plan], y=[p["npv"] for p in plan], mode="markers",
                                    name=_("Chosen plan"), marker={"symbol": "star", "size": 18, "color": "#d1495b"}))
    marked = [p for p in ordered if p["alternative"]]
    if marked:
        figure.add_trace(go.Scatter(
            x=[p["risk"] for p in marked], y=[p["npv"] for p in marked], mode="markers+text", name=_("Alternatives"),
            text=[p["name"] for p in marked], textposition="top center",
            marker={"symbol": "diamond", "size": 12, "color": "#2e933c"},
        ))  # fmt: skip
    figure.update_layout(
        title=_("Efficient frontier: the best plan for each risk budget"),
        xaxis={"title": _("Total risk points")},
        yaxis={"title": f"{value_label} ({currency})"},
        height=400, margin={"l": 80, "r": 20, "t": 60, "b": 60}, legend={"orientation": "h", "y": -0.25},
    )  # fmt: skip
    return as_json(figure)
