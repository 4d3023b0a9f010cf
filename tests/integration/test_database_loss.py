"""PostgreSQL drops the request's connection in the middle of a submit (pg_terminate_backend): the API
answers 503 in its JSON error shape, and nothing of the half-done submit is stored."""

import psycopg
import pytest
from django.db import close_old_connections, connection
from django.test import Client

from assessments.models import Assessment, OptionScore, Recommendation, ScoringRun, TcoRun
from tests.integration.test_tco_worker import _complete_assessment

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def _terminate(backend_pid: int) -> None:
    db = connection.settings_dict
    with psycopg.connect(host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432, user=db["USER"],
                         password=db["PASSWORD"] or None, dbname=db["NAME"], autocommit=True) as admin:  # fmt: skip
        admin.execute("SELECT pg_terminate_backend(%s)", [backend_pid])


def test_the_connection_cut_mid_submit_answers_503_and_leaves_the_draft_as_it_was(catalogue, monkeypatch):
    user, assessment = _complete_assessment(2)
    real_bulk_create = Recommendation.objects.bulk_create

    def cut_then_write(*args, **kwargs):
        # The submit has updated the assessment and stored its scores by now, all uncommitted.
        assert OptionScore.objects.filter(run__assessment=assessment).exists()
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            _terminate(cursor.fetchone()[0])
        return real_bulk_create(*args, **kwargs)

    monkeypatch.setattr(Recommendation.objects, "bulk_create", cut_then_write)
    client = Client(raise_request_exception=False)
    client.force_login(user)
    response = client.post(f"/api/v1/assessments/{assessment.pk}/submit/")
    monkeypatch.undo()

    assert response.status_code == 503
    body = response.json()
    assert body["code"] == "database_unavailable" and "half-saved" in body["message"]
    connection.close()  # this process's connection died with the backend; open a fresh one
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.DRAFT and assessment.submitted_at is None
    assert not ScoringRun.objects.filter(assessment=assessment).exists()
    assert not OptionScore.objects.exists() and not TcoRun.objects.filter(assessment=assessment).exists()
    # The database back, the same submit goes through whole.
    assert client.post(f"/api/v1/assessments/{assessment.pk}/submit/").status_code == 200
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.SUBMITTED and Recommendation.objects.exists()



def test_a_kept_open_connection_the_database_dropped_is_replaced_before_the_next_request(catalogue, client,
                                                                                          monkeypatch):  # fmt: skip
    """With CONN_MAX_AGE (production keeps connections open), a database restart must not fail a request."""
    connection.close()
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 60)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    _terminate(backend)  # as a restart of PostgreSQL would, behind the kept-open connection's back
    close_old_connections()  # what Django's handler does as each request starts (the test client skips it)
    assert client.get("/readyz").json()["database"] == "ok"  # CONN_HEALTH_CHECKS found it dead and reconnected
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] != backend
    connection.close()
