"""Names people type stay text in every output: charts (Plotly reads a subset of HTML in every string it draws),
page tables, the PDF and the Excel workbooks. One test per output kind; the chart drawn by plotly.js in a real
browser is in tests/browser/test_escaping_browser.py."""

import io
import json
import re

import openpyxl
import pytest
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from assessments import charts, compare_charts, tco_charts
from assessments.models import Membership, TcoRun
from assessments.reports import pdf_charts
from assessments.reports.data import report_data
from assessments.reports.registry import render_report
from assessments.selectors.compare import compare_assessments
from assessments.services.assessments import assessment_submit
from outsourcing import charts as catalogue_charts
from tests.factories import MembershipFactory, complete_assessment

EVIL = '<a href="https://evil.example/">x</a>'
ESCAPED = "&lt;a href=\"https://evil.example/\"&gt;x&lt;/a&gt;"


@pytest.fixture
def consultant(org_a):
    return MembershipFactory(organisation=org_a, role=Membership.Role.CONSULTANT).user


def _submitted(org, user, capture, *, name: str = EVIL, assessment_name: str = "Plan"):
    assessment = complete_assessment(org, names=(name, "Payroll"), name=assessment_name)
    with capture(execute=True):
        assessment_submit(assessment=assessment, user=user)
    return assessment


def _strings(value) -> list[str]:
    """Every string anywhere in a figure's JSON."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list | tuple):
        return [s for v in value for s in _strings(v)]
    return []


def _no_markup(figure: dict) -> list[str]:
    """The figure's data strings that still hold a tag (hovertemplates are the app's own and may use <br>)."""
    data = [{k: v for k, v in trace.items() if k not in ("hovertemplate", "texttemplate")} for trace in figure["data"]]
    return [s for s in _strings(data) + _strings(figure["layout"].get("title", {})) if "<a" in s or "</" in s]


def _figure(html: str, figure_id: str) -> dict:
    match = re.search(rf'<script id="{figure_id}" type="application/json">(.*?)</script>', html, re.S)
    assert match, f"no figure {figure_id} on the page"
    return json.loads(match.group(1))


# --- charts --------------------------------------------------------------------------------------------------


def test_the_results_heat_map_shows_a_name_with_markup_as_text(client, org_a, consultant,
                                                               django_capture_on_commit_callbacks):  # fmt: skip
    assessment = _submitted(org_a, consultant, django_capture_on_commit_callbacks)
    client.force_login(consultant)
    figure = _figure(client.get(reverse("assessments:results", args=[assessment.pk])).content.decode(), "score-heatmap")
    assert ESCAPED in figure["data"][0]["y"] and _no_markup(figure) == []


def test_the_compare_chart_shows_names_with_markup_as_text(client, org_a, consultant,
                                                           django_capture_on_commit_callbacks):  # fmt: skip
    first = _submitted(org_a, consultant, django_capture_on_commit_callbacks, assessment_name=f"Plan {EVIL}")
    second = _submitted(org_a, consultant, django_capture_on_commit_callbacks, assessment_name="Other")
    with translation.override("en"):
        figure = compare_charts.npv_by_function(compare_assessments(user=consultant, ids=[first.pk, second.pk]))
    assert ESCAPED in figure["data"][0]["x"] and figure["data"][0]["name"] == f"1. Plan {ESCAPED} v1"
    assert _no_markup(figure) == []


def test_the_tco_charts_show_labels_with_markup_as_text():
    bands = [{"option_id": o, "year": y, "inhouse_p50": 1.0, "option_p10": 1.0, "option_p50": 1.0, "option_p90": 1.0}
             for o in ("in-house|none|KR", "total|offshore|PH") for y in (1, 2)]  # fmt: skip
    with translation.override("en"):
        curves = tco_charts.cumulative_costs(bands, {"total|offshore|PH": EVIL}, {}, "KRW")
        tornado = tco_charts.tornado([{"input": "vendor_rate", "swing": 1.0, "npv_at_p10": -1.0, "npv_at_p90": 1.0,
                                       "npv_at_median": 0.0}], {"vendor_rate": EVIL}, "KRW")  # fmt: skip
    assert ESCAPED in [trace.get("name") for trace in curves["data"]] and _no_markup(curves) == []
    assert tornado["data"][0]["y"] == [ESCAPED] and _no_markup(tornado) == []


def test_the_function_and_catalogue_charts_show_names_with_markup_as_text():
    with translation.override("en"):
        risk = charts.risk_heatmap([{"name": EVIL, "likelihood": 2, "impact": 3}])
        locations = charts.location_comparison([{"name": EVIL, "score": 50.0, "sourcing_label": EVIL}], EVIL)
        catalogue = catalogue_charts.location_cost_vs_english(
            [{"name": EVIL, "iso2": "XX", "gdp_per_capita_usd": 1000, "ef_epi_score": 50, "region": EVIL}])
    assert risk["data"][1]["customdata"][0][0] == ESCAPED and _no_markup(risk) == []
    assert locations["data"][0]["x"] == [ESCAPED] and _no_markup(locations) == []
    catalogue = json.loads(json.dumps(catalogue, default=list))
    assert catalogue["data"][0]["text"] == [f"{ESCAPED} (XX)"] and _no_markup(catalogue) == []


def test_an_ampersand_is_escaped_once_so_it_shows_as_one_ampersand():
    assert charts.plain("R&D <b>") == "R&amp;D &lt;b&gt;"


# --- page tables ---------------------------------------------------------------------------------------------


def test_page_tables_show_a_name_with_markup_as_text(client, org_a, consultant, django_capture_on_commit_callbacks):
    assessment = _submitted(org_a, consultant, django_capture_on_commit_callbacks)
    client.force_login(consultant)
    function = assessment.functions.get(name=EVIL)
    for url in (reverse("assessments:results", args=[assessment.pk]),
                reverse("assessments:results-function", args=[assessment.pk, function.pk]),
                reverse("assessments:tco", args=[assessment.pk]), reverse("assessments:review", args=[assessment.pk]),
                reverse("assessments:dashboard")):  # fmt: skip
        html = client.get(url).content.decode()
        assert EVIL not in html, url
    html = client.get(reverse("assessments:results", args=[assessment.pk])).content.decode()
    assert "&lt;a href=&quot;https://evil.example/&quot;&gt;x&lt;/a&gt;" in html


# --- PDF -----------------------------------------------------------------------------------------------------


@pytest.mark.browser
def test_the_pdf_prints_a_name_with_markup_as_text_and_links_nowhere(org_a, consultant,
                                                                    django_capture_on_commit_callbacks):  # fmt: skip
    assessment = _submitted(org_a, consultant, django_capture_on_commit_callbacks)
    assert TcoRun.objects.get(assessment=assessment).status == TcoRun.Status.SUCCEEDED
    report = report_data(assessment, language="en")
    with translation.override("en"):
        specs = pdf_charts.report_charts(report)
        for spec in specs.values():  # the charts printed into the PDF, built as the pages build them
            assert _no_markup(spec.builder(*spec.args)) == []
        pdf = render_report(report, "pdf")
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    assert EVIL in text  # printed as typed
    uris = [annotation.get_object().get("/A", {}).get("/URI") for page in reader.pages
            for annotation in (page.get("/Annots") or [])]  # fmt: skip
    assert not any("evil.example" in str(uri) for uri in uris)


# --- Excel ---------------------------------------------------------------------------------------------------


def test_the_report_workbook_keeps_a_name_with_markup_as_plain_text(org_a, consultant,
                                                                    django_capture_on_commit_callbacks):  # fmt: skip
    assessment = _submitted(org_a, consultant, django_capture_on_commit_callbacks)
    workbook = openpyxl.load_workbook(io.BytesIO(render_report(report_data(assessment, language="en"), "xlsx")))
    cells = [cell for sheet in workbook for row in sheet.iter_rows() for cell in row if cell.value == EVIL]
    assert cells, "the name should be in the workbook as typed (Excel shows no HTML; escaping would garble it)"
    assert all(cell.data_type == "s" and cell.hyperlink is None for cell in cells)
    assert not any(isinstance(cell.value, str) and "&lt;" in cell.value
                   for sheet in workbook for row in sheet.iter_rows() for cell in row)  # fmt: skip


def test_the_comparison_workbook_keeps_a_name_with_markup_as_plain_text(
        client, org_a, consultant, django_capture_on_commit_callbacks):  # fmt: skip
    first = _submitted(org_a, consultant, django_capture_on_commit_callbacks)
    second = _submitted(org_a, consultant, django_capture_on_commit_callbacks, name="Payroll")
    client.force_login(consultant)
    response = client.get(f"{reverse('assessments:compare-export')}?ids={first.pk}&ids={second.pk}")
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    cells = [cell for sheet in workbook for row in sheet.iter_rows() for cell in row if cell.value == EVIL]
    assert cells and all(cell.data_type == "s" and cell.hyperlink is None for cell in cells)
