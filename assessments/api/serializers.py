from rest_framework import serializers

from assessments.api.answers import ProfileAnswersField
from assessments.domain.currencies import ISO_4217
from assessments.models import Assessment, TcoRun
from outsourcing import selectors as catalogue
from outsourcing.api.fields import AsciiIntegerField, CatalogueChoiceField, StrictModelSerializer
from outsourcing.models import Location


class CurrencyField(serializers.ChoiceField):
    """An ISO 4217 code; lower case is accepted and stored upper case."""

    def __init__(self, **kwargs):
        super().__init__(choices=sorted(ISO_4217), **kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str):
            raise serializers.ValidationError("A three-letter ISO 4217 code is expected (e.g. KRW, USD, EUR).")
        data = data.strip().upper()
        if data not in ISO_4217:
            raise serializers.ValidationError(f"'{data}' is not an ISO 4217 currency code (e.g. KRW, USD, EUR).")
        return data


class LocationCodesField(serializers.ListField):
    """Countries as ISO 3166 codes in and out (a many-to-many of catalogue locations inside)."""

    def __init__(self, **kwargs):
        super().__init__(child=CatalogueChoiceField(catalogue.country_codes), **kwargs)

    def to_representation(self, locations):
        return sorted(location.iso2 for location in locations.all())


class AssessmentSerializer(StrictModelSerializer):
    """An assessment's company profile. Writes go through assessment_create / assessment_update_profile, with the
    profile form's rules: catalogue countries, regions and languages, ISO 4217 currency, bounded numbers."""

    organisation = serializers.PrimaryKeyRelatedField(read_only=True)
    organisation_id = AsciiIntegerField(write_only=True, required=False, min_value=1,
                                        help_text="defaults to your only organisation")  # fmt: skip
    home_country = CatalogueChoiceField(catalogue.country_codes, help_text="ISO 3166 code of a catalogue country")
    currency = CurrencyField(required=False, default="KRW")
    excluded_countries = LocationCodesField(source="excluded_locations", required=False, max_length=300,
                                            help_text="countries your company will not source from (ISO codes)")
    excluded_regions = serializers.ListField(child=CatalogueChoiceField(catalogue.region_names), required=False,
                                             max_length=100, help_text="UN M49 sub-regions excluded")  # fmt: skip
    required_languages = serializers.ListField(
        child=CatalogueChoiceField(catalogue.business_language_names), required=False, max_length=100,
        help_text="languages the provider's staff must work in (catalogue business languages)",
    )  # fmt: skip
    profile = ProfileAnswersField(help_text="company profile answers by question code; null clears one")
    functions = serializers.IntegerField(source="function_count", read_only=True)
    criterion_weights = serializers.DictField(child=serializers.FloatField(), read_only=True,
                                              help_text="set by a consultant at .../weights/; empty = defaults")
    tco_assumptions = serializers.DictField(child=serializers.FloatField(), read_only=True,
                                            help_text="set by a consultant at .../tco-assumptions/")

    class Meta:
        model = Assessment
        fields = ["id", "organisation", "organisation_id", "name", "home_country", "currency", "horizon_years",
                  "discount_rate_pct", "excluded_countries", "excluded_regions", "required_languages", "profile",
                  "status", "version", "previous_version", "functions", "criterion_weights", "tco_assumptions",
                  "created_at", "updated_at", "submitted_at"]  # fmt: skip
        read_only_fields = ["status", "version", "previous_version", "created_at", "updated_at", "submitted_at"]

    def to_representation(self, assessment):
        data = super().to_representation(assessment)
        data["home_country"] = assessment.home_country.iso2 if assessment.home_country_id else None
        data["tco_assumptions"] = assumption_values(assessment.tco_assumptions)
        return data

    def validate_home_country(self, value: str) -> Location:
        return Location.objects.get(iso2=value)

    def validate_excluded_countries(self, value: list[str]) -> list[Location]:
        return list(Location.objects.filter(iso2__in=set(value)))


def assumption_values(stored) -> dict[str, float]:
    """Overrides as numbers (an override stored as {value, low, high} shows its value)."""
    out = {}
    for name, value in (stored or {}).items():
        out[name] = value.get("value") if isinstance(value, dict) else value
    return {k: v for k, v in out.items() if isinstance(v, int | float) and not isinstance(v, bool)}


class TcoRunSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = TcoRun
        fields = ["id", "url", "assessment", "status", "progress", "error", "attempts", "created_at", "started_at",
                  "finished_at", "compute_ms", "inputs_hash", "model_version"]  # fmt: skip

    def get_url(self, run) -> str:
        request = self.context.get("request")
        path = f"/api/v1/tco-runs/{run.pk}/"
        return request.build_absolute_uri(path) if request else path


class TcoRunDetailSerializer(TcoRunSerializer):
    class Meta(TcoRunSerializer.Meta):
        fields = [*TcoRunSerializer.Meta.fields, "inputs", "result"]
