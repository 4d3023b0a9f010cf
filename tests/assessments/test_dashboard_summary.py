"""The dashboard says what each submitted assessment concluded (issue 16, rough edge 14): how many functions
should move, the NPV of savings with P10–P90 (added up as the PDF report's summary adds them) and the top risks;
in a fixed number of queries."""

import re

from django.urls import reverse

from assessments.reports import pdf_context
from assessments.reports.data import report_data
from assessments.services.assessments import assessment_submit
from assessments.services.scoring import assessment_weights_update
from tests.factories import AssessmentFactory, BusinessFunctionFactory, MembershipFactory, answer_all, complete_profile


def _submitted(org, user, functions=3, name="Submitted"):
    assessment = AssessmentFactory(organisation=org, name=name)
    complete_profile(assessment)
    for i in range(functions):
        answer_all(BusinessFunctionFactory(assessment=assessment, name=f"{name} function {i}"))
    assessment_submit(assessment=assessment, user=user)
    return assessment


def test_a_submitted_assessment_shows_its_moves_npv_range_and_top_risks_as_the_pdf_does(
    client, manager_a, org_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assessment = _submitted(org_a, manager_a)
    AssessmentFactory(organisation=org_a, name="Draft")  # a draft has no results line
    client.force_login(manager_a)
    response = client.get(reverse("assessments:dashboard"))
    summary = response.context["groups"][0]["rows"]
    by_name = {a.name: s for a, _progress, s in summary}
    assert by_name["Draft"] is None
    mine = by_name["Submitted"]
    totals = pdf_context._totals(report_data(assessment, language="en"))
    assert (mine.functions, mine.moves) == (3, totals.moved) and mine.moves > 0  # payroll at "3" moves out
    def board(value):  # the PDF's summary rounds board-facing amounts ("-389 m")
        return pdf_context.board_money(value, assessment.currency, "en", with_currency=False)

    assert board(mine.npv) == totals.npv
    assert (board(mine.npv_p10), board(mine.npv_p90)) == (totals.p10, totals.p90)
    assert mine.top_risks
    html = response.content.decode()
    assert re.search(rf"{mine.moves} of 3 functions? to move", html)


def test_a_tco_run_older_than_the_weights_is_marked(client, org_a, django_capture_on_commit_callbacks):
    consultant = MembershipFactory(organisation=org_a, role="consultant").user
    with django_capture_on_commit_callbacks(execute=True):
        assessment = _submitted(org_a, consultant)
    assessment_weights_update(assessment=assessment, user=consultant,
                              weights={"cost_saving": 90, "expertise": 2, "flexibility": 2, "focus_on_core": 2,
                                       "risk": 2, "strategic_fit": 2})  # fmt: skip
    client.force_login(consultant)
    summary = client.get(reverse("assessments:dashboard")).context["groups"][0]["rows"][0][2]
    assert summary.tco_outdated


def test_the_dashboard_queries_do_not_grow_with_submitted_assessments(client, manager_a, org_a,
                                                                      django_assert_max_num_queries,
                                                                      django_capture_on_commit_callbacks):  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        _submitted(org_a, manager_a, 1, name="One")
    client.force_login(manager_a)
    with django_assert_max_num_queries(40) as one:
        client.get(reverse("assessments:dashboard"))
    with django_capture_on_commit_callbacks(execute=True):
        for i in range(3):
            _submitted(org_a, manager_a, 1, name=f"More {i}")
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(reverse("assessments:dashboard"))
