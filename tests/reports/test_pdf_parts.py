"""The report cut into parts: balanced chunks of whole sections, well-formed markup, the same PDF on any cut."""

import io
from xml.etree import ElementTree

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader

from assessments.reports import pdf_context, pdf_parts
from assessments.reports.data import report_data
from assessments.reports.registry import render_report
from tests.reports.conftest import make_scored
from tests.reports.test_pdf_charts import drawn  # noqa: F401  (chromium replaced by a recorder)


@given(st.lists(st.integers(min_value=1, max_value=1000), min_size=1, max_size=60), st.integers(1, 8))
def test_sections_are_split_into_consecutive_non_empty_runs_of_about_equal_weight(weights, count):
    runs = pdf_parts.balanced_runs(weights, count)
    assert [i for run in runs for i in run] == list(range(len(weights)))  # every section once, in order
    assert all(len(run) for run in runs) and len(runs) == min(count, len(weights))
    share = sum(weights) / len(runs)
    # a run closes at the first section past its share: it exceeds the share by less than one section
    for run in runs[:-1]:
        assert sum(weights[i] for i in run) < share * (runs.index(run) + 1) + max(weights)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "ko"])
def test_every_part_of_the_report_is_well_formed_so_the_fast_parser_takes_it(
        org, manager, django_capture_on_commit_callbacks, language):  # fmt: skip
    assessment = make_scored(org, manager, django_capture_on_commit_callbacks, functions=4)
    report = report_data(assessment, language=language)
    view = pdf_context.build(report, set())
    layout = pdf_parts.build(report, view, {}, processes=3)
    assert len(layout.chunks) == 3
    documents = [layout.front(None).html] + [chunk.html for chunk in layout.chunks]
    for html in documents:
        ElementTree.fromstring(html)  # noqa: S314  (raises on anything expat would hand back to the HTML5 parser)
    names = {function.name for function in report.functions}
    assert {name for name in names if any(name in html for html in documents[1:])} == names


@pytest.mark.django_db
def test_the_pdf_is_the_same_whatever_the_number_of_processes(
        org, manager, drawn, settings, django_capture_on_commit_callbacks):  # noqa: F811  # fmt: skip
    assessment = make_scored(org, manager, django_capture_on_commit_callbacks, functions=5)
    report = report_data(assessment, language="en")

    def pages(processes: int) -> list[str]:
        settings.REPORT_PDF_PROCESSES = processes
        pdf = render_report(report, "pdf")
        return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]

    one = pages(1)
    assert pages(4) == one and len(one) > 12


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "ko"])
def test_the_pdf_is_the_same_with_the_public_paths(
        org, manager, drawn, settings, django_capture_on_commit_callbacks, language):  # noqa: F811  # fmt: skip
    assessment = make_scored(org, manager, django_capture_on_commit_callbacks, functions=5)
    report = report_data(assessment, language=language)

    def pages(allowed: bool) -> list[str]:
        settings.PRIVATE_API_SPEEDUPS = allowed  # the exporter passes it to the engine and the chart images
        pdf = render_report(report, "pdf")
        return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]

    public = pages(False)
    assert pages(True) == public and len(public) > 12
