"""The scheduler's sweep over background runs (celery beat sends `recover_runs` every RUNS_RECOVERY_INTERVAL s).

Between them, page views and this sweep make every run end: one whose message never reached Redis,
or was lost with it, is sent again; one stuck in "running" after its worker died (and no
redelivery came) is marked failed with the reason, and can be started again.
"""

import logging

from assessments.models import ReportRun
from assessments.services import queueing
from assessments.services.reports import report_runs_fail_stale
from assessments.services.tco import tco_runs_fail_stale, tco_runs_requeue

logger = logging.getLogger(__name__)


def background_runs_recover() -> dict[str, int]:
    from assessments.tasks import run_report

    counts = {
        "tco_failed_stale": tco_runs_fail_stale(),
        "tco_requeued": tco_runs_requeue(),
        "reports_failed_stale": report_runs_fail_stale(),
        "reports_requeued": queueing.requeue(run_report, ReportRun),
    }
    if any(counts.values()):
        logger.info("Background runs recovered: %s", counts)
    return counts

