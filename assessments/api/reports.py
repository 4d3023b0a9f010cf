"""Report downloads over the API.

    GET  /api/v1/assessments/{id}/report.pdf|report.xlsx|scores.csv?lang=en|ko
         200 with the file, or 202 + Location of a ReportRun while a background format is made
    POST /api/v1/assessments/{id}/reports/  {"format": "pdf", "lang": "ko"}   -> 202 + Location
    GET  /api/v1/assessments/{id}/reports/  the assessment's report runs
    GET  /api/v1/report-runs/{id}/          status, progress, error, download_url when done
    GET  /api/v1/report-runs/{id}/download/ the file

Errors: unknown format or language -> 400 naming `format` / `lang`; not scored yet -> 409;
task queue unreachable -> 503 (the run is saved and made once the queue is back, as TCO runs are);
another organisation's assessment or run -> 404.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, NotAcceptable, ValidationError
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.response import Response

from assessments.api.run_errors import RunQueueUnavailable
from assessments.models import ReportRun
from assessments.reports.data import LANGUAGES, NothingToReport
from assessments.reports.downloads import file_response
from assessments.reports.registry import UnknownFormat, exporters, get_exporter
from assessments.selectors.assessments import assessment_for
from assessments.selectors.scoping import scope_to_user
from assessments.services import queueing
from assessments.services import reports as services
from outsourcing.api.fields import StrictSerializer
from outsourcing.language import page_language


class NotScored(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "not_scored"
    default_detail = "This assessment has no scores yet: submit it first."


class NotReady(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "not_ready"
    default_detail = "The report is not made yet; try again shortly."


class AnyAcceptNegotiation(DefaultContentNegotiation):
    """A file download answers whatever the client accepts (e.g. Accept: application/pdf); errors stay JSON."""

    def select_renderer(self, request, renderers, format_suffix=None):
        try:
            return super().select_renderer(request, renderers, format_suffix)
        except NotAcceptable:
            return renderers[0], renderers[0].media_type


def _language(request, value: str | None) -> str:
    """The report language: `lang` if given (it must be one of LANGUAGES, so `?lang=` is a 400), else yours."""
    if value is None:
        return page_language()
    if value not in LANGUAGES:
        raise ValidationError({"lang": [f"'{value}' is not a report language. Use one of: {', '.join(LANGUAGES)}."]})
    return value


def _format(value) -> str:
    try:
        return get_exporter(value).code
    except UnknownFormat as exc:
        raise ValidationError({"format": [str(exc)]}) from exc


class ReportRunSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = ReportRun
        fields = ["id", "url", "download_url", "assessment", "format", "language", "status", "progress", "error",
                  "attempts", "filename", "size_bytes", "created_at", "started_at", "finished_at", "render_ms",
                  "inputs_hash"]  # fmt: skip

    def _absolute(self, path: str) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path

    def get_url(self, run) -> str:
        return self._absolute(f"/api/v1/report-runs/{run.pk}/")

    def get_download_url(self, run) -> str | None:
        if run.status != ReportRun.Status.SUCCEEDED:
            return None
        return self._absolute(f"/api/v1/report-runs/{run.pk}/download/")


class ReportRequestSerializer(StrictSerializer):
    format = serializers.ChoiceField(choices=[e.code for e in exporters()], help_text="the report's format")
    lang = serializers.ChoiceField(choices=list(LANGUAGES), required=False, help_text="default: your language")


def _accepted(run: ReportRun, request) -> Response:
    """202 while the run is queued or running; 200 when an unchanged report was already made (download_url set)."""
    data = ReportRunSerializer(run, context={"request": request}).data
    code = status.HTTP_200_OK if run.status == ReportRun.Status.SUCCEEDED else status.HTTP_202_ACCEPTED
    return Response(data, status=code, headers={"Location": data["url"]})


def _requested(request, service, assessment, code: str, language: str):
    """A report service's answer, its errors as the API states them (409 not scored, 503 queue down)."""
    try:
        return service(assessment=assessment, code=code, language=language, user=request.user)
    except NothingToReport as exc:
        raise NotScored(str(exc)) from exc
    except queueing.QueueUnavailable as waiting:  # saved and noted: the scheduler's sweep sends it when Redis is back
        url = ReportRunSerializer(waiting.run, context={"request": request}).data["url"]
        raise RunQueueUnavailable.saved("report run", waiting.run.pk, url) from waiting


LANG_PARAMETER = OpenApiParameter("lang", str, enum=list(LANGUAGES), description="default: your language")
def _file_responses() -> dict:
    """One 200 entry per exporter's media type, so the documented content type is the one sent."""
    described = OpenApiResponse(OpenApiTypes.BINARY, description="The file (Content-Disposition names it)")
    return {(200, e.content_type.split(";")[0]): described for e in exporters()}


ERROR_RESPONSES = {
    409: OpenApiResponse(OpenApiTypes.OBJECT, description="Not scored yet: submit the assessment first."),
    503: OpenApiResponse(OpenApiTypes.OBJECT, description="The task queue is unreachable; the run is saved and "
                         "starts by itself when it is back."),
}


class AssessmentReportViewSet(viewsets.GenericViewSet):
    """Downloads and report runs of one assessment (only for users who may see it)."""

    serializer_class = ReportRunSerializer
    pagination_class = None
    filter_backends = []
    content_negotiation_class = AnyAcceptNegotiation

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ReportRun.objects.none()
        assessment = assessment_for(self.request.user, self.kwargs["assessment_pk"])
        return scope_to_user(ReportRun.objects.filter(assessment=assessment), self.request.user).defer("content")

    @extend_schema(
        parameters=[LANG_PARAMETER, OpenApiParameter("fmt", str, OpenApiParameter.PATH,
                                                     enum=[e.code for e in exporters()], description="file format")],
        responses={**_file_responses(), (202, "application/json"): ReportRunSerializer,
                   **{(code, "application/json"): r for code, r in ERROR_RESPONSES.items()}},
    )  # fmt: skip
    def download(self, request, assessment_pk=None, fmt=None):
        assessment = assessment_for(request.user, assessment_pk)
        code = _format(fmt)
        language = _language(request, request.query_params.get("lang"))
        answer = _requested(request, services.report_download, assessment, code, language)
        if answer.run is not None:
            return _accepted(answer.run, request)
        return file_response(*answer.file)

    @extend_schema(
        parameters=[LANG_PARAMETER],
        responses={(200, "text/csv"): OpenApiResponse(OpenApiTypes.BINARY, description="Every function × option "
                                                      "score with each criterion's points as a column"),
                   **{(code, "application/json"): r for code, r in ERROR_RESPONSES.items() if code == 409}},
    )  # fmt: skip
    def scores_csv(self, request, assessment_pk=None):
        return self.download(request, assessment_pk=assessment_pk, fmt="csv")

    @extend_schema(request=ReportRequestSerializer,
                   responses={200: ReportRunSerializer, 202: ReportRunSerializer, **ERROR_RESPONSES})  # fmt: skip
    def create(self, request, assessment_pk=None):
        assessment = assessment_for(request.user, assessment_pk)
        body = ReportRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        code = _format(body.validated_data["format"])
        language = _language(request, body.validated_data.get("lang"))
        return _accepted(_requested(request, services.report_run_start, assessment, code, language).run, request)

    def list(self, request, assessment_pk=None):
        return Response(ReportRunSerializer(self.get_queryset(), many=True, context={"request": request}).data)


class ReportRunViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = ReportRunSerializer
    content_negotiation_class = AnyAcceptNegotiation

    def get_queryset(self):
        return scope_to_user(ReportRun.objects.all(), self.request.user).defer("content")

    @extend_schema(responses={**_file_responses(),
                              (409, "application/json"): OpenApiResponse(OpenApiTypes.OBJECT,
                                                                         description="Not finished yet")})  # fmt: skip
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None, format=None):  # DRF passes a .json suffix as `format`
        run = self.get_object()
        if run.status != ReportRun.Status.SUCCEEDED:
            detail = f"The report is {run.status}" + (f": {run.error}" if run.error else "; try again shortly.")
            raise NotReady(detail)
        stored = ReportRun.objects.only("content", "filename", "content_type").get(pk=run.pk)
        return file_response(stored.content, stored.filename, stored.content_type)

