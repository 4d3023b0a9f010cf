"""The kinds of background run and the names of the tasks that compute them.

Services send tasks by these names (services/queueing.py) and never import assessments/tasks.py; the
tasks are registered under the same names there. The recovery sweep goes through KINDS, so a new kind
(e.g. a portfolio optimisation) is swept as soon as it is listed here.
"""

from assessments.models import ReportRun, TcoRun
from assessments.services.runs import RunKind

TCO_RUNS = RunKind(
    name="tco", model=TcoRun, task="assessments.run_tco", stale_after_setting="TCO_STALE_AFTER_SECONDS",
    stale_reason="The run stopped responding and passed its time limit. Start it again.",
    duration_field="compute_ms",
)  # fmt: skip
REPORT_RUNS = RunKind(
    name="reports", model=ReportRun, task="assessments.run_report", stale_after_setting="REPORT_STALE_AFTER_SECONDS",
    stale_reason="The report stopped responding and passed its time limit. Start it again.",
    duration_field="render_ms", deferred=("content",),
)  # fmt: skip
KINDS = (TCO_RUNS, REPORT_RUNS)

PREPARE_REPORT_CHARTS_TASK = "assessments.prepare_report_charts"
RECOVER_RUNS_TASK = "assessments.recover_runs"
