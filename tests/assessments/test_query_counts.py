"""Dashboard and questionnaire pages cost the same number of queries for 2 or 40 functions."""

import pytest
from django.urls import reverse

from tests.factories import AssessmentFactory, BusinessFunctionFactory, answer_all, complete_profile

PAGES = ["assessments:profile", "assessments:functions", "assessments:questions", "assessments:review"]


def _assessment_with(org, functions: int):
    assessment = AssessmentFactory(organisation=org)
    complete_profile(assessment)
    for _ in range(functions):
        answer_all(BusinessFunctionFactory(assessment=assessment))
    return assessment


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("functions", [2, 40])
def test_questionnaire_page_queries_do_not_grow_with_functions(client, manager_a, org_a, page, functions,
                                                               django_assert_max_num_queries):  # fmt: skip
    assessment = _assessment_with(org_a, functions)
    client.force_login(manager_a)
    with django_assert_max_num_queries(16):
        response = client.get(reverse(page, args=[assessment.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize("assessments", [1, 12])
def test_dashboard_queries_do_not_grow_with_assessments_or_functions(client, manager_a, org_a, assessments,
                                                                     django_assert_max_num_queries):  # fmt: skip
    for _ in range(assessments):
        _assessment_with(org_a, 5)
    client.force_login(manager_a)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("assessments:dashboard"))
    assert response.status_code == 200


def test_answer_autosave_queries_do_not_grow_with_functions(client, manager_a, org_a, django_assert_max_num_queries):
    assessment = _assessment_with(org_a, 30)
    function = assessment.functions.first()
    client.force_login(manager_a)
    url = reverse("assessments:save-answers", args=[assessment.pk, function.pk])
    with django_assert_max_num_queries(40):
        client.post(url, {f"f{function.pk}-urgency": "4"}, HTTP_HX_REQUEST="true")
