"""/api/v1/assessments/{id}/functions/: a draft's business functions and their answers."""

from django.db import transaction
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets

from assessments.api.answers import FunctionAnswersField
from assessments.api.consultant import AssumptionsSerializer, assumptions_change
from assessments.api.serializers import assumption_values
from assessments.domain.function_limits import FIELDS as LIMIT_FIELDS
from assessments.domain.function_limits import LimitsInvalid, clean_function_limits
from assessments.models import BusinessFunction, DataResidency
from assessments.selectors.assessments import assessment_for
from assessments.selectors.limits import limit_catalogue
from assessments.selectors.scoping import scope_to_user
from assessments.services import assessments as services
from outsourcing import selectors as catalogue
from outsourcing.api.fields import AsciiIntegerField, CatalogueChoiceField, StrictBooleanField, StrictModelSerializer
from outsourcing.models import ServiceType


class FunctionSerializer(StrictModelSerializer):
    service_type = CatalogueChoiceField(catalogue.service_type_codes, help_text="a catalogue service type's code")
    annual_cost = serializers.DecimalField(max_digits=20, decimal_places=2, read_only=True)
    answers = FunctionAnswersField(help_text="answers by question code (1-5 or the question's coded values); "
                                             "null clears an answer")  # fmt: skip
    tco_overrides = serializers.DictField(child=serializers.FloatField(), read_only=True,
                                          help_text="a consultant's TCO assumptions of this function (set at "
                                                    ".../tco-assumptions/)")  # fmt: skip
    # Hard limits: options they rule out are excluded with a reason (docs/scoring.md, "Limits that exclude options")
    required_languages = serializers.ListField(
        child=CatalogueChoiceField(catalogue.business_language_names), required=False, allow_null=True,
        max_length=100,
        help_text="business languages the provider's staff must work in; null or [] = the defaults (the "
                  "assessment's languages, plus the home language for customer-facing work)",
    )  # fmt: skip
    data_residency = serializers.ChoiceField(
        choices=DataResidency.choices, required=False, allow_blank=True,
        help_text="'' = as the answers say; any, home, eu_eea, adequacy",
    )  # fmt: skip
    excluded_countries = serializers.ListField(child=CatalogueChoiceField(catalogue.country_codes), required=False,
                                               max_length=300, help_text="ISO 3166 codes of catalogue locations")
    excluded_regions = serializers.ListField(child=CatalogueChoiceField(catalogue.region_names), required=False,
                                             max_length=100,
                                             help_text="UN M49 sub-regions as the catalogue names them")  # fmt: skip
    must_stay_in_house = StrictBooleanField(required=False)
    max_share_outsourced_pct = AsciiIntegerField(required=False, allow_null=True, min_value=0, max_value=100,
                                                 help_text="the largest share of the work that may move out; "
                                                           "null = no limit")  # fmt: skip

    class Meta:
        model = BusinessFunction
        fields = ["id", "name", "service_type", "fte", "salary_per_fte", "overhead_pct", "facilities_cost",
                  "it_cost", "annual_cost", "answers", "tco_overrides", *LIMIT_FIELDS]  # fmt: skip

    def validate(self, attrs):
        limits = {name: attrs[name] for name in LIMIT_FIELDS if name in attrs}
        try:
            clean = clean_function_limits(limits, limit_catalogue())
        except LimitsInvalid as invalid:
            raise serializers.ValidationError({name: [message] for name, message in invalid.errors.items()}) from None
        return {**attrs, **clean}

    def validate_service_type(self, code: str) -> ServiceType:
        return ServiceType.objects.get(code=code)

    def to_representation(self, function):
        data = super().to_representation(function)
        data["service_type"] = function.service_type.code
        data["tco_overrides"] = assumption_values(function.tco_overrides)
        return data


class FunctionViewSet(viewsets.ModelViewSet):
    serializer_class = FunctionSerializer
    filterset_fields = ["service_type__code"]
    search_fields = ["name"]
    ordering_fields = ["name", "sort_order", "fte"]
    ordering = ["sort_order", "id"]

    def assessment(self):
        if not hasattr(self, "_assessment"):
            self._assessment = assessment_for(self.request.user, self.kwargs["assessment_pk"])
        return self._assessment

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)  # authentication and permissions first (401 / 403)
        if not getattr(self, "swagger_fake_view", False):
            self.assessment()  # another organisation's assessment is 404 before any input is validated

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no assessment
            return BusinessFunction.objects.none()
        queryset = BusinessFunction.objects.filter(assessment=self.assessment())
        return scope_to_user(queryset, self.request.user).select_related("service_type").prefetch_related(
            "answers__question")

    def _save(self, serializer, function=None):
        answers = serializer.validated_data.pop("answers", None)
        data = serializer.validated_data
        limits = {name: data.pop(name) for name in LIMIT_FIELDS if name in data}
        with transaction.atomic():
            function = services.function_save(assessment=self.assessment(), user=self.request.user,
                                              function=function, fields=serializer.validated_data)  # fmt: skip
            if limits:
                services.function_limits_save(assessment=self.assessment(), user=self.request.user, function=function,
                                              limits=limits)  # fmt: skip
            if answers:
                services.function_answers_save(assessment=self.assessment(), user=self.request.user,
                                               function=function, answers=answers)  # fmt: skip
        serializer.instance = self.get_queryset().get(pk=function.pk)

    def perform_create(self, serializer):
        self._save(serializer)

    def perform_update(self, serializer):
        self._save(serializer, serializer.instance)

    def perform_destroy(self, instance):
        services.function_delete(assessment=self.assessment(), user=self.request.user, function=instance)

    @extend_schema(request=AssumptionsSerializer, responses={200: AssumptionsSerializer})
    def tco_assumptions(self, request, assessment_pk=None, pk=None):
        """This function's TCO assumptions (over the assessment's); any member reads, a consultant changes."""
        return assumptions_change(request, assessment=self.assessment(), function=self.get_object())

