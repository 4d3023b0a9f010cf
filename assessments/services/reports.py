"""Report downloads: which are made at once and which by a ReportRun task, and the runs themselves.

The rule (`made_in_background`): a format whose exporter says `background = True` (the PDF,
which lays out and draws charts) always goes through a ReportRun; any other format is made in
the request unless the assessment has more than SYNC_MAX_FUNCTIONS functions (an Excel file of
50 functions holds ~9,000 score rows). The CSV is a plain dump and is always sent at once.
"""

import hashlib
import json
import logging
import time
from datetime import timedelta

from django.conf import settings
from django.db import InterfaceError, OperationalError, transaction
from django.utils import timezone

from assessments.models import Assessment, ReportRun, TcoRun
from assessments.pdf_engine.parallel import PdfRenderError
from assessments.reports.chart_images import ChartRenderError
from assessments.reports.data import LANGUAGES, NothingToReport, report_data
from assessments.reports.registry import get_exporter, render_report, report_filename
from assessments.selectors.results import latest_run
from assessments.services import queueing

logger = logging.getLogger(__name__)

SYNC_MAX_FUNCTIONS = 25
ALWAYS_DIRECT = {"csv"}
# Finished files kept per assessment, format and language; older ones are deleted when a new one is stored
# (a file is a few MB, and every change of weights or assumptions makes a new one).
KEEP_FINISHED = 3


class ReportQueueUnavailable(Exception):
    """The task queue could not be reached, so the report was not started (and nothing was saved)."""


def check_language(language: str) -> str:
    if language not in LANGUAGES:
        raise ValueError(f"lang: '{language}' is not a report language. Use one of: {', '.join(LANGUAGES)}.")
    return language


def made_in_background(*, assessment: Assessment, code: str) -> bool:
    exporter = get_exporter(code)
    if exporter.background:
        return True
    if code in ALWAYS_DIRECT:
        return False
    return assessment.functions.count() > SYNC_MAX_FUNCTIONS


def render_now(*, assessment: Assessment, code: str, language: str) -> tuple[bytes, str, str]:
    """(file bytes, filename, content type), made in this process. Raises NothingToReport before scoring."""
    exporter = get_exporter(code)
    report = report_data(assessment, language=check_language(language))
    return render_report(report, code), report_filename(report, exporter), exporter.content_type


def report_inputs(*, assessment: Assessment, code: str, language: str) -> dict:
    """What a report is made from; the same dict means the same file can be served again."""
    scoring = latest_run(assessment)
    if scoring is None:
        raise NothingToReport("This assessment has no scores yet: submit it first.")
    tco = (
        TcoRun.objects.filter(assessment=assessment, status=TcoRun.Status.SUCCEEDED)
        .values_list("pk", flat=True)
        .first()
    )
    return {"format": code, "format_version": get_exporter(code).version, "language": language,
            "assessment_updated_at": assessment.updated_at.isoformat(), "scoring_run": scoring.pk,
            "scoring_hash": scoring.inputs_hash, "tco_run": tco}  # fmt: skip


def _digest(inputs: dict) -> str:
    return hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest()


def enqueue_report_run(run_id: int) -> None:
    """Queue one report run. The only place a report task is sent, so outage handling applies in one place.

    When the broker cannot be reached the run is deleted (nothing half-made stays behind) and
    ReportQueueUnavailable is raised to the caller, which answers 503 / shows the message.
    """
    from assessments.tasks import run_report

    try:
        run_report.delay(run_id)
    except queueing.BROKER_ERRORS as exc:  # only a broker failure: a report that crashes in-process is not an outage
        logger.warning("Report run %s could not be queued: %s", run_id, exc)
        ReportRun.objects.filter(pk=run_id, status=ReportRun.Status.QUEUED).delete()
        raise ReportQueueUnavailable(
            "The task queue could not be reached, so the report was not started. Try again in a moment."
        ) from exc


def report_run_request(*, assessment: Assessment, code: str, language: str, user=None) -> ReportRun:
    """The run for these inputs: a stored one when nothing changed, else a new run queued after commit.

    Raises UnknownFormat, ValueError (language), NothingToReport, or ReportQueueUnavailable (when the
    outermost transaction commits and the queue is down).
    """
    get_exporter(code)
    check_language(language)
    with transaction.atomic():
        inputs = report_inputs(assessment=assessment, code=code, language=language)
        digest = _digest(inputs)
        existing = (
            ReportRun.objects.filter(assessment=assessment, inputs_hash=digest)
            .exclude(status=ReportRun.Status.FAILED)
            .defer("content")
            .first()
        )
        if existing:
            return existing
        run = ReportRun.objects.create(
            assessment=assessment, format=code, language=language, inputs=inputs, inputs_hash=digest,
            created_by=user if getattr(user, "is_authenticated", False) else None,
        )  # fmt: skip
        transaction.on_commit(lambda: enqueue_report_run(run.pk))
    return run


def _progress(run_id: int, value: int) -> None:
    ReportRun.objects.filter(pk=run_id, status=ReportRun.Status.RUNNING).update(progress=value)


def _progress_reporter(run_id: int, *, start: int):
    """progress(share) for an exporter: the run's bar from `start` to 99, a write per whole percent at most."""
    shown = {"value": start}

    def report(share: float) -> None:
        value = min(99, start + int((100 - start) * share))
        if value > shown["value"]:
            shown["value"] = value
            _progress(run_id, value)

    return report


def _fail(run_id: int, reason: str) -> None:
    ReportRun.objects.filter(pk=run_id).exclude(status=ReportRun.Status.SUCCEEDED).update(
        status=ReportRun.Status.FAILED, error=reason, finished_at=timezone.now())  # fmt: skip


def report_run_execute(*, run_id: int) -> None:
    """Make the run's file and store it once. Safe to call again for the same id (a redelivered message)."""
    with transaction.atomic():
        run = ReportRun.objects.select_for_update().defer("content").filter(pk=run_id).first()
        if run is None or run.status == ReportRun.Status.SUCCEEDED:
            return
        run.status, run.started_at, run.attempts = ReportRun.Status.RUNNING, timezone.now(), run.attempts + 1
        run.error = ""
        run.save(update_fields=["status", "started_at", "attempts", "error"])
    started = time.perf_counter()
    try:
        exporter = get_exporter(run.format)
        report = report_data(run.assessment, language=run.language)
        _progress(run_id, 40)
        content = render_report(report, run.format, progress=_progress_reporter(run_id, start=40))
    except (NothingToReport, ValueError) as exc:  # permanent: retrying cannot help
        _fail(run_id, str(exc))
        return
    except (ChartRenderError, PdfRenderError) as exc:  # reported at once, not left "running" until the sweep
        logger.warning("Report run %s failed: %s", run_id, exc)
        _fail(run_id, f"The report could not be made: {exc}")
        return
    except (OperationalError, InterfaceError):
        raise  # the database blinked: the task retries (assessments/tasks.py)
    except Exception:
        # A bug: the run says so at once instead of staying "running" until the stale sweep; the worker logs it.
        _fail(run_id, "The report could not be made because of an unexpected error. It has been logged.")
        raise
    ReportRun.objects.filter(pk=run_id).exclude(status=ReportRun.Status.SUCCEEDED).update(
        status=ReportRun.Status.SUCCEEDED, content=content, size_bytes=len(content), progress=100,
        filename=report_filename(report, exporter), content_type=exporter.content_type,
        finished_at=timezone.now(), render_ms=(time.perf_counter() - started) * 1000,
    )  # fmt: skip
    _prune(run)


def _prune(run: ReportRun) -> None:
    same = ReportRun.objects.filter(assessment_id=run.assessment_id, format=run.format, language=run.language,
                                    status=ReportRun.Status.SUCCEEDED)  # fmt: skip
    keep = list(same.order_by("-finished_at", "-id").values_list("pk", flat=True)[:KEEP_FINISHED])
    same.exclude(pk__in=keep).delete()


def report_run_mark_failed(*, run_id: int, reason: str) -> None:
    _fail(run_id, reason)


def report_runs_fail_stale() -> int:
    """Runs stuck in "running" past the task time limit (their worker died for good) become failed."""
    cutoff = timezone.now() - timedelta(seconds=settings.TCO_STALE_AFTER_SECONDS)
    return ReportRun.objects.filter(status=ReportRun.Status.RUNNING, started_at__lt=cutoff).update(
        status=ReportRun.Status.FAILED, finished_at=timezone.now(),
        error="The report stopped responding (its worker was lost) and passed its time limit. Start it again.",
    )  # fmt: skip
