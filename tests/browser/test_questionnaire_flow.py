"""A manager fills in the questionnaire in a real browser, leaves half-way, comes back and submits.

Screenshots of every step in Korean, and one run in English, land in test-artifacts/screenshots/.
"""

import os
import re

import pytest
from playwright.sync_api import expect

from assessments.models import Assessment, Membership
from tests.factories import PASSWORD, MembershipFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FUNCTIONS = [
    ("Payroll", "payroll", "8", "52000000"),
    ("Customer service centre", "customer-service", "45", "38000000"),
    ("ERP application maintenance", "application-development-maintenance", "18", "72000000"),
]


def shoot(page, screenshot_dir, language, name):
    page.screenshot(path=os.path.join(screenshot_dir, f"questionnaire-{language}-{name}.png"), full_page=True)


def log_in(page, base, username):
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit].primary")
    expect(page).to_have_url(re.compile(r"/assessments/$"))


def answer_function_card(page, card, value="3"):
    """Open a (collapsed) function card and click every radio still unanswered in it, waiting for each autosave."""
    if card.get_attribute("open") is None:
        card.locator(":scope > summary").click()  # not the summary of its limits inside it
    while True:
        unanswered = card.locator("fieldset").filter(has_not=page.locator("input:checked"))
        if unanswered.count() == 0:
            return
        name = unanswered.first.locator("input").first.get_attribute("name")
        radio = card.locator(f"input[name='{name}'][value='{value}']")
        with page.expect_response(lambda r: "/questions/" in r.url and r.request.method == "POST"):
            radio.check()
        expect(radio).to_be_checked()


@pytest.mark.parametrize("language", ["ko", "en"])
def test_manager_creates_answers_leaves_resumes_and_submits(page, live_server, catalogue, screenshot_dir, language):
    membership = MembershipFactory(role=Membership.Role.MANAGER, organisation__name="Hanbit Precision")
    user = membership.user
    base = live_server.url
    page.context.add_cookies([{"name": "django_language", "value": language, "url": base}])
    page.set_viewport_size({"width": 1280, "height": 900})

    log_in(page, base, user.username)
    assert page.locator("html").get_attribute("lang") == language
    shoot(page, screenshot_dir, language, "1-dashboard")

    page.click("#new-assessment")
    page.fill("#id_name", "Sourcing review 2027")
    page.select_option("#id_home_country", value=str(_korea_pk()))
    page.fill("#id_currency", "krw")
    page.fill("#id_horizon_years", "5")
    page.fill("#id_discount_rate_pct", "8")
    shoot(page, screenshot_dir, language, "2-create")
    page.click("button[type=submit].primary")

    # Step 1: company profile, with a bad discount rate first: the error names the field and keeps what was typed.
    expect(page).to_have_url(re.compile(r"/profile/$"))
    for code, value in [("industry", "1"), ("company_size", "4"), ("risk_appetite", "2"), ("vendor_maturity", "3"),
                        ("governance_capacity", "3"), ("data_residency", "3")]:  # fmt: skip
        page.check(f"input[name=q_{code}][value='{value}']")
    page.fill("#id_discount_rate_pct", "300")
    page.click("button[name=continue]")
    expect(page.locator("#id_discount_rate_pct_error")).to_be_visible()
    expect(page.locator("input[name=q_industry][value='1']")).to_be_checked()
    shoot(page, screenshot_dir, language, "3-profile-error")
    page.fill("#id_discount_rate_pct", "8")
    page.click("button[name=continue]")

    # Step 2: three functions added inline, without a page reload.
    expect(page).to_have_url(re.compile(r"/functions/$"))
    for name, service_type, fte, salary in FUNCTIONS:
        page.fill("#id_new-name", name)
        page.select_option("#id_new-service_type", value=str(_service_type_pk(service_type)))
        page.fill("#id_new-fte", fte)
        page.fill("#id_new-salary_per_fte", salary)
        page.click("#add-function button[type=submit]")
        expect(page.locator("#function-rows tr", has_text=name)).to_be_visible()
    expect(page.locator("#function-rows tr")).to_have_count(3)
    shoot(page, screenshot_dir, language, "4-functions")
    page.click("a.button.primary[href$='/questions/']")

    # Step 3: answer the first function only, then leave.
    expect(page).to_have_url(re.compile(r"/questions/$"))
    first = page.locator(".function-card").first
    answer_function_card(page, first)
    expect(first.locator(".card-progress")).to_contain_text("✓")
    shoot(page, screenshot_dir, language, "5-questions-half")
    page.click("header .account form button")  # log out
    expect(page).to_have_url(re.compile(r"/accounts/login/"))

    # Come back: the dashboard's link resumes at the questions step with the saved answers.
    log_in(page, base, user.username)
    page.locator("td.actions a").first.click()
    expect(page).to_have_url(re.compile(r"/questions/$"))
    expect(page.locator(".function-card").first.locator("input:checked").first).to_be_checked()
    for index in range(1, 3):
        answer_function_card(page, page.locator(".function-card").nth(index))
    shoot(page, screenshot_dir, language, "6-questions-done")

    page.click("a.button.primary[href$='/review/']")
    expect(page).to_have_url(re.compile(r"/review/$"))
    shoot(page, screenshot_dir, language, "7-review")
    page.click("form[action$='/submit/'] button")
    expect(page).to_have_url(re.compile(r"/results/$"))  # lands on the results, not the read-only answers
    expect(page.locator("table.results tbody tr")).to_have_count(3)
    expect(page.locator("#tco-badge")).to_be_visible()  # the TCO run's line (computed inline in the tests)
    shoot(page, screenshot_dir, language, "8-submitted")

    assessment = Assessment.objects.get(name="Sourcing review 2027")
    assert assessment.status == Assessment.Status.SUBMITTED
    assert assessment.currency == "KRW"
    assert assessment.functions.count() == 3


def _korea_pk():
    from outsourcing.models import Location

    return Location.objects.get(iso2="KR").pk


def _service_type_pk(code):
    from outsourcing.models import ServiceType

    return ServiceType.objects.get(code=code).pk
