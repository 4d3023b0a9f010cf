"""The real broker and worker are reachable; readiness reports them."""

import pytest

pytestmark = pytest.mark.integration


def test_a_real_worker_answers_through_redis(celery_worker_process):
    from outsourcing.celery import app

    replies = app.control.ping(timeout=2.0)
    assert replies, "no worker answered"
    assert celery_worker_process.poll() is None


@pytest.mark.django_db
def test_readyz_reports_database_and_broker_reachable(client, celery_worker_process):
    body = client.get("/readyz").json()
    assert body == {"status": "ok", "database": "ok", "broker": "ok"}
