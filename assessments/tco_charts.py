"""Plotly figures for TCO results (drawn by static/js/charts.js after the htmx swap)."""

import plotly.graph_objects as go
from django.utils.translation import gettext as _

from assessments.charts import as_json, plain

PALETTE = ["#1f5fae", "#d1495b", "#2e933c", "#edae49", "#6a4c93"]


def cumulative_costs(bands: list[dict], labels: dict[str, str], breakeven: dict[str, float | None],
                     currency: str) -> dict:  # fmt: skip
    """Cumulative cost in-house against each option for one function, median with its P10–P90 band."""
    figure = go.Figure()
    by_option: dict[str, list[dict]] = {}
    for row in bands:
        by_option.setdefault(row["option_id"], []).append(row)
    first = next(iter(by_option.values()), [])
    years = [0] + [r["year"] for r in first]
    figure.add_trace(go.Scatter(x=years, y=[0] + [r["inhouse_p50"] for r in first], name=_("In-house"),
                                line={"color": "#1d2733", "width": 3}))  # fmt: skip
    colors: dict[str, str] = {}
    for index, (option_id, rows) in enumerate(o for o in by_option.items() if not o[0].startswith("in-house")):
        color = colors[option_id] = PALETTE[index % len(PALETTE)]
        x = [0] + [r["year"] for r in rows]
        figure.add_trace(go.Scatter(x=x, y=[0] + [r["option_p90"] for r in rows], line={"width": 0},
                                    showlegend=False, hoverinfo="skip", legendgroup=option_id))  # fmt: skip
        figure.add_trace(go.Scatter(x=x, y=[0] + [r["option_p10"] for r in rows], fill="tonexty", line={"width": 0},
                                    fillcolor=_rgba(color, 0.18), name=_("P10–P90"), showlegend=False,
                                    hoverinfo="skip", legendgroup=option_id))  # fmt: skip
        figure.add_trace(go.Scatter(x=x, y=[0] + [r["option_p50"] for r in rows], legendgroup=option_id,
                                    name=plain(labels.get(option_id, option_id)), line={"color": color, "width": 2}))
    _breakeven_lines(figure, {o: m for o, m in breakeven.items() if o in colors}, colors)
    figure.update_layout(
        title=_("Cumulative cost: in-house against the top options (median, P10–P90 band)"),
        xaxis={"title": _("Year"), "dtick": 1},
        yaxis={"title": _("Cumulative cost (%(currency)s)") % {"currency": currency}},
        height=480, margin={"l": 80, "r": 20, "t": 60, "b": 60}, legend={"orientation": "h", "y": -0.2},
    )  # fmt: skip
    return as_json(figure)


def _breakeven_lines(figure: go.Figure, breakeven: dict[str, float | None], colors: dict[str, str]) -> None:
    """One dotted line and one label per break-even month: options that break even in the same month share them
    (in the option's colour when it is the only one), so a label is never drawn over itself. Labels of nearby
    months are set one under the other."""
    by_month: dict[int, list[str]] = {}
    for option_id, month in breakeven.items():
        if month:
            by_month.setdefault(int(month), []).append(option_id)
    for row, (month, option_ids) in enumerate(sorted(by_month.items())):
        color = colors[option_ids[0]] if len(option_ids) == 1 else "#5b6b7c"
        text = _("break-even month %(m)s") % {"m": month}
        if len(option_ids) > 1:
            text = _("break-even month %(m)s (%(n)s options)") % {"m": month, "n": len(option_ids)}
        figure.add_vline(x=month / 12, line={"color": color, "dash": "dot"}, annotation_text=text,
                         annotation_position="top right", annotation_yshift=-18 * (row % 3))  # fmt: skip


def tornado(drivers: list[dict], names: dict[str, str], currency: str) -> dict:
    """Each input's bar runs from the NPV with every input at its median to the NPV with that input at its P10 / P90."""
    rows = sorted([d for d in drivers if d["swing"]], key=lambda d: d["swing"])
    labels = [plain(names.get(d["input"], d["input"])) for d in rows]
    # Runs stored before the median NPV was kept draw from 0, as they always did.
    base = [d.get("npv_at_median") or 0.0 for d in rows]
    figure = go.Figure()
    for key, name, color in (("npv_at_p10", _("input at its P10"), "#d1495b"),
                             ("npv_at_p90", _("input at its P90"), "#2e933c")):  # fmt: skip
        figure.add_trace(go.Bar(y=labels, x=[d[key] - b for d, b in zip(rows, base, strict=True)], base=base,
                                orientation="h", name=name, marker_color=color))  # fmt: skip
    if rows and rows[0].get("npv_at_median") is not None:
        figure.add_vline(x=rows[0]["npv_at_median"], line_dash="dot", line_color="#333",
                         annotation_text=_("all inputs at their median"), annotation_position="top")  # fmt: skip
    figure.update_layout(
        title=_("What drives the spread of NPV savings (tornado)"), barmode="overlay",
        xaxis={"title": _("NPV of savings (%(currency)s)") % {"currency": currency}},
        height=360, margin={"l": 160, "r": 20, "t": 60, "b": 60},
    )  # fmt: skip
    return as_json(figure)


def _rgba(hex_color: str, alpha: float) -> str:
    r, g, b = (int(hex_color[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"
