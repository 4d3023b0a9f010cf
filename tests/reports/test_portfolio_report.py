"""The Excel report carries the chosen portfolio plan (the latest saved one), in English and Korean."""

import io

import pandas as pd
import pytest

from assessments.models import PortfolioRun
from assessments.reports.data import report_data
from assessments.reports.registry import render_report
from assessments.services import portfolio as services
from tests.assessments.portfolio_fixtures import demo  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language, sheet", [("en", "Portfolio plan"), ("ko", "포트폴리오 계획")])
def test_the_workbook_has_the_saved_plan(demo, language, sheet, django_capture_on_commit_callbacks):  # noqa: F811
    with django_capture_on_commit_callbacks(execute=True):
        services.portfolio_run_request(assessment=demo, limits={"max_starts_per_period": 2})
    services.portfolio_plan_save(run=PortfolioRun.objects.get(), name="Board plan")
    frame = pd.read_excel(io.BytesIO(render_report(report_data(demo, language=language), "xlsx")), sheet_name=sheet)
    assert len(frame) == demo.functions.count()
    assert set(frame.iloc[:, 0]) == {"Board plan"}
