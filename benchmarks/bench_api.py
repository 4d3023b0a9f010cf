"""API throughput under gunicorn: the scores endpoint's first and a deep page beside a bare DRF endpoint.

One command sets up the database (migrate, catalogue, an assessment of 50 scored functions, a knox
token), starts gunicorn with 5 workers against PostgreSQL, drives the endpoints with `wrk` (Debian
package; `bash scripts/system_packages.sh bench` installs it) on 127.0.0.1 with the same token, in
alternating rounds so all see the same machine load, and prints a table with each scores page's share
of the bare endpoint's throughput. The deep page is rows 4,901–5,000 (page 50 of 100 rows), reached
the way a client reaches it: by following `next` from the first page (`--numbered-page` adds the
deprecated `?page=50` as well). Example:

    createdb -h 127.0.0.1 -U postgres bench_api
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_api .venv/bin/python benchmarks/bench_api.py

The bare endpoint lives in benchmarks/bench_urls.py (gunicorn runs benchmarks/bench_settings.py), so
production code has no benchmark route. The user throttle is raised through API_THROTTLE_USER so it
never caps the run.
"""

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_api")
os.environ.setdefault("SECRET_KEY", "bench-api-not-a-secret")
os.environ["API_THROTTLE_USER"] = "100000000/minute"
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.bench_settings"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from knox.models import AuthToken  # noqa: E402

from assessments.models import Assessment, Membership, OptionScore  # noqa: E402
from assessments.selectors.results import latest_run  # noqa: E402
from assessments.services.assessments import assessment_submit  # noqa: E402
from outsourcing.models import ServiceType  # noqa: E402
from tests.factories import (  # noqa: E402
    AssessmentFactory,
    BusinessFunctionFactory,
    MembershipFactory,
    OrganisationFactory,
    answer_all,
    complete_profile,
)

ORG_SLUG = "bench-api"
FUNCTIONS = 50


def scored_assessment() -> tuple[Assessment, object]:
    """The benchmark's submitted assessment of 50 functions (built once, reused while it is intact)."""
    membership = Membership.objects.filter(organisation__slug=ORG_SLUG).select_related("user").first()
    assessment = Assessment.objects.filter(organisation__slug=ORG_SLUG).first()
    if membership and assessment and assessment.functions.count() == FUNCTIONS and latest_run(assessment):
        return assessment, membership.user
    if membership:
        membership.organisation.delete()
    organisation = OrganisationFactory(name="Bench API Co", slug=ORG_SLUG)
    user = MembershipFactory(organisation=organisation, role=Membership.Role.CONSULTANT).user
    assessment = AssessmentFactory(organisation=organisation, name="Fifty functions", created_by=user)
    complete_profile(assessment)
    service_types = list(ServiceType.objects.order_by("code"))
    for i in range(FUNCTIONS):
        function = BusinessFunctionFactory(assessment=assessment, name=f"Function {i + 1:02d}",
                                           service_type=service_types[i % len(service_types)], sort_order=i + 1)
        answer_all(function)
    return assessment_submit(assessment=assessment, user=user), user


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


def fetch(url: str, token: str) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers={"Authorization": f"Token {token}"})  # noqa: S310 - loopback
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - our own loopback server
        return response.status, response.read()


UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0}
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pids, *, reaped_by: int | None = None) -> dict[int, float]:
    """User + system CPU of each of these processes so far; under `reaped_by`, that of the children it waited for."""
    out = {}
    for pid in [*pids, *([reaped_by] if reaped_by else [])]:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError):
            continue
        ticks = int(fields[11]) + int(fields[12]) if pid != reaped_by else int(fields[13]) + int(fields[14])
        out[pid] = ticks / CLOCK_TICKS
    return out


def cpu_spent(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU seconds between two readings, process by process (a process new since `before` counts from zero)."""
    return sum(seconds - before.get(pid, 0.0) for pid, seconds in after.items())


def server_pids(master: int) -> list[int]:
    """gunicorn's workers, and the PostgreSQL backends serving this database (kept open by CONN_MAX_AGE)."""
    workers = [int(p) for p in Path(f"/proc/{master}/task/{master}/children").read_text().split()]
    with connection.cursor() as cursor:
        cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                       "AND pid <> pg_backend_pid()")  # fmt: skip
        backends = [row[0] for row in cursor.fetchall()]
    return workers + backends


def run_wrk(url: str, token: str, *, seconds: int, connections: int, master: int | None = None) -> dict:
    """One closed-loop wrk run; with `master`, also the server's CPU time per request."""
    cpu_before = cpu_seconds(server_pids(master), reaped_by=master) if master else {}
    command = ["wrk", "-t", "1", "-c", str(connections), "-d", f"{seconds}s", "--latency", "--timeout", "10s",
               "-H", f"Authorization: Token {token}", url]  # fmt: skip
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603 - fixed command
    percentiles = {p: float(v) * UNITS[u] for p, v, u in re.findall(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)}
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "requests": requests,
        "cpu_ms": (cpu_spent(cpu_before, cpu_seconds(server_pids(master), reaped_by=master)) * 1000
                   / max(requests, 1) if master else 0.0),
        "p50": percentiles["50"],
        "p99": percentiles["99"],
        "errors": (int(non_2xx.group(1)) if non_2xx else 0) + (sum(map(int, socket.groups())) if socket else 0),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=8100)
    parser.add_argument("--workers", type=int, default=5)
    parser.add_argument("--connections", type=int, default=10, help="concurrent keep-busy connections of wrk")
    parser.add_argument("--seconds", type=int, default=15, help="length of one measured round")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds per endpoint")
    # The backends' CPU is read from /proc for the processes alive at the start and end of a round: a connection
    # closed in between (CONN_MAX_AGE passed) takes its CPU with it, so by default they live through the run.
    parser.add_argument("--conn-max-age", type=int, default=3600,
                        help="CONN_MAX_AGE for the workers (0: a new database connection per request)")
    parser.add_argument("--scores-query", default="", help="query string for the scores URL, e.g. ordering=-score")
    parser.add_argument("--deep-page", type=int, default=50, help="which page of 100 rows is the deep one")
    parser.add_argument("--numbered-page", action="store_true", help="also measure the deprecated ?page=N")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: run `bash scripts/system_packages.sh bench` (installs Debian's wrk)")

    with open(os.devnull, "w") as quiet:
        call_command("migrate", verbosity=0, stdout=quiet)
        call_command("load_catalogue", verbosity=0, stdout=quiet)
    assessment, user = scored_assessment()
    run = latest_run(assessment)
    rows = OptionScore.objects.filter(run=run).count()
    AuthToken.objects.filter(user=user).delete()
    _, token = AuthToken.objects.create(user=user)
    with connection.cursor() as cursor:
        # Fresh statistics, as autovacuum keeps them on a live database: just after the rows were written the
        # planner knows nothing of them and reads every row of the run for any page.
        cursor.execute("ANALYZE")

    base = f"http://127.0.0.1:{args.port}"
    scores = f"{base}/api/v1/assessments/{assessment.pk}/scores/?page_size=100"
    scores += f"&{args.scores_query}" if args.scores_query else ""
    first_row = (args.deep_page - 1) * 100 + 1
    deep_name = f"scores rows {first_row:,}–{first_row + 99:,}"
    endpoints = {"bare DRF (constant)": f"{base}/bench/constant/", "scores first page": scores}
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "benchmarks.bench_settings", "CONN_MAX_AGE": str(args.conn_max_age),
           "PYTHONWARNINGS": "ignore:No directory at"}  # fmt: skip
    # gunicorn reads the project's gunicorn.conf.py (the production settings, e.g. its access log); the command
    # line sets the port, the workers, a timeout long enough for a cold worker on a busy machine, and no worker
    # recycling (a fresh worker's imports would land in whichever endpoint's round it happened in).
    command = [sys.executable, "-m", "gunicorn", "outsourcing.wsgi:application", "--workers", str(args.workers),
               "--bind", f"127.0.0.1:{args.port}", "--timeout", "120", "--max-requests", "0"]  # fmt: skip
    log = tempfile.NamedTemporaryFile("w", prefix="bench_api_gunicorn_", suffix=".log", delete=False)  # noqa: SIM115
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)  # noqa: S603 - fixed command
    try:
        wait_until_up(f"{base}/healthz")
        endpoints[deep_name] = deep_page_url(scores, token, args.deep_page)
        if args.numbered_page:
            endpoints[f"{deep_name}, ?page={args.deep_page}"] = f"{scores}&page={args.deep_page}"
        sizes = {}
        for name, url in endpoints.items():
            status, body = fetch(url, token)
            if status != 200:
                raise SystemExit(f"{name}: HTTP {status}")
            sizes[name] = len(body)
            run_wrk(url, token, seconds=3, connections=args.connections)  # warm every worker
        load_before = os.getloadavg()
        results = {name: [] for name in endpoints}
        for _ in range(args.rounds):
            for name, url in endpoints.items():
                results[name].append(run_wrk(url, token, seconds=args.seconds, connections=args.connections,
                                             master=server.pid))  # fmt: skip
        load_after = os.getloadavg()
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()

    print(f"gunicorn {args.workers} sync workers (log: {log.name}), PostgreSQL, CONN_MAX_AGE={args.conn_max_age}; "
          f"wrk 1 thread, {args.connections} connections, {args.rounds} × {args.seconds} s rounds per endpoint, "
          f"alternating")  # fmt: skip
    print(f"assessment {assessment.pk}: {FUNCTIONS} functions, {rows} score rows; "
          f"load average {load_before[0]:.2f} before, {load_after[0]:.2f} after")  # fmt: skip
    width = max(len(name) for name in results)
    print(f"{'endpoint':<{width}} {'bytes':>8} {'req/s (median)':>15} {'p50 ms':>8} {'p99 ms':>8} {'CPU ms/req':>10} "
          f"{'errors':>7}  rounds req/s")  # fmt: skip
    medians, cpu = {}, {}
    for name, rounds in results.items():
        medians[name] = statistics.median(r["rps"] for r in rounds)
        cpu[name] = statistics.median(r["cpu_ms"] for r in rounds)
        p50, p99 = (statistics.median(r[p] for r in rounds) for p in ("p50", "p99"))
        each = " / ".join(format(r["rps"], ".0f") for r in rounds)
        print(f"{name:<{width}} {sizes[name]:>8} {medians[name]:>15.1f} {p50:>8.1f} {p99:>8.1f} {cpu[name]:>10.2f} "
              f"{sum(r['errors'] for r in rounds):>7}  {each}")  # fmt: skip
    bare = next(iter(medians))
    goals = {"scores first page": 0.8, deep_name: 0.6}
    for name in list(medians)[1:]:
        goal = f"; goal at least {goals[name]:.0%}" if name in goals else ""
        server = "workers + PostgreSQL backends" if args.conn_max_age else "workers"
        print(f"{name} / bare: {medians[name] / medians[bare]:.0%} by requests/s, {cpu[bare] / cpu[name]:.0%} by "
              f"server CPU per request ({server}){goal}")  # fmt: skip


def deep_page_url(first_page: str, token: str, page: int) -> str:
    """The URL of page `page`, found as a client finds it: following `next` from the first page."""
    url = first_page
    for _ in range(page - 1):
        status, body = fetch(url, token)
        url = json.loads(body)["next"] if status == 200 else None
        if not url:
            raise SystemExit(f"The scores listing has fewer than {page} pages")
    return url


if __name__ == "__main__":
    main()
