"""Content-Security-Policy on every response with no inline script anywhere; CSRF on every form and htmx
request; the production security headers."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from assessments.models import Membership
from tests.factories import AssessmentFactory, BusinessFunctionFactory, MembershipFactory
from tests.security.sweep import Target, all_routes, url_for

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE_DIRS = [ROOT / "templates", *(p for p in ROOT.glob("*/templates") if p.parent.name != "templates")]
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
EVENT_HANDLER = re.compile(r"""<[^>]+\s(on[a-z]+|hx-on[:\w-]*)\s*=""", re.I)


def _templates():
    return sorted(p for d in TEMPLATE_DIRS for p in d.rglob("*.html"))


def test_templates_have_no_inline_script_or_event_handler():
    assert len(_templates()) > 30
    problems = []
    for path in _templates():
        text = path.read_text(encoding="utf-8")
        problems += [f"{path.relative_to(ROOT)}: inline {m.group(0)}" for m in INLINE_SCRIPT.finditer(text)]
        problems += [f"{path.relative_to(ROOT)}: handler {m.group(1)}=" for m in EVENT_HANDLER.finditer(text)]
        problems += [f"{path.relative_to(ROOT)}: javascript: URL" for _ in re.finditer(r"javascript:", text, re.I)]
    assert not problems, "\n".join(problems)


def test_the_scan_would_find_an_inline_script_and_a_handler():
    assert INLINE_SCRIPT.search('<script>alert(1)</script>') and not INLINE_SCRIPT.search('<script src="/a.js">')
    assert not INLINE_SCRIPT.search('<script id="f" type="application/json">{}</script>')
    assert EVENT_HANDLER.search('<button onclick="x()">') and EVENT_HANDLER.search('<div hx-on:click="x()">')


def test_every_post_form_in_the_templates_carries_the_csrf_token():
    problems = []
    for path in _templates():
        for form in re.findall(r"<form\b[^>]*>.*?</form>", path.read_text(encoding="utf-8"), re.S | re.I):
            if re.search(r'method="post"', form, re.I) and "{% csrf_token %}" not in form:
                problems.append(f"{path.relative_to(ROOT)}: {form[:80]}")
    assert not problems, "\n".join(problems)


@pytest.fixture
def manager(org_a):
    return MembershipFactory(organisation=org_a, role=Membership.Role.MANAGER).user


def test_pages_and_api_docs_send_a_strict_content_security_policy(client, manager):
    client.force_login(manager)
    for url in (reverse("assessments:dashboard"), reverse("catalogue:locations"), reverse("api-docs")):
        response = client.get(url)
        assert response.status_code == 200, url
        policy = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
        assert policy["script-src"] == "'self'", url
        assert policy["object-src"] == "'none'" and policy["frame-ancestors"] == "'none'"
        assert policy["default-src"] == "'self'" and "unsafe-eval" not in response["Content-Security-Policy"]


def test_swagger_ui_loads_its_start_script_from_a_file_not_inline(client):
    html = client.get(reverse("api-docs")).content.decode()
    assert not INLINE_SCRIPT.search(html)
    script = re.search(r'<script src="([^"]*\?[^"]*script[^"]*)"', html).group(1).replace("&amp;", "&")
    response = client.get(script)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in response.content.decode()


def test_htmx_is_configured_to_inject_no_style_and_evaluate_nothing(client):
    html = client.get(reverse("home")).content.decode()
    assert '"includeIndicatorStyles": false' in html and '"allowEval": false' in html


def test_a_post_without_the_csrf_token_is_refused_on_every_html_route(manager, org_a):
    """Every HTML route (forms, htmx endpoints, login, logout, language, admin) refuses a tokenless POST."""
    assessment = AssessmentFactory(organisation=org_a, name="Own plan")
    function = BusinessFunctionFactory(assessment=assessment)
    own = Target(org_a, assessment, function, manager, "abcdefgh", 0, {})
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(manager)
    checked, problems = 0, []
    for route in all_routes():
        if route.is_api:
            continue
        try:
            url = url_for(route, own)
        except LookupError:  # a run id: this organisation has no runs; the route is CSRF-checked all the same
            continue
        response = csrf_client.post(url, {"name": "x"})
        checked += 1
        if response.status_code != 403:
            problems.append(f"{route}: {response.status_code}")
    assert checked > 150 and not problems, "\n".join(problems)
    assessment.refresh_from_db()
    assert assessment.name == "Own plan" and assessment.functions.count() == 1


def test_htmx_requests_send_the_token_from_the_page_and_pass(manager, org_a):
    assessment = AssessmentFactory(organisation=org_a)
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(manager)
    page = csrf_client.get(reverse("assessments:functions", args=[assessment.pk])).content.decode()
    token = re.search(r"""hx-headers='\{"X-CSRFToken": "([^"]+)"\}'""", page).group(1)
    url = reverse("assessments:function-add", args=[assessment.pk])
    without = csrf_client.post(url, {"name": "Payroll"}, HTTP_HX_REQUEST="true")
    assert without.status_code == 403
    with_token = csrf_client.post(url, {"name": "Payroll"}, HTTP_HX_REQUEST="true", HTTP_X_CSRFTOKEN=token)
    assert with_token.status_code != 403


def test_the_api_with_a_browser_session_needs_the_csrf_token(manager):
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(manager)
    response = csrf_client.post("/api/v1/assessments/", {"name": "x"}, content_type="application/json")
    assert response.status_code == 403 and response.json()["code"] == "permission_denied"
    assert "CSRF" in response.json()["message"]


def test_cookies_and_referrer_policy(client):
    response = client.get(reverse("login"))
    assert response["Referrer-Policy"] == "same-origin" and response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert settings.SESSION_COOKIE_HTTPONLY
