"""Celery tasks. Each takes an id, re-reads its row and is safe to run twice.

The tasks import the services, never the other way round: services send tasks by name
(services/queueing.py, names in services/task_names.py). Heavy services are imported inside the tasks,
so beat and a worker's start-up do not load WeasyPrint or plotly.
"""

import logging

from celery.exceptions import SoftTimeLimitExceeded
from celery.signals import worker_init, worker_process_init
from django.conf import settings
from django.db import InterfaceError, OperationalError

from assessments.services.task_names import (
    PREPARE_REPORT_CHARTS_TASK,
    RECOVER_RUNS_TASK,
    RUN_PORTFOLIO_TASK,
    RUN_REPORT_TASK,
    RUN_TCO_TASK,
)
from outsourcing.celery import app

logger = logging.getLogger(__name__)


@worker_init.connect
def warm_up_tco_kernel(**_) -> None:
    """Compile (or load from numba's cache) the Monte Carlo kernel once, before the pool forks.

    Otherwise the first run in every worker process would pay for it: compiling on a machine's first
    start, importing numba and loading the cached code after that (docs/benchmarks.md, "Figures behind
    code comments").
    """
    from assessments.domain.tco_draw_kernel import warm_up

    warm_up()


@worker_process_init.connect
def warm_up_pdf_renderer(**_) -> None:
    """Start this pool process's PDF forkserver (WeasyPrint imported, fonts loaded) before the first report.

    Per pool process, after the fork: a forkserver started before the pool forked would be shared by
    processes that are not its parent's children, which multiprocessing does not support. About a second
    of start-up in the background, instead of in the first PDF's wait.
    """
    from assessments.pdf_engine.parallel import warm_up

    warm_up()


# A run's task: acknowledged only when done, so a killed worker's message comes back; database hiccups retry.
RUN_TASK_OPTIONS = {
    "bind": True,
    "acks_late": True,
    "reject_on_worker_lost": True,  # a killed child's message goes back to the queue and runs again
    "autoretry_for": (OperationalError, InterfaceError),  # database hiccups are transient
    "retry_backoff": 2,
    "retry_backoff_max": 60,
    "max_retries": 3,
    "soft_time_limit": settings.CELERY_TASK_SOFT_TIME_LIMIT,  # the run fails with the reason (services/runs.py)
    "time_limit": settings.CELERY_TASK_TIME_LIMIT,
}


def _redelivered(task) -> bool:
    """Redelivered (its worker died) or retrying: a run left "running" may be ours to take over."""
    return bool((task.request.delivery_info or {}).get("redelivered")) or bool(task.request.retries)


@app.task(name=RUN_TCO_TASK, **RUN_TASK_OPTIONS)
def run_tco(self, run_id: int) -> None:
    from assessments.services.tco import tco_run_execute

    tco_run_execute(run_id=run_id, redelivered=_redelivered(self))


@app.task(name=RUN_REPORT_TASK, **RUN_TASK_OPTIONS)
def run_report(self, run_id: int) -> None:
    from assessments.services.reports import report_run_execute

    report_run_execute(run_id=run_id, redelivered=_redelivered(self))


@app.task(name=RUN_PORTFOLIO_TASK, **RUN_TASK_OPTIONS)
def run_portfolio(self, run_id: int) -> None:
    from assessments.services.portfolio import portfolio_run_execute

    portfolio_run_execute(run_id=run_id, redelivered=_redelivered(self))


@app.task(
    name=PREPARE_REPORT_CHARTS_TASK,
    acks_late=True,
    ignore_result=True,
    soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT,
    time_limit=settings.CELERY_TASK_TIME_LIMIT,
)
def prepare_report_charts(assessment_id: int) -> None:
    """Draw the PDF report's charts into the shared cache after a TCO run (services/report_charts.py).

    Idempotent: what is cached is not drawn again. A failure is only logged: the PDF draws what it misses.
    """
    from assessments.reports.chart_images import ChartRenderError
    from assessments.services.report_charts import report_charts_prepare

    try:
        report_charts_prepare(assessment_id=assessment_id)
    except (ChartRenderError, SoftTimeLimitExceeded) as exc:
        logger.warning("Report charts of assessment %s not drawn ahead: %s", assessment_id, exc)


@app.task(name=RECOVER_RUNS_TASK, acks_late=True, ignore_result=True)
def recover_runs() -> dict:
    """Sent by celery beat (CELERY_BEAT_SCHEDULE): re-queue waiting or lost runs, fail stuck ones."""
    from assessments.services.recovery import background_runs_recover

    return background_runs_recover()
