"""Read-only catalogue endpoints with filtering, search and ordering."""

from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from outsourcing.api.filters import AsciiFilterSet
from outsourcing.domain.rate_book import FAMILIES
from outsourcing.models import EngagementModel, Location, Question, RiskFactor, ServiceType, Source, SourcingModel

BILINGUAL = ["code", "name_en", "name_ko", "description_en", "description_ko"]


class ServiceTypeSerializer(serializers.ModelSerializer):
    category = serializers.CharField(source="category.code")
    family = serializers.CharField(source="category.family")

    class Meta:
        model = ServiceType
        fields = [*BILINGUAL, "category", "family", "rate_family", "knowledge_intensity", "data_sensitivity",
                  "standardisation"]


class ServiceTypeViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = ServiceType.objects.select_related("category")
    serializer_class = ServiceTypeSerializer
    lookup_field = "code"
    filterset_fields = {"category__code": ["exact"], "category__family": ["exact"],
                        "knowledge_intensity": ["exact", "gte", "lte"], "data_sensitivity": ["exact", "gte", "lte"],
                        "standardisation": ["exact", "gte", "lte"]}  # fmt: skip
    search_fields = ["code", "name_en", "name_ko", "description_en", "description_ko"]
    ordering_fields = ["code", "name_en", "knowledge_intensity", "data_sensitivity", "standardisation"]
    ordering = ["category__sort_order", "sort_order"]


class EngagementModelSerializer(serializers.ModelSerializer):
    class Meta:
        model = EngagementModel
        fields = [*BILINGUAL, "is_baseline", "control", "dependency", "setup_effort", "share_outsourced"]


class EngagementModelViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = EngagementModel.objects.all()
    serializer_class = EngagementModelSerializer
    lookup_field = "code"
    filterset_fields = ["is_baseline", "control", "dependency", "setup_effort"]
    search_fields = ["code", "name_en", "name_ko"]
    ordering_fields = ["code", "sort_order", "control", "dependency", "setup_effort"]
    ordering = ["sort_order"]


class SourcingModelSerializer(serializers.ModelSerializer):
    class Meta:
        model = SourcingModel
        fields = [*BILINGUAL, "rule_en", "rule_ko"]


class SourcingModelViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = SourcingModel.objects.all()
    serializer_class = SourcingModelSerializer
    lookup_field = "code"
    filterset_fields = ["code"]
    search_fields = ["code", "name_en", "name_ko"]
    ordering_fields = ["code", "sort_order"]
    ordering = ["sort_order"]


class SourceSerializer(serializers.ModelSerializer):
    # Some published addresses are not strict URIs (spaces, long query strings): report them as text.
    address = serializers.CharField()

    class Meta:
        model = Source
        fields = ["code", "title", "publisher", "year", "address"]


class LocationSerializer(serializers.ModelSerializer):
    sources = SourceSerializer(many=True, read_only=True)

    class Meta:
        model = Location
        exclude = ["id"]


class LocationFilter(AsciiFilterSet):
    region = filters.CharFilter()
    language = filters.CharFilter(method="filter_language", help_text="a business language, e.g. English")

    class Meta:
        model = Location
        fields = {"iso2": ["exact"], "less_certain": ["exact"], "ef_epi_score": ["gte", "lte"],
                  "corporate_tax_rate_pct": ["gte", "lte"], "gdp_per_capita_usd": ["gte", "lte"]}  # fmt: skip

    def filter_language(self, queryset, name, value):
        # JSON containment is not portable to SQLite; the table is small, so filter in Python.
        wanted = value.strip().casefold()
        ids = [loc.pk for loc in queryset if wanted in {lang.casefold() for lang in loc.business_languages}]
        return queryset.filter(pk__in=ids)


class LocationViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Location.objects.prefetch_related("sources")
    serializer_class = LocationSerializer
    lookup_field = "iso2"
    filterset_class = LocationFilter
    search_fields = ["iso2", "name_en", "name_ko", "region"]
    ordering_fields = ["iso2", "name_en", "ef_epi_score", "corporate_tax_rate_pct", "gdp_per_capita_usd",
                       "kearney_gsli_rank_2023"]  # fmt: skip
    ordering = ["name_en"]


class RiskFactorSerializer(serializers.ModelSerializer):
    class Meta:
        model = RiskFactor
        fields = [*BILINGUAL, "default_likelihood", "default_impact", "modifiers", "mitigation_en", "mitigation_ko"]


class RiskFactorViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = RiskFactor.objects.all()
    serializer_class = RiskFactorSerializer
    lookup_field = "code"
    filterset_fields = {"default_likelihood": ["exact", "gte", "lte"], "default_impact": ["exact", "gte", "lte"]}
    search_fields = ["code", "name_en", "name_ko", "description_en"]
    ordering_fields = ["code", "sort_order", "default_likelihood", "default_impact"]
    ordering = ["sort_order"]


class VendorRateSerializer(serializers.Serializer):
    location = serializers.CharField()
    family = serializers.CharField()
    low = serializers.FloatField(help_text="per hour, in `currency`")
    typical = serializers.FloatField()
    high = serializers.FloatField()
    currency = serializers.CharField()
    basis = serializers.CharField(help_text="rate_book (published, with source and year) or model (model estimate)")
    year = serializers.CharField(help_text="publication year; n.d. when the page carries no date")
    source = serializers.CharField()
    address = serializers.CharField()
    note = serializers.CharField()


class VendorRateViewSet(viewsets.ViewSet):
    """Vendor rates per location and service family: the rate book where a published rate exists, else the
    model's estimate (labelled basis=model, with a wider band). docs/tco.md explains both."""

    serializer_class = VendorRateSerializer

    @extend_schema(parameters=[
        OpenApiParameter("location", str, pattern="^[A-Za-z]{2}$", description="a country's ISO 3166 code"),
        OpenApiParameter("family", str, enum=list(FAMILIES), description="a service family"),
        OpenApiParameter("basis", str, enum=["rate_book", "model"], description="published rate or model estimate"),
    ], responses={200: VendorRateSerializer(many=True)})  # fmt: skip
    def list(self, request, *args, **kwargs):  # kwargs: the router's format suffix (.json)
        from outsourcing.selectors import rate_cells

        # A parameter given is checked even when empty (`?family=`): the schema's enum and pattern do not
        # include the empty string, so an empty value is a 400 naming it, not "no filter".
        params = request.query_params
        family, basis = params.get("family"), params.get("basis")
        if family is not None and family not in FAMILIES:
            raise ValidationError({"family": [f"'{family}' is not one of {', '.join(FAMILIES)}."]})
        if basis is not None and basis not in ("rate_book", "model"):
            raise ValidationError({"basis": ["Use rate_book or model."]})
        location = params.get("location")
        if location is not None and not (len(location) == 2 and location.isascii() and location.isalpha()):
            raise ValidationError({"location": ["A two-letter ISO 3166 code, e.g. IN."]})
        location = location.upper() if location else None
        cells = rate_cells(location)
        cells = [c for c in cells if (not family or c["family"] == family) and (not basis or c["basis"] == basis)]
        return Response(VendorRateSerializer(cells, many=True).data)


class QuestionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Question
        fields = ["code", "scope", "text_en", "text_ko", "help_en", "help_ko", "choices", "required", "categories",
                  "condition", "sort_order"]  # fmt: skip


class QuestionViewSet(viewsets.ReadOnlyModelViewSet):
    """The questionnaire: profile questions (asked once) and function questions (asked per business function;
    `categories` limits one to service categories, `condition` asks it only when another answer meets it)."""

    queryset = Question.objects.all()
    serializer_class = QuestionSerializer
    lookup_field = "code"
    filterset_fields = ["scope"]
    search_fields = ["code", "text_en", "text_ko"]
    ordering_fields = ["code", "sort_order"]
    ordering = ["scope", "sort_order", "code"]
