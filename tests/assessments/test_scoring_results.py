"""Scoring runs on submit and on weight changes; results pages show it; queries stay flat."""

import math

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Membership, OptionScore, Recommendation, ScoringRun
from assessments.services.scoring import assessment_score
from outsourcing.models import ServiceType
from tests.factories import AssessmentFactory, BusinessFunctionFactory, MembershipFactory, answer_all, complete_profile

SERVICE_CODES = ["payroll", "customer-service", "research-development", "application-development-maintenance"]


def _scored_assessment(org, functions: int, submit_user=None):
    assessment = AssessmentFactory(organisation=org)
    complete_profile(assessment)
    types = list(ServiceType.objects.filter(code__in=SERVICE_CODES))
    for i in range(functions):
        answer_all(BusinessFunctionFactory(assessment=assessment, service_type=types[i % len(types)]))
    return assessment


def test_submit_scores_every_function_against_every_option(client, manager_a, org_a):
    assessment = _scored_assessment(org_a, 3)
    client.force_login(manager_a)
    client.post(reverse("assessments:submit", args=[assessment.pk]))
    run = ScoringRun.objects.get(assessment=assessment)
    per_function = OptionScore.objects.filter(run=run).values("function_id").distinct().count()
    assert per_function == 3
    assert Recommendation.objects.filter(run=run).count() == 3
    assert run.inputs["functions"] and run.inputs_hash and math.isclose(sum(run.weights.values()), 1.0)


def test_stored_contributions_add_up_to_the_stored_score(org_a):
    assessment = _scored_assessment(org_a, 2)
    run = assessment_score(assessment=assessment)
    for score in OptionScore.objects.filter(run=run)[:200]:
        assert math.isclose(sum(v[3] for v in score.contributions.values()), score.score, abs_tol=1e-4)
        assert 0 <= score.score <= 100


def test_excluded_countries_and_regions_are_never_scored(org_a):
    from outsourcing.models import Location

    assessment = _scored_assessment(org_a, 1)
    assessment.excluded_locations.set([Location.objects.get(iso2="IN")])
    assessment.excluded_regions = ["Latin America and the Caribbean"]
    assessment.save()
    run = assessment_score(assessment=assessment)
    locations = set(OptionScore.objects.filter(run=run).values_list("location", flat=True))
    assert "IN" not in locations and "BR" not in locations and "AR" not in locations
    assert "KR" in locations and "JP" in locations


def test_scoring_queries_do_not_grow_with_functions(org_a):
    counts = {}
    for functions in (3, 24):
        assessment = _scored_assessment(org_a, functions)
        assessment_score(assessment=assessment)  # warm: the first run of a test creates nothing extra
        with CaptureQueriesContext(connection) as queries:
            run = assessment_score(assessment=assessment)
        rows = OptionScore.objects.filter(run=run).count()
        inserts = [q for q in queries.captured_queries if q["sql"].startswith('INSERT INTO "assessments_optionscore"')]
        # SQLite caps parameters per statement, so its bulk insert is split into batches of a fixed size;
        # PostgreSQL inserts them in one statement. Everything else must stay constant.
        counts[functions] = len(queries.captured_queries) - len(inserts)
        assert len(inserts) == 1 or connection.vendor == "sqlite"
        first_function = run.scores.first().function_id
        assert rows == functions * OptionScore.objects.filter(run=run, function_id=first_function).count()
    assert counts[3] == counts[24]


@pytest.mark.parametrize("language", ["en", "ko"])
def test_results_pages_render_with_charts_in_both_languages(client, manager_a, org_a, language):
    assessment = _scored_assessment(org_a, 3)
    assessment_score(assessment=assessment)
    function = assessment.functions.first()
    client.force_login(manager_a)
    pages = {
        "summary": reverse("assessments:results", args=[assessment.pk]),
        "function": reverse("assessments:results-function", args=[assessment.pk, function.pk]),
        "sensitivity": reverse("assessments:sensitivity", args=[assessment.pk]),
    }
    for name, url in pages.items():
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200, name
        assert f'<html lang="{language}">' in response.content.decode()
    summary = client.get(pages["summary"], HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert 'id="score-heatmap" type="application/json"' in summary
    # An outsourcing option: keeping the work in-house has no risk register nor its heat map.
    scores = OptionScore.objects.filter(run__assessment=assessment, function=function)
    option = scores.filter(is_baseline=False, excluded=False).order_by("rank").values_list("option_id", flat=True)[0]
    detail = client.get(f"{pages['function']}?option={option}", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert 'id="risk-heatmap" type="application/json"' in detail and 'id="locations-chart"' in detail
    baseline = scores.get(is_baseline=True)
    in_house = client.get(pages["function"], {"option": baseline.option_id}, HTTP_ACCEPT_LANGUAGE=language)
    assert 'id="inhouse-register"' in in_house.content.decode()
    assert 'id="risk-heatmap"' not in in_house.content.decode()
    assert "(L × I) + 2I" in detail or "(L×I)+2I" in detail.replace(" ", "")
    if language == "ko":
        assert "포인트" in detail or "점" in detail


@pytest.mark.parametrize("functions", [3, 24])
def test_results_pages_queries_do_not_grow_with_functions(client, manager_a, org_a, functions,
                                                          django_assert_max_num_queries):  # fmt: skip
    assessment = _scored_assessment(org_a, functions)
    assessment_score(assessment=assessment)
    client.force_login(manager_a)
    with django_assert_max_num_queries(14):
        client.get(reverse("assessments:results", args=[assessment.pk]))
    # + country names, risk acceptances, exclusions and what the TCO (or the estimate) says: still flat
    with django_assert_max_num_queries(18):
        client.get(reverse("assessments:results-function", args=[assessment.pk, assessment.functions.first().pk]))
    with django_assert_max_num_queries(7):
        client.get(reverse("assessments:sensitivity", args=[assessment.pk]))


def test_draft_has_no_results_yet(client, manager_a, assessment_a):
    client.force_login(manager_a)
    html = client.get(reverse("assessments:results", args=[assessment_a.pk])).content.decode()
    assert "no results yet" in html


def test_a_consultant_changes_weights_and_the_assessment_is_rescored(client, org_a):
    consultant = MembershipFactory(organisation=org_a, role=Membership.Role.CONSULTANT).user
    assessment = _scored_assessment(org_a, 2)
    assessment.status = "submitted"
    assessment.save()
    first = assessment_score(assessment=assessment)
    client.force_login(consultant)
    data = {"cost_saving": "90", "expertise": "0", "flexibility": "0", "focus_on_core": "0", "risk": "5",
            "strategic_fit": "5"}  # fmt: skip
    response = client.post(reverse("assessments:weights", args=[assessment.pk]), data)
    assert response.status_code == 302
    run = ScoringRun.objects.get(assessment=assessment)
    assert run.pk != first.pk and math.isclose(run.weights["cost_saving"], 0.9, abs_tol=0.05)
    assessment.refresh_from_db()
    assert assessment.criterion_weights["cost_saving"] == 90


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"cost_saving": "-5"}, "cost_saving", "Enter a weight from 0 to 100."),
        ({"risk": "500"}, "risk", "Enter a weight from 0 to 100."),
        ({"expertise": "lots"}, "expertise", "Enter a weight from 0 to 100."),
        ({"cost_saving": "0", "expertise": "0", "flexibility": "0", "focus_on_core": "0", "risk": "0",
          "strategic_fit": "0"}, "__all__", "At least one criterion"),
    ],
)
def test_bad_weights_name_the_field_and_keep_the_saved_weights(client, org_a, data, field, message):
    consultant = MembershipFactory(organisation=org_a, role=Membership.Role.CONSULTANT).user
    assessment = _scored_assessment(org_a, 1)
    assessment.criterion_weights = {"cost_saving": 30, "risk": 30, "strategic_fit": 40}
    assessment.save()
    client.force_login(consultant)
    full = {"cost_saving": "20", "expertise": "10", "flexibility": "10", "focus_on_core": "15", "risk": "25",
            "strategic_fit": "20", **data}  # fmt: skip
    response = client.post(reverse("assessments:weights", args=[assessment.pk]), full)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors and message in " ".join(errors[field])
    assessment.refresh_from_db()
    assert assessment.criterion_weights == {"cost_saving": 30, "risk": 30, "strategic_fit": 40}


def test_only_consultants_edit_weights(client, manager_a, assessment_a):
    client.force_login(manager_a)
    assert client.get(reverse("assessments:weights", args=[assessment_a.pk])).status_code == 403
