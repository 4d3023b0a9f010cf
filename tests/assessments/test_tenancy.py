"""Another organisation's assessment is a 404 at every assessment URL, for every method."""

import pytest
from django.urls import URLPattern, reverse

from assessments import urls as assessment_urls
from assessments.models import Assessment, BusinessFunction

ASSESSMENT_ROUTES = [p for p in assessment_urls.urlpatterns if isinstance(p, URLPattern) and "pk" in p.pattern.regex.pattern]  # noqa: E501


def _url(pattern: URLPattern, assessment: Assessment, function: BusinessFunction) -> str:
    """Fill every id the route takes with an object of `assessment` (new kinds of id must be added here)."""
    from assessments.models import TcoRun

    ids = {"pk": lambda: assessment.pk, "function_pk": lambda: function.pk,
           "run_pk": lambda: TcoRun.objects.get_or_create(assessment=assessment, inputs={}, inputs_hash="x")[0].pk}
    names = pattern.pattern.converters.keys()
    unknown = set(names) - set(ids)
    assert not unknown, f"route {pattern.name} takes ids the sweep does not know how to fill: {unknown}"
    return reverse(f"assessments:{pattern.name}", kwargs={name: ids[name]() for name in names})


def test_every_assessment_route_takes_the_assessment_id():
    assert len(ASSESSMENT_ROUTES) >= 14


@pytest.mark.parametrize("pattern", ASSESSMENT_ROUTES, ids=lambda p: p.name)
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_user_of_organisation_a_gets_404_for_organisation_b(client, manager_a, assessment_b, pattern, method):
    function_b = assessment_b.functions.first()
    client.force_login(manager_a)
    response = getattr(client, method)(_url(pattern, assessment_b, function_b), {"name": "hijack", "new-name": "x"})
    assert response.status_code in (404, 405)
    assert "Beta" not in response.content.decode()
    assessment_b.refresh_from_db()
    assert assessment_b.name == "Beta secret plan" and assessment_b.functions.count() == 1


FUNCTION_ROUTES = [p for p in ASSESSMENT_ROUTES if "function_pk" in p.pattern.regex.pattern]


@pytest.mark.parametrize("pattern", FUNCTION_ROUTES, ids=lambda p: p.name)
def test_a_function_of_another_assessment_is_404_even_inside_my_own(client, manager_a, assessment_a, assessment_b,
                                                                    pattern):  # fmt: skip
    client.force_login(manager_a)
    url = reverse(f"assessments:{pattern.name}",
                  kwargs={"pk": assessment_a.pk, "function_pk": assessment_b.functions.first().pk})  # fmt: skip
    assert client.post(url).status_code == 404


@pytest.mark.parametrize("pattern", ASSESSMENT_ROUTES, ids=lambda p: p.name)
def test_anonymous_users_are_sent_to_login(client, assessment_b, pattern):
    response = client.get(_url(pattern, assessment_b, assessment_b.functions.first()))
    assert response.status_code in (302, 405)
    if response.status_code == 302:
        assert response.url.startswith(reverse("login"))


def test_dashboard_lists_only_my_organisations(client, manager_a, assessment_a, assessment_b):
    client.force_login(manager_a)
    html = client.get(reverse("assessments:dashboard")).content.decode()
    assert assessment_a.name in html and "Beta" not in html


def test_switching_to_an_organisation_i_do_not_belong_to_is_404(client, manager_a, org_b):
    client.force_login(manager_a)
    assert client.post(reverse("assessments:switch-organisation"), {"organisation": org_b.pk}).status_code == 404
    assert client.post(reverse("assessments:switch-organisation"), {"organisation": "x"}).status_code == 404


def test_a_consultant_works_across_client_organisations(client, consultant_a, org_b, assessment_b):
    from assessments.models import Membership

    Membership.objects.create(user=consultant_a, organisation=org_b, role=Membership.Role.CONSULTANT)
    client.force_login(consultant_a)
    assert client.get(reverse("assessments:review", args=[assessment_b.pk])).status_code == 200
    client.post(reverse("assessments:switch-organisation"), {"organisation": org_b.pk})
    assert client.get(reverse("assessments:create")).status_code == 200
