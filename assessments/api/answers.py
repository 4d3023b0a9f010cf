"""Questionnaire answers over the API: one optional field per question of a scope (company profile or business
function), each taking one of the question's choice values or null (clears the answer).

The questions are data (outsourcing/data/questions.yaml), so the fields are read from the catalogue when the
serializer is used and when the schema is made: the schema lists each question with its allowed values.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from outsourcing.api.fields import StrictSerializer
from outsourcing.models import Question


class _Answers(StrictSerializer):
    scope: str = ""

    def get_fields(self):
        fields = {}
        for question in Question.objects.filter(scope=self.scope).order_by("sort_order", "code"):
            values = [choice["value"] for choice in question.choices]
            fields[question.code] = serializers.ChoiceField(
                choices=[(value, value) for value in values], allow_null=True, required=False,
                help_text=f"{question.text_en} (null clears the answer)",
            )  # fmt: skip
        return fields

    def to_internal_value(self, data):
        if not isinstance(data, dict):
            raise serializers.ValidationError("An object of question code -> answer is expected.")
        return super().to_internal_value(data)


class ProfileAnswersSerializer(_Answers):
    """Company profile answers: industry, size, risk appetite, vendor maturity, governance, data residency, ..."""

    scope = Question.Scope.PROFILE


class FunctionAnswersSerializer(_Answers):
    """A business function's answers (the questions that apply depend on its service type's category)."""

    scope = Question.Scope.FUNCTION


class AnswersField(serializers.Field):
    """Writes go through the scope's answers serializer; reads come from answers already fetched with the rows."""

    def __init__(self, answers_serializer: type[_Answers], source_attribute: str, **kwargs):
        self.answers_serializer = answers_serializer
        self.source_attribute = source_attribute
        super().__init__(source="*", required=False, **kwargs)

    def to_internal_value(self, data):
        answers = self.answers_serializer(data=data)
        answers.is_valid(raise_exception=True)
        return {self.field_name: dict(answers.validated_data)}

    def to_representation(self, instance):
        return {a.question.code: a.value for a in getattr(instance, self.source_attribute).all()}


@extend_schema_field(ProfileAnswersSerializer)
class ProfileAnswersField(AnswersField):
    def __init__(self, **kwargs):
        super().__init__(ProfileAnswersSerializer, "profile_answers", **kwargs)


@extend_schema_field(FunctionAnswersSerializer)
class FunctionAnswersField(AnswersField):
    def __init__(self, **kwargs):
        super().__init__(FunctionAnswersSerializer, "answers", **kwargs)
