"""/api/v1/assessments/{id}/functions/: a draft's business functions and their answers."""

from django.db import transaction
from rest_framework import serializers, viewsets

from assessments.domain.function_limits import FIELDS as LIMIT_FIELDS
from assessments.domain.function_limits import LimitsInvalid, clean_function_limits
from assessments.models import BusinessFunction, DataResidency
from assessments.selectors.assessments import assessment_for
from assessments.selectors.limits import limit_catalogue
from assessments.selectors.scoping import scope_to_user
from assessments.services import assessments as services
from outsourcing.models import Question, ServiceType


class FunctionSerializer(serializers.ModelSerializer):
    service_type = serializers.SlugRelatedField(slug_field="code", queryset=ServiceType.objects.all())
    annual_cost = serializers.DecimalField(max_digits=20, decimal_places=2, read_only=True)
    answers = serializers.DictField(child=serializers.IntegerField(allow_null=True), required=False, write_only=True,
                                   help_text="question code -> value (1-5); null clears an answer")  # fmt: skip
    # Hard limits: options they rule out are excluded with a reason (docs/scoring.md, "Limits that exclude options")
    required_languages = serializers.ListField(
        child=serializers.CharField(max_length=60), required=False, allow_null=True,
        help_text="business languages the provider's staff must work in; null or [] = the defaults (the "
                  "assessment's languages, plus the home language for customer-facing work)",
    )  # fmt: skip
    data_residency = serializers.ChoiceField(
        choices=DataResidency.choices, required=False, allow_blank=True,
        help_text="'' = as the answers say; any, home, eu_eea, adequacy",
    )  # fmt: skip
    excluded_countries = serializers.ListField(child=serializers.CharField(max_length=2), required=False,
                                               help_text="ISO 3166 codes of catalogue locations")  # fmt: skip
    excluded_regions = serializers.ListField(child=serializers.CharField(max_length=120), required=False,
                                             help_text="UN M49 sub-regions as the catalogue names them")  # fmt: skip
    must_stay_in_house = serializers.BooleanField(required=False)
    max_share_outsourced_pct = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=100)

    class Meta:
        model = BusinessFunction
        fields = ["id", "name", "service_type", "fte", "salary_per_fte", "overhead_pct", "facilities_cost",
                  "it_cost", "annual_cost", "answers", *LIMIT_FIELDS]  # fmt: skip

    def validate(self, attrs):
        limits = {name: attrs[name] for name in LIMIT_FIELDS if name in attrs}
        try:
            clean = clean_function_limits(limits, limit_catalogue())
        except LimitsInvalid as invalid:
            raise serializers.ValidationError({name: [message] for name, message in invalid.errors.items()}) from None
        return {**attrs, **clean}

    def validate_answers(self, answers: dict) -> dict:
        questions = {q.code: q for q in Question.objects.filter(scope=Question.Scope.FUNCTION)}
        errors = []
        for code, value in answers.items():
            question = questions.get(code)
            if question is None:
                errors.append(f"'{code}' is not a function question.")
            elif value is not None and value not in {c["value"] for c in question.choices}:
                errors.append(f"'{code}': {value} is not one of its choices.")
        if errors:
            raise serializers.ValidationError(errors)
        return answers

    def to_representation(self, function):
        data = super().to_representation(function)
        data["answers"] = {a.question.code: a.value for a in function.answers.all()}
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

