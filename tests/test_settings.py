"""The one settings module: safe defaults and clear errors, read in a fresh interpreter each time."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROBE = (
    "import json, django; from django.conf import settings; django.setup(); "
    "print(json.dumps({'debug': settings.DEBUG, 'engine': settings.DATABASES['default']['ENGINE'], "
    "'name': str(settings.DATABASES['default']['NAME']), 'eager': settings.CELERY_TASK_ALWAYS_EAGER, "
    "'secure_cookie': settings.SESSION_COOKIE_SECURE, 'hsts': settings.SECURE_HSTS_SECONDS, "
    "'languages': [code for code, _ in settings.LANGUAGES], "
    "'cache': [settings.CACHES['default']['BACKEND'], str(settings.CACHES['default'].get('LOCATION'))]}))"
)
VARIABLES = ["DEBUG", "SECRET_KEY", "DATABASE_URL", "CELERY_BROKER_URL", "SESSION_COOKIE_SECURE", "SECURE_HSTS_SECONDS",
             "CACHE_URL"]


def settings_with(**env):
    clean = {k: v for k, v in os.environ.items() if k not in VARIABLES}
    clean.update(env, DJANGO_SETTINGS_MODULE="outsourcing.settings")
    # cwd elsewhere so a developer's .env in the project folder cannot leak into the probe
    return subprocess.run([sys.executable, "-c", f"import sys; sys.path.insert(0, {str(ROOT)!r}); {PROBE}"],
                          capture_output=True, text=True, env=clean, cwd="/", check=False)  # fmt: skip


def test_missing_secret_key_with_debug_off_names_the_variable(monkeypatch):
    result = settings_with()
    if (ROOT / ".env").exists() and "SECRET_KEY" in (ROOT / ".env").read_text():
        # make run wrote a local .env; it supplies the key, which is the documented behaviour
        assert result.returncode == 0
        return
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_defaults_are_safe_sqlite_and_in_process_tasks():
    result = settings_with(SECRET_KEY="k" * 50)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["debug"] is False
    assert values["engine"].endswith("sqlite3") and values["name"].endswith("db.sqlite3")
    assert values["eager"] is True
    assert values["languages"] == ["en", "ko"]


def test_database_url_and_broker_switch_to_postgres_and_real_workers():
    result = settings_with(
        SECRET_KEY="k" * 50,
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/somedb",
        CELERY_BROKER_URL="redis://127.0.0.1:6379/0",
        SESSION_COOKIE_SECURE="true",
        SECURE_HSTS_SECONDS="31536000",
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["engine"] == "django.db.backends.postgresql" and values["name"] == "somedb"
    assert values["eager"] is False
    assert values["secure_cookie"] is True and values["hsts"] == 31536000


def test_env_example_lists_every_variable_the_settings_read():
    settings_source = (ROOT / "outsourcing" / "settings.py").read_text()
    import re

    read = set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z_]+)"', settings_source))
    example = (ROOT / ".env.example").read_text()
    listed = set(re.findall(r"^#?\s*([A-Z_]+)=", example, re.M))
    assert read - listed == set()


def test_the_shared_cache_is_the_brokers_redis_or_else_the_database_unless_named():
    """Throttle counts and score counts must hold across processes: never a per-process cache by default."""
    alone = json.loads(settings_with(SECRET_KEY="k" * 50).stdout)["cache"]
    assert alone == ["outsourcing.infra.cache.SharedDatabaseCache", "shared_cache"]
    with_broker = json.loads(settings_with(SECRET_KEY="k" * 50, CELERY_BROKER_URL="redis://10.0.0.5:6379/4").stdout)
    assert with_broker["cache"] == ["outsourcing.infra.cache.SharedRedisCache", "redis://10.0.0.5:6379/4"]
    named = json.loads(settings_with(SECRET_KEY="k" * 50, CELERY_BROKER_URL="redis://10.0.0.5:6379/4",
                                     CACHE_URL="redis://10.0.0.9:6379/1").stdout)  # fmt: skip
    assert named["cache"] == ["outsourcing.infra.cache.SharedRedisCache", "redis://10.0.0.9:6379/1"]


def test_the_migration_makes_the_table_the_settings_name():
    import importlib

    from django.conf import settings

    migration = importlib.import_module("assessments.migrations.0010_api_parity")
    assert migration.TABLE == settings.SHARED_CACHE_TABLE
