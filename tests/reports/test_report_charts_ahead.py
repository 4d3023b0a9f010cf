"""The PDF's charts are drawn by a worker when a TCO run finishes, so the first PDF finds them cached."""

from unittest import mock

import pytest
from django.utils import translation

from assessments.models import TcoRun
from assessments.reports import chart_images, pdf_charts
from assessments.reports.data import report_data
from assessments.services import queueing
from assessments.services.task_names import PREPARE_REPORT_CHARTS_TASK
from assessments.services.tco import report_charts_enqueue, tco_run_execute
from assessments.tasks import prepare_report_charts
from tests.reports.test_pdf_charts import drawn  # noqa: F401  (chromium replaced by a recorder)

pytestmark = pytest.mark.django_db


def test_a_finished_tco_run_asks_a_worker_to_draw_the_reports_charts(scored, settings):
    settings.REPORT_CHARTS_AFTER_TCO = True
    run = TcoRun.objects.get(assessment=scored)
    TcoRun.objects.filter(pk=run.pk).update(status=TcoRun.Status.QUEUED, result=None)
    with mock.patch.object(queueing, "publish") as publish:
        tco_run_execute(run_id=run.pk)
        tco_run_execute(run_id=run.pk)  # a duplicate message: the run is stored once, the charts asked for once
    publish.assert_called_once_with(PREPARE_REPORT_CHARTS_TASK, scored.pk)
    assert prepare_report_charts.name == PREPARE_REPORT_CHARTS_TASK  # the name the service sends is the task's


def test_without_a_worker_nothing_is_drawn_ahead(scored, settings):
    settings.REPORT_CHARTS_AFTER_TCO = False
    with mock.patch.object(queueing, "publish") as publish:
        report_charts_enqueue(assessment_id=scored.pk)
    publish.assert_not_called()


def test_charts_drawn_ahead_are_the_ones_the_pdf_needs_in_both_languages(scored, drawn):  # noqa: F811
    prepare_report_charts(scored.pk)
    assert len(drawn) == 2  # one browser session per language
    for language in ("en", "ko"):
        report = report_data(scored, language=language)
        with translation.override(language):
            chart_images.figure_images(pdf_charts.report_charts(report))
    assert len(drawn) == 2  # the PDF's own look-up draws nothing more


def test_drawing_ahead_for_a_deleted_assessment_does_nothing(drawn):  # noqa: F811
    prepare_report_charts(999_999)
    assert drawn == []


def test_a_chart_failure_ahead_is_only_logged(scored, monkeypatch, caplog):
    def broken(specs):
        raise chart_images.ChartRenderError("chromium is missing")

    monkeypatch.setattr(chart_images, "figure_images", broken)
    prepare_report_charts(scored.pk)
    assert "not drawn ahead: chromium is missing" in caplog.text
