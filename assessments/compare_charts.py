"""The comparison chart: NPV of savings per function and assessment, median with P10–P90 error bars."""

import plotly.graph_objects as go
from django.utils.translation import gettext as _

from assessments.charts import as_json, plain
from assessments.selectors.compare import Comparison
from assessments.tco_charts import PALETTE


def assessment_caption(index: int, compared) -> str:
    a = compared.assessment
    return f"{index + 1}. {a.name} v{a.version}"


def _chart_caption(index: int, compared) -> str:
    return plain(assessment_caption(index, compared))


def npv_by_function(comparison: Comparison) -> dict:
    names = [plain(line.name) for line in comparison.lines]
    figure = go.Figure()
    for index, compared in enumerate(comparison.assessments):
        cells = [line.cells[index] for line in comparison.lines]
        p50 = [c.npv_p50 if c else None for c in cells]
        figure.add_trace(go.Bar(
            x=names, y=p50, name=_chart_caption(index, compared), marker_color=PALETTE[index % len(PALETTE)],
            error_y={"type": "data", "symmetric": False,
                     "array": [c.npv_p90 - c.npv_p50 if c and c.npv_p50 is not None else None for c in cells],
                     "arrayminus": [c.npv_p50 - c.npv_p10 if c and c.npv_p50 is not None else None for c in cells]},
            customdata=[[plain(c.tco_option_label), c.npv_p10, c.npv_p90] if c and c.npv_p50 is not None
                        else ["", None, None]
                        for c in cells],
            hovertemplate=("%{x}<br>%{customdata[0]}<br>P50 %{y:,.0f} (P10 %{customdata[1]:,.0f}, "
                           "P90 %{customdata[2]:,.0f})<extra>%{fullData.name}</extra>"),
        ))  # fmt: skip
    currencies = " / ".join(comparison.currencies)
    figure.update_layout(
        title=_("NPV of savings per function (median, P10–P90)"), barmode="group",
        yaxis={"title": _("NPV of savings (%(currency)s)") % {"currency": currencies}, "zeroline": True},
        xaxis={"tickangle": -35}, height=max(420, 380 + 6 * len(names)),
        margin={"l": 90, "r": 20, "t": 60, "b": 160}, legend={"orientation": "h", "y": 1.08},
    )  # fmt: skip
    return as_json(figure)
