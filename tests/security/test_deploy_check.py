"""`manage.py check --deploy` with the production environment reports nothing (as .ci/run step 6 runs it)."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "false", "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "oso.example.com",
    "SECURE_SSL_REDIRECT": "true", "SESSION_COOKIE_SECURE": "true", "CSRF_COOKIE_SECURE": "true",
    "SECURE_HSTS_SECONDS": "31536000", "SECURE_HSTS_INCLUDE_SUBDOMAINS": "true", "SECURE_HSTS_PRELOAD": "true",
}  # fmt: skip


def _check(**overrides) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in PRODUCTION and not k.startswith("DJANGO_")}
    env.update(PRODUCTION, **overrides)
    return subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False)  # fmt: skip


def test_production_settings_pass_the_deploy_check():
    result = _check()
    assert result.returncode == 0, result.stderr[-2000:]
    assert "System check identified no issues" in result.stdout


def test_the_deploy_check_fails_without_hsts():
    """The check is real: leaving HSTS off in production is reported."""
    result = _check(SECURE_HSTS_SECONDS="0")
    assert result.returncode != 0 and "security.W004" in result.stderr + result.stdout
