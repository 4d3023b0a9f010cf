"""Every URL pattern of the project, with every method, as every kind of outsider: nothing of another
organisation is read or changed.

Organisation B ("the target") owns a submitted, scored assessment with a TCO run, a report run, a
second assessment, and a manager with an API token. Users of organisation A (manager, consultant,
viewer), a user of no organisation and an anonymous visitor try each route with GET, POST, PUT, PATCH
and DELETE, with B's ids in the URL, the query string (`ids=`, `function=`) and the body. After each
route, B's rows (every model the scoping module knows, its users and their tokens) must be unchanged
and no response may contain B's names. Statuses: 404 (or 405) for a route that names B's object;
for anonymous visitors a redirect to the login page (HTML) or 401/403 (API), except the public routes.
"""

import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.urls import reverse
from knox.models import AuthToken

from assessments.models import Assessment, BusinessFunction, Membership, TcoRun
from assessments.selectors.scoping import ORGANISATION_PATH
from assessments.services.assessments import assessment_submit
from tests.factories import (
    AssessmentFactory,
    BusinessFunctionFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
    answer_all,
    complete_profile,
)
from tests.security.sweep import Route, Target, UnknownKwarg, all_routes, names_an_object, url_for

METHODS = ["get", "post", "put", "patch", "delete"]
SECRETS = ["Beta secret plan", "Beta second plan", "Beta payroll", "Beta Ltd", "beta-boss"]

# Routes anyone may open. A new public route must be added here on purpose; an unlisted one that
# answers anonymous visitors with 200 fails the sweep.
PUBLIC = {
    "home", "login", "logout", "set_language", "healthz", "readyz", "api-schema", "api-docs", "api-token",
    "catalogue:service-types", "catalogue:engagement-models", "catalogue:risk-factors", "catalogue:locations",
    "catalogue:location-detail", "admin:login", "admin:logout", "method-index", "method-doc",
}  # fmt: skip
# The sweep must keep reaching at least this much; fewer means it silently stopped covering routes.
MIN_ROUTES, MIN_API_ROUTES, MIN_OBJECT_ROUTES = 90, 40, 35


@pytest.fixture
def target(catalogue, settings, django_capture_on_commit_callbacks):
    settings.TCO_DRAWS = 200
    organisation = OrganisationFactory(name="Beta Ltd")
    owner = MembershipFactory(organisation=organisation, role=Membership.Role.MANAGER, user__username="beta-boss").user
    assessment = AssessmentFactory(organisation=organisation, name="Beta secret plan", created_by=owner)
    complete_profile(assessment)
    function = BusinessFunctionFactory(assessment=assessment, name="Beta payroll")
    answer_all(function)
    with django_capture_on_commit_callbacks(execute=True):
        assessment_submit(assessment=assessment, user=owner)
    second = AssessmentFactory(organisation=organisation, name="Beta second plan")
    BusinessFunctionFactory(assessment=second, name="Beta payroll")
    token = AuthToken.objects.create(owner)[0]
    objects = {Assessment: assessment, BusinessFunction: function, TcoRun: TcoRun.objects.get(assessment=assessment)}
    from assessments.models import AssessmentExchangeRate, VendorQuote
    from outsourcing.models import Location

    objects[VendorQuote] = VendorQuote.objects.create(
        assessment=assessment, function=function, location=Location.objects.get(iso2="IN"), unit="hourly",
        amount="30.00", currency="USD", quote_date="2026-11-01", provider="Beta vendor", note="")
    assert AssessmentExchangeRate.objects.filter(assessment=assessment, currency="KRW").exists()  # copied on submit
    try:
        from assessments.models import ReportRun
    except ImportError:  # reports not built yet
        pass
    else:
        objects[ReportRun] = ReportRun.objects.create(assessment=assessment, created_by=owner, format="pdf",
                                                      language="en", status="succeeded", inputs_hash="x",
                                                      content=b"%PDF-1.4 Beta secret plan", filename="beta.pdf",
                                                      content_type="application/pdf", size_bytes=25)  # fmt: skip
    from assessments.models import PortfolioPlan, PortfolioRun
    from assessments.services.portfolio import portfolio_plan_save, portfolio_run_request

    with django_capture_on_commit_callbacks(execute=True):
        run = portfolio_run_request(assessment=assessment, limits={"max_starts_per_period": 1}, user=owner).run
    run.refresh_from_db()
    objects[PortfolioRun] = run
    objects[PortfolioPlan] = portfolio_plan_save(run=run, name="Beta secret portfolio", user=owner)
    return Target(organisation, assessment, function, owner, token.token_key,
                  ContentType.objects.get_for_model(Assessment).pk, objects)  # fmt: skip


def _snapshot(target: Target) -> dict:
    """Every row of the target organisation, by model: what a successful attack would change."""
    rows = {}
    for model, path in ORGANISATION_PATH.items():
        lookup = {path: target.organisation} if path else {"pk": target.organisation.pk}
        rows[model.__name__] = sorted(model.objects.filter(**lookup).values(), key=lambda r: r["id"])
    users = get_user_model().objects.filter(memberships__organisation=target.organisation)
    rows["users"] = list(users.order_by("pk").values("pk", "username", "password", "is_active", "is_staff"))
    rows["tokens"] = sorted(AuthToken.objects.filter(user__in=users).values_list("digest", flat=True))
    return rows


def _payload(target: Target, own_assessment: Assessment | None) -> dict:
    """A body that tries to point the request at the target's objects and to change them."""
    ids = [target.assessment.pk, *([own_assessment.pk] if own_assessment else [])]
    return {"name": "hijacked", "new-name": "hijacked", "status": "draft", "organisation": target.organisation.pk,
            "organisation_id": target.organisation.pk, "assessment": target.assessment.pk, "ids": ids,
            "function": target.function.pk, "format": "pdf", "lang": "en", "governance_pct": "0.5",
            "cost_saving": "100"}  # fmt: skip


def _query(target: Target, own_assessment: Assessment | None, *, api: bool) -> str:
    # The pages take several ids (compare); every API parameter takes one value (a repeated one is a 400).
    ids = [target.assessment.pk, *([own_assessment.pk] if own_assessment and not api else [])]
    return "&".join([*(f"ids={i}" for i in ids), f"function={target.function.pk}"])


def _request(client, method: str, url: str, data: dict, is_api: bool):
    if method == "get":
        return client.get(url)
    if method == "post" and not is_api:
        return client.post(url, data)  # a form post, as a browser sends it
    return getattr(client, method)(url, data, content_type="application/json")


def _login_url(route: Route) -> str:
    return reverse("admin:login") if route.is_admin else reverse("login")


def _problems(route: Route, method: str, response, who: str) -> list[str]:
    status, body = response.status_code, response.content.decode("utf-8", "replace")
    found = [s for s in SECRETS if s in body]
    problems = [f"{who} {method.upper()} {route}: {status}, shows {found}"] if found else []
    if status >= 500:
        return [*problems, f"{who} {method.upper()} {route}: server error {status}"]
    anonymous = who == "anonymous"
    is_public = route.name in PUBLIC
    if anonymous and not is_public:
        allowed = {401, 403, 405} if route.is_api else {302, 405}
        if status not in allowed or (status == 302 and not response.url.startswith(_login_url(route))):
            problems.append(f"{who} {method.upper()} {route}: {status} {getattr(response, 'url', '')}, "
                            f"expected a login redirect / 401 / 403 / 405")  # fmt: skip
    elif not anonymous and names_an_object(route) and status not in (404, 405):
        problems.append(f"{who} {method.upper()} {route}: {status}, expected 404 (or 405) for another "
                        f"organisation's object")  # fmt: skip
    elif route.is_admin and not is_public and not (status == 302 and response.url.startswith(_login_url(route))):
        problems.append(f"{who} {method.upper()} {route}: {status}, the admin is for staff only")
    return problems


def _sweep(client, target: Target, user, who: str, own_assessment: Assessment | None = None) -> list[str]:
    problems = []
    before = _snapshot(target)
    data = _payload(target, own_assessment)
    if user is not None:
        client.force_login(user)
    for route in all_routes():
        url = f"{url_for(route, target)}?{_query(target, own_assessment, api=route.is_api)}"
        for method in METHODS:
            cache.clear()  # throttling counts would otherwise turn later answers into 429
            response = _request(client, method, url, data, route.is_api)
            problems += _problems(route, method, response, who)
            session = response.cookies.get(settings.SESSION_COOKIE_NAME)
            if user is not None and session is not None and not session.value:
                client.force_login(user)  # a swept logout route ended the session: log in again
        after = _snapshot(target)
        if after != before:
            changed = sorted(k for k in before if before[k] != after[k])
            problems.append(f"{who} on {route}: the target organisation's {changed} changed")
            before = after
    return problems


def test_the_sweep_reaches_every_kind_of_route():
    routes = all_routes()
    api = [r for r in routes if r.is_api]
    objects = [r for r in routes if names_an_object(r)]
    assert len(routes) >= MIN_ROUTES and len(api) >= MIN_API_ROUTES and len(objects) >= MIN_OBJECT_ROUTES, (
        len(routes), len(api), len(objects))
    names = {r.name for r in routes}
    # nested, action and format-suffix routes of the DRF router are walked, not just the top level
    assert {"assessment-functions", "assessment-function", "assessment-submit", "assessment-scores",
            "tco-run-detail", "assessments:tco-status", "assessments:history"} <= names  # fmt: skip
    assert any(r.name == "assessment-detail" and "format" in r.kwargs for r in routes)


def test_every_route_kwarg_is_known(target):
    """A route with a new kind of id fails here until KWARGS says which of the target's objects fills it."""
    unknown = []
    for route in all_routes():
        try:
            url_for(route, target)
        except (UnknownKwarg, LookupError) as exc:
            unknown.append(str(exc))
    assert not unknown, "\n".join(unknown)


def test_an_unknown_kwarg_fails_the_sweep(target):
    route = Route("assessments:open", ("pk", "invoice_pk"), "assessments/<int:pk>/<int:invoice_pk>/", None)
    with pytest.raises(UnknownKwarg, match="invoice_pk"):
        url_for(route, target)


@pytest.mark.parametrize("role", [Membership.Role.MANAGER, Membership.Role.CONSULTANT, Membership.Role.VIEWER])
def test_members_of_another_organisation_read_and_change_nothing(client, target, role):
    member = MembershipFactory(role=role, organisation=OrganisationFactory(name="Alpha Corp"))
    own = AssessmentFactory(organisation=member.organisation, name="Alpha own plan")
    problems = _sweep(client, target, member.user, f"{role} of another organisation", own)
    assert not problems, "\n".join(problems)


def test_a_user_of_no_organisation_reads_and_changes_nothing(client, target):
    problems = _sweep(client, target, UserFactory(username="nobody-in-particular"), "user of no organisation")
    assert not problems, "\n".join(problems)


def test_anonymous_visitors_read_and_change_nothing(client, target):
    problems = _sweep(client, target, None, "anonymous")
    assert not problems, "\n".join(problems)


def test_the_sweep_would_notice_a_change_and_a_leak(client, target):
    """The checks themselves can fail: a changed row and a shown name are both reported."""
    before = _snapshot(target)
    Assessment.objects.filter(pk=target.assessment.pk).update(name="Beta secret plan (changed)")
    assert _snapshot(target) != before
    route = next(r for r in all_routes() if r.name == "assessments:open")

    class Leaky:
        status_code = 200
        content = b"<h1>Beta secret plan</h1>"

    assert _problems(route, "get", Leaky(), "manager of another organisation")
    assert LogEntry.objects.filter(object_repr__contains="Beta").exists()  # the trail saw the submit too
