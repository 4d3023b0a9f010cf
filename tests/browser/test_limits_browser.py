"""The insurer demo in a real browser: options its limits exclude are listed with their reasons, in Korean
and in English, and the recommendation's reasons read as sentences about named countries."""

import os
import re

import pytest
from playwright.sync_api import expect

from assessments.models import Assessment, BusinessFunction
from assessments.services.demo import DEMO_PASSWORD, INSURER_ORG_SLUG, demo_insurer_setup

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REASONS = {
    "en": ("Korean is not a main business language in Kenya.", "options excluded by this function's limits"),
    "ko": ("케냐에서는 한국어가 주요 업무 언어가 아닙니다.", "이 기능의 제한 조건으로 제외된 선택지"),
}
# The example is the best-scoring excluded option's reason: which country that is follows the cost model, so
# the test pins the sentence, not the country.
CLAIMS = {"en": re.compile(r"This function's data must stay in South Korea; [^;.]+ is abroad\."),
          "ko": re.compile(r"이 기능의 데이터는 대한민국 안에 있어야 하는데 [^.]+ 해외입니다\.")}  # fmt: skip


@pytest.mark.parametrize("language", ["ko", "en"])
def test_excluded_options_are_listed_with_their_reasons(page, live_server, catalogue, screenshot_dir, language):
    demo_insurer_setup()
    assessment = Assessment.objects.get(organisation__slug=INSURER_ORG_SLUG)
    contact = BusinessFunction.objects.get(assessment=assessment, name="Customer contact centre (Korean)")
    claims = BusinessFunction.objects.get(assessment=assessment, name="Claims processing")
    base = live_server.url
    page.context.add_cookies([{"name": "django_language", "value": language, "url": base}])
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", "demo-insurer-manager")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit].primary")

    page.goto(f"{base}/assessments/{assessment.pk}/results/{contact.pk}/")
    reason, heading = REASONS[language]
    expect(page.locator("#excluded-title")).to_contain_text(heading)
    expect(page.locator("#excluded-title")).to_contain_text("176")
    page.locator("#excluded details summary").click()
    expect(page.locator("ul.exclusions li", has_text=reason)).to_be_visible()
    # no place without Korean is offered: every option of the ranking is in Korea
    for label in page.locator("table.ranking tbody th[scope=row]").all_inner_texts():
        assert ("South Korea" if language == "en" else "대한민국") in label
    page.screenshot(path=os.path.join(screenshot_dir, f"limits-excluded-{language}.png"), full_page=True)

    page.goto(f"{base}/assessments/{assessment.pk}/results/")
    row = page.locator("table.results tbody tr", has_text=claims.name)
    expect(row.locator("ul.why li").last).to_contain_text(CLAIMS[language])
    page.screenshot(path=os.path.join(screenshot_dir, f"limits-summary-{language}.png"), full_page=True)
