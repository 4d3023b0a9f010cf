"""The board report as PDF: WeasyPrint over templates/reports/pdf/, charts are images of the pages' Plotly figures.

Rendering never touches the network: the only URLs WeasyPrint may open are the charts drawn for this
report (served from memory under `report-chart:`) and files inside the project's static/ folder.
"""

import gc
import re
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from weasyprint import CSS, HTML
from weasyprint.css.counters import CounterStyle
from weasyprint.html import UA as WEASYPRINT_UA
from weasyprint.urls import URLFetcher, URLFetcherResponse

from assessments.reports import chart_images, pdf_charts, pdf_context
from assessments.reports.registry import Exporter, register

CHART_SCHEME = "report-chart:"
STYLESHEET = Path(settings.BASE_DIR) / "static" / "reports" / "report.css"


def _report_user_agent_css(ua: str) -> str:
    """WeasyPrint's HTML5 user-agent sheet without its universal pseudo-element rules.

    `::marker` and the five `::footnote-*`/`::note-*` rules match every element, so WeasyPrint computed six
    pseudo-element styles per element (about 70,000 for a 50-function report) that this report never draws:
    it has no footnotes, and only <li> shows a marker. Measured: about a tenth of the PDF's CPU time.
    """
    trimmed, markers = re.subn(r"^::marker \{", "li::marker {", ua, flags=re.MULTILINE)
    trimmed, notes = re.subn(r"^::(?:footnote|note)-[a-z]+ \{[^}]*\}\n", "", trimmed, flags=re.MULTILINE)
    if (markers, notes) != (1, 5):  # a WeasyPrint upgrade changed the sheet: look again rather than guess
        raise RuntimeError(f"WeasyPrint's user-agent stylesheet changed ({markers} ::marker, {notes} note rules)")
    return trimmed


REPORT_UA_STYLESHEET = CSS(string=_report_user_agent_css(WEASYPRINT_UA), counter_style=CounterStyle())


class ReportHTML(HTML):
    """The report's HTML with the trimmed user-agent sheet (WeasyPrint has no public option for it)."""

    def _ua_stylesheets(self, forms=False):
        return [REPORT_UA_STYLESHEET]


class LocalOnlyFetcher(URLFetcher):
    """Serves this report's charts from memory and static files from disk; refuses everything else."""

    def __init__(self, charts: dict[str, bytes]):
        super().__init__(allowed_protocols=("file",))
        self._charts = charts
        self._roots = [Path(folder).resolve() for folder in settings.STATICFILES_DIRS]

    def fetch(self, url, headers=None):
        if url.startswith(CHART_SCHEME):
            key = url.removeprefix(CHART_SCHEME)
            if key not in self._charts:
                raise ValueError(f"No chart named {key!r} in this report")
            return URLFetcherResponse(url, self._charts[key], {"Content-Type": "image/jpeg"})
        if url.startswith("file:"):
            path = Path(url2pathname(urlsplit(url).path)).resolve()
            if any(path.is_relative_to(root) for root in self._roots):
                return super().fetch(url, headers)
        raise ValueError(f"The PDF report loads only its own charts and static files, not {url}")


@contextmanager
def _cyclic_gc_paused():
    """Pause Python's cycle collector while WeasyPrint builds the document, then collect what it left.

    WeasyPrint allocates millions of objects that all stay alive until the PDF is written (boxes, styles, line
    layouts), so the collector kept re-scanning them: about a quarter of the render's CPU time for 50 functions.
    Collecting the young generation afterwards frees the render's cyclic garbage at once (everything allocated
    meanwhile is still in it). The pause is process-wide; a render in a threaded server delays other threads'
    cycle collection by those seconds, nothing more.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
        gc.collect(0)


@register
class PdfReport(Exporter):
    code = "pdf"
    label = _("Report (PDF)")
    content_type = "application/pdf"
    extension = "pdf"
    background = True  # a 50-function report takes seconds when its charts are not cached yet

    def render(self, report) -> bytes:
        charts = chart_images.figure_images(pdf_charts.report_charts(report))
        view = pdf_context.build(report, set(charts))
        html = render_to_string("reports/pdf/report.html", {"view": view, "report": report,
                                                            "chart_scheme": CHART_SCHEME})  # fmt: skip
        fetcher = LocalOnlyFetcher(charts)
        stylesheet = CSS(filename=str(STYLESHEET), url_fetcher=fetcher)
        with _cyclic_gc_paused():
            document = ReportHTML(string=html, base_url=str(STYLESHEET.parent) + "/", url_fetcher=fetcher)
            return document.write_pdf(stylesheets=[stylesheet])
