"""Plotly figures for the results pages, as JSON-ready dicts (drawn by static/js/charts.js)."""

import json
import math

import plotly.graph_objects as go
from django.utils.translation import gettext as _
from plotly.utils import PlotlyJSONEncoder

from assessments.domain.scoring_params import RISK_SCORE_MAX, risk_score
from outsourcing.charts import plain


def as_json(figure: go.Figure) -> dict:
    return json.loads(json.dumps(figure.to_plotly_json(), cls=PlotlyJSONEncoder))


def _colorbar(title: str) -> dict:
    """The scale's title set along its right side: above it (Plotly's default) a longer title, as the Korean
    "위험 점수", ran into the top tick label."""
    return {"title": {"text": title, "side": "right"}}


def score_heatmap(function_names: list[str], column_labels: list[str], z: list[list[float | None]]) -> dict:
    figure = go.Figure(
        go.Heatmap(
            z=z, x=[plain(c) for c in column_labels], y=[plain(n) for n in function_names], colorscale="RdYlGn",
            zmin=0, zmax=100,
            colorbar=_colorbar(_("Score")), hovertemplate="%{y}<br>%{x}<br>" + _("Score") + ": %{z:.1f}<extra></extra>",
            text=[[("" if v is None else f"{v:.0f}") for v in row] for row in z], texttemplate="%{text}",
        )  # fmt: skip
    )
    figure.update_layout(
        title=_("Best score per function, engagement form and sourcing model"),
        height=max(360, 60 + 34 * len(function_names)), margin={"l": 220, "r": 20, "t": 60, "b": 140},
        xaxis={"tickangle": -35}, yaxis={"autorange": "reversed"},
    )  # fmt: skip
    return as_json(figure)


def _spread_close(points: list[tuple[float, float]], near: float = 0.3) -> list[tuple[float, float]]:
    """Points closer than `near` (axis units; a marker is about 0.22 wide) moved apart on a circle around their
    group's centre, side by side first (impact is mostly a whole number, so close risks usually sit one above
    the other), so each marker and its number stay readable. A point moves by about `near` at most."""
    group = list(range(len(points)))

    def root(i: int) -> int:
        while group[i] != i:
            group[i] = group[group[i]]
            i = group[i]
        return i

    for i, (xi, yi) in enumerate(points):
        for j in range(i):
            if math.hypot(xi - points[j][0], yi - points[j][1]) < near:
                group[root(i)] = root(j)
    members: dict[int, list[int]] = {}
    for i in range(len(points)):
        members.setdefault(root(i), []).append(i)
    out = list(points)
    for indexes in members.values():
        if len(indexes) < 2:
            continue
        cx = sum(points[i][0] for i in indexes) / len(indexes)
        cy = sum(points[i][1] for i in indexes) / len(indexes)
        radius = near * (0.6 if len(indexes) == 2 else 1.0)
        for k, i in enumerate(indexes):
            angle = math.pi * (1 + 2 * k / len(indexes))  # the first on the left, the second on the right
            out[i] = (cx + radius * math.cos(angle), cy + radius * math.sin(angle))
    return out


def risk_heatmap(risks: list[dict]) -> dict:
    """Likelihood × impact grid coloured by the risk formula, with this option's risks placed on it.

    Each risk is marked with its number in the register beside the chart (names written on the grid ran
    into each other wherever risks sit close); the name shows on hover. Risks that would cover each other are
    spread around their common centre.
    """
    cells = [[risk_score(likelihood, impact) for impact in range(1, 6)] for likelihood in range(1, 6)]
    figure = go.Figure(
        go.Heatmap(z=cells, x=list(range(1, 6)), y=list(range(1, 6)), colorscale="YlOrRd", zmin=0,
                   zmax=RISK_SCORE_MAX, showscale=True, colorbar=_colorbar(_("Risk score")), hoverinfo="skip")
    )  # fmt: skip
    placed = _spread_close([(r["impact"], r["likelihood"]) for r in risks])
    figure.add_trace(
        go.Scatter(
            x=[x for x, _y in placed], y=[y for _x, y in placed], mode="markers+text",
            text=[str(number) for number in range(1, len(risks) + 1)], textposition="middle center",
            textfont={"color": "#fff", "size": 10},
            customdata=[[plain(r["name"]), r["likelihood"], r["impact"]] for r in risks],
            marker={"size": 18, "color": "#1d2733", "line": {"color": "#fff", "width": 1}},
            hovertemplate=(
                "%{text}. %{customdata[0]}<br>" + _("Likelihood") + ": %{customdata[1]:.1f}<br>" + _("Impact")
                + ": %{customdata[2]:.1f}<extra></extra>"
            ),
            name=_("Risks"), showlegend=False,
        )  # fmt: skip
    )
    figure.update_layout(
        title=_("Risk heat map (likelihood × impact); numbers as in the register"), height=520,
        margin={"l": 60, "r": 20, "t": 60, "b": 60},
        xaxis={"title": _("Impact (1–5)"), "range": [0.5, 5.5], "dtick": 1},
        yaxis={"title": _("Likelihood (1–5)"), "range": [0.5, 5.5], "dtick": 1},
    )  # fmt: skip
    return as_json(figure)


def location_comparison(rows: list[dict], engagement_label: str) -> dict:
    """Each location's score as a dot, best first, on an axis that spans the scores shown (not 0–100): bars
    from 0 made 62 and 70 look alike. Dots carry no length, so a cut axis does not mislead; each is labelled."""
    models = sorted({r["sourcing_label"] for r in rows})
    figure = go.Figure()
    for model in models:
        points = [r for r in rows if r["sourcing_label"] == model]
        figure.add_trace(go.Scatter(
            x=[plain(r["name"]) for r in points], y=[r["score"] for r in points], name=plain(model),
            mode="markers+text",
            marker={"size": 11}, text=[f"{r['score']:.0f}" for r in points], textposition="top center",
            textfont={"size": 10}, hovertemplate="%{x}: %{y:.1f}<extra></extra>",
        ))  # fmt: skip
    scores = [float(r["score"]) for r in rows]
    low, high = (min(scores), max(scores)) if scores else (0.0, 100.0)
    pad = max(2.0, (high - low) * 0.15)
    order = [plain(r["name"]) for r in sorted(rows, key=lambda r: -float(r["score"]))]
    figure.update_layout(
        title=_("Score by location for %(engagement)s") % {"engagement": plain(engagement_label)},
        yaxis={"title": _("Score (0–100; the axis shows only the range of these scores)"),
               "range": [max(0.0, low - pad), min(100.0, high + pad)], "zeroline": False},
        xaxis={"categoryorder": "array", "categoryarray": list(dict.fromkeys(order)), "tickangle": -45},
        height=460, margin={"l": 60, "r": 20, "t": 60, "b": 120},
    )  # fmt: skip
    return as_json(figure)
