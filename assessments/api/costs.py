"""/api/v1/assessments/{id}/quotes/ and /exchange-rates/: the prices an assessment adds to the rate book.

Scoped like the rest of the API (another organisation's assessment is 404); managers and consultants write,
viewers read. Writes go through the same services as the assumptions page, so the checks are the same;
a bad field answers 400 {"code", "message", "fields": {field: [reason]}} and nothing is saved.
"""

import decimal

from django.db import transaction
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response

from assessments.domain.currencies import ISO_4217
from assessments.models import AssessmentExchangeRate, BusinessFunction, VendorQuote
from assessments.selectors.assessments import assessment_for
from assessments.selectors.rates import exchange_rates
from assessments.selectors.scoping import EDIT_ROLES, role_for, scope_to_user
from assessments.services.errors import InvalidInput, NotEditable
from assessments.services.exchange_rates import fx_rate_reset, fx_rate_set, fx_rates_ensure
from assessments.services.quotes import quote_create, quote_delete, quote_update
from outsourcing.api.fields import AsciiDecimalField, StrictModelSerializer, StrictSerializer


class QuoteSerializer(StrictModelSerializer):
    function = serializers.PrimaryKeyRelatedField(queryset=BusinessFunction.objects.none())
    location = serializers.CharField(source="location.iso2", help_text="ISO 3166 code of a catalogue location")
    engagement = serializers.CharField(required=False, allow_blank=True, default="",
                                       help_text="co-sourcing, selective, total or captive; empty: every vendor form")
    currency = serializers.CharField(max_length=3)

    class Meta:
        model = VendorQuote
        fields = ["id", "function", "location", "engagement", "unit", "amount", "currency", "quote_date", "provider",
                  "note", "created_at", "updated_at"]  # fmt: skip
        read_only_fields = ["created_at", "updated_at"]
        validators = []  # uniqueness is checked by the service, which names the field

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        assessment = self.context.get("assessment")
        if assessment is not None:
            self.fields["function"].queryset = assessment.functions.all()


class _AssessmentScoped:
    def assessment(self):
        if not hasattr(self, "_assessment"):
            self._assessment = assessment_for(self.request.user, self.kwargs["assessment_pk"])
        return self._assessment

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if not getattr(self, "swagger_fake_view", False):
            self.assessment()  # another organisation's assessment is 404 before any input is validated

    def _may_write(self):
        if role_for(self.request.user, self.assessment().organisation_id) not in EDIT_ROLES:
            raise PermissionDenied("Only a manager or consultant may change quotes or exchange rates.")

    @staticmethod
    def _invalid(exc: InvalidInput):
        raise ValidationError({exc.field: [exc.message]}) from exc


class QuoteViewSet(_AssessmentScoped, viewsets.ModelViewSet):
    serializer_class = QuoteSerializer
    filterset_fields = ["function", "engagement", "currency"]
    ordering_fields = ["quote_date", "amount", "id"]
    ordering = ["function__sort_order", "id"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return VendorQuote.objects.none()
        queryset = VendorQuote.objects.filter(assessment=self.assessment()).select_related("location", "function")
        return scope_to_user(queryset, self.request.user)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if not getattr(self, "swagger_fake_view", False):
            context["assessment"] = self.assessment()
        return context

    @staticmethod
    def _values(data: dict) -> dict:
        values = dict(data)
        if "location" in values:
            values["location"] = values.pop("location")["iso2"]
        return values

    def perform_create(self, serializer):
        self._may_write()
        try:
            with transaction.atomic():
                serializer.instance = quote_create(assessment=self.assessment(), user=self.request.user,
                                                   **self._values(serializer.validated_data))  # fmt: skip
        except InvalidInput as exc:
            self._invalid(exc)

    def perform_update(self, serializer):
        self._may_write()
        try:
            serializer.instance = quote_update(quote=serializer.instance, user=self.request.user,
                                               **self._values(serializer.validated_data))  # fmt: skip
        except InvalidInput as exc:
            self._invalid(exc)

    def perform_destroy(self, instance):
        self._may_write()
        quote_delete(quote=instance, user=self.request.user)


class ExchangeRateSerializer(StrictSerializer):
    currency = serializers.ChoiceField(choices=sorted(ISO_4217), help_text="an ISO 4217 code in use")
    units_per_usd = AsciiDecimalField(max_digits=20, decimal_places=8, min_value=decimal.Decimal("0.00000001"),
                                      help_text="how many units of the currency one US dollar buys")
    as_of = serializers.RegexField(r"^[0-9]{4}(-[0-9]{2}-[0-9]{2})?$", max_length=10,
                                   help_text="a year from 1990 (2024) or a date (2024-12-31), not in the future")
    source = serializers.CharField(max_length=300, required=False, allow_blank=True)
    origin = serializers.CharField(read_only=True, help_text="assessment (its own copy) or default")
    to_assessment_currency = serializers.FloatField(read_only=True, allow_null=True,
                                                    help_text="units of the assessment's currency per unit")


class ExchangeRateViewSet(_AssessmentScoped, mixins.ListModelMixin, viewsets.GenericViewSet):
    """The rates the assessment converts with: its own copies (created from the defaults when first needed)."""

    serializer_class = ExchangeRateSerializer
    pagination_class = None
    filter_backends = []
    lookup_field = "currency"
    lookup_value_regex = "[A-Za-z]{3}"

    def get_queryset(self):
        return AssessmentExchangeRate.objects.none()

    def _rows(self) -> list[dict]:
        assessment = self.assessment()
        fx_rates_ensure(assessment=assessment)
        rows, _missing = exchange_rates(assessment, [])
        per_usd = {r["currency"]: r["units_per_usd"] for r in rows}
        home = per_usd.get(assessment.currency)
        for row in rows:
            row["to_assessment_currency"] = home / row["units_per_usd"] if home else None
        return rows

    def list(self, request, *args, **kwargs):
        return Response(ExchangeRateSerializer(self._rows(), many=True).data)

    def retrieve(self, request, *args, **kwargs):
        code = kwargs["currency"].upper()
        row = next((r for r in self._rows() if r["currency"] == code), None)
        if row is None:
            raise NotFound(f"No exchange rate for {code} in this assessment.")
        return Response(ExchangeRateSerializer(row).data)

    @staticmethod
    def _body(request) -> dict:
        if hasattr(request.data, "dict"):  # a form or multipart body
            return request.data.dict()
        if not isinstance(request.data, dict):
            raise ValidationError({"non_field_errors": ["Send an object with currency, units_per_usd and as_of."]})
        return dict(request.data)

    def _set(self, request, code: str):
        self._may_write()
        body = self._body(request)
        serializer = ExchangeRateSerializer(data={**body, "currency": code})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            fx_rate_set(assessment=self.assessment(), user=request.user, currency=data["currency"],
                        units_per_usd=data["units_per_usd"], as_of=data["as_of"], source=data.get("source", ""))
        except (InvalidInput, NotEditable) as exc:
            if isinstance(exc, NotEditable):
                raise PermissionDenied(str(exc)) from exc
            self._invalid(exc)
        return self.retrieve(request, currency=data["currency"])

    @extend_schema(request=ExchangeRateSerializer, responses={201: ExchangeRateSerializer})
    def create(self, request, *args, **kwargs):
        """Set a currency's rate (the currency named in the body)."""
        response = self._set(request, str(self._body(request).get("currency", "")).upper())
        response.status_code = status.HTTP_201_CREATED
        return response

    @extend_schema(request=ExchangeRateSerializer, responses={200: ExchangeRateSerializer})
    def update(self, request, *args, **kwargs):
        return self._set(request, kwargs["currency"].upper())

    @extend_schema(request=None, responses={204: None})
    def destroy(self, request, *args, **kwargs):
        """Back to the default rate (removed when the currency has none)."""
        self._may_write()
        fx_rate_reset(assessment=self.assessment(), user=request.user, currency=kwargs["currency"].upper())
        return Response(status=status.HTTP_204_NO_CONTENT)
