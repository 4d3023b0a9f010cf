"""The portfolio over HTTP (issue 19): POST limits to solve (202, or 200 when the same problem was solved),
GET the latest result; saved plans listed, created and read. The same services and checks as the page."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.exceptions import APIException, NotFound, PermissionDenied
from rest_framework.response import Response

from assessments.api.run_errors import RunQueueUnavailable
from assessments.domain import portfolio as pf
from assessments.models import PortfolioPlan, PortfolioRun
from assessments.selectors.assessments import assessment_for
from assessments.selectors.portfolio import latest_run
from assessments.selectors.portfolio_inputs import PortfolioUnavailable
from assessments.selectors.scoping import EDIT_ROLES, get_scoped_or_404, role_for
from assessments.services import portfolio as services
from assessments.services.queueing import QueueUnavailable
from outsourcing.api.fields import AsciiFloatField, AsciiIntegerField, StrictBooleanField, StrictSerializer


class PortfolioUnavailableError(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "no_tco"
    default_detail = "No finished TCO comparison yet: run it first (POST /api/v1/assessments/{id}/tco-runs/)."


class LimitsConflict(APIException):
    status_code = 422
    default_code = "limits_conflict"
    default_detail = "These limits cannot all be met; relax at least one of those listed in `fields`."


class DependencySerializer(StrictSerializer):
    before = serializers.CharField(help_text="a function's id")
    after = serializers.CharField(help_text="a function's id")
    required = StrictBooleanField(default=False)


class PinSerializer(StrictSerializer):
    function_id = serializers.CharField()
    kind = serializers.ChoiceField(choices=["keep", "move", "country", "option"])
    value = serializers.CharField(required=False, allow_blank=True, default="",
                                  help_text="ISO2 for a country pin, an option id for an option pin")


class PortfolioLimitsSerializer(StrictSerializer):
    objective = serializers.ChoiceField(choices=["expected", "p50_minus_risk", "p10"], default="expected")
    price_per_risk_point = AsciiFloatField(min_value=0, default=0.0)
    periods = AsciiIntegerField(min_value=1, max_value=20, default=6, help_text="half-years")
    risk_budget = AsciiFloatField(min_value=0, required=False, allow_null=True, default=None)
    enforce_appetite = StrictBooleanField(default=True)
    max_country_share = AsciiFloatField(min_value=0, max_value=1, required=False, allow_null=True,
                                               default=None, help_text="0..1")  # fmt: skip
    max_form_share = AsciiFloatField(min_value=0, max_value=1, required=False, allow_null=True, default=None,
                                            help_text="0..1")  # fmt: skip
    share_basis = serializers.ChoiceField(choices=["fte", "spend"], default="fte")
    max_starts_per_period = AsciiIntegerField(min_value=0, required=False, allow_null=True, default=None)
    max_fte_per_period = AsciiFloatField(min_value=0, required=False, allow_null=True, default=None)
    one_off_budget_per_year = AsciiFloatField(min_value=0, required=False, allow_null=True, default=None)
    dependencies = DependencySerializer(many=True, required=False, default=list)
    pins = PinSerializer(many=True, required=False, default=list)


class PortfolioRunSerializer(serializers.ModelSerializer):
    limits = serializers.SerializerMethodField()
    links = serializers.SerializerMethodField()

    class Meta:
        model = PortfolioRun
        fields = ["id", "assessment", "status", "progress", "error", "created_at", "finished_at", "compute_ms",
                  "limits", "result", "links"]  # fmt: skip

    def get_limits(self, run) -> dict:
        return run.inputs.get("limits", {})

    def get_links(self, run) -> dict[str, str]:
        request, base = self.context.get("request"), f"/api/v1/assessments/{run.assessment_id}/portfolio/"
        absolute = request.build_absolute_uri if request else (lambda p: p)
        return {"self": absolute(f"{base}?run={run.pk}"), "plans": absolute(f"{base}plans/"),
                "page": absolute(f"/assessments/{run.assessment_id}/portfolio/?run={run.pk}")}  # fmt: skip


class PortfolioPlanSerializer(serializers.ModelSerializer):
    run = serializers.PrimaryKeyRelatedField(queryset=PortfolioRun.objects.none(), help_text="a solved run's id")

    class Meta:
        model = PortfolioPlan
        fields = ["id", "assessment", "name", "run", "limits", "result", "created_at"]
        read_only_fields = ["assessment", "limits", "result", "created_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        assessment = self.context.get("assessment")
        if assessment is not None:
            self.fields["run"].queryset = PortfolioRun.objects.filter(assessment=assessment)


def _editor(request, assessment) -> None:
    if role_for(request.user, assessment.organisation_id) not in EDIT_ROLES:
        raise PermissionDenied("Only a manager or consultant may solve or save a portfolio.")


def _conflict(run: PortfolioRun) -> LimitsConflict | None:
    if run.status != PortfolioRun.Status.SUCCEEDED or not run.result:
        return None
    plan = pf.plan_from_dict(run.result["plan"])
    if plan.status != "infeasible":
        return None
    error = LimitsConflict({c.limit: [c.sentence_en] for c in plan.conflicts})
    error.message = pf.conflict_summary_en(plan.conflicts) or LimitsConflict.default_detail
    return error


class PortfolioViewSet(viewsets.GenericViewSet):
    serializer_class = PortfolioRunSerializer
    queryset = PortfolioRun.objects.none()

    def _assessment(self):
        return assessment_for(self.request.user, self.kwargs["assessment_pk"])

    @extend_schema(responses={200: PortfolioRunSerializer, 404: OpenApiResponse(description="No run yet")})
    def retrieve(self, request, assessment_pk=None):
        """The latest run (or ?run=<id>): its status while it runs, its plan, distribution, frontier and gains."""
        assessment = self._assessment()
        runs = PortfolioRun.objects.filter(assessment=assessment)
        run = (get_scoped_or_404(runs, request.user, pk=request.query_params["run"])
               if request.query_params.get("run") else latest_run(assessment))  # fmt: skip
        if run is None:
            raise NotFound("No portfolio has been solved for this assessment yet: POST limits to solve one.")
        return Response(self.get_serializer(run).data)

    @extend_schema(request=PortfolioLimitsSerializer,
                   responses={200: PortfolioRunSerializer, 202: PortfolioRunSerializer,
                              400: OpenApiResponse(description="A limit is not valid (named in `fields`)"),
                              409: OpenApiResponse(description=PortfolioUnavailableError.default_detail),
                              422: OpenApiResponse(description=LimitsConflict.default_detail),
                              503: OpenApiResponse(description=RunQueueUnavailable.default_detail)})  # fmt: skip
    def create(self, request, assessment_pk=None):
        """Solve for these limits: 202 with the run, or 200 with the stored result when they were solved before."""
        assessment = self._assessment()
        _editor(request, assessment)
        limits = PortfolioLimitsSerializer(data=request.data)
        limits.is_valid(raise_exception=True)
        try:
            requested = services.portfolio_run_start(assessment=assessment, limits=dict(limits.validated_data),
                                                     user=request.user)  # fmt: skip
        except PortfolioUnavailable as exc:
            raise PortfolioUnavailableError(str(exc), code=exc.code) from exc
        except services.LimitsInvalid as invalid:
            raise serializers.ValidationError(invalid.errors) from invalid
        except QueueUnavailable as waiting:
            url = self.get_serializer(waiting.run).data["links"]["self"]
            raise RunQueueUnavailable.saved("portfolio run", waiting.run.pk, url) from waiting
        conflict = _conflict(requested.run)
        if conflict is not None:
            raise conflict
        data = self.get_serializer(requested.run).data
        done = not requested.created and requested.run.status == PortfolioRun.Status.SUCCEEDED
        return Response(data, status=status.HTTP_200_OK if done else status.HTTP_202_ACCEPTED,
                        headers={"Location": data["links"]["self"]})  # fmt: skip


class PortfolioPlanViewSet(viewsets.GenericViewSet):
    serializer_class = PortfolioPlanSerializer
    queryset = PortfolioPlan.objects.none()
    pagination_class = None

    def _assessment(self):
        return assessment_for(self.request.user, self.kwargs["assessment_pk"])

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if "assessment_pk" in self.kwargs and not getattr(self, "swagger_fake_view", False):
            context["assessment"] = self._assessment()
        return context

    def list(self, request, assessment_pk=None):
        plans = PortfolioPlan.objects.filter(assessment=self._assessment())
        return Response(self.get_serializer(plans, many=True).data)

    def retrieve(self, request, assessment_pk=None, pk=None):
        plans = PortfolioPlan.objects.filter(assessment=self._assessment())
        return Response(self.get_serializer(get_scoped_or_404(plans, request.user, pk=pk)).data)

    @extend_schema(responses={201: PortfolioPlanSerializer, 400: OpenApiResponse(description="Name taken or run not "
                                                                                              "solved")})
    def create(self, request, assessment_pk=None):
        assessment = self._assessment()
        _editor(request, assessment)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        run, name = serializer.validated_data["run"], serializer.validated_data["name"]
        try:
            plan = services.portfolio_plan_save(run=run, name=name, user=request.user)
        except services.PlanNameTaken as exc:
            raise serializers.ValidationError({"name": ["Another plan of this assessment has this name."]}) from exc
        except ValueError as exc:
            raise serializers.ValidationError({"run": ["Only a solved run can be saved."]}) from exc
        return Response(self.get_serializer(plan).data, status=status.HTTP_201_CREATED)
