"""The board report as PDF: WeasyPrint over templates/reports/pdf/, on several cores (assessments/pdf_engine).

Charts are images of the pages' own Plotly figures (chart_images). Rendering never touches the network:
the only URLs WeasyPrint may open are the charts drawn for this report (served from memory under
`report-chart:`) and files inside the project's static/ folder.
"""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from assessments.pdf_engine.parallel import render_pdf
from assessments.reports import chart_images, pdf_charts, pdf_context, pdf_parts
from assessments.reports.registry import Exporter, no_progress, register


@register
class PdfReport(Exporter):
    code = "pdf"
    label = _("Report (PDF)")
    content_type = "application/pdf"
    extension = "pdf"
    background = True  # a 50-function report takes seconds when its charts are not cached yet
    version = "3"  # 2: parts rendered in parallel (contents page, footer); 3: the portfolio plan section

    def render(self, report, progress=no_progress) -> bytes:
        charts = chart_images.figure_images(pdf_charts.report_charts(report))  # seconds when not cached yet
        progress(0.3)
        view = pdf_context.build(report, set(charts))
        layout = pdf_parts.build(report, view, charts, processes=settings.REPORT_PDF_PROCESSES)
        pdf, _parts = render_pdf(layout.front, layout.chunks, timeout=settings.REPORT_PDF_TIMEOUT_SECONDS,
                                 progress=lambda share: progress(0.3 + 0.7 * share),
                                 allow_private_api=settings.PRIVATE_API_SPEEDUPS)  # fmt: skip
        return pdf
