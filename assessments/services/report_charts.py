"""The PDF report's charts, drawn ahead in the background when a TCO run finishes.

A report's charts take chromium several seconds to draw (about 7 s for the 101 charts of 50 functions),
more than laying out the PDF itself. They depend on the stored scores and TCO results only, so once a TCO
run has finished, a worker draws them into the shared chart cache (settings.CACHES["report_charts"]) in
each report language; the first PDF of those results then finds them there. Asked for by
services/tco.py (`report_charts_enqueue`, by task name) when REPORT_CHARTS_AFTER_TCO is on (by default when a
broker is named); the PDF draws whatever it does not find anyway.
"""

from django.utils import translation

from assessments.models import Assessment
from assessments.reports import chart_images, pdf_charts
from assessments.reports.data import LANGUAGES, NothingToReport, report_data


def report_charts_prepare(*, assessment_id: int) -> int:
    """Draw every chart the PDF report would show, in each language, unless cached. Returns the charts covered."""
    assessment = Assessment.objects.filter(pk=assessment_id).first()
    covered = 0
    for language in LANGUAGES:
        try:
            report = report_data(assessment, language=language) if assessment else None
        except NothingToReport:
            report = None
        if report is None:
            return covered
        with translation.override(language):
            covered += len(chart_images.figure_images(pdf_charts.report_charts(report)))
    return covered

