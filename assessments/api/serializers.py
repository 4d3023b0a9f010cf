from rest_framework import serializers

from assessments.domain.currencies import ISO_4217
from assessments.models import Assessment, TcoRun
from assessments.selectors.limits import limit_catalogue
from outsourcing.models import Location


class AssessmentSerializer(serializers.ModelSerializer):
    home_country = serializers.SlugRelatedField(slug_field="iso2", queryset=Location.objects.all())
    organisation = serializers.PrimaryKeyRelatedField(read_only=True)
    organisation_id = serializers.IntegerField(write_only=True, required=False,
                                               help_text="defaults to your only organisation")  # fmt: skip
    functions = serializers.IntegerField(source="function_count", read_only=True)
    # Declared here so lower-case input is normalised before the ISO 4217 check.
    currency = serializers.CharField(max_length=3, required=False, default="KRW")

    class Meta:
        model = Assessment
        fields = ["id", "organisation", "organisation_id", "name", "home_country", "currency", "horizon_years",
                  "discount_rate_pct", "excluded_regions", "required_languages", "status", "version", "functions",
                  "created_at", "updated_at", "submitted_at"]  # fmt: skip
        read_only_fields = ["status", "version", "created_at", "updated_at", "submitted_at"]

    def validate_currency(self, value: str) -> str:
        value = value.strip().upper()
        if value not in ISO_4217:
            raise serializers.ValidationError(f"'{value}' is not an ISO 4217 currency code (e.g. KRW, USD, EUR).")
        return value

    def validate_excluded_regions(self, value):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise serializers.ValidationError("A list of region names is expected.")
        return value

    def validate_required_languages(self, value):
        """A hard limit for every function (docs/scoring.md): only languages the catalogue's places use."""
        value = self.validate_excluded_regions(value)
        known = limit_catalogue().languages
        unknown = [lang for lang in value if lang not in known]
        if unknown:
            names = ", ".join(unknown)
            raise serializers.ValidationError(f"Not a business language of any catalogue location: {names}.")
        return value


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
