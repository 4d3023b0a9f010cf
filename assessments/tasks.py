"""Celery tasks. Each takes an id, re-reads its row and is safe to run twice."""

import logging

from celery.exceptions import SoftTimeLimitExceeded
from celery.signals import worker_init, worker_process_init
from django.conf import settings
from django.db import InterfaceError, OperationalError

from outsourcing.celery import app

logger = logging.getLogger(__name__)


@worker_init.connect
def warm_up_tco_kernel(**_) -> None:
    """Compile (or load from numba's cache) the Monte Carlo kernel once, before the pool forks.

    Otherwise the first run in every worker process would pay for it: 12-25 s to compile on a
    machine's first start, about a second to import numba and load the cached code after that.
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


@app.task(
    bind=True,
    name="assessments.run_tco",
    acks_late=True,
    reject_on_worker_lost=True,  # a killed worker's message goes back to the queue and runs again
    autoretry_for=(OperationalError, InterfaceError),  # database hiccups are transient
    retry_backoff=2,
    retry_backoff_max=60,
    max_retries=3,
    soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT,
    time_limit=settings.CELERY_TASK_TIME_LIMIT,
)
def run_tco(self, run_id: int) -> None:
    from assessments.services.tco import tco_run_execute, tco_run_mark_failed

    # Redelivered (its worker died) or retrying: a run left "running" is ours to take over.
    redelivered = bool((self.request.delivery_info or {}).get("redelivered")) or bool(self.request.retries)
    try:
        tco_run_execute(run_id=run_id, redelivered=redelivered)
    except SoftTimeLimitExceeded:
        tco_run_mark_failed(run_id=run_id, reason="The run took longer than its time limit and was stopped.")


@app.task(
    bind=True,
    name="assessments.run_report",
    acks_late=True,
    reject_on_worker_lost=True,  # a killed worker's message goes back to the queue and runs again
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=2,
    retry_backoff_max=60,
    max_retries=3,
    soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT,
    time_limit=settings.CELERY_TASK_TIME_LIMIT,
)
def run_report(self, run_id: int) -> None:
    from assessments.services.reports import report_run_execute, report_run_mark_failed

    try:
        report_run_execute(run_id=run_id)
    except SoftTimeLimitExceeded:
        report_run_mark_failed(run_id=run_id, reason="The report took longer than its time limit and was stopped.")


@app.task(
    name="assessments.prepare_report_charts",
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


@app.task(name="assessments.recover_runs", acks_late=True, ignore_result=True)
def recover_runs() -> dict:
    """Sent by celery beat (CELERY_BEAT_SCHEDULE): re-queue waiting or lost runs, fail stuck ones."""
    from assessments.services.recovery import background_runs_recover

    return background_runs_recover()
