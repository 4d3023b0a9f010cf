"""Tenancy details; every route × method × kind of outsider is swept in tests/security/test_authorization_sweep.py."""

import pytest
from django.urls import URLPattern, reverse

from assessments import urls as assessment_urls

FUNCTION_ROUTES = [p for p in assessment_urls.urlpatterns
                   if isinstance(p, URLPattern) and "function_pk" in p.pattern.regex.pattern]  # fmt: skip


@pytest.mark.parametrize("pattern", FUNCTION_ROUTES, ids=lambda p: p.name)
def test_a_function_of_another_assessment_is_404_even_inside_my_own(client, manager_a, assessment_a, assessment_b,
                                                                    pattern):  # fmt: skip
    client.force_login(manager_a)
    url = reverse(f"assessments:{pattern.name}",
                  kwargs={"pk": assessment_a.pk, "function_pk": assessment_b.functions.first().pk})  # fmt: skip
    assert client.post(url).status_code == 404


def test_a_function_of_another_assessment_is_404_in_the_api_even_under_my_own(manager_a, assessment_a, assessment_b):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(manager_a)
    url = f"/api/v1/assessments/{assessment_a.pk}/functions/{assessment_b.functions.first().pk}/"
    for method in ("get", "patch", "delete"):
        assert getattr(api, method)(url, {"name": "hijack"}, format="json").status_code == 404
    assert assessment_b.functions.first().name == "Beta payroll"


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
