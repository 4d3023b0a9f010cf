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


@pytest.mark.django_db
def test_health_checks_answer_over_plain_http_while_everything_else_redirects_to_https(client, settings):
    """The load balancer checks /healthz and /readyz over HTTP on the host; a 301 would mark the host down."""
    settings.SECURE_SSL_REDIRECT = True
    settings.CELERY_BROKER_URL = ""
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200
    login = client.get("/accounts/login/")
    assert login.status_code == 301 and login["Location"].startswith("https://")
    assert client.get("/healthz/").status_code in (301, 404)  # only the exact paths are exempt
