"""The names of the Celery tasks. Services send tasks by these names (services/queueing.py) and never import
assessments/tasks.py, which registers each task under the same name: the import graph stays one way."""

RUN_TCO_TASK = "assessments.run_tco"
RUN_REPORT_TASK = "assessments.run_report"
RUN_PORTFOLIO_TASK = "assessments.run_portfolio"
PREPARE_REPORT_CHARTS_TASK = "assessments.prepare_report_charts"
RECOVER_RUNS_TASK = "assessments.recover_runs"
