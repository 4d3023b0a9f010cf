"""The results pages of the demo assessment in a real browser, with their Plotly charts, in both languages."""

import os
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from assessments.models import Assessment, BusinessFunction
from assessments.services.demo import DEMO_PASSWORD, demo_setup

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", ["ko", "en"])
def test_demo_results_render_with_charts(page, live_server, catalogue, screenshot_dir, language):
    demo_setup()
    assessment = Assessment.objects.get()
    # Outsourced in the demo (a function kept in-house has no risk register, so no second chart)
    function = BusinessFunction.objects.get(assessment=assessment, name="Data-centre and network operations")
    base = live_server.url
    hosts = set()
    page.on("request", lambda request: hosts.add(urlparse(request.url).hostname))
    page.context.add_cookies([{"name": "django_language", "value": language, "url": base}])
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", "demo-consultant")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit].primary")

    page.goto(f"{base}/assessments/{assessment.pk}/results/")
    page.wait_for_selector(".chart.chart-ready .main-svg", timeout=20000)
    assert page.locator("table.results tbody tr").count() == 12
    page.screenshot(path=os.path.join(screenshot_dir, f"results-summary-{language}.png"), full_page=True)

    page.goto(f"{base}/assessments/{assessment.pk}/results/{function.pk}/")
    # A locator assertion polls without evaluating a string, which the page's CSP (no 'unsafe-eval') forbids.
    expect(page.locator(".chart.chart-ready")).to_have_count(2, timeout=20000)
    assert page.locator("table.ranking tbody tr").count() >= 10
    page.screenshot(path=os.path.join(screenshot_dir, f"results-function-{language}.png"), full_page=True)

    page.goto(f"{base}/assessments/{assessment.pk}/sensitivity/")
    # per function: its recommendation and the weight changes that would change it (no table of dashes)
    assert page.locator("section.sensitivity-function").count() == 12
    assert page.locator("ul.flips li").count() >= 12
    page.screenshot(path=os.path.join(screenshot_dir, f"results-sensitivity-{language}.png"), full_page=True)

    page.goto(f"{base}/assessments/{assessment.pk}/weights/")
    page.fill("#id_cost_saving", "60")
    page.click("button[type=submit].primary")
    page.wait_for_selector(".messages")
    page.screenshot(path=os.path.join(screenshot_dir, f"results-weights-{language}.png"), full_page=True)
    assessment.refresh_from_db()
    assert assessment.criterion_weights["cost_saving"] == 60
    assert hosts <= {urlparse(base).hostname}
