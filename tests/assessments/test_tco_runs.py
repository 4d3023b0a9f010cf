"""TCO runs: requested on submit, idempotent, recoverable, and shown on the page."""

from datetime import timedelta
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import TcoRun
from assessments.services import tco as services
from assessments.services.assessments import assessment_submit
from tests.factories import AssessmentFactory, BusinessFunctionFactory, answer_all, complete_profile


@pytest.fixture
def submitted(org_a, manager_a, django_capture_on_commit_callbacks):
    assessment = AssessmentFactory(organisation=org_a)
    complete_profile(assessment)
    for _ in range(2):
        answer_all(BusinessFunctionFactory(assessment=assessment))
    with django_capture_on_commit_callbacks(execute=True):
        assessment_submit(assessment=assessment, user=manager_a)
    return assessment


def test_submitting_runs_a_tco_comparison_in_process_without_a_broker(submitted):
    run = TcoRun.objects.get(assessment=submitted)
    assert run.status == TcoRun.Status.SUCCEEDED and run.progress == 100
    assert run.result["summary"] and run.result["monte_carlo"] and run.result["bands"]
    assert run.result["draws"] == run.inputs["draws"]
    function_ids = {str(f["function_id"]) for f in run.inputs["functions"]}
    assert set(run.result["assumptions_used"]["by_function"]) == function_ids
    for row in run.result["monte_carlo"]:
        assert row["npv_p10"] <= row["npv_p50"] <= row["npv_p90"]


def test_the_same_inputs_reuse_the_stored_run(submitted, manager_a):
    first = TcoRun.objects.get(assessment=submitted)
    again = services.tco_run_request(assessment=submitted, user=manager_a)
    assert again.pk == first.pk and TcoRun.objects.filter(assessment=submitted).count() == 1


def test_changed_assumptions_start_a_new_run_that_records_them(submitted, manager_a,
                                                               django_capture_on_commit_callbacks):  # fmt: skip
    submitted.tco_assumptions = {"governance_pct": 0.1}
    submitted.save()
    with django_capture_on_commit_callbacks(execute=True):
        run = services.tco_run_request(assessment=submitted, user=manager_a)
    run.refresh_from_db()
    assert TcoRun.objects.filter(assessment=submitted).count() == 2
    assert run.inputs["assumptions"] == {"governance_pct": 0.1}
    used = next(iter(run.result["assumptions_used"]["by_function"].values()))["governance_pct"]
    assert used["value"] == 0.1 and used["origin"] == "assessment"


def test_executing_a_run_twice_stores_one_result(submitted):
    run = TcoRun.objects.get(assessment=submitted)
    stored = run.result
    services.tco_run_execute(run_id=run.pk)  # a re-delivered message
    run.refresh_from_db()
    assert run.result == stored and run.attempts == 1


def test_a_redelivered_run_that_was_interrupted_completes_once(submitted):
    run = TcoRun.objects.get(assessment=submitted)
    silent = timezone.now() - timedelta(minutes=5)  # its worker died: no heartbeat since
    TcoRun.objects.filter(pk=run.pk).update(status=TcoRun.Status.RUNNING, result=None, progress=40,
                                            heartbeat_at=silent)  # fmt: skip
    services.tco_run_execute(run_id=run.pk, redelivered=True)  # the broker hands it out again
    run.refresh_from_db()
    assert run.status == TcoRun.Status.SUCCEEDED and run.attempts == 2 and run.result["summary"]


def test_bad_assumptions_fail_the_run_with_the_reason_and_can_be_retried(
    submitted, manager_a, django_capture_on_commit_callbacks
):
    submitted.tco_assumptions = {"no_such_assumption": 1}
    submitted.save()
    with django_capture_on_commit_callbacks(execute=True):
        run = services.tco_run_request(assessment=submitted, user=manager_a)
    run.refresh_from_db()
    assert run.status == TcoRun.Status.FAILED and "no_such_assumption" in run.error
    submitted.tco_assumptions = {}
    submitted.save()
    retried = services.tco_run_retry(run=run, user=manager_a)
    assert retried.status == TcoRun.Status.SUCCEEDED  # the earlier, unchanged inputs' result is reused


def test_an_unreachable_queue_keeps_the_run_queued_with_a_clear_note(submitted, manager_a,
                                                                     django_capture_on_commit_callbacks):  # fmt: skip
    submitted.tco_assumptions = {"governance_pct": 0.05}
    submitted.save()
    broker_down = mock.patch("assessments.services.queueing.publish", side_effect=ConnectionRefusedError("down"))
    with broker_down, django_capture_on_commit_callbacks(execute=True):
        run = services.tco_run_request(assessment=submitted, user=manager_a)
    run.refresh_from_db()
    assert run.status == TcoRun.Status.QUEUED and "task queue could not be reached" in run.error


def test_runs_stuck_in_running_past_the_limit_are_marked_failed(submitted, settings):
    run = TcoRun.objects.get(assessment=submitted)
    TcoRun.objects.filter(pk=run.pk).update(status=TcoRun.Status.RUNNING,
                                            started_at=timezone.now() - timedelta(hours=2))  # fmt: skip
    assert services.tco_runs_fail_stale() == 1
    run.refresh_from_db()
    assert run.status == TcoRun.Status.FAILED and "time limit" in run.error


def test_a_draft_cannot_be_costed_before_it_is_scored(assessment_a, client, manager_a):
    client.force_login(manager_a)
    response = client.post(reverse("assessments:tco-start", args=[assessment_a.pk]), follow=True)
    assert "Submit the assessment first" in response.content.decode()
    assert not TcoRun.objects.exists()


@pytest.mark.parametrize("language", ["en", "ko"])
def test_tco_page_shows_curves_npv_table_tornado_and_assumptions(submitted, client, manager_a, language):
    client.force_login(manager_a)
    html = client.get(reverse("assessments:tco", args=[submitted.pk]), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert 'id="tco-curves" type="application/json"' in html and 'id="tco-tornado"' in html
    assert "CIOL" in html and "governance_pct" not in html  # assumptions by their label, not their code
    assert 'class="badge rate_book"' in html or 'class="badge model"' in html  # each option's rate basis
    assert "ESTIMATE:" not in html and "GDP per capita ratio" not in html  # never a formula
    assert f'<html lang="{language}">' in html


def test_a_viewer_cannot_start_runs(submitted, client, viewer_a):
    client.force_login(viewer_a)
    assert client.post(reverse("assessments:tco-start", args=[submitted.pk])).status_code == 403


def test_status_polling_queries_are_constant(submitted, client, manager_a, django_assert_max_num_queries):
    run = TcoRun.objects.get(assessment=submitted)
    client.force_login(manager_a)
    with django_assert_max_num_queries(8):
        client.get(reverse("assessments:tco-status", args=[submitted.pk, run.pk]), HTTP_HX_REQUEST="true")
