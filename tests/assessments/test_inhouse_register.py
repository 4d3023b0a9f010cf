"""The in-house option has no register of outsourcing risks (issue 16, bug 6).

Keeping a function in-house moves no work to a vendor; its register listed vendor lock-in, hidden vendor costs
and the rest at likelihood 1.0, as if they were risks of staying in-house.
"""

import re

from django.urls import reverse

from assessments.models import OptionScore
from assessments.reports.data import report_data
from assessments.services.scoring import assessment_score
from tests.assessments.test_scoring_results import _scored_assessment


def test_the_in_house_option_lists_no_vendor_risks_and_says_why(client, manager_a, org_a):
    assessment = _scored_assessment(org_a, 1)
    run = assessment_score(assessment=assessment)
    function = assessment.functions.get()
    in_house = OptionScore.objects.get(run=run, function=function, is_baseline=True)
    client.force_login(manager_a)
    url = reverse("assessments:results-function", args=[assessment.pk, function.pk])
    html = client.get(url, {"option": in_house.option_id}).content.decode()
    register = re.search(r'<table class="register">.*?</table>', html, re.S)
    assert register is None, "the in-house option shows a register of outsourcing risks"
    assert 'id="inhouse-register"' in html and "vendor lock-in" in html  # the note says what does not apply
    outsourced = OptionScore.objects.filter(run=run, function=function, is_baseline=False).order_by("rank").first()
    html = client.get(url, {"option": outsourced.option_id}).content.decode()
    rows = re.search(r'<table class="register">.*?</table>', html, re.S).group(0)
    assert "Vendor dependency and lock-in" in rows or "lock-in" in rows.lower()


def test_keep_in_house_has_no_register_in_the_reports_or_the_api(client, manager_a, org_a):
    assessment = _scored_assessment(org_a, 2)
    run = assessment_score(assessment=assessment)
    baseline_id = OptionScore.objects.filter(run=run, is_baseline=True).values_list("option_id", flat=True).first()
    run.recommendations.update(keep_in_house=True, recommended_option_id=baseline_id)
    report = report_data(assessment, language="en")
    assert all(f.recommendation.risk_register == () for f in report.functions)
    client.force_login(manager_a)
    assert client.get(f"/api/v1/assessments/{assessment.pk}/risks/").json() == []
