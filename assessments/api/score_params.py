"""The scores listing's query parameters, validated as the schema documents them (enums, bounds, a pattern for
`ordering`), so a value the schema allows is never refused and one it does not allow is a 400 naming it."""

from rest_framework import serializers

from assessments.domain.tco_assumptions import ENGAGEMENTS, SOURCING_MODELS
from outsourcing.api.fields import AsciiFloatField, AsciiIntegerField
from outsourcing.api.pagination import MAX_PAGE

MAX_ID = 2**63 - 1  # the largest id a database column holds; a larger one would fail in the driver
ORDER_FIELDS = ("score", "rank", "function_id", "location")
_ONE = "-?(" + "|".join(ORDER_FIELDS) + ")"
ORDERING_PATTERN = f"^{_ONE}(,{_ONE})*$"


class ScoreQuerySerializer(serializers.Serializer):
    function = AsciiIntegerField(required=False, min_value=1, max_value=MAX_ID, help_text="a function's id")
    engagement = serializers.ChoiceField(choices=list(ENGAGEMENTS), required=False)
    sourcing_model = serializers.ChoiceField(choices=list(SOURCING_MODELS), required=False)
    # A pattern, not the catalogue's list: the listing answers from its cached count without a catalogue query,
    # and a code with no rows gives an empty page.
    location = serializers.RegexField("^[A-Z]{2}$", required=False, help_text="an option's country, ISO 3166 code")
    min_score = AsciiFloatField(required=False, min_value=-1e6, max_value=1e6, help_text="scores at least this")
    ordering = serializers.RegexField(ORDERING_PATTERN, required=False, default="function_id,rank",
                                      help_text="comma-separated, '-' for descending: " + ", ".join(ORDER_FIELDS))
    page = AsciiIntegerField(required=False, min_value=1, max_value=MAX_PAGE)
    page_size = AsciiIntegerField(required=False, min_value=1, max_value=1000, help_text="default 100")

    LOOKUPS = {"function": "function_id", "min_score": "score__gte", "engagement": "engagement",
               "sourcing_model": "sourcing_model", "location": "location"}  # fmt: skip

    def filters(self) -> dict:
        given = self.validated_data
        return {lookup: given[name] for name, lookup in self.LOOKUPS.items() if name in given}

    def order_by(self) -> list[str]:
        return self.validated_data["ordering"].split(",")
