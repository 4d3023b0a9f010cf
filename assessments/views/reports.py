"""Report downloads on the site: a page listing the formats, direct downloads, background runs with progress.

Anyone who may see the assessment (viewers included) may download its reports: a report only
shows what the results pages already show. The rule for what is made in the background is in
assessments/services/reports.py.
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from assessments.models import ReportRun
from assessments.reports.data import LANGUAGES, NothingToReport
from assessments.reports.downloads import file_response
from assessments.reports.registry import UnknownFormat, exporters, get_exporter
from assessments.selectors.assessments import assessment_for
from assessments.selectors.results import latest_run
from assessments.selectors.scoping import get_scoped_or_404
from assessments.services import reports as services
from assessments.services.queueing import QueueUnavailable
from outsourcing.language import page_language


def _page(request, assessment, *, error: str = "", status: int = 200, run: ReportRun | None = None,
          language: str | None = None):  # fmt: skip
    language = language if language in LANGUAGES else page_language()
    runs = list(ReportRun.objects.filter(assessment=assessment).defer("content")[:10])
    order = {"pdf": 0, "xlsx": 1, "csv": 2}  # the board report first; formats added later go last
    formats = [{"exporter": e, "background": services.made_in_background(assessment=assessment, code=e.code)}
               for e in sorted(exporters(), key=lambda e: (order.get(e.code, 9), e.code))]  # fmt: skip
    context = {"assessment": assessment, "formats": formats, "language": language, "runs": runs, "error": error,
               "scored": latest_run(assessment) is not None, "run": run, "languages": LANGUAGES}  # fmt: skip
    return render(request, "assessments/reports.html", context, status=status)


def _parameters(request, source) -> tuple[str, str]:
    """(format code, language) from a query or form; ValueError naming the parameter otherwise."""
    code = source.get("format", "")
    try:
        get_exporter(code)
    except UnknownFormat as exc:
        raise ValueError(_("format: %(error)s") % {"error": exc}) from exc
    language = source.get("lang") or page_language()
    services.check_language(language)
    return code, language


@login_required
@require_GET
def page(request, pk):
    return _page(request, assessment_for(request.user, pk), language=request.GET.get("lang"))


@login_required
@require_GET
def download(request, pk, fmt):
    """A direct download (?lang=en|ko). A background format is served only once made; otherwise back to the page."""
    assessment = assessment_for(request.user, pk)
    try:
        code, language = _parameters(request, {"format": fmt, "lang": request.GET.get("lang", "")})
        answer = services.report_download(assessment=assessment, code=code, language=language, user=request.user)
    except ValueError as exc:
        return _page(request, assessment, error=str(exc), status=400)
    except NothingToReport as exc:
        return _page(request, assessment, error=str(exc), status=409)
    except QueueUnavailable as waiting:
        return _page(request, assessment, run=waiting.run, language=language, status=503)
    if answer.run is not None:
        return _page(request, assessment, run=answer.run, language=language, status=202)
    return file_response(*answer.file)


@login_required
@require_POST
def start(request, pk):
    assessment = assessment_for(request.user, pk)
    status = 200
    try:
        code, language = _parameters(request, request.POST)
        requested = services.report_run_start(assessment=assessment, code=code, language=language, user=request.user)
        run, unchanged = requested.run, not requested.created
    except ValueError as exc:
        return _page(request, assessment, error=str(exc), status=400)
    except NothingToReport as exc:
        return _page(request, assessment, error=str(exc), status=409)
    except QueueUnavailable as waiting:  # saved: the sweep sends it when the queue is back; the page says so
        run, unchanged, status = waiting.run, False, 503
    if request.htmx:
        return render(request, "assessments/_report_run.html", {"assessment": assessment, "run": run,
                                                                 "unchanged": unchanged}, status=status)  # fmt: skip
    if status != 200:
        return _page(request, assessment, run=run, language=language, status=status)
    return redirect(f"{reverse('assessments:reports', args=[pk])}?lang={language}")


@login_required
@require_GET
def status(request, pk, run_pk):
    """The polled status of a run. Never sweeps: stuck runs are the scheduler's (services/runs.py)."""
    assessment = assessment_for(request.user, pk)
    run = get_scoped_or_404(ReportRun.objects.filter(assessment=assessment).defer("content"), request.user, pk=run_pk)
    return render(request, "assessments/_report_run.html", {"assessment": assessment, "run": run})


@login_required
@require_GET
def run_download(request, pk, run_pk):
    assessment = assessment_for(request.user, pk)
    run = get_scoped_or_404(ReportRun.objects.filter(assessment=assessment), request.user, pk=run_pk)
    if run.status != ReportRun.Status.SUCCEEDED:
        return _page(request, assessment, run=run, status=409,
                     error=_("This report is not ready yet (%(status)s).") % {"status": run.get_status_display()})
    return file_response(run.content, run.filename, run.content_type)
