"""Shared fixtures: the catalogue in the test database, the organisations and people (tests/organisations.py),
and the browser set-up."""

import os
import shutil

import pytest
from django.core.management import call_command

pytest_plugins = ["tests.organisations"]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def _load_catalogue_if_empty() -> None:
    from outsourcing.models import ServiceType

    if not ServiceType.objects.exists():
        with open(os.devnull, "w") as quiet:
            call_command("load_catalogue", verbosity=0, stdout=quiet)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the shipped catalogue once into the test database; each test's transaction rolls back over it."""
    with django_db_blocker.unblock():
        _load_catalogue_if_empty()


DB_FIXTURES = {"db", "transactional_db", "live_server", "catalogue", "django_db_setup"}


@pytest.fixture(autouse=True)
def _catalogue_committed(request, django_db_blocker):
    """Before a database test opens its transaction, put the catalogue back if a transactional test flushed it.

    Loaded here, outside the test's transaction, it is committed once; loaded inside, it would be
    rolled back with the test and reloaded by every following test (slow on PostgreSQL).
    """
    if not (request.node.get_closest_marker("django_db") or DB_FIXTURES & set(request.fixturenames)):
        return
    request.getfixturevalue("django_db_setup")
    with django_db_blocker.unblock():
        _load_catalogue_if_empty()


@pytest.fixture
def catalogue(db):
    """The shipped catalogue (see _catalogue_committed)."""
    _load_catalogue_if_empty()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's chromium, headless, never a downloaded browser."""
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: install it with `apt-get install chromium` (make test does this)")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "headless": True, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def base_url(pytestconfig) -> str | None:
    """pytest-playwright's own fallback for this fixture (used without pytest-base-url) is a session fixture
    defined as an instance method, which pytest 9 deprecates (PytestRemovedIn10Warning); the same value here."""
    return pytestconfig.getoption("--base-url", None) or pytestconfig.getini("base_url") or None


@pytest.fixture
def screenshot_dir():
    path = os.path.join(os.path.dirname(os.path.dirname(__file__)), "test-artifacts", "screenshots")
    os.makedirs(path, exist_ok=True)
    return path


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: a rolled-back test's rows (and ids, on SQLite) are gone, so
    must be what was cached about them."""
    from django.core.cache import caches

    for alias in ("default", "report_charts"):
        caches[alias].clear()


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    """Tests create many users; a deliberately slow hasher would dominate the run."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def tasks_in_process(request):
    """Outside the integration tests, tasks run in-process even when CI names a real broker.

    The unit tests keep their data in an uncommitted transaction that a real worker could
    not see; the integration tests (tests/integration/) use the real worker instead.
    """
    if request.node.get_closest_marker("integration"):
        yield
        return
    from outsourcing.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous
