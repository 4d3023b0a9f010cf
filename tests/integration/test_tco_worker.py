"""TCO runs through real Redis and a real Celery worker process against PostgreSQL."""

import os
import signal
import time
from pathlib import Path

import pytest
from django.urls import reverse

from assessments.models import Membership, TcoRun
from assessments.services.scoring import assessment_score
from assessments.services.tco import tco_run_request
from tests.factories import (
    AssessmentFactory,
    BusinessFunctionFactory,
    MembershipFactory,
    answer_all,
    complete_profile,
)

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def _complete_assessment(functions: int):
    membership = MembershipFactory(role=Membership.Role.MANAGER)
    assessment = AssessmentFactory(organisation=membership.organisation)
    complete_profile(assessment)
    for _ in range(functions):
        answer_all(BusinessFunctionFactory(assessment=assessment))
    return membership.user, assessment


def _wait_for(run_id: int, statuses: set[str], timeout: float) -> TcoRun:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        run = TcoRun.objects.get(pk=run_id)
        if run.status in statuses:
            return run
        time.sleep(0.1)
    pytest.fail(f"run {run_id} did not reach {statuses} within {timeout}s (status {run.status})")


def test_submit_runs_in_a_real_worker_and_the_results_show(client, catalogue, celery_worker_process):
    user, assessment = _complete_assessment(2)
    client.force_login(user)
    client.post(reverse("assessments:submit", args=[assessment.pk]))
    run = TcoRun.objects.get(assessment=assessment)
    run = _wait_for(run.pk, {TcoRun.Status.SUCCEEDED, TcoRun.Status.FAILED}, timeout=60)
    assert run.status == TcoRun.Status.SUCCEEDED, run.error
    html = client.get(reverse("assessments:tco", args=[assessment.pk])).content.decode()
    assert 'id="tco-curves" type="application/json"' in html


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in path.read_text().split()] if path.exists() else []


def test_sigkill_of_the_worker_child_mid_run_still_completes_with_one_result(catalogue, celery_worker_process,
                                                                             settings):  # fmt: skip
    # The model's maximum draws over 10 years for 36 functions x 10 options: several seconds with the compiled
    # kernel (12 functions took about a second, too short to be sure the kill lands mid-run).
    settings.TCO_DRAWS = 200_000
    settings.TCO_OPTIONS_PER_FUNCTION = 10
    user, assessment = _complete_assessment(36)
    assessment.horizon_years = 10
    assessment.save(update_fields=["horizon_years"])
    assessment_score(assessment=assessment)
    run = tco_run_request(assessment=assessment, user=user)  # queued on commit (autocommit here)
    _wait_for(run.pk, {TcoRun.Status.RUNNING}, timeout=30)
    time.sleep(0.3)
    killed = _children(celery_worker_process.pid)
    assert killed, "the worker has no child processes to kill"
    for child in killed:
        os.kill(child, signal.SIGKILL)
    run = _wait_for(run.pk, {TcoRun.Status.SUCCEEDED, TcoRun.Status.FAILED}, timeout=180)
    assert run.status == TcoRun.Status.SUCCEEDED, run.error
    assert run.attempts >= 2  # it was started again after the kill
    assert TcoRun.objects.filter(assessment=assessment).count() == 1
    assert run.result["draws"] == 200_000
