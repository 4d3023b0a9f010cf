"""Brute-force protection: the same username from the same address is locked out after repeated failures,
on the login page and the API token endpoint, with a clear message and a cool-off after which a correct
login works again."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.db.models import F
from django.urls import reverse
from rest_framework.test import APIClient

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
LIMIT = 3


@pytest.fixture(autouse=True)
def small_limit(settings):
    settings.AXES_FAILURE_LIMIT = LIMIT
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)


@pytest.fixture
def user():
    return UserFactory(username="alice")


def _login(client, username, password, **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def _fail(client, username, times, **extra):
    return [_login(client, username, "wrong-password", **extra) for _ in range(times)]


def _cool_off_passes():
    """Age every recorded failure past the cool-off, as the clock would."""
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=16))


def test_failures_below_the_limit_show_the_ordinary_form_error(client, user):
    responses = _fail(client, "alice", LIMIT - 1)
    assert [r.status_code for r in responses] == [200] * (LIMIT - 1)
    assert "lockout-message" not in responses[-1].content.decode()
    assert _login(client, "alice", PASSWORD).status_code == 302


def test_the_limit_locks_out_even_the_right_password_with_a_message_and_retry_after(client, user):
    responses = _fail(client, "alice", LIMIT)
    locked = responses[-1]
    assert locked.status_code == 429
    assert locked["Retry-After"] == str(15 * 60)
    html = locked.content.decode()
    assert 'id="lockout-message"' in html and "blocked for 15 minutes" in html
    assert 'name="username"' in html and 'value="alice"' in html  # the form is shown again, filled in

    right_password = _login(client, "alice", PASSWORD)
    assert right_password.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lockout_message_is_in_korean_for_korean_users(client, user):
    locked = _fail(client, "alice", LIMIT, HTTP_ACCEPT_LANGUAGE="ko")[-1]
    assert locked.status_code == 429
    assert "15분" in locked.content.decode()


def test_lockout_is_per_username_and_address_combination(client, user):
    other = UserFactory(username="bob")
    _fail(client, "alice", LIMIT)
    # the same address may still log in as another user...
    assert _login(client, other.username, PASSWORD).status_code == 302
    client.logout()
    # ...and the same username from another address is not locked out
    assert _login(client, "alice", PASSWORD, REMOTE_ADDR="203.0.113.9").status_code == 302


def test_after_the_cool_off_a_correct_login_works_and_clears_the_failures(client, user):
    _fail(client, "alice", LIMIT)
    assert _login(client, "alice", PASSWORD).status_code == 429
    _cool_off_passes()
    response = _login(client, "alice", PASSWORD)
    assert response.status_code == 302 and response.url == reverse("assessments:dashboard")
    assert not AccessAttempt.objects.filter(username="alice").exists()


def test_a_failure_during_the_lockout_restarts_the_cool_off(client, user):
    _fail(client, "alice", LIMIT)
    _cool_off_passes()
    assert _login(client, "alice", PASSWORD).status_code == 302
    client.logout()
    _fail(client, "alice", LIMIT)
    # once more locked: the earlier, expired failures do not count, the new ones do
    assert _login(client, "alice", PASSWORD).status_code == 429


def _token(api, username, password, **extra):
    return api.post("/api/v1/auth/token/", {"username": username, "password": password}, format="json", **extra)


def test_api_token_endpoint_locks_out_with_a_json_error_in_the_api_shape(user):
    api = APIClient()
    early = [_token(api, "alice", "wrong-password") for _ in range(LIMIT - 1)]
    assert [r.status_code for r in early] == [401] * (LIMIT - 1)  # a wrong password: not authenticated
    locked = _token(api, "alice", "wrong-password")
    assert locked.status_code == 429
    assert locked["Content-Type"].startswith("application/json")
    assert locked["Retry-After"] == str(15 * 60)
    body = locked.json()
    assert set(body) == {"code", "message", "fields"}
    assert body["code"] == "locked_out" and "blocked for 15 minutes" in body["message"] and body["fields"] == {}
    right_password = _token(api, "alice", PASSWORD)
    assert right_password.status_code == 429 and right_password.json()["code"] == "locked_out"


def test_api_token_works_again_after_the_cool_off(user):
    api = APIClient()
    for _ in range(LIMIT):
        _token(api, "alice", "wrong-password")
    _cool_off_passes()
    response = _token(api, "alice", PASSWORD)
    assert response.status_code == 201 and response.json()["token"]


def test_failures_on_the_page_and_the_api_add_up(client, user):
    _fail(client, "alice", LIMIT - 1)
    assert _token(APIClient(), "alice", "wrong-password").status_code == 429
    assert _login(client, "alice", PASSWORD).status_code == 429


def test_a_forged_forwarded_for_header_does_not_escape_the_lockout(client, user):
    _fail(client, "alice", LIMIT, HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert _login(client, "alice", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.2").status_code == 429


def test_behind_a_trusted_proxy_the_address_it_saw_is_counted(client, user, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    _fail(client, "alice", LIMIT, HTTP_X_FORWARDED_FOR="192.0.2.1, 198.51.100.1")
    assert _login(client, "alice", PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.1, 198.51.100.1").status_code == 429
    # the same username from another client behind the same proxy is not locked out; a forged left part is ignored
    response = _login(client, "alice", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.1, 198.51.100.7")
    assert response.status_code == 302
