"""Load test: the concurrency the app holds with zero errors and p95 under 1 s, for a realistic mix.

Sets up the database (several organisations with managers, consultants and API users with a known
password; a submitted, scored assessment per organisation and a draft per manager), starts gunicorn
(5 workers) and 2 Celery workers against PostgreSQL and Redis, then runs benchmarks/locustfile.py
headless against 127.0.0.1 at increasing numbers of simulated users, 2 minutes each (statistics reset
once all users have logged in), and stops at the first level that has an error or a p95 of 1 s or more.
Statistics start LOGIN_GRACE_SECONDS after the last user started, so logins (deliberately slow PBKDF2) are
not counted. Example:

    createdb -h 127.0.0.1 -U postgres bench_load
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_load CELERY_BROKER_URL=redis://127.0.0.1:6379/13 \\
        .venv/bin/python benchmarks/bench_load.py --levels 10,20,40,60,80

All simulated clients come from one address, so the anonymous API throttle (meant per client IP) is
raised for the run; the per-user throttle and every other setting stay as configured.
"""

import argparse
import csv
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_load")
os.environ.setdefault("CELERY_BROKER_URL", "redis://127.0.0.1:6379/13")
os.environ.setdefault("SECRET_KEY", "bench-load-not-a-secret")
os.environ.setdefault("CONN_MAX_AGE", "60")
os.environ["API_THROTTLE_ANON"] = "1000000/minute"
# Served from the finders without collectstatic (no manifest), so the run writes nothing into the project.
os.environ.setdefault("STATICFILES_STORAGE", "django.contrib.staticfiles.storage.StaticFilesStorage")
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "outsourcing.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core.management import call_command  # noqa: E402

from assessments.models import Assessment, Membership, Organisation  # noqa: E402
from assessments.services.demo import demo_assessment_create  # noqa: E402
from outsourcing.models import ServiceType  # noqa: E402
from tests.factories import AssessmentFactory, BusinessFunctionFactory, complete_profile  # noqa: E402

PASSWORD = "bench-load-pass-2026"  # noqa: S105 - a benchmark database's throwaway login
ORGANISATIONS, MANAGERS, CONSULTANTS, API_CLIENTS, DRAFT_FUNCTIONS = 4, 10, 5, 5, 8


def _user(username: str, organisation: Organisation, role: str, password_hash: str):
    user, _ = get_user_model().objects.update_or_create(
        username=username, defaults={"email": f"{username}@example.com", "password": password_hash})
    Membership.objects.update_or_create(user=user, organisation=organisation, defaults={"role": role})
    return user


def setup_data() -> dict:
    """Organisations, logins and assessments; built once and reused (the logins file is rebuilt every run)."""
    password_hash = make_password(PASSWORD)  # hashed once: every benchmark login shares the password
    service_types = list(ServiceType.objects.order_by("code"))
    users = {"password": PASSWORD, "managers": [], "consultants": [], "api_clients": []}
    for o in range(ORGANISATIONS):
        organisation, _ = Organisation.objects.get_or_create(slug=f"bench-load-{o}",
                                                             defaults={"name": f"Load Test Co {o}"})  # fmt: skip
        manager = _user(f"load-{o}-manager-0", organisation, Membership.Role.MANAGER, password_hash)
        submitted = Assessment.objects.filter(organisation=organisation, status=Assessment.Status.SUBMITTED).first()
        if submitted is None:
            submitted = demo_assessment_create(organisation=organisation, user=manager)
        functions = list(submitted.functions.values_list("pk", flat=True))
        for m in range(MANAGERS):
            username = f"load-{o}-manager-{m}"
            user = _user(username, organisation, Membership.Role.MANAGER, password_hash)
            draft = Assessment.objects.filter(organisation=organisation, created_by=user,
                                              status=Assessment.Status.DRAFT).first()  # fmt: skip
            if draft is None:
                draft = AssessmentFactory(organisation=organisation, created_by=user, name=f"Draft of {username}")
                complete_profile(draft)
                for f in range(DRAFT_FUNCTIONS):
                    BusinessFunctionFactory(assessment=draft, name=f"Function {f + 1}", sort_order=f + 1,
                                            service_type=service_types[(o * 7 + m * 3 + f) % len(service_types)])
            users["managers"].append({"username": username, "draft": draft.pk})
        for kind, count, role in (("consultants", CONSULTANTS, Membership.Role.CONSULTANT),
                                  ("api_clients", API_CLIENTS, Membership.Role.VIEWER)):  # fmt: skip
            for n in range(count):
                username = f"load-{o}-{kind}-{n}"
                _user(username, organisation, role, password_hash)
                users[kind].append({"username": username, "assessment": submitted.pk, "functions": functions})
    return users


def wait_until_up(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - our own loopback server
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"gunicorn did not answer {url} within {timeout:.0f} s")


LOGIN_GRACE_SECONDS = 20  # statistics are reset this long after the last user started (and logged in)


def wait_for_workers(count: int, timeout: float = 180) -> None:
    """Both Celery workers answer a ping (importing the app takes a while on a busy machine)."""
    from outsourcing.celery import app

    deadline = time.monotonic() + timeout
    while len(app.control.ping(timeout=1.0)) < count:
        if time.monotonic() > deadline:
            raise SystemExit(f"the {count} Celery workers did not start within {timeout:.0f} s")
        time.sleep(0.5)


def run_level(users: int, *, host: str, spawn_rate: float, seconds: int, out: Path, env: dict) -> dict:
    """One headless locust run; statistics count only the `seconds` after every user has logged in."""
    ramp = int(users / spawn_rate) + 1 + LOGIN_GRACE_SECONDS
    prefix = out / f"u{users}"
    tco_out = out / f"u{users}_tco.json"
    command = [sys.executable, "-m", "locust", "-f", str(ROOT / "benchmarks" / "locustfile.py"), "--headless",
               "-u", str(users), "-r", str(spawn_rate), "-t", f"{ramp + seconds}s",
               "--host", host, "--csv", str(prefix), "--only-summary", "--stop-timeout", "15",
               "--loglevel", "WARNING", "--exit-code-on-error", "0"]  # fmt: skip
    load_before = os.getloadavg()[0]
    level_env = {**env, "BENCH_LOAD_TCO_OUT": str(tco_out), "BENCH_LOAD_RESET_AFTER": str(LOGIN_GRACE_SECONDS)}
    with open(f"{prefix}_locust.log", "w", encoding="utf-8") as log:
        subprocess.run(command, cwd=ROOT, env=level_env, check=True, stdout=log, stderr=log,  # noqa: S603
                       timeout=ramp + seconds + 120)  # fmt: skip
    with open(f"{prefix}_stats.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    total = next(r for r in rows if r["Name"] == "Aggregated")
    tco = json.loads(tco_out.read_text()) if tco_out.exists() else []
    measured = [r for r in rows if r["Name"] != "Aggregated" and int(r["Request Count"])]
    slowest = max(measured, key=lambda r: float(r["95%"]))
    return {
        "users": users, "requests": int(total["Request Count"]), "failures": int(total["Failure Count"]),
        "rps": float(total["Requests/s"]), "p50": float(total["50%"]), "p95": float(total["95%"]),
        "p99": float(total["99%"]), "slowest": f"{slowest['Name']} (p95 {float(slowest['95%']):.0f} ms)",
        "tco_runs": len(tco), "tco_median_s": statistics.median(tco) if tco else None,
        "load_before": load_before, "load_after": os.getloadavg()[0],
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--levels", default="10,20,40,60,80", help="simulated users per level, increasing")
    parser.add_argument("--seconds", type=int, default=120, help="measured time per level")
    parser.add_argument("--spawn-rate", type=float, default=2.0, help="users started per second (each logs in)")
    parser.add_argument("--port", type=int, default=8110)
    parser.add_argument("--workers", type=int, default=5)
    parser.add_argument("--out", default="", help="folder for locust's CSV files (default: a temporary one)")
    args = parser.parse_args()
    levels = sorted(int(n) for n in args.levels.split(","))

    with open(os.devnull, "w") as quiet:
        call_command("migrate", verbosity=0, stdout=quiet)
        call_command("load_catalogue", verbosity=0, stdout=quiet)
    out = Path(args.out or tempfile.mkdtemp(prefix="bench_load_"))
    out.mkdir(parents=True, exist_ok=True)
    users_file = out / "users.json"
    users_file.write_text(json.dumps(setup_data()), encoding="utf-8")
    env = {**os.environ, "BENCH_LOAD_USERS": str(users_file), "PYTHONWARNINGS": "ignore:No directory at"}

    host = f"http://127.0.0.1:{args.port}"
    # gunicorn reads the project's gunicorn.conf.py (the production settings: access log, worker recycling);
    # the command line sets the port, the workers and a timeout long enough for a cold worker on a busy machine.
    logs = open(out / "servers.log", "w", encoding="utf-8")  # noqa: SIM115 - open while the servers run
    server = subprocess.Popen(  # noqa: S603 - our own fixed command lines
        [sys.executable, "-m", "gunicorn", "outsourcing.wsgi:application", "--workers", str(args.workers),
         "--bind", f"127.0.0.1:{args.port}", "--timeout", "120"],
        cwd=ROOT, env=env, stdout=logs, stderr=logs)  # fmt: skip
    workers = [subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "celery", "-A", "outsourcing", "worker", "-c", "1", "-l", "WARNING",
         "--without-gossip", "--without-mingle", "-n", f"bench-load-{i}@%h"], cwd=ROOT, env=env,
        stdout=logs, stderr=logs) for i in range(2)]  # fmt: skip
    results = []
    try:
        wait_until_up(f"{host}/healthz")
        wait_for_workers(len(workers))
        for users in levels:
            result = run_level(users, host=host, spawn_rate=args.spawn_rate, seconds=args.seconds, out=out, env=env)
            results.append(result)
            print(f"{users:>4} users: {result['requests']} requests, {result['failures']} failures, "
                  f"{result['rps']:.1f} req/s, p50 {result['p50']:.0f} ms, p95 {result['p95']:.0f} ms, "
                  f"p99 {result['p99']:.0f} ms; slowest {result['slowest']}; TCO runs finished "
                  f"{result['tco_runs']} (median {result['tco_median_s'] or 0:.1f} s); "
                  f"load {result['load_before']:.1f} -> {result['load_after']:.1f}", flush=True)  # fmt: skip
            if result["failures"] or result["p95"] >= 1000:
                break
    finally:
        for process in [server, *workers]:
            process.terminate()
        for process in [server, *workers]:
            process.wait(timeout=60)
        logs.close()
    held = [r["users"] for r in results if not r["failures"] and r["p95"] < 1000]
    print(f"highest concurrency with zero errors and p95 < 1 s: {max(held) if held else 'none'} simulated users "
          f"(of levels {', '.join(map(str, levels))}; CSV files in {out})")  # fmt: skip


if __name__ == "__main__":
    main()
