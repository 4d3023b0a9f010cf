"""Plotly figures for the results pages, as JSON-ready dicts (drawn by static/js/charts.js)."""

import json

import plotly.graph_objects as go
from django.utils.translation import gettext as _
from plotly.utils import PlotlyJSONEncoder

from assessments.domain.scoring_params import RISK_SCORE_MAX, risk_score


def as_json(figure: go.Figure) -> dict:
    return json.loads(json.dumps(figure.to_plotly_json(), cls=PlotlyJSONEncoder))


def score_heatmap(function_names: list[str], column_labels: list[str], z: list[list[float | None]]) -> dict:
    figure = go.Figure(
        go.Heatmap(
            z=z, x=column_labels, y=function_names, colorscale="RdYlGn", zmin=0, zmax=100,
            colorbar={"title": _("Score")}, hovertemplate="%{y}<br>%{x}<br>" + _("Score") + ": %{z:.1f}<extra></extra>",
            text=[[("" if v is None else f"{v:.0f}") for v in row] for row in z], texttemplate="%{text}",
        )  # fmt: skip
    )
    figure.update_layout(
        title=_("Best score per function, engagement form and sourcing model"),
        height=max(360, 60 + 34 * len(function_names)), margin={"l": 220, "r": 20, "t": 60, "b": 140},
        xaxis={"tickangle": -35}, yaxis={"autorange": "reversed"},
    )  # fmt: skip
    return as_json(figure)


def risk_heatmap(risks: list[dict]) -> dict:
    """Likelihood × impact grid coloured by the risk formula, with this option's risks placed on it."""
    cells = [[risk_score(likelihood, impact) for impact in range(1, 6)] for likelihood in range(1, 6)]
    figure = go.Figure(
        go.Heatmap(z=cells, x=list(range(1, 6)), y=list(range(1, 6)), colorscale="YlOrRd", zmin=0,
                   zmax=RISK_SCORE_MAX, showscale=True, colorbar={"title": _("Risk score")}, hoverinfo="skip")
    )  # fmt: skip
    figure.add_trace(
        go.Scatter(
            x=[r["impact"] for r in risks], y=[r["likelihood"] for r in risks], mode="markers+text",
            text=[r["name"] for r in risks], textposition="top center",
            marker={"size": 12, "color": "#1d2733", "line": {"color": "#fff", "width": 1}},
            hovertemplate=(
                "%{text}<br>" + _("Likelihood") + ": %{y:.1f}<br>" + _("Impact") + ": %{x:.1f}<extra></extra>"
            ),
            name=_("Risks"), showlegend=False,
        )  # fmt: skip
    )
    figure.update_layout(
        title=_("Risk heat map (likelihood × impact)"), height=520, margin={"l": 60, "r": 20, "t": 60, "b": 60},
        xaxis={"title": _("Impact (1–5)"), "range": [0.5, 5.5], "dtick": 1},
        yaxis={"title": _("Likelihood (1–5)"), "range": [0.5, 5.5], "dtick": 1},
    )  # fmt: skip
    return as_json(figure)


def location_comparison(rows: list[dict], engagement_label: str) -> dict:
    models = sorted({r["sourcing_label"] for r in rows})
    figure = go.Figure()
    for model in models:
        points = [r for r in rows if r["sourcing_label"] == model]
        figure.add_trace(go.Bar(x=[r["name"] for r in points], y=[r["score"] for r in points], name=model,
                                hovertemplate="%{x}: %{y:.1f}<extra></extra>"))  # fmt: skip
    figure.update_layout(
        title=_("Score by location for %(engagement)s") % {"engagement": engagement_label},
        yaxis={"title": _("Score (0–100)"), "range": [0, 100]}, xaxis={"categoryorder": "total descending",
                                                                        "tickangle": -45},
        height=460, margin={"l": 60, "r": 20, "t": 60, "b": 120}, barmode="group",
    )  # fmt: skip
    return as_json(figure)
