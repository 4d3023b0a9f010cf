"""The portfolio page in a 1366 px window, in English and Korean (issue 19): a consultant sets limits (a largest
country share, transitions per half-year, a pin), solves, sees the plan, its roadmap and frontier and what
relaxing each limit would add, saves the plan, solves again with other limits, saves that one too and compares
the two; limits that cannot all be met are named. axe-core finds no critical or serious violation on the pages."""

import os
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from assessments.models import Assessment, Membership, PortfolioPlan
from assessments.services.demo import DEMO_PASSWORD, demo_setup
from tests.browser.test_accessibility import _blocking

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORDS = {
    "en": {"plan": "The plan", "gain": re.compile(r"^(Allowing|Raising|Removing|Dropping|No limit|Relaxing)"),
           "conflict": "These limits cannot all be met", "budget": "The risk budget allows at most 0 risk points",
           "pinned": "is pinned to move", "saved": "Plan saved as"},
    "ko": {"plan": "계획", "gain": re.compile(r"(늘어납니다|늘지 않습니다|없습니다)\.?$"),
           "conflict": "이 제약을 모두 지킬 수는 없습니다", "budget": "위험 예산은 위험 점수 합계를 최대 0점까지",
           "pinned": "이전으로 고정",
           "saved": "저장했습니다"},
}  # fmt: skip


@pytest.fixture
def demo(catalogue, settings, django_capture_on_commit_callbacks):
    settings.TCO_DRAWS = 1_000
    settings.PORTFOLIO_SOLVE_SECONDS = 5.0
    with django_capture_on_commit_callbacks(execute=True):
        demo_setup()  # submitted, scored and costed: a finished TCO run (tasks run in-process in tests)
    assessment = Assessment.objects.get()
    consultant = Membership.objects.get(organisation=assessment.organisation, role=Membership.Role.CONSULTANT).user
    return assessment, consultant


def _solve(page, *, share: str, starts: str, pin: tuple[int, str] | None = None, risk_budget: str = "") -> None:
    page.fill("#id_max_country_share", share)
    page.fill("#id_max_starts_per_period", starts)
    page.fill("#id_risk_budget", risk_budget)
    page.locator("#portfolio-limits details").nth(1).evaluate("d => d.open = true")
    for select in page.locator("select[id^=id_pin_]").all():
        select.select_option("")
    if pin is not None:
        page.select_option(f"#id_pin_{pin[0]}", pin[1])
    page.click("#portfolio-solve")
    expect(page.locator("#portfolio-run")).to_have_attribute("data-status", "succeeded", timeout=60000)


def _plan_drawn(page, words) -> None:
    expect(page.locator("#portfolio-plan tbody tr")).not_to_have_count(0)
    expect(page.locator(".chart.chart-ready")).to_have_count(2, timeout=20000)
    for figure in ("portfolio-roadmap", "portfolio-frontier"):
        expect(page.locator(f".chart[data-figure-id={figure}] svg.main-svg").first).to_be_attached()
    gains = page.locator("#portfolio-gains li").all_text_contents()
    assert gains and all(words["gain"].search(g.strip()) for g in gains), gains


def _save(page, name: str, words) -> None:
    page.fill("#portfolio-save #id_name", name)
    page.click("#portfolio-save button[type=submit]")
    expect(page.locator(".messages").filter(has_text=words["saved"])).to_be_visible()


@pytest.mark.parametrize("language", ["en", "ko"])
def test_a_consultant_solves_saves_and_compares_plans_and_sees_conflicts_named(
    page, live_server, demo, language, screenshot_dir
):
    assessment, consultant = demo
    words = WORDS[language]
    base = live_server.url
    functions = list(assessment.functions.order_by("sort_order", "id"))
    page.set_viewport_size({"width": 1366, "height": 900})
    page.context.add_cookies([{"name": "django_language", "value": language, "url": base}])
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", consultant.username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit].primary")
    expect(page).to_have_url(re.compile(r"/assessments/$"))
    page.goto(f"{base}/assessments/{assessment.pk}/portfolio/")
    assert page.locator("html").get_attribute("lang") == language
    axe = Axe()
    found = {"form": _blocking(axe, page)}

    # First plan: at most 60 % in one country, two transitions per half-year, one function pinned in-house.
    _solve(page, share="60", starts="2", pin=(functions[0].pk, "keep"))
    _plan_drawn(page, words)
    first_row = page.locator("#portfolio-plan tbody tr").first
    expect(first_row.locator("th")).to_have_text(functions[0].name)
    expect(first_row.locator("td").nth(0)).to_have_text("Keep in-house" if language == "en" else "사내 유지")
    assert not page.locator("#portfolio-plan").filter(has_text=re.compile(r"\([A-Z]{2}\)")).count()  # no ISO codes
    page.screenshot(path=os.path.join(screenshot_dir, f"portfolio-plan-{language}.png"), full_page=True)
    found["plan"] = _blocking(axe, page)
    _save(page, "Two a half-year", words)

    # Second plan: one transition per half-year, at most 80 % in one country.
    _solve(page, share="80", starts="1")
    _plan_drawn(page, words)
    _save(page, "One at a time", words)
    assert set(PortfolioPlan.objects.values_list("name", flat=True)) == {"Two a half-year", "One at a time"}

    # Compare them.
    boxes = page.locator("#portfolio-compare input[name=ids]")
    expect(boxes).to_have_count(2)
    for box in boxes.all():
        box.check()
    page.click("#portfolio-compare button[type=submit]")
    expect(page).to_have_url(re.compile(r"/portfolio/compare/"))
    headers = page.locator("#portfolio-compare-table thead th").all_text_contents()
    assert headers[1:] == ["Two a half-year", "One at a time"], headers
    rows = page.locator("#portfolio-compare-table tbody tr")
    assert rows.count() == len(functions) + 3
    for row in rows.all():
        expect(row.locator("td")).to_have_count(2)
    page.screenshot(path=os.path.join(screenshot_dir, f"portfolio-compare-{language}.png"), full_page=True)
    found["compare"] = _blocking(axe, page)

    # Limits that cannot all be met: no risk at all, yet the first function must move.
    page.goto(f"{base}/assessments/{assessment.pk}/portfolio/")
    _solve(page, share="", starts="", pin=(functions[0].pk, "move"), risk_budget="0")
    conflicts = page.locator("#portfolio-conflicts")
    expect(conflicts).to_contain_text(words["conflict"])
    expect(conflicts.locator("li[data-limit=risk_budget]")).to_contain_text(words["budget"])
    expect(conflicts.locator(f"li[data-limit='pin:{functions[0].pk}']")).to_contain_text(functions[0].name)
    expect(conflicts.locator(f"li[data-limit='pin:{functions[0].pk}']")).to_contain_text(words["pinned"])
    page.screenshot(path=os.path.join(screenshot_dir, f"portfolio-conflict-{language}.png"), full_page=True)
    found["conflict"] = _blocking(axe, page)
    assert {name: v for name, v in found.items() if v} == {}
