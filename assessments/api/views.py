"""Assessments over HTTP. Every queryset comes from the scoping selectors; others' objects are 404."""

import hashlib

from django.core.cache import cache
from django.db.models import Count
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, NotFound, PermissionDenied, ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.settings import api_settings

from assessments.api.raw_json import RawJSON, RawJSONRenderer
from assessments.api.run_errors import RunQueueUnavailable
from assessments.api.score_pagination import SCORE_PAGE_PARAMETERS, ScorePagination
from assessments.api.serializers import AssessmentSerializer, TcoRunDetailSerializer, TcoRunSerializer
from assessments.models import OptionScore, Recommendation, TcoRun
from assessments.score_json import score_page_json
from assessments.selectors import score_pages
from assessments.selectors.assessments import assessments_for
from assessments.selectors.results import latest_run
from assessments.selectors.scoping import EDIT_ROLES, organisations_for, role_for, scope_to_user
from assessments.services import assessments as services
from assessments.services import tco as tco_services
from assessments.services.errors import AlreadySubmitted, SubmitIncomplete
from assessments.services.queueing import QueueUnavailable

SCORE_COUNT_CACHE_SECONDS = 3600
MAX_ID = 2**63 - 1  # the largest id a database column holds; a larger one would fail in the driver
SCORE_RENDERERS = [RawJSONRenderer, *(r for r in api_settings.DEFAULT_RENDERER_CLASSES if r is not JSONRenderer)]


class AlreadySubmittedConflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "already_submitted"
    default_detail = "This assessment has already been submitted; reopen it as a new version to change it."


class AssessmentViewSet(viewsets.ModelViewSet):
    serializer_class = AssessmentSerializer
    filterset_fields = ["status", "organisation"]
    search_fields = ["name"]
    ordering_fields = ["name", "updated_at", "created_at"]
    ordering = ["-updated_at"]

    def get_queryset(self):
        return assessments_for(self.request.user).annotate(function_count=Count("functions"))

    def perform_create(self, serializer):
        organisations = list(organisations_for(self.request.user))
        wanted = serializer.validated_data.pop("organisation_id", None)
        if wanted is None:
            if len(organisations) != 1:
                raise ValidationError({"organisation_id": ["Name the organisation: you belong to several."]})
            wanted = organisations[0].pk
        if wanted not in {o.pk for o in organisations}:
            raise ValidationError({"organisation_id": ["No such organisation among yours."]})
        if role_for(self.request.user, wanted) not in EDIT_ROLES:
            raise PermissionDenied("Only a manager or consultant may create assessments.")
        created = services.assessment_create(organisation_id=wanted, user=self.request.user,
                                             fields=serializer.validated_data)  # fmt: skip
        serializer.instance = self.get_queryset().get(pk=created.pk)

    def perform_update(self, serializer):
        serializer.validated_data.pop("organisation_id", None)
        services.assessment_update_profile(
            assessment=serializer.instance, user=self.request.user, fields=serializer.validated_data,
            excluded_locations=serializer.instance.excluded_locations.all(), answers={},
        )  # fmt: skip
        serializer.instance = self.get_queryset().get(pk=serializer.instance.pk)

    def perform_destroy(self, instance):
        services.assessment_delete(assessment=instance, user=self.request.user)

    @extend_schema(request=None, responses={200: AssessmentSerializer,
                                            409: OpenApiResponse(description=AlreadySubmittedConflict.default_detail)})
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None, format=None):  # DRF passes a .json suffix as `format`
        assessment = self.get_object()
        try:
            services.assessment_submit(assessment=assessment, user=request.user)
        except SubmitIncomplete as incomplete:
            raise ValidationError({"missing": incomplete.missing}) from incomplete
        except AlreadySubmitted as done:  # e.g. sent twice at once: one submit, the other told so
            raise AlreadySubmittedConflict() from done
        return Response(self.get_serializer(self.get_queryset().get(pk=assessment.pk)).data)

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

    @extend_schema(
        parameters=[OpenApiParameter(name, type=t) for name, t in [
            ("function", int), ("engagement", str), ("sourcing_model", str), ("location", str),
            ("min_score", float), ("ordering", str)]] + SCORE_PAGE_PARAMETERS,
        responses={200: serializers.ListSerializer(child=serializers.DictField())},
    )  # fmt: skip
    @action(detail=True, methods=["get"], filter_backends=[], renderer_classes=SCORE_RENDERERS,
            pagination_class=ScorePagination)  # fmt: skip
    def scores(self, request, pk=None, format=None):  # DRF passes a .json suffix as `format`
        """Every function × option score with its contributions (plain rows, their JSON columns sent as stored).

        Pages follow `next`/`previous` (cursor links); `ordering` takes score, rank, function_id, location, each
        also descending ("-score") and several comma-separated (default "function_id,rank"; ties by row id).
        """
        params = request.query_params
        filters = {}
        for name, (lookup, kind) in score_pages.SCORE_FILTERS.items():
            if not params.get(name):
                continue
            if kind is str:
                if "\x00" in params[name]:  # PostgreSQL refuses NUL in text; the driver would raise a 500
                    raise ValidationError({name: ["Must not contain a NUL character."]})
                filters[lookup] = params[name]
                continue
            try:
                filters[lookup] = kind(params[name])
            except (ValueError, OverflowError) as exc:
                raise ValidationError({name: ["Must be a number."]}) from exc
            if kind is int and abs(filters[lookup]) > MAX_ID:
                raise ValidationError({name: ["No such id."]})
        ordering = params.get("ordering", "function_id,rank")
        allowed = {"score", "-score", "rank", "-rank", "function_id", "-function_id", "location", "-location"}
        fields = [f for f in ordering.split(",") if f]
        if not set(fields) <= allowed:
            raise ValidationError({"ordering": [f"Use any of: {', '.join(sorted(allowed))}."]})
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
        # Each row's JSON was encoded when the run was stored (assessments/score_json.py): the page is copied text.
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
        run = self._scored_run()
        chosen = dict(Recommendation.objects.filter(run=run).values_list("function_id", "recommended_option_id"))
        scores = OptionScore.objects.filter(run=run, option_id__in=set(chosen.values())).values(
            "function_id", "option_id", "risks")
        rows = []
        for score in scores:
            if chosen.get(score["function_id"]) != score["option_id"]:
                continue
            for code, (likelihood, impact, risk_score, points, _baseline) in score["risks"].items():
                rows.append({"function_id": score["function_id"], "option_id": score["option_id"], "risk": code,
                             "likelihood": likelihood, "impact": impact, "score": risk_score, "points": points})
        return Response(rows)

    @extend_schema(request=None, responses={200: TcoRunSerializer(many=True), 202: TcoRunSerializer,
                                            503: OpenApiResponse(description=RunQueueUnavailable.default_detail)})
    @action(detail=True, methods=["get", "post"], url_path="tco-runs", filter_backends=[], pagination_class=None)
    def tco_runs(self, request, pk=None, format=None):  # DRF passes a .json suffix as `format`
        assessment = self.get_object()
        if request.method == "GET":
            runs = TcoRun.objects.filter(assessment=assessment)
            return Response(TcoRunSerializer(runs, many=True, context={"request": request}).data)
        if role_for(request.user, assessment.organisation_id) not in EDIT_ROLES:
            raise PermissionDenied("Only a manager or consultant may start a TCO run.")
        try:
            run = tco_services.tco_run_start(assessment=assessment, user=request.user).run
        except tco_services.TcoUnavailable as exc:
            raise ValidationError({"non_field_errors": [str(exc)]}) from exc
        except QueueUnavailable as waiting:
            url = TcoRunSerializer(waiting.run, context={"request": request}).data["url"]
            raise RunQueueUnavailable.saved("TCO run", waiting.run.pk, url) from waiting
        data = TcoRunSerializer(run, context={"request": request}).data
        return Response(data, status=status.HTTP_202_ACCEPTED, headers={"Location": data["url"]})


class TcoRunViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = TcoRunDetailSerializer

    def get_queryset(self):
        return scope_to_user(TcoRun.objects.all(), self.request.user)
