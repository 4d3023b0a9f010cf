"""Serializer pieces every API endpoint uses, so each validates input as the web's forms do and as the schema says.

- `StrictSerializerMixin` / `StrictModelSerializer`: a field the object does not have, or one that is
  read-only, is a 400 naming it (DRF would drop it silently); numbers go through the ASCII fields below.
- `AsciiIntegerField`, `AsciiDecimalField`, `AsciiFloatField`: a number is a JSON number or a string of
  the digits 0-9 (Python's int/float/Decimal also read "١٢" or "１２" as 12). A JSON number given to a
  decimal field is rounded to its decimal places (0.1 + 0.2 arrives as 0.30000000000000004); a string
  must already fit them. The schema documents them as JSON numbers with their bounds.
- `CatalogueChoiceField`: one of the catalogue's current values (regions, languages, countries, service
  types, from outsourcing/selectors.py), read when validating and when the schema is generated, so the
  schema's enum is the list the check uses.
"""

import contextlib
import decimal
import re
from collections.abc import Callable, Iterable, Mapping
from math import isfinite

from django.db import models
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import build_basic_type
from drf_spectacular.types import OpenApiTypes
from rest_framework import serializers

ASCII_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
NOT_A_NUMBER = "A number is expected, written with the digits 0-9 (e.g. 12 or 8.5)."


def ascii_number(data):
    """`data` unchanged if it is a JSON number or a string of ASCII digits; a ValidationError otherwise."""
    if isinstance(data, bool) or not isinstance(data, int | float | str | decimal.Decimal):
        raise serializers.ValidationError(NOT_A_NUMBER, code="invalid")
    if isinstance(data, str) and not ASCII_NUMBER.fullmatch(data.strip()):
        raise serializers.ValidationError(NOT_A_NUMBER, code="invalid")
    return data


class AsciiIntegerField(serializers.IntegerField):
    def to_internal_value(self, data):
        return super().to_internal_value(ascii_number(data))


class AsciiFloatField(serializers.FloatField):
    def to_internal_value(self, data):
        return super().to_internal_value(ascii_number(data))


class AsciiDecimalField(serializers.DecimalField):
    def to_internal_value(self, data):
        data = ascii_number(data)
        if isinstance(data, float) and self.decimal_places is not None:
            self._check_bounds_before_rounding(data)
            # far too large to round: the digit check below names it
            with contextlib.suppress(decimal.InvalidOperation):
                data = decimal.Decimal(repr(data)).quantize(decimal.Decimal(1).scaleb(-self.decimal_places),
                                                            rounding=decimal.ROUND_HALF_UP)  # fmt: skip
        return super().to_internal_value(data)


    def _check_bounds_before_rounding(self, number: float) -> None:
        """100.000001 is above a maximum of 100 even though it rounds to 100.00: the schema's bounds hold."""
        exact = decimal.Decimal(number) if isfinite(number) else None
        if exact is None:
            self.fail("invalid")
        if self.max_value is not None and exact > decimal.Decimal(self.max_value):
            self.fail("max_value", max_value=self.max_value)
        if self.min_value is not None and exact < decimal.Decimal(self.min_value):
            self.fail("min_value", min_value=self.min_value)


class AsciiDecimalFieldSchema(OpenApiSerializerFieldExtension):
    """Requests take a JSON number within the bounds; responses keep DRF's decimal string."""

    target_class = AsciiDecimalField
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        field = self.target
        if direction == "response":
            return auto_schema._map_serializer_field(field, direction, bypass_extensions=True)
        schema = build_basic_type(OpenApiTypes.NUMBER)
        whole = (field.max_digits or 30) - (field.decimal_places or 0)
        largest = decimal.Decimal(10) ** whole - decimal.Decimal(1).scaleb(-(field.decimal_places or 0))
        schema["maximum"] = float(min(field.max_value, largest) if field.max_value is not None else largest)
        schema["minimum"] = float(field.min_value) if field.min_value is not None else -schema["maximum"]
        return schema


class StrictCharField(serializers.CharField):
    """Text only: DRF's CharField would turn a number or a boolean into text; here it is a 400, as `string` says."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictBooleanField(serializers.BooleanField):
    """true or false only: DRF's BooleanField also takes 0, 1, "yes", "on"..., which the schema's `boolean`
    does not (the API reads JSON only, so a boolean always arrives as one)."""

    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("invalid", input=data)
        return data


class StrictSerializerMixin:
    """Takes only the fields listed; any other, or a read-only one, is a 400 naming it."""

    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            errors = {}
            for name in data:
                field = self.fields.get(name)
                if field is None:
                    writable = sorted(n for n, f in self.fields.items() if not f.read_only)
                    errors[name] = [f"Unknown field. This object takes: {', '.join(writable)}."]
                elif field.read_only:
                    errors[name] = ["This field is read-only."]
            if errors:
                raise serializers.ValidationError(errors)
        return super().to_internal_value(data)


class StrictSerializer(StrictSerializerMixin, serializers.Serializer):
    pass


class StrictModelSerializer(StrictSerializerMixin, serializers.ModelSerializer):
    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.DecimalField: AsciiDecimalField,
        models.BooleanField: StrictBooleanField,
        models.IntegerField: AsciiIntegerField,
        models.SmallIntegerField: AsciiIntegerField,
        models.BigIntegerField: AsciiIntegerField,
        models.PositiveIntegerField: AsciiIntegerField,
        models.PositiveSmallIntegerField: AsciiIntegerField,
        models.PositiveBigIntegerField: AsciiIntegerField,
        models.FloatField: AsciiFloatField,
        models.CharField: StrictCharField,
        models.TextField: StrictCharField,
    }


class CatalogueChoiceField(serializers.ChoiceField):
    """One of `values()`, read from the catalogue when validating and when the schema is made."""

    def __init__(self, values: Callable[[], Iterable[str]], **kwargs):
        self._values = values
        self._loaded: list[str] | None = None
        super().__init__(choices=[], **kwargs)

    def _refresh(self) -> None:
        values = sorted(self._values())
        if values != self._loaded:
            self._loaded = values
            self._set_choices([(value, value) for value in values])

    def to_internal_value(self, data):
        self._refresh()
        if not isinstance(data, str):
            raise serializers.ValidationError("A text value from the catalogue is expected.", code="invalid")
        if data not in self.choice_strings_to_values:
            shown = ", ".join(self._loaded[:12]) + (", ..." if len(self._loaded) > 12 else "")
            raise serializers.ValidationError(f'"{data}" is not in the catalogue. Use one of: {shown}',
                                              code="invalid_choice")  # fmt: skip
        return self.choice_strings_to_values[data]


class CatalogueChoiceFieldSchema(OpenApiSerializerFieldExtension):
    """The enum is the catalogue's values when the schema is made (the schema is generated per request)."""

    target_class = CatalogueChoiceField
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        self.target._refresh()
        return auto_schema._map_serializer_field(self.target, direction, bypass_extensions=True)
