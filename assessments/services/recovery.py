"""The scheduler's sweep over background runs: celery beat sends `recover_runs` every RUNS_RECOVERY_INTERVAL s
(without a broker, this process's sweeper thread does: services/in_process.py). Page views never sweep.

For every kind of run (run_kinds.KINDS): one whose worker stopped is started again, one whose message never
reached Redis or was lost with it is sent again, one running past its kind's time limit is marked failed with
the reason and can be started again (services/runs.py).
"""

import logging

from assessments.services import runs
from assessments.services.run_kinds import KINDS

logger = logging.getLogger(__name__)


def background_runs_recover() -> dict[str, int]:
    counts: dict[str, int] = {}
    for kind in KINDS:
        counts.update(runs.runs_recover(kind))
    if any(counts.values()):
        logger.info("Background runs recovered: %s", counts)
    return counts
