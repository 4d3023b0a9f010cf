"""A consultant overrides TCO assumptions for the assessment or one function; runs record what they used."""

import pytest
from django.urls import reverse

from assessments.models import Membership, TcoRun
from assessments.services import tco as services
from tests.assessments.test_tco_runs import submitted  # noqa: F401 - shared fixture
from tests.factories import MembershipFactory


@pytest.fixture
def consultant(org_a):
    return MembershipFactory(organisation=org_a, role=Membership.Role.CONSULTANT).user


def test_assessment_and_function_overrides_are_used_by_the_next_run(client, consultant, submitted,  # noqa: F811
                                                                    django_capture_on_commit_callbacks):  # fmt: skip
    client.force_login(consultant)
    url = reverse("assessments:tco-assumptions", args=[submitted.pk])
    function = submitted.functions.first()
    with django_capture_on_commit_callbacks(execute=True):  # each save runs the comparison again
        assert client.post(url, {"governance_pct": "10"}).status_code == 302  # percentages are typed as %
        assert client.post(f"{url}?function={function.pk}", {"parallel_running_months": "9"}).status_code == 302
    submitted.refresh_from_db()
    run = services.tco_run_request(assessment=submitted, user=consultant)  # the run of these inputs, reused
    assert run.status == TcoRun.Status.SUCCEEDED and TcoRun.objects.filter(assessment=submitted).count() == 3
    used = run.result["assumptions_used"]["by_function"][str(function.pk)]
    assert (used["governance_pct"]["value"], used["governance_pct"]["origin"]) == (0.1, "assessment")
    assert (used["parallel_running_months"]["value"], used["parallel_running_months"]["origin"]) == (9, "function")
    other = next(k for k in run.result["assumptions_used"]["by_function"] if k != str(function.pk))
    assert run.result["assumptions_used"]["by_function"][other]["parallel_running_months"]["origin"] == "default"


@pytest.mark.parametrize(("field", "value", "message"), [
    ("governance_pct", "500", "less than or equal to 100"),
    ("parallel_running_months", "-1", "greater than or equal to 0"),
    ("hours_per_fte", "many", "Enter a number"),
])  # fmt: skip
def test_a_bad_assumption_names_the_field_and_saves_nothing(client, consultant, submitted, field, value,  # noqa: F811
                                                            message):  # fmt: skip
    submitted.tco_assumptions = {"governance_pct": 0.08}
    submitted.save()
    client.force_login(consultant)
    response = client.post(reverse("assessments:tco-assumptions", args=[submitted.pk]), {field: value})
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    submitted.refresh_from_db()
    assert submitted.tco_assumptions == {"governance_pct": 0.08}


def test_only_consultants_change_assumptions_but_managers_see_them_and_enter_quotes(  # noqa: F811
        client, manager_a, submitted):  # noqa: F811
    client.force_login(manager_a)
    url = reverse("assessments:tco-assumptions", args=[submitted.pk])
    page = client.get(url)
    assert page.status_code == 200 and page.context["form"]["governance_pct"].field.disabled
    assert 'id="quotes"' in page.content.decode() and 'id="exchange-rates"' in page.content.decode()
    assert client.post(url, {"governance_pct": "10"}).status_code == 403
    submitted.refresh_from_db()
    assert submitted.tco_assumptions == {}
    assert TcoRun.objects.filter(assessment=submitted).count() == 1


def test_a_viewer_sees_no_assumptions_page(client, viewer_a, submitted):  # noqa: F811
    client.force_login(viewer_a)
    assert client.get(reverse("assessments:tco-assumptions", args=[submitted.pk])).status_code == 403


@pytest.mark.parametrize("language, label", [("en", "Retained organisation (share of provider spend)"),
                                             ("ko", "잔존 조직(공급자 지출 대비)")])
def test_assumptions_page_shows_labels_percentages_defaults_and_sources(  # noqa: F811
        client, consultant, submitted, language, label):  # noqa: F811
    client.force_login(consultant)
    html = client.get(reverse("assessments:tco-assumptions", args=[submitted.pk]),
                      HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert label in html and ">governance_pct<" not in html and ">hours_per_fte<" not in html
    assert "7.5 %" in html  # the default governance share, as a percentage
    assert "CIOL 2003" in html and "(2003)" in html  # its source and year beside it


def test_sources_written_by_the_project_read_in_the_user_s_language(client, consultant, submitted):  # noqa: F811
    client.force_login(consultant)
    html = client.get(reverse("assessments:tco-assumptions", args=[submitted.pk]),
                      HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "본국의 법정 규칙" in html and "home country&#x27;s rule" not in html and "home country's rule" not in html
    assert "이 프로젝트의 가정" in html and "derived from the rate book" not in html
