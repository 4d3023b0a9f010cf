"""Plotly figures for the catalogue pages, returned as JSON-ready dicts.

Pages embed the figure with `json_script` and static/js/charts.js draws it, so no
inline script is needed and plotly.js comes from static/.
"""

import html

import plotly.graph_objects as go
from django.utils.translation import gettext as _


def plain(value) -> str:
    """A text as Plotly will show it, never as markup.

    Plotly reads a subset of HTML in every string it draws (titles, ticks, legends, hover, annotations):
    `<a href>` becomes a live link, `<b>`, `<br>`, `<span style>` change the text. Names people type
    (functions, assessments, uploaded locations) are therefore escaped; Plotly turns the entities back into
    the characters on screen and in the PDF's chart images, so `<a href="…">x</a>` shows as written.
    """
    return html.escape(str(value), quote=False)


def location_cost_vs_english(rows: list[dict]) -> dict:
    """Scatter of cost level (GDP per capita) against EF English proficiency, one dot per country.

    `rows`: dicts with name, iso2, gdp_per_capita_usd, ef_epi_score, region. Countries
    lacking either figure are left out (the page says how many and why).
    """
    shown = [r for r in rows if r["gdp_per_capita_usd"] is not None and r["ef_epi_score"] is not None]
    regions = sorted({r["region"] for r in shown})
    figure = go.Figure()
    for region in regions:
        points = [r for r in shown if r["region"] == region]
        figure.add_trace(
            go.Scatter(
                x=[float(r["gdp_per_capita_usd"]) for r in points],
                y=[r["ef_epi_score"] for r in points],
                text=[plain(f"{r['name']} ({r['iso2']})") for r in points],
                mode="markers+text",
                textposition="top center",
                name=plain(region),
                hovertemplate="%{text}<br>" + _("GDP per capita") + ": $%{x:,.0f}<br>EF EPI: %{y}<extra></extra>",
            )
        )
    figure.update_layout(
        title=_("Cost level vs. English proficiency"),
        xaxis={"title": _("GDP per capita, current US$ (World Bank, 2023) — log scale"), "type": "log"},
        yaxis={"title": _("EF English Proficiency Index score (2024)")},
        legend={"title": _("Region")},
        height=560,
        margin={"l": 60, "r": 20, "t": 60, "b": 60},
    )
    return figure.to_plotly_json()
