"""The board report as PDF: WeasyPrint over templates/reports/pdf/, charts are images of the pages' Plotly figures.

Rendering never touches the network: the only URLs WeasyPrint may open are the charts drawn for this
report (served from memory under `report-chart:`) and files inside the project's static/ folder.
"""

from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from assessments.reports import chart_images, pdf_charts, pdf_context
from assessments.reports.registry import Exporter, register

CHART_SCHEME = "report-chart:"
STYLESHEET = Path(settings.BASE_DIR) / "static" / "reports" / "report.css"


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
        document = HTML(string=html, base_url=str(STYLESHEET.parent) + "/", url_fetcher=fetcher)
        return document.write_pdf(stylesheets=[stylesheet])
