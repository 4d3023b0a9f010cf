import pytest


def test_healthz_says_the_process_is_up(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_readyz_checks_the_database_and_says_tasks_run_in_process_without_a_broker(client, settings):
    settings.CELERY_BROKER_URL = ""
    body = client.get("/readyz").json()
    assert body["status"] == "ok" and body["database"] == "ok"
    assert "in-process" in body["broker"]


@pytest.mark.django_db
def test_readyz_is_503_when_the_broker_cannot_be_reached(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable" and response.json()["database"] == "ok"
