"""Every aria-describedby points at an element of the page, and no table header is empty (issue 16, bug 8).

Django's widgets point aria-describedby at `<id>_helptext` (and `<id>_error`); the forms' help texts had the
ids `<id>_help`, so a screen reader read no help. The Reports page had a header cell with no text.
"""

import re

import pytest
from django.urls import reverse

from assessments.models import ReportRun
from assessments.services.scoring import assessment_score
from tests.assessments.test_scoring_results import _scored_assessment
from tests.factories import BusinessFunctionFactory


def _broken_references(html: str) -> list[str]:
    ids = set(re.findall(r'\sid="([^"]+)"', html))
    wanted = [ref for refs in re.findall(r'aria-describedby="([^"]*)"', html) for ref in refs.split()]
    assert wanted, "the page has no aria-describedby to check"
    return [ref for ref in wanted if ref not in ids]


@pytest.mark.parametrize("bad", [False, True])
def test_create_profile_and_function_forms_describe_their_fields_with_ids_that_exist(client, manager_a, assessment_a,
                                                                                     bad):  # fmt: skip
    BusinessFunctionFactory(assessment=assessment_a)
    client.force_login(manager_a)
    pages = [client.get(reverse("assessments:create")), client.get(reverse("assessments:profile",
                                                                           args=[assessment_a.pk]))]  # fmt: skip
    if bad:  # the same forms re-rendered with their errors
        pages = [client.post(reverse("assessments:create"), {"horizon_years": "-3", "currency": "XYZ"}),
                 client.post(reverse("assessments:profile", args=[assessment_a.pk]), {"discount_rate_pct": "99"}),
                 client.post(reverse("assessments:function-add", args=[assessment_a.pk]), {"new-fte": "-1"})]
    else:
        pages.append(client.get(reverse("assessments:functions", args=[assessment_a.pk])))
    for response in pages:
        assert response.status_code in (200, 422)
        assert _broken_references(response.content.decode()) == []


def test_the_reports_page_has_no_empty_table_header(client, manager_a, org_a):
    assessment = _scored_assessment(org_a, 1)
    assessment_score(assessment=assessment)
    ReportRun.objects.create(assessment=assessment, format="csv", language="en", status="succeeded")
    client.force_login(manager_a)
    html = client.get(reverse("assessments:reports", args=[assessment.pk])).content.decode()
    headers = re.findall(r"<th[^>]*>(.*?)</th>", html, re.S)
    assert headers and all(re.sub(r"<[^>]+>", "", h).strip() for h in headers)
