"""PDF parts without a browser (chromium replaced by a recorder): figure builders, chart cache, URL fetcher."""

import dataclasses
import io
import os
from pathlib import Path

import pytest
from asgiref.local import Local
from django.conf import settings
from django.core.cache import caches
from django.template.defaultfilters import floatformat
from django.utils import translation
from pypdf import PdfReader

from assessments import charts, tco_charts
from assessments.pdf_engine.weasy import CHART_SCHEME, LocalOnlyFetcher
from assessments.reports import chart_images, pdf_charts, pdf_context
from assessments.reports.data import report_data
from assessments.reports.registry import render_report
from tests.reports.conftest import make_scored


@pytest.fixture
def drawn(monkeypatch):
    """Replace chromium by a recorder: each batch drawn is appended, each image is its figure's title."""
    batches = []

    async def fake_render_all(specs):
        batches.append([figure["layout"]["title"]["text"] for figure, _opts in specs])
        return [figure["layout"]["title"]["text"].encode() for figure, _opts in specs]

    monkeypatch.setattr(chart_images, "_render_all", fake_render_all)
    caches["report_charts"].clear()
    return batches


@pytest.mark.django_db
def test_every_chart_comes_from_the_pages_builders(org, manager, django_capture_on_commit_callbacks):
    assessment = make_scored(org, manager, django_capture_on_commit_callbacks, functions=2)
    report = report_data(assessment, language="en")
    specs = pdf_charts.report_charts(report)
    builders = {key.split("-")[0]: spec.builder for key, spec in specs.items()}
    assert builders == {"summary": charts.score_heatmap, "risk": charts.risk_heatmap,
                        "tco": tco_charts.cumulative_costs}  # fmt: skip
    assert len(specs) == 1 + 2 * len(report.functions)


@pytest.mark.django_db
def test_charts_are_drawn_in_one_batch_then_served_from_the_cache(org, manager, drawn,
                                                                  django_capture_on_commit_callbacks):  # fmt: skip
    assessment = make_scored(org, manager, django_capture_on_commit_callbacks, functions=2)
    report = report_data(assessment, language="en")
    with translation.override("en"):
        specs = pdf_charts.report_charts(report)
        first = chart_images.figure_images(specs)
        again = chart_images.figure_images(specs)
    distinct = {chart_images._cache_key(spec) for spec in specs.values()}  # identical charts are drawn once
    assert len(drawn) == 1 and len(drawn[0]) == len(distinct)  # one browser session for all charts
    assert again == first and set(first) == set(specs)
    with translation.override("ko"):
        korean = chart_images.figure_images(specs)
    assert len(drawn) == 2  # another language, other titles: drawn again
    assert korean[pdf_charts.summary_key()] != first[pdf_charts.summary_key()]


def test_a_figure_is_printed_in_the_reports_korean_capable_font():
    figure = chart_images._for_print({"data": [], "layout": {"title": {"text": "위험"}, "font": {"size": 12}}})
    assert figure["layout"]["font"] == {"size": 12, "family": chart_images.PRINT_FONT}
    assert "Nanum" in chart_images.PRINT_FONT


def test_the_fetcher_serves_the_reports_charts_and_static_files_only(tmp_path):
    fetcher = LocalOnlyFetcher({"risk-1": b"\xff\xd8jpeg"}, tuple(str(folder) for folder in settings.STATICFILES_DIRS))
    assert fetcher.fetch(f"{CHART_SCHEME}risk-1").read() == b"\xff\xd8jpeg"
    stylesheet = Path(settings.BASE_DIR) / "static" / "reports" / "report.css"
    assert b"@page" in fetcher.fetch(stylesheet.as_uri()).read()
    outside = tmp_path / "secret.txt"
    outside.write_text("not for the report")
    for url in (f"{CHART_SCHEME}risk-2", "https://cdn.example.com/font.woff2", "http://127.0.0.1:8000/admin/",
                outside.as_uri(), (Path(settings.BASE_DIR) / "static" / ".." / "manage.py").as_uri()):  # fmt: skip
        with pytest.raises(ValueError):
            fetcher.fetch(url)


@pytest.mark.django_db
def test_a_report_without_a_finished_tco_run_says_so_and_still_covers_every_function(
        org, manager, drawn, django_capture_on_commit_callbacks):  # fmt: skip
    assessment = make_scored(org, manager, django_capture_on_commit_callbacks, functions=2)
    report = dataclasses.replace(report_data(assessment, language="en"), tco=None)
    pdf = render_report(report, "pdf")
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "No cost comparison (TCO) has finished for this assessment yet" in text
    assert "The cost comparison did not cover this function." in text
    for function in report.functions:
        assert function.name in text
    titles = [title for batch in drawn for title in batch]
    assert titles and not any(title.startswith("Cumulative cost") for title in titles)  # no TCO chart drawn


@pytest.mark.django_db
def test_a_table_longer_than_a_page_repeats_its_header_and_never_splits_a_row(
        org, manager, drawn, django_capture_on_commit_callbacks):  # fmt: skip
    assessment = make_scored(org, manager, django_capture_on_commit_callbacks, functions=24)
    report = report_data(assessment, language="en")
    pages = [" ".join((page.extract_text() or "").split())
             for page in PdfReader(io.BytesIO(render_report(report, "pdf"))).pages]  # fmt: skip
    header = "Function How and where Score Confidence NPV of savings (KRW) Key risk"
    summary = [page for page in pages if header in page]
    assert len(summary) >= 2  # the recommendations table runs over pages, its header on each
    for function in report.functions:
        rec = function.recommendation
        decision = "Keep in-house" if rec.keep_in_house else f"{rec.recommended_label} {pdf_context._where(function)}"
        row = f"{function.name} {decision} {floatformat(rec.recommended_score, 1)}"  # rounded as the template does
        assert sum(row in page for page in summary) == 1, row  # each row whole, on one page


def test_unless_configured_the_chart_cache_is_a_folder_every_process_shares():
    import subprocess
    import sys

    env = {key: value for key, value in os.environ.items() if key != "REPORT_CHART_CACHE_URL"}
    code = "from django.conf import settings; print(settings.CACHES['report_charts'])"
    out = subprocess.run([sys.executable, "-c", f"import django; django.setup(); {code}"], env=env, check=True,
                         capture_output=True, text=True, cwd=settings.BASE_DIR).stdout  # fmt: skip
    assert "FileBasedCache" in out and str(Path(settings.BASE_DIR) / "var" / "report-charts") in out


@pytest.mark.django_db
def test_charts_drawn_by_one_process_are_found_by_another(org, manager, drawn, settings, tmp_path,
                                                          django_capture_on_commit_callbacks):  # fmt: skip
    settings.CACHES = {**settings.CACHES, "report_charts": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(tmp_path)}}  # fmt: skip
    assessment = make_scored(org, manager, django_capture_on_commit_callbacks, functions=2)
    report = report_data(assessment, language="en")
    with translation.override("en"):
        specs = pdf_charts.report_charts(report)
        first = chart_images.figure_images(specs)
        caches._connections = Local()  # what another process starts with: no cache object, the same folder
        again = chart_images.figure_images(specs)
    assert len(drawn) == 1 and again == first
