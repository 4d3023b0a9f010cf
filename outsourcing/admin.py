from django.contrib import admin

from outsourcing.models import (
    Driver,
    EngagementModel,
    Location,
    RiskFactor,
    ServiceCategory,
    ServiceType,
    Source,
    SourcingModel,
)

BILINGUAL_SEARCH = ("code", "name_en", "name_ko", "description_en", "description_ko")


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ("code", "title", "publisher", "year")
    search_fields = ("code", "title", "publisher", "what_was_taken")
    list_filter = ("publisher",)


@admin.register(ServiceCategory)
class ServiceCategoryAdmin(admin.ModelAdmin):
    list_display = ("code", "family", "name_en", "name_ko", "sort_order")
    search_fields = BILINGUAL_SEARCH
    list_filter = ("family",)


@admin.register(ServiceType)
class ServiceTypeAdmin(admin.ModelAdmin):
    list_display = ("code", "name_en", "name_ko", "category", "knowledge_intensity", "data_sensitivity",
                    "standardisation")  # fmt: skip
    search_fields = BILINGUAL_SEARCH
    list_filter = ("category__family", "category", "knowledge_intensity", "data_sensitivity", "standardisation")
    list_select_related = ("category",)


@admin.register(EngagementModel)
class EngagementModelAdmin(admin.ModelAdmin):
    list_display = ("code", "name_en", "name_ko", "is_baseline", "control", "dependency", "setup_effort",
                    "share_outsourced")  # fmt: skip
    search_fields = BILINGUAL_SEARCH
    list_filter = ("is_baseline", "control", "dependency", "setup_effort")


@admin.register(SourcingModel)
class SourcingModelAdmin(admin.ModelAdmin):
    list_display = ("code", "name_en", "name_ko", "sort_order")
    search_fields = BILINGUAL_SEARCH
    list_filter = ("code",)


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin):
    list_display = ("iso2", "name_en", "name_ko", "region", "utc_offset_hours", "corporate_tax_rate_pct",
                    "ef_epi_score", "gdp_per_capita_usd", "less_certain")  # fmt: skip
    search_fields = ("iso2", "name_en", "name_ko", "region", "notes")
    list_filter = ("region", "less_certain", "corporate_tax_year", "ef_epi_year")
    filter_horizontal = ("sources",)


@admin.register(RiskFactor)
class RiskFactorAdmin(admin.ModelAdmin):
    list_display = ("code", "name_en", "name_ko", "default_likelihood", "default_impact")
    search_fields = BILINGUAL_SEARCH
    list_filter = ("default_likelihood", "default_impact")


@admin.register(Driver)
class DriverAdmin(admin.ModelAdmin):
    list_display = ("code", "name_en", "name_ko", "sort_order")
    search_fields = BILINGUAL_SEARCH
    list_filter = ("sort_order",)
