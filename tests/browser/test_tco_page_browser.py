"""The TCO page in a 1366 px window, in English and Korean (issue 16, bug 5).

The table ran past the window; "break-even month 7" was drawn four times over itself (one label per option
breaking even that month); "Method and sources: docs/tco.md" named a file of the repository instead of linking
to a page the user can read.
"""

import os
import re

import pytest
from playwright.sync_api import expect

from assessments.models import Assessment, Membership
from assessments.services.demo import DEMO_PASSWORD, demo_setup

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_tco_table_fits_the_window_break_even_is_labelled_once_and_the_method_is_a_page(
    page, live_server, catalogue, screenshot_dir, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        demo_setup()
    assessment = Assessment.objects.get()
    consultant = Membership.objects.get(organisation=assessment.organisation, role=Membership.Role.CONSULTANT).user
    base = live_server.url
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", consultant.username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit].primary")
    for language in ("en", "ko"):
        page.context.add_cookies([{"name": "django_language", "value": language, "url": base}])
        page.goto(f"{base}/assessments/{assessment.pk}/tco/")
        expect(page.locator(".chart.chart-ready")).to_have_count(2, timeout=20000)
        widths = page.evaluate("""() => ({
            page: document.documentElement.scrollWidth,
            table: document.querySelector("table.tco").getBoundingClientRect().right,
            main: document.querySelector("main").getBoundingClientRect().right,
        })""")
        assert widths["page"] <= 1366, f"{language}: the page scrolls sideways ({widths})"
        assert widths["table"] <= widths["main"], f"{language}: the table runs out of the page ({widths})"
        labels = page.locator(".chart[data-figure-id=tco-curves] .annotation-text").all_text_contents()
        breakeven = [text for text in labels if re.search(r"\d", text)]
        assert breakeven and len(breakeven) == len(set(breakeven)), f"{language}: labels drawn over each other"
        page.screenshot(path=os.path.join(screenshot_dir, f"tco-page-{language}.png"), full_page=True)

        page.click("#tco-method")
        expect(page).to_have_url(re.compile(r"/method/tco/$"))
        expect(page.locator("article.method-doc h1")).to_have_text("Total cost of ownership (TCO)")
        expect(page.locator("header.site-header")).to_be_visible()  # in the app's layout
        expect(page.locator("article.method-doc table").first).to_be_visible()  # rendered, not raw markdown
        hrefs = page.locator("article.method-doc a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
        assert all(re.match(r"^(https?:|#|/method/)", href) for href in hrefs), hrefs  # no link to a repository file
