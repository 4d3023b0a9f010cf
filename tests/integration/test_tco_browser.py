"""In a real browser against a real worker: the progress bar moves, then the charts appear. Screenshots in ko/en."""

import os
import time

import pytest
from playwright.sync_api import expect

from assessments.models import Membership
from assessments.services.scoring import assessment_score
from tests.factories import (
    PASSWORD,
    AssessmentFactory,
    BusinessFunctionFactory,
    MembershipFactory,
    answer_all,
    complete_profile,
)

pytestmark = [pytest.mark.integration, pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", ["ko", "en"])
def test_progress_bar_moves_then_charts_appear(page, live_server, catalogue, celery_worker_process, settings,
                                               screenshot_dir, language):  # fmt: skip
    settings.TCO_DRAWS = 200_000  # a run of a few seconds, so the progress is visible
    settings.TCO_OPTIONS_PER_FUNCTION = 10
    membership = MembershipFactory(role=Membership.Role.MANAGER)
    assessment = AssessmentFactory(organisation=membership.organisation, horizon_years=10)
    complete_profile(assessment)
    for _ in range(36):  # 36 x 10 options at 200,000 draws: seconds with the compiled kernel, so progress shows
        answer_all(BusinessFunctionFactory(assessment=assessment))
    assessment.status = "submitted"
    assessment.save()
    assessment_score(assessment=assessment)

    base = live_server.url
    page.context.add_cookies([{"name": "django_language", "value": language, "url": base}])
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", membership.user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit].primary")
    page.goto(f"{base}/assessments/{assessment.pk}/tco/")
    page.click("#tco-start")

    seen: list[int] = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        status = page.locator("#tco-run").get_attribute("data-status")
        if status == "succeeded":
            break
        bar = page.locator("#tco-progress")
        if bar.count():
            value = int(bar.get_attribute("value"))
            if 0 < value < 100 and not any(0 < v < 100 for v in seen):
                page.screenshot(path=os.path.join(screenshot_dir, f"tco-progress-{language}.png"), full_page=True)
            seen.append(value)
        time.sleep(0.15)
    assert status == "succeeded", f"run ended as {status}"
    assert any(0 < value < 100 for value in seen) and sorted(seen) == seen, f"progress seen: {seen}"
    # A locator assertion polls without evaluating a string, which the page's CSP (no 'unsafe-eval') forbids.
    expect(page.locator(".chart.chart-ready")).to_have_count(2, timeout=20000)
    page.screenshot(path=os.path.join(screenshot_dir, f"tco-results-{language}.png"), full_page=True)
