"""A function named like a link, drawn by plotly.js in a real browser: its label is text, not a live link."""

import pytest
from playwright.sync_api import expect

from assessments.models import Membership
from assessments.services.assessments import assessment_submit
from tests.factories import PASSWORD, MembershipFactory, complete_assessment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EVIL = '<a href="https://evil.example/">x</a>'


def test_a_function_named_like_a_link_is_drawn_as_text_in_the_results_and_compare_charts(page, live_server,
                                                                                        catalogue):  # fmt: skip
    membership = MembershipFactory(role=Membership.Role.CONSULTANT)
    assessments = []
    for name in ("First", "Second"):
        assessment = complete_assessment(membership.organisation, functions=1, names=(EVIL,), name=name)
        assessments.append(assessment_submit(assessment=assessment, user=membership.user))
    base = live_server.url
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", membership.user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit].primary")

    for url in (f"/assessments/{assessments[0].pk}/results/",
                f"/assessments/compare/?ids={assessments[0].pk}&ids={assessments[1].pk}"):  # fmt: skip
        page.goto(base + url)
        chart = page.locator(".chart.chart-ready .main-svg").first
        expect(chart).to_be_visible(timeout=20000)
        # Plotly turns <a href> in a label into an SVG link; escaped, the label is the name as typed.
        assert page.locator(".chart svg a").count() == 0, url
        expect(page.locator(".chart svg text", has_text=EVIL).first).to_be_attached()
