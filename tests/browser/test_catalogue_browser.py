"""The catalogue in a real browser (Debian chromium via Playwright), in Korean and in English."""

import os
from urllib.parse import urlparse

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def offline_page(page, live_server):
    """A page that records every request and refuses any that would leave the machine."""
    live_host = urlparse(live_server.url).hostname
    requests: list[str] = []

    def guard(route):
        url = route.request.url
        requests.append(url)
        if urlparse(url).hostname not in {live_host, "localhost", "127.0.0.1"}:
            route.abort()
        else:
            route.continue_()

    page.route("**/*", guard)
    page.requests = requests
    return page


@pytest.mark.parametrize(
    ("language", "title", "payroll"),
    [("ko", "위치", "급여 관리"), ("en", "Locations", "Payroll")],
)
def test_catalogue_renders_in_both_languages_with_no_request_leaving_the_machine(
    offline_page, live_server, catalogue, screenshot_dir, language, title, payroll
):
    page = offline_page
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])

    page.goto(f"{live_server.url}/catalogue/")
    assert page.locator("html").get_attribute("lang") == language
    assert page.get_by_text(payroll, exact=True).first.is_visible()
    page.screenshot(path=os.path.join(screenshot_dir, f"catalogue-service-types-{language}.png"), full_page=True)

    page.goto(f"{live_server.url}/catalogue/locations/?home=KR")
    assert page.get_by_role("heading", level=1).inner_text() == title
    page.wait_for_selector(".chart.chart-ready .main-svg", timeout=15000)
    page.screenshot(path=os.path.join(screenshot_dir, f"catalogue-locations-{language}.png"), full_page=True)

    hosts = {urlparse(url).hostname for url in page.requests}
    assert hosts <= {urlparse(live_server.url).hostname}, f"requests left the machine: {hosts}"


def test_language_switcher_in_the_page_changes_language(offline_page, live_server, catalogue):
    page = offline_page
    page.goto(f"{live_server.url}/catalogue/engagement-models/")
    page.select_option("#language-select", "ko")
    page.get_by_role("button", name="Switch").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "ko"
    assert "/catalogue/engagement-models/" in page.url
