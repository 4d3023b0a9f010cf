"""The portfolio page: limits, a solved plan, conflicts, saved plans compared; English and Korean; scoped."""

import pytest
from django.urls import reverse

from assessments.models import Membership, PortfolioPlan, PortfolioRun, TcoRun
from tests.assessments.portfolio_fixtures import demo, member  # noqa: F401

pytestmark = pytest.mark.django_db


def _solve(client, assessment, **fields):
    data = {"objective": "expected", "periods": 6, "share_basis": "fte", "enforce_appetite": "on", **fields}
    return client.post(reverse("assessments:portfolio-solve", args=[assessment.pk]), data)


@pytest.mark.parametrize("language, words", [("en", "Roadmap"), ("ko", "로드맵")])
def test_a_manager_solves_a_plan_and_sees_table_roadmap_frontier_and_gains(client, demo, language, words,  # noqa: F811
                                                                          django_capture_on_commit_callbacks):
    client.force_login(member(demo, Membership.Role.MANAGER))
    client.cookies["django_language"] = language
    with django_capture_on_commit_callbacks(execute=True):
        response = _solve(client, demo, max_starts_per_period=2)
    assert response.status_code == 302
    page = client.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200 and 'id="portfolio-plan"' in html
    assert 'data-figure-id="portfolio-roadmap"' in html and 'data-figure-id="portfolio-frontier"' in html
    assert words in html
    assert "P10" in html and 'id="portfolio-gains"' in html


def test_bad_input_names_the_field_and_saves_nothing(client, demo):  # noqa: F811
    client.force_login(member(demo, Membership.Role.MANAGER))
    response = _solve(client, demo, max_country_share=150, risk_budget=-3)
    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_max_country_share-error"' in html and 'id="id_risk_budget-error"' in html
    assert not PortfolioRun.objects.exists()


def test_limits_in_conflict_are_named(client, demo, django_capture_on_commit_callbacks):  # noqa: F811
    client.force_login(member(demo, Membership.Role.MANAGER))
    first = demo.functions.order_by("sort_order", "id").first()
    with django_capture_on_commit_callbacks(execute=True):
        response = _solve(client, demo, risk_budget=0, **{f"pin_{first.pk}": "move"})
    html = client.get(response["Location"]).content.decode()
    assert 'id="portfolio-conflicts"' in html
    assert "The risk budget allows at most 0 risk points" in html and f"{first.name} is pinned to move" in html


def test_a_plan_is_saved_by_name_and_two_are_compared(client, demo, django_capture_on_commit_callbacks):  # noqa: F811
    client.force_login(member(demo, Membership.Role.MANAGER))
    with django_capture_on_commit_callbacks(execute=True):
        _solve(client, demo)
        _solve(client, demo, max_starts_per_period=1)
    runs = list(PortfolioRun.objects.order_by("pk"))
    for run, name in zip(runs, ("Fast", "One at a time"), strict=True):
        client.post(reverse("assessments:portfolio-save", args=[demo.pk, run.pk]), {"name": name})
    plans = list(PortfolioPlan.objects.order_by("pk"))
    assert [p.name for p in plans] == ["Fast", "One at a time"]
    page = client.get(reverse("assessments:portfolio-compare", args=[demo.pk]), {"ids": [p.pk for p in plans]})
    html = page.content.decode()
    assert page.status_code == 200 and "Fast" in html and "One at a time" in html


def test_without_a_tco_run_the_page_offers_to_start_one(client, demo):  # noqa: F811
    TcoRun.objects.filter(assessment=demo).delete()
    client.force_login(member(demo, Membership.Role.MANAGER))
    html = client.get(reverse("assessments:portfolio", args=[demo.pk])).content.decode()
    assert 'id="portfolio-unavailable"' in html and 'id="portfolio-tco-start"' in html


def test_another_organisations_user_gets_404(client, demo, org_b):  # noqa: F811
    from tests.factories import MembershipFactory

    client.force_login(MembershipFactory(organisation=org_b, role=Membership.Role.MANAGER).user)
    assert client.get(reverse("assessments:portfolio", args=[demo.pk])).status_code == 404
    assert _solve(client, demo).status_code == 404


def test_a_viewer_reads_but_cannot_solve(client, demo):  # noqa: F811
    from tests.factories import MembershipFactory

    viewer = MembershipFactory(organisation=demo.organisation, role=Membership.Role.VIEWER).user
    client.force_login(viewer)
    assert client.get(reverse("assessments:portfolio", args=[demo.pk])).status_code == 200
    assert _solve(client, demo).status_code == 403


def test_the_page_query_count_is_flat(client, demo, django_assert_max_num_queries,  # noqa: F811
                                      django_capture_on_commit_callbacks):
    client.force_login(member(demo, Membership.Role.MANAGER))
    with django_capture_on_commit_callbacks(execute=True):
        _solve(client, demo)
    with django_assert_max_num_queries(16):
        assert client.get(reverse("assessments:portfolio", args=[demo.pk])).status_code == 200


def test_the_compare_page_and_the_status_partial_have_query_ceilings_flat_in_the_plans(
        client, demo, django_assert_max_num_queries, django_capture_on_commit_callbacks):  # noqa: F811
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from assessments.services import portfolio as services

    client.force_login(member(demo, Membership.Role.MANAGER))
    with django_capture_on_commit_callbacks(execute=True):
        _solve(client, demo, max_starts_per_period=2)
    run = PortfolioRun.objects.get()
    plans = [services.portfolio_plan_save(run=run, name=f"Plan {i}") for i in range(4)]
    compare = reverse("assessments:portfolio-compare", args=[demo.pk])
    counts = []
    for compared in (plans[:2], plans):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(compare, {"ids": [p.pk for p in compared]})
        assert response.status_code == 200 and response.content.decode().count('<th scope="col">Plan ') == len(compared)
        counts.append(len(queries))
    assert counts[0] == counts[1], counts  # one more plan compared is no more queries
    with django_assert_max_num_queries(6):  # session, user, assessment, role, plans, country names
        client.get(compare, {"ids": [p.pk for p in plans]})
    status = reverse("assessments:portfolio-status", args=[demo.pk, run.pk])
    with django_assert_max_num_queries(7):
        response = client.get(status)
    assert response.status_code == 200 and 'id="portfolio-plan"' in response.content.decode()
