"""Query filters that read numbers as the API's bodies do: ASCII digits only (Python's Decimal would read "١٢"
as 12), and a catalogue-wide filter backend that uses them for every numeric `filterset_fields` entry."""

from decimal import Decimal

from django import forms
from django.db import models
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema_field

from outsourcing.api.fields import ASCII_NUMBER, NOT_A_NUMBER

NUMBER_LIMIT = Decimal("1e50")  # django-filter's own ceiling, applied below zero too


class AsciiDecimalFormField(forms.DecimalField):
    def to_python(self, value):
        if isinstance(value, str) and value.strip() and not ASCII_NUMBER.fullmatch(value.strip()):
            raise forms.ValidationError(NOT_A_NUMBER, code="invalid")
        number = super().to_python(value)
        if number is not None and abs(number) > NUMBER_LIMIT:
            raise forms.ValidationError("A number between -1e50 and 1e50 is expected.", code="invalid")
        return number


class AsciiIntegerFormField(forms.IntegerField):
    def to_python(self, value):
        digits = value.strip().lstrip("+-") if isinstance(value, str) else ""
        if isinstance(value, str) and value.strip() and not (digits.isascii() and digits.isdigit()):
            raise forms.ValidationError("A whole number is expected, written with the digits 0-9.", code="invalid")
        return super().to_python(value)


class StrictBooleanFormField(forms.NullBooleanField):
    """true/false (or 1/0); anything else is a 400, where Django's field would read it as 'not given'."""

    VALUES = {"true": True, "1": True, "false": False, "0": False}

    def to_python(self, value):
        if value in (None, ""):
            return None
        if isinstance(value, bool):
            return value
        if str(value).lower() not in self.VALUES:
            raise forms.ValidationError("true or false is expected.", code="invalid")
        return self.VALUES[str(value).lower()]

    def validate(self, value):
        pass


class StrictBooleanFilter(filters.BooleanFilter):
    field_class = StrictBooleanFormField

    def __init__(self, *args, **kwargs):
        # django-filter's boolean widget reads anything but true/false/1/0 as "not given": keep the raw text
        kwargs.setdefault("widget", forms.TextInput)
        super().__init__(*args, **kwargs)


# django-filter refuses numbers beyond ±1e50 (a guard against huge decimals); the schema says so.
@extend_schema_field({"type": "number", "minimum": -1e50, "maximum": 1e50})
class AsciiNumberFilter(filters.NumberFilter):
    field_class = AsciiDecimalFormField


class AsciiIntegerFilter(filters.NumberFilter):
    """A whole number (an integer column, an id): 0.5 is a 400, as the schema's `integer` says."""

    field_class = AsciiIntegerFormField


INTEGER_FIELDS = (models.IntegerField, models.SmallIntegerField, models.BigIntegerField, models.PositiveIntegerField,
                  models.PositiveSmallIntegerField, models.PositiveBigIntegerField, models.AutoField,
                  models.BigAutoField)  # fmt: skip


def _lists_empty_choice(filter_) -> bool:
    """A choice filter whose choices include "" (a blank model choice: the schema's enum lists it)."""
    choices = filter_.extra.get("choices")
    if callable(choices):
        choices = choices()
    return any(value == "" for value, _label in (choices or ()))


EMPTY_NOT_A_VALUE = "An empty value is not one of the values this filter takes; leave the parameter out instead."


class AsciiFilterSet(filters.FilterSet):
    FILTER_DEFAULTS = {**filters.FilterSet.FILTER_DEFAULTS,
                       **{field: {"filter_class": AsciiIntegerFilter} for field in INTEGER_FIELDS},
                       models.FloatField: {"filter_class": AsciiNumberFilter},
                       models.BooleanField: {"filter_class": StrictBooleanFilter},
                       models.DecimalField: {"filter_class": AsciiNumberFilter}}  # fmt: skip

    def get_form_class(self):
        """django-filter skips a filter given empty (`?engagement=`); the schema's enum, integer or number
        does not include the empty string, so such a parameter given empty is a 400 naming it. Free-text
        filters (a string in the schema) still take an empty value."""
        base = super().get_form_class()
        typed = [name for name, f in self.filters.items()
                 if not isinstance(f, filters.CharFilter) and not _lists_empty_choice(f)]

        class NoEmptyTypedValues(base):
            def clean(self):
                cleaned = super().clean()
                for name in typed:
                    if name in self.data and any(v == "" for v in self.data.getlist(name)):
                        self.add_error(name, EMPTY_NOT_A_VALUE)
                return cleaned

        return NoEmptyTypedValues


class AsciiFilterBackend(filters.DjangoFilterBackend):
    """DjangoFilterBackend whose generated filter sets read numbers in ASCII digits only."""

    filterset_base = AsciiFilterSet
