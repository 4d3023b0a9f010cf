"""The main pages under the real Content-Security-Policy in Chromium: not one violation, not one console error.

A violation is caught twice: the page's `securitypolicyviolation` events (recorded by a script Playwright
injects, which the policy does not govern) and Chromium's console, where it reports every refusal.
"""

import pytest

from assessments.models import Assessment, BusinessFunction
from assessments.services.demo import DEMO_PASSWORD, demo_setup
from tests.factories import AssessmentFactory, BusinessFunctionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolations.push(e.violatedDirective + " blocked " + (e.blockedURI || "inline") + " at " + e.sourceFile);
});
"""


def _check(page, url: str, ready: str, errors: list[str]) -> None:
    page.goto(url)
    page.wait_for_selector(ready, timeout=30000)
    page.wait_for_load_state("networkidle")
    violations = page.evaluate("window.__cspViolations")
    assert violations == [], f"{url}: {violations}"
    assert errors == [], f"{url}: {errors}"


def test_main_pages_raise_no_csp_violation(page, live_server, catalogue):
    demo_setup()
    assessment = Assessment.objects.get()
    function = BusinessFunction.objects.filter(assessment=assessment).first()
    draft = AssessmentFactory(organisation=assessment.organisation, name="Draft for CSP")
    BusinessFunctionFactory(assessment=draft, name="Payroll")
    base = live_server.url
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.add_init_script(RECORD_VIOLATIONS)

    _check(page, f"{base}/accounts/login/", "#id_username", errors)
    page.fill("#id_username", "demo-consultant")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit].primary")
    page.wait_for_url(f"{base}/assessments/")

    pages = [
        ("/catalogue/", "main h1"),
        ("/catalogue/locations/", ".chart.chart-ready .main-svg"),
        ("/assessments/", "main h1"),
        (f"/assessments/{draft.pk}/functions/", "#function-rows"),
        (f"/assessments/{draft.pk}/questions/", "main form"),
        (f"/assessments/{assessment.pk}/review/", "main h1"),
        (f"/assessments/{assessment.pk}/results/", ".chart.chart-ready .main-svg"),
        (f"/assessments/{assessment.pk}/results/{function.pk}/", ".chart.chart-ready .main-svg"),
        (f"/assessments/{assessment.pk}/weights/", "main form"),
        (f"/assessments/{assessment.pk}/tco/", "#tco-run"),
        (f"/assessments/{assessment.pk}/history/", "main h1"),
        (f"/assessments/{assessment.pk}/reports/", "main h1"),
        ("/assessments/compare/", "main h1"),
        ("/api/docs/", ".swagger-ui .info"),
    ]
    for path, ready in pages:
        _check(page, f"{base}{path}", ready, errors)

    # an htmx autosave (answering a question) swaps in the saved status under the policy
    page.goto(f"{base}/assessments/{draft.pk}/questions/")
    with page.expect_response(lambda r: "/questions/" in r.url and r.request.method == "POST") as saved:
        page.locator(".function-card input[type=radio]").first.check()
    assert saved.value.status == 200
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__cspViolations") == [] and errors == []
    assert draft.functions.get().answers.count() == 1


def test_the_recorder_catches_a_violation(page, live_server, catalogue):
    """The check can fail: an inline script added to a page is refused and recorded."""
    page.add_init_script(RECORD_VIOLATIONS)
    page.goto(f"{live_server.url}/catalogue/")
    page.evaluate("""() => { const s = document.createElement("script"); s.textContent = "window.ran = 1";
                            document.body.appendChild(s); }""")
    page.wait_for_function("window.__cspViolations.length > 0")
    assert page.evaluate("window.ran") is None
    assert "script-src" in page.evaluate("window.__cspViolations")[0]
