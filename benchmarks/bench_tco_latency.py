"""End-to-end TCO job latency through Redis and a real worker: enqueue -> result stored, against compute time.

Needs PostgreSQL and Redis; starts and stops its own worker. Example:

    createdb -h 127.0.0.1 -U postgres oso_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/oso_bench CELERY_BROKER_URL=redis://127.0.0.1:6379/14 \
        SECRET_KEY=bench .venv/bin/python benchmarks/bench_tco_latency.py --runs 20
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "outsourcing.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402

from assessments.models import Assessment, TcoRun  # noqa: E402
from assessments.selectors.results import latest_run  # noqa: E402
from assessments.selectors.tco_inputs import inputs_digest, tco_inputs  # noqa: E402
from assessments.services.demo import demo_setup  # noqa: E402
from assessments.services.run_kinds import TCO_RUNS  # noqa: E402
from assessments.services.runs import run_send  # noqa: E402
from outsourcing.celery import app  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--draws", type=int, default=10_000)
    args = parser.parse_args()
    with open(os.devnull, "w") as quiet:
        call_command("migrate", verbosity=0, stdout=quiet)
        call_command("load_catalogue", verbosity=0, stdout=quiet)
    demo_setup()
    assessment = Assessment.objects.order_by("pk").first()
    scoring_run = latest_run(assessment)
    command = [sys.executable, "-m", "celery", "-A", "outsourcing", "worker", "-c", "2", "-l", "WARNING",
               "--without-gossip", "--without-mingle", "-n", "bench@%h"]  # fmt: skip
    worker = subprocess.Popen(command, cwd=ROOT)  # noqa: S603 - our own fixed command line
    try:
        while not app.control.ping(timeout=1.0):
            time.sleep(0.2)
        latencies, computes, queued, storing = [], [], [], []
        for i in range(args.runs + 2):
            inputs = tco_inputs(assessment, scoring_run=scoring_run)
            inputs["draws"], inputs["seed"] = args.draws, 1000 + i  # a fresh run each time, never a reused result
            with transaction.atomic():
                run = TcoRun.objects.create(assessment=assessment, inputs=inputs, inputs_hash=inputs_digest(inputs))
            started = time.perf_counter()
            run_send(TCO_RUNS, run.pk)
            while TcoRun.objects.filter(pk=run.pk, status=TcoRun.Status.SUCCEEDED).values_list("compute_ms", flat=True).first() is None:  # noqa: E501
                time.sleep(0.002)
            elapsed = (time.perf_counter() - started) * 1000
            stored = TcoRun.objects.get(pk=run.pk)
            if i >= 2:  # the first runs warm the worker's imports
                latencies.append(elapsed)
                computes.append(stored.compute_ms)
                queued.append((stored.started_at - stored.created_at).total_seconds() * 1000)
                storing.append((stored.finished_at - stored.started_at).total_seconds() * 1000 - stored.compute_ms)
        overheads = [lat - comp for lat, comp in zip(latencies, computes, strict=True)]
        pairs = len(inputs["pairs"])
        print(f"TCO job latency over {args.runs} runs, {pairs} function-option pairs, {args.draws} draws, "
              f"{assessment.horizon_years} years")  # fmt: skip
        print(f"  compute (in the worker), median: {statistics.median(computes):8.1f} ms")
        print(f"  enqueue -> stored, median:       {statistics.median(latencies):8.1f} ms")
        print(f"  overhead, median / max:          {statistics.median(overheads):8.1f} / {max(overheads):.1f} ms")
        print(f"    of which created -> worker started, median: {statistics.median(queued):8.1f} ms")
        print(f"    of which start/store around compute, median: {statistics.median(storing):8.1f} ms")
    finally:
        worker.terminate()
        worker.wait(timeout=30)


if __name__ == "__main__":
    main()
