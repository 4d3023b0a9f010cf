"""The reports page in a real browser: a direct Excel download, and a background run whose progress ends in a link."""

import io
import os
from pathlib import Path

import openpyxl
import pytest

from assessments.models import Assessment, ReportRun
from assessments.services import reports as report_services
from assessments.services.demo import DEMO_PASSWORD, demo_setup

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_reports_page_downloads_excel_and_makes_a_background_report(page, live_server, catalogue, screenshot_dir,
                                                                    monkeypatch):  # fmt: skip
    demo_setup()
    assessment = Assessment.objects.get()
    base = live_server.url
    page.context.add_cookies([{"name": "django_language", "value": "ko", "url": base}])
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", "demo-consultant")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit].primary")
    page.goto(f"{base}/assessments/{assessment.pk}/results/")
    page.click(f"nav.steps a[href='/assessments/{assessment.pk}/reports/']")

    with page.expect_download() as download_info:
        page.click("#report-download-xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(Path(download_info.value.path()).read_bytes()))
    assert workbook.sheetnames[0] == "요약" and download_info.value.suggested_filename.endswith("-ko.xlsx")

    # The same workbook through a background run (as for a large assessment), so this test does not
    # depend on how long the PDF takes.
    monkeypatch.setattr(report_services, "SYNC_MAX_FUNCTIONS", 0)
    page.reload()
    page.click("#report-start-xlsx")
    page.wait_for_selector("#report-ready", timeout=60000)
    page.screenshot(path=os.path.join(screenshot_dir, "reports-ko.png"), full_page=True)
    with page.expect_download() as second:
        page.click("#report-ready")
    assert second.value.suggested_filename == download_info.value.suggested_filename
    assert ReportRun.objects.get(format="xlsx").status == ReportRun.Status.SUCCEEDED
