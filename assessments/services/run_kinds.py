"""The kinds of background run. The recovery sweep goes through KINDS, so a new kind (e.g. a portfolio
optimisation) is swept as soon as it is listed here (services/runs.py says what else a kind needs)."""

from assessments.models import PortfolioRun, ReportRun, TcoRun
from assessments.services.runs import RunKind
from assessments.services.task_names import RUN_PORTFOLIO_TASK, RUN_REPORT_TASK, RUN_TCO_TASK

TCO_RUNS = RunKind(
    name="tco", model=TcoRun, task=RUN_TCO_TASK, stale_after_setting="TCO_STALE_AFTER_SECONDS",
    stale_reason="The run stopped responding and passed its time limit. Start it again.",
    duration_field="compute_ms",
)  # fmt: skip
REPORT_RUNS = RunKind(
    name="reports", model=ReportRun, task=RUN_REPORT_TASK, stale_after_setting="REPORT_STALE_AFTER_SECONDS",
    stale_reason="The report stopped responding and passed its time limit. Start it again.",
    duration_field="render_ms", deferred=("content",),
)  # fmt: skip
PORTFOLIO_RUNS = RunKind(
    name="portfolio", model=PortfolioRun, task=RUN_PORTFOLIO_TASK, stale_after_setting="PORTFOLIO_STALE_AFTER_SECONDS",
    stale_reason="The portfolio optimisation stopped responding and passed its time limit. Start it again.",
    duration_field="compute_ms",
)  # fmt: skip
KINDS = (TCO_RUNS, REPORT_RUNS, PORTFOLIO_RUNS)
