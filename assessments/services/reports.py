"""Report downloads: which are made at once and which by a ReportRun task, and the runs themselves.

The rule (`made_in_background`): a format whose exporter says `background = True` (the PDF,
which lays out and draws charts) always goes through a ReportRun; any other format is made in
the request unless the assessment has more than SYNC_MAX_FUNCTIONS functions (an Excel file of
50 functions holds ~9,000 score rows). The CSV is a plain dump and is always sent at once.
"""

import hashlib
import json
from dataclasses import dataclass

from assessments.models import Assessment, ReportRun, TcoRun
from assessments.pdf_engine.parallel import PdfRenderError
from assessments.reports.chart_images import ChartRenderError
from assessments.reports.data import LANGUAGES, NothingToReport, report_data
from assessments.reports.registry import get_exporter, render_report, report_filename
from assessments.selectors.portfolio import chosen_source
from assessments.selectors.results import latest_run
from assessments.services import runs
from assessments.services.run_kinds import REPORT_RUNS

SYNC_MAX_FUNCTIONS = 25
ALWAYS_DIRECT = {"csv"}
# Finished files kept per assessment, format and language; older ones are deleted when a new one is stored
# (a file is a few MB, and every change of weights or assumptions makes a new one).
KEEP_FINISHED = 3
# Of a report's progress bar, the share its data (scores, TCO tables) takes before the exporter starts.
DATA_SHARE = 0.4


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


def report_render(*, assessment: Assessment, code: str, language: str) -> tuple[bytes, str, str]:
    """(file bytes, filename, content type), made in this process. Raises NothingToReport before scoring."""
    exporter = get_exporter(code)
    report = report_data(assessment, language=check_language(language))
    return render_report(report, code), report_filename(report, exporter), exporter.content_type


def report_inputs(*, assessment: Assessment, code: str, language: str) -> dict:
    """What a report is made from; the same dict means the same file can be served again.

    The portfolio plan the report shows is part of it (the saved plan's id and edit time, else the solved run's
    id): saving a new plan, or solving one when none is saved, makes a new report."""
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
            "scoring_hash": scoring.inputs_hash, "tco_run": tco, "portfolio": chosen_source(assessment)}  # fmt: skip


def _digest(inputs: dict) -> str:
    return hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest()


def _request(assessment: Assessment, code: str, language: str, user) -> runs.Requested:
    get_exporter(code)
    check_language(language)
    inputs = report_inputs(assessment=assessment, code=code, language=language)
    return runs.run_request(REPORT_RUNS, owner=assessment, inputs=inputs, digest=_digest(inputs), user=user,
                            format=code, language=language)  # fmt: skip


def report_run_request(*, assessment: Assessment, code: str, language: str, user=None) -> ReportRun:
    """The run for these inputs: a stored one when nothing changed, else a new run queued after commit.

    Raises UnknownFormat, ValueError (language) or NothingToReport. With the broker down the run stays
    queued, noted, and is sent by the scheduler's sweep (the same outage policy as every run).
    """
    return _request(assessment, code, language, user).run


def report_run_start(*, assessment: Assessment, code: str, language: str, user=None) -> runs.Requested:
    """Someone asked for a report: the run, re-read after commit. Raises QueueUnavailable when it waits for the
    broker (it is saved and starts by itself). Call outside a transaction."""
    return runs.run_start(REPORT_RUNS, _request(assessment, code, language, user))


@dataclass(frozen=True)
class Download:
    """What a download request gets: the file (bytes, filename, content type), or the run still making it."""

    file: tuple[bytes, str, str] | None = None
    run: ReportRun | None = None


def report_download(*, assessment: Assessment, code: str, language: str, user=None) -> Download:
    """A download asked for on a page or over the API: the file when it is made at once or already made,
    else the background run making it (the caller answers 202 and points at it).

    Raises UnknownFormat, ValueError (language), NothingToReport, or QueueUnavailable (the run is saved and
    starts by itself when the broker is back). Call outside a transaction.
    """
    if not made_in_background(assessment=assessment, code=code):
        return Download(file=report_render(assessment=assessment, code=code, language=language))
    run = report_run_start(assessment=assessment, code=code, language=language, user=user).run
    if run.status != ReportRun.Status.SUCCEEDED:
        return Download(run=run)
    stored = ReportRun.objects.only("content", "filename", "content_type").get(pk=run.pk)
    return Download(file=(stored.content, stored.filename, stored.content_type))


def _make(run: ReportRun, progress) -> dict:
    try:
        exporter = get_exporter(run.format)
        report = report_data(run.assessment, language=run.language)
        progress(DATA_SHARE)
        content = render_report(report, run.format, progress=lambda share: progress(DATA_SHARE + (1 - DATA_SHARE)
                                                                                    * share))  # fmt: skip
    except (NothingToReport, ValueError) as exc:  # permanent: retrying cannot help
        raise runs.RunFailed(str(exc)) from exc
    except (ChartRenderError, PdfRenderError) as exc:  # reported at once, not left "running" until the sweep
        raise runs.RunFailed(f"The report could not be made: {exc}") from exc
    return {"content": content, "size_bytes": len(content), "filename": report_filename(report, exporter),
            "content_type": exporter.content_type}  # fmt: skip


def report_run_execute(*, run_id: int, redelivered: bool = False) -> None:
    """Make the run's file and store it once. Safe to call again for the same id (services/runs.py)."""
    run = runs.run_execute(REPORT_RUNS, run_id=run_id, redelivered=redelivered, work=_make)
    if run is not None:
        _prune(run)


def _prune(run: ReportRun) -> None:
    same = ReportRun.objects.filter(assessment_id=run.assessment_id, format=run.format, language=run.language,
                                    status=ReportRun.Status.SUCCEEDED)  # fmt: skip
    keep = list(same.order_by("-finished_at", "-id").values_list("pk", flat=True)[:KEEP_FINISHED])
    same.exclude(pk__in=keep).delete()


def report_runs_fail_stale() -> int:
    """Runs still "running" past REPORT_STALE_AFTER_SECONDS become failed (the sweep's last resort)."""
    return runs.runs_fail_stale(REPORT_RUNS)
