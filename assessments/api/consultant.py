"""A consultant's settings of an assessment over the API, through the same services as the web pages:

    GET/PUT/PATCH /api/v1/assessments/{id}/weights/                      criterion weights (re-scores if submitted)
    GET/PUT/PATCH /api/v1/assessments/{id}/tco-assumptions/              TCO assumptions of the assessment
    GET/PUT/PATCH /api/v1/assessments/{id}/functions/{fid}/tco-assumptions/   one function's overrides

Any member may read them (the results and TCO pages show them to every member); only a consultant of the
organisation may change them (403 otherwise), as on the web. PUT replaces the whole set (a weight left out
is an error; an assumption left out or null uses the default), PATCH changes the names given (an
assumption set to null goes back to its default).
"""

from decimal import Decimal

from drf_spectacular.extensions import OpenApiSerializerExtension
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from assessments.domain.scoring_params import CRITERIA, DEFAULT_WEIGHTS
from assessments.domain.tco import DEFAULT_ASSUMPTIONS
from assessments.services.assumptions import assumptions_update
from assessments.services.scoring import assessment_weights_update
from outsourcing.api.fields import AsciiDecimalField, AsciiFloatField, StrictSerializer

NO_WEIGHT = "At least one criterion needs a weight above zero."


class WeightsSerializer(StrictSerializer):
    def validate(self, data):
        if self.instance is None and not self.partial and sum(data.values()) <= 0:
            raise serializers.ValidationError(NO_WEIGHT)
        return data


for _code in CRITERIA:
    WeightsSerializer._declared_fields[_code] = AsciiDecimalField(
        max_digits=6, decimal_places=2, min_value=Decimal(0), max_value=Decimal(100),
        help_text="relative weight 0-100; the weights are scaled to sum to 1 when scoring")  # fmt: skip


class AssumptionsSerializer(StrictSerializer):
    pass


for _name, _entry in DEFAULT_ASSUMPTIONS.items():
    _low, _high = _entry["bounds"]
    AssumptionsSerializer._declared_fields[_name] = AsciiFloatField(
        required=False, allow_null=True, min_value=_low, max_value=_high,
        help_text=f"{_entry['unit']}; default {_entry['value']} ({_entry['source']}, {_entry['year']}); "
                  "null = the default",
    )  # fmt: skip


def current_weights(assessment) -> dict[str, float]:
    """The weights as the weights page shows them: the consultant's, or the defaults on a 0-100 scale."""
    stored = assessment.criterion_weights or {}
    if stored:
        return {code: float(stored.get(code, 0.0)) for code in CRITERIA}
    return {code: round(100 * DEFAULT_WEIGHTS.get(code, 0.0), 2) for code in CRITERIA}


def _overrides(stored) -> dict:
    return {name: value for name, value in (stored or {}).items() if name in DEFAULT_ASSUMPTIONS}


def _weights_out(assessment) -> dict:
    cents = Decimal("0.01")
    return {code: f"{Decimal(str(value)).quantize(cents)}" for code, value in current_weights(assessment).items()}


def _assumptions_out(stored) -> dict:
    from assessments.api.serializers import assumption_values

    return assumption_values(_overrides(stored))


def assumptions_change(request, *, assessment, function=None) -> Response:
    """GET, PUT or PATCH of one override set (the assessment's, or a function's when `function` is given)."""
    stored = function.tco_overrides if function is not None else assessment.tco_assumptions
    if request.method == "GET":
        return Response(_assumptions_out(stored))
    body = AssumptionsSerializer(data=request.data, partial=request.method == "PATCH")
    body.is_valid(raise_exception=True)
    values = dict(_overrides(stored)) if request.method == "PATCH" else {}
    for name, value in body.validated_data.items():
        if value is None:
            values.pop(name, None)
        else:
            values[name] = value
    assumptions_update(assessment=assessment, user=request.user, values=values, function=function)
    return Response(_assumptions_out(values))


class ConsultantSettingsMixin:
    """Actions of AssessmentViewSet (kept here so the viewset stays short)."""

    @extend_schema(request=WeightsSerializer, responses={200: WeightsSerializer})
    @action(detail=True, methods=["get", "put", "patch"], filter_backends=[], pagination_class=None)
    def weights(self, request, pk=None, format=None):  # DRF passes a .json suffix as `format`
        assessment = self.get_object()
        if request.method == "GET":
            return Response(_weights_out(assessment))
        body = WeightsSerializer(data=request.data, partial=request.method == "PATCH")
        body.is_valid(raise_exception=True)
        weights = {**current_weights(assessment), **{k: float(v) for k, v in body.validated_data.items()}}
        if sum(weights.values()) <= 0:
            raise serializers.ValidationError({"non_field_errors": [NO_WEIGHT]})
        assessment_weights_update(assessment=assessment, user=request.user, weights=weights)
        assessment.refresh_from_db(fields=["criterion_weights"])
        return Response(_weights_out(assessment))

    @extend_schema(request=AssumptionsSerializer, responses={200: AssumptionsSerializer})
    @action(detail=True, methods=["get", "put", "patch"], url_path="tco-assumptions", filter_backends=[],
            pagination_class=None)  # fmt: skip
    def tco_assumptions(self, request, pk=None, format=None):  # DRF passes a .json suffix as `format`
        return assumptions_change(request, assessment=self.get_object())


class WeightsSerializerSchema(OpenApiSerializerExtension):
    """The rule 'at least one weight above zero' in the schema: a full set needs one criterion above zero; a
    partial change must not set every criterion to zero."""

    target_class = WeightsSerializer

    def map_serializer(self, auto_schema, direction):
        schema = auto_schema._map_serializer(self.target, direction, bypass_extensions=True)
        if direction == "request":
            # 0.01: weights are kept to two decimals, so a smaller one counts as zero
            above_zero = [{"required": [code], "properties": {code: {"minimum": 0.01}}} for code in CRITERIA]
            if self.target.partial:
                schema["anyOf"] = [{"not": {"required": [code]}} for code in CRITERIA] + above_zero
            else:
                schema["anyOf"] = above_zero
        return schema
