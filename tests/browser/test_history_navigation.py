"""The browser's Back button never shows a questionnaire page as it was before the latest answers.

Issue 16, bug 3: after answering on the questions page and moving on, Back showed "2 of 17 required answers"
although 4 were answered (the page came from the history cache, not the server).
"""

import re

import pytest
from playwright.sync_api import expect

from assessments.models import Membership
from tests.browser.test_questionnaire_flow import log_in
from tests.factories import AssessmentFactory, BusinessFunctionFactory, MembershipFactory, complete_profile

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _answered(page) -> int:
    return int(re.match(r"\D*(\d+)", page.locator("#progress label").inner_text()).group(1))


def test_back_to_the_questions_page_shows_the_answers_saved_since_it_was_loaded(page, live_server, catalogue):
    membership = MembershipFactory(role=Membership.Role.MANAGER)
    assessment = AssessmentFactory(organisation=membership.organisation, name="Back button check")
    complete_profile(assessment)
    BusinessFunctionFactory(assessment=assessment, name="Payroll")
    base = live_server.url
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": base}])
    log_in(page, base, membership.user.username)

    page.goto(f"{base}/assessments/{assessment.pk}/questions/")
    before = _answered(page)
    card = page.locator(".function-card").first
    for name in ("strategic_importance", "data_sensitivity"):
        radio = card.locator(f"input[name$='-{name}'][value='2']")
        with page.expect_response(lambda r: "/questions/" in r.url and r.request.method == "POST"):
            radio.check()
    expect(page.locator("#progress label")).to_contain_text(f"{before + 2} of")

    page.goto(f"{base}/assessments/{assessment.pk}/review/")
    page.go_back()
    expect(page).to_have_url(re.compile(r"/questions/$"))
    expect(page.locator("#progress label")).to_contain_text(f"{before + 2} of")
    expect(card.locator("input[name$='-strategic_importance'][value='2']")).to_be_checked()

    # The same from a page the answers were not given on: the dashboard's progress is the saved one.
    page.goto(f"{base}/assessments/")
    page.goto(f"{base}/assessments/{assessment.pk}/questions/")
    card = page.locator(".function-card").first
    with page.expect_response(lambda r: "/questions/" in r.url and r.request.method == "POST"):
        card.locator("input[name$='-standardisation'][value='2']").check()
    page.go_back()
    expect(page).to_have_url(re.compile(r"/assessments/$"))
    page.go_forward()
    expect(page.locator("#progress label")).to_contain_text(f"{before + 3} of")
