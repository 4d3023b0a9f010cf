"""Report runs through real Redis and a real Celery worker process against PostgreSQL."""

import io
import time

import openpyxl
import pytest
from pypdf import PdfReader
from rest_framework.test import APIClient

from assessments.models import Membership, ReportRun
from assessments.services.assessments import assessment_submit
from tests.factories import AssessmentFactory, BusinessFunctionFactory, MembershipFactory, answer_all, complete_profile

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def _wait_for(run_id: int, timeout: float) -> ReportRun:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        run = ReportRun.objects.defer("content").get(pk=run_id)
        if not run.is_active:
            return run
        time.sleep(0.1)
    pytest.fail(f"report run {run_id} did not finish within {timeout}s (status {run.status})")


def test_a_report_run_is_made_by_a_real_worker_and_downloaded(catalogue, celery_worker_process):
    membership = MembershipFactory(role=Membership.Role.VIEWER)
    manager = MembershipFactory(organisation=membership.organisation, role=Membership.Role.MANAGER).user
    assessment = AssessmentFactory(organisation=membership.organisation, name="Worker report")
    complete_profile(assessment)
    for _ in range(2):
        answer_all(BusinessFunctionFactory(assessment=assessment))
    assessment_submit(assessment=assessment, user=manager)
    api = APIClient()
    api.force_authenticate(membership.user)
    started = api.post(f"/api/v1/assessments/{assessment.pk}/reports/", {"format": "xlsx", "lang": "ko"},
                       format="json")  # fmt: skip
    assert started.status_code == 202 and started.json()["status"] == "queued"
    run = _wait_for(started.json()["id"], timeout=90)
    assert run.status == ReportRun.Status.SUCCEEDED, run.error
    status = api.get(started["Location"]).json()
    assert status["progress"] == 100 and status["attempts"] == 1
    download = api.get(status["download_url"])
    assert download.status_code == 200
    assert openpyxl.load_workbook(io.BytesIO(download.content)).sheetnames[0] == "요약"


def test_a_pdf_is_laid_out_in_parallel_inside_a_real_worker(catalogue, celery_worker_process):
    """The worker's pool process starts its own PDF forkserver; the parts come back joined and numbered."""
    membership = MembershipFactory(role=Membership.Role.MANAGER)
    assessment = AssessmentFactory(organisation=membership.organisation, name="Worker PDF")
    complete_profile(assessment)
    names = [f"Function {number}" for number in range(1, 7)]
    for name in names:
        answer_all(BusinessFunctionFactory(assessment=assessment, name=name))
    assessment_submit(assessment=assessment, user=membership.user)
    api = APIClient()
    api.force_authenticate(membership.user)
    started = api.post(f"/api/v1/assessments/{assessment.pk}/reports/", {"format": "pdf", "lang": "en"},
                       format="json")  # fmt: skip
    assert started.status_code == 202
    run = _wait_for(started.json()["id"], timeout=180)
    assert run.status == ReportRun.Status.SUCCEEDED, run.error
    download = api.get(api.get(started["Location"]).json()["download_url"])
    pages = [" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(download.content)).pages]
    text = " ".join(pages)
    assert all(name in text for name in names)
    for number, page in enumerate(pages[1:], start=2):
        assert page.endswith(f"{number} / {len(pages)}"), number
