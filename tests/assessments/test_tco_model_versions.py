"""Runs computed by an earlier TCO model still open and render (page, PDF data, Excel), marked with the model version
that made them; the migration recognises the version of runs stored before versions were recorded."""

import importlib
import io
import json
from pathlib import Path

import openpyxl
import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import translation

from assessments.domain.tco import TCO_MODEL_VERSION
from assessments.models import TcoRun
from assessments.reports.data import report_data
from assessments.reports.pdf_context import build
from assessments.reports.registry import render_report
from assessments.services.assessments import assessment_submit
from tests.factories import AssessmentFactory, BusinessFunctionFactory, answer_all, complete_profile

OLD = json.loads((Path(__file__).resolve().parents[1] / "data" / "tco_run_model2.json").read_text())


@pytest.fixture
def old_run(org_a, manager_a, django_capture_on_commit_callbacks):
    """A submitted assessment whose only TCO run is the stored model-2 run, its ids mapped onto this assessment."""
    assessment = AssessmentFactory(organisation=org_a)
    complete_profile(assessment)
    function = BusinessFunctionFactory(assessment=assessment, name="Payroll")
    answer_all(function)
    with django_capture_on_commit_callbacks(execute=True):
        assessment_submit(assessment=assessment, user=manager_a)
    TcoRun.objects.filter(assessment=assessment).delete()
    text = json.dumps({"inputs": OLD["inputs"], "result": OLD["result"]}).replace(
        f'"function_id": {OLD["function_id"]}', f'"function_id": {function.pk}').replace(
        f'"function_id":{OLD["function_id"]}', f'"function_id":{function.pk}').replace(
        f'"{OLD["function_id"]}":', f'"{function.pk}":')  # fmt: skip
    stored = json.loads(text)
    stored["inputs"]["pairs"] = [[function.pk, oid] for _fid, oid in stored["inputs"]["pairs"]]
    return TcoRun.objects.create(assessment=assessment, status=TcoRun.Status.SUCCEEDED, progress=100,
                                 inputs=stored["inputs"], inputs_hash="old", result=stored["result"],
                                 model_version=2)  # fmt: skip


@pytest.mark.parametrize("language", ["en", "ko"])
def test_a_model_2_run_renders_on_the_tco_page_marked_with_its_version(client, manager_a, old_run, language):
    client.force_login(manager_a)
    response = client.get(reverse("assessments:tco", args=[old_run.assessment_id]), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="tco-curves"' in html and 'class="badge model"' in html
    assert "ESTIMATE:" not in html  # the stored formula is not shown; the badge says what it was
    if language == "en":
        assert "TCO model version 2" in html and "earlier version of the cost model" in html
    else:
        assert "TCO 모델 버전 2" in html


def test_a_model_2_run_still_makes_the_pdf_and_the_workbook(old_run):
    assert old_run.model_version != TCO_MODEL_VERSION
    report = report_data(old_run.assessment, language="en")
    assert report.tco.model_version == 2
    with translation.override("en"):  # as the exporters build it (registry.render_report)
        view = build(report, charts=set())
    lines = [line for section in view.sections for line in section.tco_lines]
    assert lines and all(line.rate_basis == "model estimate" for line in lines)
    assert all("earlier model (version 2)" in line.rate_sentence for line in lines)
    book = openpyxl.load_workbook(io.BytesIO(render_report(report, "xlsx")))
    assert "Monte Carlo percentiles" in book.sheetnames and "Quotes & exchange rates" in book.sheetnames


def test_the_migration_recognises_the_version_a_stored_run_was_made_with(old_run):
    migration = importlib.import_module("assessments.migrations.0008_costs_quotes_fx")
    TcoRun.objects.filter(pk=old_run.pk).update(model_version=None, inputs_hash=migration._digest(old_run.inputs, 2))
    unknown = TcoRun.objects.create(assessment=old_run.assessment, inputs={"x": 1}, inputs_hash="not a digest")
    migration.forwards(apps, None)
    old_run.refresh_from_db()
    unknown.refresh_from_db()
    assert old_run.model_version == 2 and unknown.model_version is None


def test_the_migration_renames_and_drops_the_earlier_model_s_assumption_names(old_run):
    migration = importlib.import_module("assessments.migrations.0008_costs_quotes_fx")
    assessment = old_run.assessment
    assessment.tco_assumptions = {"cost_elasticity": 0.5, "vendor_rate_spread_estimate": 0.2, "governance_pct": 0.06}
    assessment.save(update_fields=["tco_assumptions"])
    migration.forwards(apps, None)
    assessment.refresh_from_db()
    assert assessment.tco_assumptions == {"vendor_rate_spread_deal": 0.2, "governance_pct": 0.06}
