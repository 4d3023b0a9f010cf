"""Assessments over HTTP. Every queryset comes from the scoping selectors; others' objects are 404."""

import hashlib

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Prefetch
from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, NotFound, PermissionDenied, ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.settings import api_settings

from assessments.api.consultant import ConsultantSettingsMixin
from assessments.api.raw_json import RawJSON, RawJSONRenderer
from assessments.api.run_errors import RunQueueUnavailable
from assessments.api.score_pagination import SCORE_PAGE_PARAMETERS, ScorePagination
from assessments.api.score_params import MAX_ID, ScoreQuerySerializer
from assessments.api.serializers import AssessmentSerializer, TcoRunDetailSerializer, TcoRunSerializer
from assessments.api.versions import VersionActionsMixin
from assessments.domain.score_row_json import score_page_json
from assessments.models import Assessment, OptionScore, ProfileAnswer, Recommendation, TcoRun
from assessments.selectors import score_pages
from assessments.selectors.assessments import assessments_for
from assessments.selectors.results import latest_run
from assessments.selectors.risk_register import recommended_risk_rows
from assessments.selectors.scoping import EDIT_ROLES, organisations_for, role_for, scope_to_user
from assessments.services import assessments as services
from assessments.services import tco as tco_services
from assessments.services.queueing import QueueUnavailable
from outsourcing.api.filters import AsciiFilterSet, AsciiIntegerFilter

SCORE_COUNT_CACHE_SECONDS = 3600
SCORE_RENDERERS = [RawJSONRenderer, *(r for r in api_settings.DEFAULT_RENDERER_CLASSES if r is not JSONRenderer)]


class NotScored(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "not_scored"
    default_detail = "This assessment has no scores yet: submit it first."


class AssessmentFilter(AsciiFilterSet):
    organisation = AsciiIntegerFilter(method="filter_organisation",
                                      help_text="an organisation's id; one you are not in (or 0) gives an empty list")
    status = filters.ChoiceFilter(choices=Assessment.Status.choices)

    def filter_organisation(self, queryset, name, value):
        return queryset.filter(organisation_id=value) if 0 < value <= MAX_ID else queryset.none()

    class Meta:
        model = Assessment
        fields = ["organisation", "status"]


class AssessmentViewSet(VersionActionsMixin, ConsultantSettingsMixin, viewsets.ModelViewSet):
    serializer_class = AssessmentSerializer
    filterset_class = AssessmentFilter
    search_fields = ["name"]
    ordering_fields = ["name", "updated_at", "created_at"]
    ordering = ["-updated_at"]

    def get_queryset(self):
        answers = Prefetch("profile_answers", queryset=ProfileAnswer.objects.select_related("question"))
        return (assessments_for(self.request.user).annotate(function_count=Count("functions"))
                .prefetch_related(answers, "excluded_locations"))  # fmt: skip

    def perform_create(self, serializer):
        organisations = list(organisations_for(self.request.user))
        data = serializer.validated_data
        wanted = data.pop("organisation_id", None)
        if wanted is None:
            if len(organisations) != 1:
                raise ValidationError({"organisation_id": ["Name the organisation: you belong to several."]})
            wanted = organisations[0].pk
        if wanted not in {o.pk for o in organisations}:
            # 404, as for any object of another organisation: its existence is not confirmed
            raise NotFound({"organisation_id": ["No such organisation among yours."]})
        if role_for(self.request.user, wanted) not in EDIT_ROLES:
            raise PermissionDenied("Only a manager or consultant may create assessments.")
        excluded, profile = data.pop("excluded_locations", []), data.pop("profile", None)
        with transaction.atomic():
            created = services.assessment_create(organisation_id=wanted, user=self.request.user, fields=data,
                                                 excluded_locations=excluded)  # fmt: skip
            if profile:
                services.assessment_update_profile(assessment=created, user=self.request.user, fields={},
                                                   excluded_locations=excluded, answers=profile)  # fmt: skip
        serializer.instance = self.get_queryset().get(pk=created.pk)

    def perform_update(self, serializer):
        data = serializer.validated_data
        data.pop("organisation_id", None)
        assessment = serializer.instance
        excluded = data.pop("excluded_locations", None)
        services.assessment_update_profile(
            assessment=assessment, user=self.request.user, fields=data, answers=data.pop("profile", None) or {},
            excluded_locations=assessment.excluded_locations.all() if excluded is None else excluded,
        )  # fmt: skip
        serializer.instance = self.get_queryset().get(pk=assessment.pk)

    def perform_destroy(self, instance):
        services.assessment_delete(assessment=instance, user=self.request.user)

    def _scored_run(self):
        run = latest_run(self.get_object())
        if run is None:
            raise NotFound("This assessment has no scores yet: submit it first.")
        return run

    def _scored_run_key(self) -> tuple[int, object]:
        """The latest run's (id, created_at) in one scoped query (its large inputs JSON is never read).

        Nothing found falls back to `_scored_run`, which answers the same 404s as the other actions.
        """
        try:
            pk = int(self.kwargs["pk"])
        except (ValueError, TypeError):
            pk = None
        key = None  # not an id (or out of range for the database): the full lookup answers 404
        if pk is not None and 0 < pk <= MAX_ID:
            key = score_pages.latest_run_key(pk, self.request.user)
        if key is None:
            run = self._scored_run()
            key = (run.pk, run.created_at)
        return key

    @extend_schema(parameters=[ScoreQuerySerializer, *SCORE_PAGE_PARAMETERS],
                   responses={200: serializers.ListSerializer(child=serializers.DictField())})
    @action(detail=True, methods=["get"], filter_backends=[], renderer_classes=SCORE_RENDERERS,
            pagination_class=ScorePagination)  # fmt: skip
    def scores(self, request, pk=None, format=None):  # DRF passes a .json suffix as `format`
        """Every function × option score with its contributions (plain rows, their JSON columns sent as stored).

        Pages follow `next`/`previous` (cursor links); `ordering` takes score, rank, function_id, location, each
        also descending ("-score") and several comma-separated (default "function_id,rank"; ties by row id).
        """
        query = ScoreQuerySerializer(data=request.query_params.dict())
        query.is_valid(raise_exception=True)
        filters, fields = query.filters(), query.order_by()
        try:
            assessment_id = int(pk)
        except (TypeError, ValueError):
            assessment_id = 0
        if not 0 < assessment_id <= MAX_ID:
            self._scored_run()  # answers the 404 for what is not an id
            raise NotFound()
        return self._score_page(assessment_id, filters, fields)

    def _score_page(self, assessment_id: int, filters: dict, ordering: list[str]) -> Response:
        """One page in one query in the common case: the run's row count per filter comes from the cache.

        A run's scores never change once stored, so their COUNT(*) per filter is counted once, after the
        scoped run lookup, and cached per user. The page query finds the newest run the user may see by
        itself; when it comes back empty, from another run, or out of range of a cached count, the lookup
        and count are done again, so a revoked membership or a new run is never answered from the cache.
        """
        paginator = self.paginator
        paginator.start(self.request, ordering)  # a bad cursor is a 400 before any query
        count_key = "api-scores-count:" + hashlib.blake2b(
            repr((assessment_id, self.request.user.pk, sorted(filters.items()))).encode(), digest_size=16
        ).hexdigest()
        cached, fresh = cache.get(count_key), False
        while True:
            if cached is None:
                run_key = self._scored_run_key()  # answers the 404s
                cached = (run_key, OptionScore.objects.filter(run_id=run_key[0], **filters).count())
                cache.set(count_key, cached, SCORE_COUNT_CACHE_SECONDS)
                fresh = True
            run_key, count = cached
            try:
                run_id = paginator.fetch(assessment_id, self.request.user, filters, count)
            except NotFound:
                if fresh:
                    raise
                cached = None  # out of range of a cached count: look up and count again before saying so
                continue
            if fresh or run_id == run_key[0]:
                break
            cached = None
        # Each row's JSON was encoded when the run was stored (assessments/domain/score_row_json.py): copied text.
        return paginator.get_paginated_response(RawJSON(score_page_json(paginator.rows)))

    @extend_schema(responses={200: serializers.ListSerializer(child=serializers.DictField())})
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def recommendations(self, request, pk=None, format=None):  # DRF passes a .json suffix as `format`
        rows = Recommendation.objects.filter(run=self._scored_run()).values(
            "function_id", "function__name", "recommended_option_id", "runner_up_option_id", "keep_in_house",
            "margin", "confidence", "top_locations", "top_risks", "mitigations", "explanation_en", "explanation_ko",
            "best_flagged_option_id", "flagged_reason_en", "flagged_reason_ko", "excluded_options",
        )  # fmt: skip
        return Response(list(rows))

    @extend_schema(responses={200: serializers.ListSerializer(child=serializers.DictField())})
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def risks(self, request, pk=None, format=None):  # DRF passes a .json suffix as `format`
        """The risk register of each function's recommended option (likelihood, impact, score, points)."""
        return Response(recommended_risk_rows(self._scored_run()))

    @extend_schema(request=None, responses={200: TcoRunSerializer(many=True), 202: TcoRunSerializer,
                                            409: OpenApiResponse(description=NotScored.default_detail),
                                            503: OpenApiResponse(description=RunQueueUnavailable.default_detail)})
    @action(detail=True, methods=["get", "post"], url_path="tco-runs", filter_backends=[], pagination_class=None)
    def tco_runs(self, request, pk=None, format=None):  # DRF passes a .json suffix as `format`
        assessment = self.get_object()
        if request.method == "GET":
            runs = TcoRun.objects.filter(assessment=assessment)
            return Response(TcoRunSerializer(runs, many=True, context={"request": request}).data)
        return _start_tco(request, assessment)


def _start_tco(request, assessment, retry_of: TcoRun | None = None) -> Response:
    """202 with the run (a new one, or the one already made for unchanged inputs) and its Location."""
    if role_for(request.user, assessment.organisation_id) not in EDIT_ROLES:
        raise PermissionDenied("Only a manager or consultant may start a TCO run.")
    try:
        run = tco_services.tco_run_start(assessment=assessment, user=request.user, retry_of=retry_of).run
    except tco_services.TcoUnavailable as exc:
        raise NotScored(str(exc)) from exc
    except QueueUnavailable as waiting:
        url = TcoRunSerializer(waiting.run, context={"request": request}).data["url"]
        raise RunQueueUnavailable.saved("TCO run", waiting.run.pk, url) from waiting
    data = TcoRunSerializer(run, context={"request": request}).data
    return Response(data, status=status.HTTP_202_ACCEPTED, headers={"Location": data["url"]})


class TcoRunViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = TcoRunDetailSerializer

    def get_queryset(self):
        return scope_to_user(TcoRun.objects.all(), self.request.user)

    @extend_schema(request=None, responses={202: TcoRunSerializer, 409: OpenApiResponse(description="Not scored"),
                                            503: OpenApiResponse(description=RunQueueUnavailable.default_detail)})
    @action(detail=True, methods=["post"])
    def retry(self, request, pk=None, format=None):  # DRF passes a .json suffix as `format`
        """Try a failed run again (as a new run); a run that did not fail is answered as it is."""
        run = self.get_object()
        return _start_tco(request, run.assessment, retry_of=run)
