"""Comparing two versions of the demo assessment in a real browser: pick, compare, chart drawn, Excel downloaded."""

import os
from urllib.parse import urlparse

import pandas as pd
import pytest

from assessments.models import Assessment, Membership
from assessments.services.assessments import assessment_reopen, assessment_submit
from assessments.services.demo import DEMO_PASSWORD, demo_setup

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _second_version_with_other_weights() -> tuple[Assessment, Assessment]:
    v1 = Assessment.objects.get()
    consultant = Membership.objects.get(role=Membership.Role.CONSULTANT, organisation=v1.organisation).user
    v2 = assessment_reopen(assessment=v1, user=consultant)
    v2.criterion_weights = {"cost_saving": 0.55, "expertise": 0.05, "flexibility": 0.05, "focus_on_core": 0.1,
                            "risk": 0.15, "strategic_fit": 0.1}  # fmt: skip
    v2.save(update_fields=["criterion_weights"])
    return v1, assessment_submit(assessment=v2, user=consultant)


@pytest.mark.parametrize("language", ["ko", "en"])
def test_two_versions_side_by_side_with_chart_and_excel(page, live_server, catalogue, screenshot_dir, language):
    demo_setup()
    v1, v2 = _second_version_with_other_weights()
    base = live_server.url
    hosts = set()
    page.on("request", lambda request: hosts.add(urlparse(request.url).hostname))
    page.context.add_cookies([{"name": "django_language", "value": language, "url": base}])
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", "demo-consultant")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit].primary")

    page.goto(f"{base}/assessments/")  # tick on the dashboard; one is not enough
    page.check(f"input[form=compare-selected][value='{v1.pk}']")
    page.click("#compare-selected-submit")
    page.wait_for_selector("#compare-errors")  # the field's message, and the ticked one is still ticked
    assert page.locator(f"#compare-form input[name=ids][value='{v1.pk}']").is_checked()
    page.check(f"#compare-form input[name=ids][value='{v2.pk}']")
    page.click("#compare-submit")
    page.wait_for_selector(".chart.chart-ready .main-svg", timeout=20000)
    assert page.locator("#compare-table tbody tr").count() == 12
    assert page.locator("#compare-table tfoot tr.summary-row").count() == 1
    assert page.locator("#compare-weights tr.changed").count() >= 1
    assert f"ids={v1.pk}&ids={v2.pk}" in page.url  # the comparison is a shareable address
    page.screenshot(path=os.path.join(screenshot_dir, f"compare-{language}.png"), full_page=True)

    with page.expect_download() as download_info:
        page.click("#compare-export")
    workbook = pd.read_excel(download_info.value.path(), sheet_name=None)
    assert len(workbook) == 3 and len(next(iter(workbook.values()))) == 2
    assert hosts <= {urlparse(base).hostname}
