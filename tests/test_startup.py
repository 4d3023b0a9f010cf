"""`make run` as a new user meets it (issue 16, rough edges 9 and 17): it installs only what running needs,
serves with the production server (gunicorn, static files by WhiteNoise) and starts without noise: no Axes
banner per command, no kombu "No hostname was supplied" when tasks run in-process."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "SECRET_KEY": "startup-test-key-0123456789-abcdefghijklmnopqrstuvwxyz", "CELERY_BROKER_URL": "",
       "DJANGO_SETTINGS_MODULE": "outsourcing.settings"}  # fmt: skip


def _make_dry_run(target: str) -> str:
    result = subprocess.run(["make", "-n", "-B", target], cwd=ROOT, capture_output=True, text=True, timeout=60,
                            check=True)  # fmt: skip
    return result.stdout


def test_make_run_installs_the_runtime_requirements_only_and_serves_with_gunicorn():
    commands = _make_dry_run("run")
    assert "pip install --quiet --no-compile -r requirements.txt" in commands
    assert "requirements-dev.txt" not in commands
    assert "-m gunicorn outsourcing.wsgi:application" in commands and "runserver" not in commands
    assert "collectstatic" in commands  # WhiteNoise serves the collected files under gunicorn


def test_make_test_installs_the_test_requirements():
    assert "pip install --quiet --no-compile -r requirements-dev.txt" in _make_dry_run("test")


def test_the_runtime_requirements_name_no_test_or_benchmark_tool():
    runtime = (ROOT / "requirements.txt").read_text().lower()
    for tool in ("pytest", "playwright", "schemathesis", "locust", "hypothesis", "ruff", "axe-playwright"):
        assert tool not in runtime, tool


def test_a_management_command_prints_no_axes_banner():
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=ENV, capture_output=True, text=True,
                            timeout=120, check=True)  # fmt: skip
    assert "AXES: BEGIN" not in result.stdout + result.stderr


def test_a_task_run_in_process_logs_no_missing_hostname_warning():
    code = ("import django; django.setup(); from outsourcing.celery import app; "
            "print(app.tasks['celery.accumulate'].apply_async(args=(1, 2)).get())")  # fmt: skip
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=ENV, capture_output=True, text=True,
                            timeout=120, check=True)  # fmt: skip
    assert result.stdout.strip().endswith("(1, 2)")
    assert "No hostname was supplied" not in result.stdout + result.stderr
