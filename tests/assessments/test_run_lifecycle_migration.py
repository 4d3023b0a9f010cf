"""Runs stored before the run_lifecycle migration (no heartbeat, worker or requested_at) survive it, keep their
order, and still open and render."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from assessments.models import ReportRun, TcoRun
from assessments.services.assessments import assessment_submit
from assessments.services.reports import report_run_request
from tests.factories import complete_assessment

pytestmark = pytest.mark.django_db(transaction=True)

OLD_FIELDS = {"created_by_id", "status", "progress", "inputs", "inputs_hash", "error", "attempts", "created_at",
              "started_at", "finished_at"}  # fmt: skip


def _migrate(target) -> object:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    return executor.loader.project_state(target).apps


def _targets() -> tuple[list, list]:
    """(just before run_lifecycle, the app's latest), found by name so a renumbered migration still matches."""
    graph = MigrationExecutor(connection).loader.graph
    lifecycle = next(node for node in graph.nodes if node[0] == "assessments" and node[1].endswith("_run_lifecycle"))
    before = [parent for parent in graph.node_map[lifecycle].parents if parent.key[0] == "assessments"]
    return [before[0].key], graph.leaf_nodes("assessments")


def test_runs_stored_before_the_migration_survive_it_and_render(client, org_a, manager_a):
    assessment = complete_assessment(org_a)
    assessment_submit(assessment=assessment, user=manager_a)
    report_run_request(assessment=assessment, code="xlsx", language="en", user=manager_a)
    tco = TcoRun.objects.values().get()
    report = ReportRun.objects.values().get()
    before, latest = _targets()
    try:
        old = _migrate(before)
        # As the earlier code stored them: only the columns it had.
        old.get_model("assessments", "TcoRun").objects.all().delete()
        old.get_model("assessments", "ReportRun").objects.all().delete()
        old.get_model("assessments", "TcoRun").objects.create(
            id=tco["id"], assessment_id=assessment.pk, result=tco["result"], compute_ms=tco["compute_ms"],
            **{k: tco[k] for k in OLD_FIELDS})  # fmt: skip
        old.get_model("assessments", "ReportRun").objects.create(
            id=report["id"], assessment_id=assessment.pk, format="xlsx", language="en", content=report["content"],
            filename=report["filename"], content_type=report["content_type"], size_bytes=report["size_bytes"],
            render_ms=report["render_ms"], **{k: report[k] for k in OLD_FIELDS})  # fmt: skip
    finally:
        _migrate(latest)
    run = TcoRun.objects.get()
    assert run.requested_at == run.created_at and run.heartbeat_at is None and run.worker == ""
    assert run.status == TcoRun.Status.SUCCEEDED and not run.worker_lost
    client.force_login(manager_a)
    page = client.get(reverse("assessments:tco", args=[assessment.pk])).content.decode()
    assert 'id="tco-curves"' in page and 'data-status="succeeded"' in page
    stored = ReportRun.objects.get()
    assert stored.requested_at == stored.created_at
    download = client.get(reverse("assessments:report-run-download", args=[assessment.pk, stored.pk]))
    assert download.status_code == 200 and download.content[:2] == b"PK"
    assert client.get(reverse("assessments:reports", args=[assessment.pk])).status_code == 200
