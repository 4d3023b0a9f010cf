"""axe-core (axe-playwright-python, which bundles it) on every main page in both languages: no critical and no
serious violation (issue 16, bug 8: nested-interactive on the Plotly charts, aria-describedby pointing at help
texts that did not exist, an empty table header on the Reports page).

Cheap on purpose: one browser context per language, each page visited once, axe run once per page.
"""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from assessments.models import Assessment, BusinessFunction, Membership, PortfolioPlan
from assessments.services import assessments as services
from assessments.services import portfolio as portfolio_services
from assessments.services.demo import DEMO_PASSWORD, demo_setup
from outsourcing.models import ServiceType
from tests.factories import BusinessFunctionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BLOCKING = {"critical", "serious"}


@pytest.fixture
def assessments(catalogue, django_capture_on_commit_callbacks):
    """The demo (submitted, scored, costed, a portfolio solved and saved twice), a second submitted copy to compare
    with, and a draft."""
    with django_capture_on_commit_callbacks(execute=True):
        demo_setup()
    demo = Assessment.objects.get()
    consultant = Membership.objects.get(organisation=demo.organisation, role=Membership.Role.CONSULTANT).user
    for name, limits in (("Two a half-year", {"max_starts_per_period": 2}), ("One at a time",
                                                                             {"max_starts_per_period": 1})):
        with django_capture_on_commit_callbacks(execute=True):
            run = portfolio_services.portfolio_run_request(assessment=demo, limits=limits, user=consultant).run
        run.refresh_from_db()
        portfolio_services.portfolio_plan_save(run=run, name=name, user=consultant)
    with django_capture_on_commit_callbacks(execute=True):
        copy = services.assessment_duplicate(assessment=demo, user=consultant, name="Demo, second opinion")
        services.assessment_submit(assessment=copy, user=consultant)
    draft = services.assessment_duplicate(assessment=demo, user=consultant, name="Draft with a follow-up")
    BusinessFunctionFactory(assessment=draft, name="Front office", service_type=ServiceType.objects.get(
        code="customer-service"))  # fmt: skip
    return demo, copy, draft, consultant


def _pages(demo, copy, draft) -> list[tuple[str, str]]:
    function = BusinessFunction.objects.filter(assessment=demo).first()
    plans = "&".join(f"ids={pk}" for pk in PortfolioPlan.objects.filter(assessment=demo).values_list("pk", flat=True))
    return [
        ("dashboard", "/assessments/"),
        ("create", "/assessments/new/"),
        ("profile", f"/assessments/{draft.pk}/profile/"),
        ("functions", f"/assessments/{draft.pk}/functions/"),
        ("questions", f"/assessments/{draft.pk}/questions/"),
        ("review", f"/assessments/{draft.pk}/review/"),
        ("results", f"/assessments/{demo.pk}/results/"),
        ("function", f"/assessments/{demo.pk}/results/{function.pk}/"),
        ("tco", f"/assessments/{demo.pk}/tco/"),
        ("assumptions", f"/assessments/{demo.pk}/tco/assumptions/"),
        ("weights", f"/assessments/{demo.pk}/weights/"),
        ("sensitivity", f"/assessments/{demo.pk}/sensitivity/"),
        ("reports", f"/assessments/{demo.pk}/reports/"),
        ("portfolio", f"/assessments/{demo.pk}/portfolio/"),
        ("portfolio compare", f"/assessments/{demo.pk}/portfolio/compare/?{plans}"),
        ("history", f"/assessments/{demo.pk}/history/"),
        ("compare", f"/assessments/compare/?ids={demo.pk}&ids={copy.pk}"),
        ("service types", "/catalogue/"),
        ("engagement forms", "/catalogue/engagement-models/"),
        ("risks and drivers", "/catalogue/risk-factors/"),
        ("locations", "/catalogue/locations/?home=KR"),
        ("location", "/catalogue/locations/IN/"),
        ("method", "/method/tco/"),
    ]


def _blocking(axe: Axe, page) -> list[str]:
    charts = page.locator(".chart[data-figure-id]")
    if charts.count():  # Plotly's own markup (buttons, drag layers) is what axe found wrong: check it drawn
        expect(page.locator(".chart.chart-ready")).to_have_count(charts.count(), timeout=20000)
    results = axe.run(page)
    return [f"{v['id']} ({v['impact']}): {', '.join(str(n['target']) for n in v['nodes'][:3])}"
            for v in results.response["violations"] if v["impact"] in BLOCKING]  # fmt: skip


def test_every_main_page_has_no_critical_or_serious_accessibility_violation_in_english_and_korean(
    browser, live_server, assessments
):
    demo, copy, draft, consultant = assessments
    base = live_server.url
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    axe = Axe()
    found = {}
    for language in ("en", "ko"):
        context.add_cookies([{"name": "django_language", "value": language, "url": base}])
        if language == "en":
            page.goto(f"{base}/accounts/login/")
            found["en login"] = _blocking(axe, page)
            page.fill("#id_username", consultant.username)
            page.fill("#id_password", DEMO_PASSWORD)
            page.click("button[type=submit].primary")
            expect(page).to_have_url(re.compile(r"/assessments/$"))
        for name, path in _pages(demo, copy, draft):
            response = page.goto(base + path)
            assert response.status == 200, f"{name}: {response.status}"
            assert page.locator("html").get_attribute("lang") == language
            found[f"{language} {name}"] = _blocking(axe, page)
    # The Korean login page, signed out.
    page.click("header .account form button")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    found["ko login"] = _blocking(axe, page)
    context.close()
    assert {name: v for name, v in found.items() if v} == {}
