"""/api/v1/assessments/{id}/portfolio/: 202/200 on solve, 400 naming the field, 409 without a TCO run,
422 for limits in conflict, saved plans; another organisation's user gets 404."""

import pytest
from rest_framework.test import APIClient

from assessments.models import Membership, PortfolioRun, TcoRun
from tests.assessments.portfolio_fixtures import demo, member  # noqa: F401
from tests.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def _client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _url(assessment, tail=""):
    return f"/api/v1/assessments/{assessment.pk}/portfolio/{tail}"


def test_a_solve_is_accepted_then_the_same_limits_answer_200_and_a_plan_is_saved(
        demo, django_capture_on_commit_callbacks):  # noqa: F811
    client = _client(member(demo, Membership.Role.MANAGER))
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(_url(demo), {"max_starts_per_period": 2}, format="json")
    assert first.status_code == 202, first.json()
    body = first.json()
    assert {"id", "status", "progress", "links"} <= set(body) and first["Location"] == body["links"]["self"]
    again = client.post(_url(demo), {"max_starts_per_period": 2}, format="json")
    assert again.status_code == 200 and again.json()["id"] == body["id"]
    latest = client.get(_url(demo)).json()
    assert latest["status"] == "succeeded" and latest["result"]["plan"]["moves"]
    saved = client.post(_url(demo, "plans/"), {"name": "Two a half-year", "run": body["id"]}, format="json")
    assert saved.status_code == 201, saved.json()
    assert client.get(_url(demo, "plans/")).json()[0]["name"] == "Two a half-year"
    assert client.get(_url(demo, f"plans/{saved.json()['id']}/")).status_code == 200
    taken = client.post(_url(demo, "plans/"), {"name": "Two a half-year", "run": body["id"]}, format="json")
    assert taken.status_code == 400 and "name" in taken.json()["fields"]


def test_a_bad_limit_is_a_400_naming_the_field(demo):  # noqa: F811
    response = _client(member(demo, Membership.Role.MANAGER)).post(_url(demo), {"max_country_share": 2},
                                                                    format="json")  # fmt: skip
    assert response.status_code == 400 and "max_country_share" in response.json()["fields"]
    assert not PortfolioRun.objects.exists()


def test_a_pin_to_an_unknown_function_is_a_400_naming_pins(demo):  # noqa: F811
    response = _client(member(demo, Membership.Role.MANAGER)).post(
        _url(demo), {"pins": [{"function_id": "999999", "kind": "keep"}]}, format="json")
    assert response.status_code == 400 and "pins" in response.json()["fields"]


def test_without_a_tco_run_the_answer_is_409(demo):  # noqa: F811
    TcoRun.objects.filter(assessment=demo).delete()
    response = _client(member(demo, Membership.Role.MANAGER)).post(_url(demo), {}, format="json")
    assert response.status_code == 409 and response.json()["code"] == "no_tco"


def test_limits_in_conflict_are_a_422_listing_them(demo, django_capture_on_commit_callbacks):  # noqa: F811
    first = str(demo.functions.order_by("sort_order", "id").first().pk)
    client, limits = _client(member(demo, Membership.Role.MANAGER)), {"risk_budget": 0, "pins": [
        {"function_id": first, "kind": "move"}]}
    with django_capture_on_commit_callbacks(execute=True):  # solved once the request's transaction commits
        client.post(_url(demo), limits, format="json")
    response = client.post(_url(demo), limits, format="json")
    body = response.json()
    assert response.status_code == 422 and body["code"] == "limits_conflict"
    assert set(body["fields"]) == {"risk_budget", f"pin:{first}"}


def test_another_organisations_user_gets_404(demo):  # noqa: F811
    stranger = MembershipFactory(organisation=OrganisationFactory(name="Beta Ltd"), role=Membership.Role.MANAGER).user
    assert _client(stranger).post(_url(demo), {}, format="json").status_code == 404
    assert _client(stranger).get(_url(demo, "plans/")).status_code == 404


def test_a_viewer_may_not_solve(demo):  # noqa: F811
    viewer = MembershipFactory(organisation=demo.organisation, role=Membership.Role.VIEWER).user
    assert _client(viewer).post(_url(demo), {}, format="json").status_code == 403
