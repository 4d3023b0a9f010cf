from django.contrib import admin

from assessments.models import Assessment, BusinessFunction, Membership, Organisation


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ("user",)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "created_at")
    search_fields = ("name", "slug")
    list_filter = ("created_at",)
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "organisation", "role")
    search_fields = ("user__username", "organisation__name")
    list_filter = ("role", "organisation")
    list_select_related = ("user", "organisation")


class BusinessFunctionInline(admin.TabularInline):
    model = BusinessFunction
    extra = 0
    fields = ("name", "service_type", "fte", "salary_per_fte", "overhead_pct", "facilities_cost", "it_cost")


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ("name", "version", "organisation", "status", "home_country", "updated_at", "updated_by")
    search_fields = ("name", "organisation__name")
    list_filter = ("status", "organisation", "home_country")
    list_select_related = ("organisation", "home_country", "updated_by")
    inlines = [BusinessFunctionInline]
    raw_id_fields = ("previous_version", "created_by", "updated_by")
