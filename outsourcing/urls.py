from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from outsourcing import views
from outsourcing.api import token_pages

catalogue_patterns = [
    path("", views.service_types, name="service-types"),
    path("engagement-models/", views.engagement_models, name="engagement-models"),
    path("risk-factors/", views.risk_factors, name="risk-factors"),
    path("locations/", views.locations, name="locations"),
    path("locations/<str:iso2>/", views.location_detail, name="location-detail"),
]

handler404 = "outsourcing.views.not_found"
handler500 = "outsourcing.views.server_error"

urlpatterns = [
    path("", views.home, name="home"),
    path("catalogue/", include((catalogue_patterns, "catalogue"))),
    path("method/", views.method_index, name="method-index"),
    path("method/<slug:name>/", views.method_doc, name="method-doc"),
    path("assessments/", include("assessments.urls")),
    path("api/", include("outsourcing.api.urls")),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/tokens/", token_pages.tokens, name="api-tokens"),
    path("accounts/tokens/<str:token_key>/revoke/", token_pages.revoke, name="api-token-revoke-page"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
]
