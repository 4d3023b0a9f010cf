"""The one router for /api/v1/, the token endpoints and the OpenAPI schema and docs."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from assessments.api.costs import ExchangeRateViewSet, QuoteViewSet
from assessments.api.functions import FunctionViewSet
from assessments.api.portfolio import PortfolioPlanViewSet, PortfolioViewSet
from assessments.api.reports import AssessmentReportViewSet, ReportRunViewSet
from assessments.api.views import AssessmentViewSet, TcoRunViewSet
from outsourcing.api import catalogue
from outsourcing.api.auth import TokenCreateView, TokenRevokeView

router = DefaultRouter()
router.register("service-types", catalogue.ServiceTypeViewSet, basename="service-type")
router.register("engagement-models", catalogue.EngagementModelViewSet, basename="engagement-model")
router.register("sourcing-models", catalogue.SourcingModelViewSet, basename="sourcing-model")
router.register("locations", catalogue.LocationViewSet, basename="location")
router.register("risk-factors", catalogue.RiskFactorViewSet, basename="risk-factor")
router.register("vendor-rates", catalogue.VendorRateViewSet, basename="vendor-rate")
router.register("questions", catalogue.QuestionViewSet, basename="question")
router.register("assessments", AssessmentViewSet, basename="assessment")
router.register("tco-runs", TcoRunViewSet, basename="tco-run")
router.register("report-runs", ReportRunViewSet, basename="report-run")

functions = FunctionViewSet.as_view({"get": "list", "post": "create"})
function = FunctionViewSet.as_view({"get": "retrieve", "put": "update", "patch": "partial_update", "delete": "destroy"})
function_assumptions = FunctionViewSet.as_view({"get": "tco_assumptions", "put": "tco_assumptions",
                                                "patch": "tco_assumptions"})  # fmt: skip
report_download = AssessmentReportViewSet.as_view({"get": "download"})
scores_csv = AssessmentReportViewSet.as_view({"get": "scores_csv"})
report_runs = AssessmentReportViewSet.as_view({"get": "list", "post": "create"})
quotes = QuoteViewSet.as_view({"get": "list", "post": "create"})
quote = QuoteViewSet.as_view({"get": "retrieve", "put": "update", "patch": "partial_update", "delete": "destroy"})
portfolio = PortfolioViewSet.as_view({"get": "retrieve", "post": "create"})
portfolio_plans = PortfolioPlanViewSet.as_view({"get": "list", "post": "create"})
portfolio_plan = PortfolioPlanViewSet.as_view({"get": "retrieve"})
exchange_rates = ExchangeRateViewSet.as_view({"get": "list", "post": "create"})
exchange_rate = ExchangeRateViewSet.as_view({"get": "retrieve", "put": "update", "delete": "destroy"})

urlpatterns = [
    path("v1/assessments/<int:assessment_pk>/functions/", functions, name="assessment-functions"),
    path("v1/assessments/<int:assessment_pk>/functions/<int:pk>/", function, name="assessment-function"),
    path("v1/assessments/<int:assessment_pk>/quotes/", quotes, name="assessment-quotes"),
    path("v1/assessments/<int:assessment_pk>/quotes/<int:pk>/", quote, name="assessment-quote"),
    path("v1/assessments/<int:assessment_pk>/exchange-rates/", exchange_rates, name="assessment-exchange-rates"),
    path("v1/assessments/<int:assessment_pk>/exchange-rates/<str:currency>/", exchange_rate,
         name="assessment-exchange-rate"),
    path("v1/assessments/<int:assessment_pk>/functions/<int:pk>/tco-assumptions/", function_assumptions,
         name="assessment-function-tco-assumptions"),
    # Before the router: its format-suffix routes would otherwise take "scores.csv".
    path("v1/assessments/<int:assessment_pk>/scores.csv", scores_csv, name="scores-csv"),
    path("v1/assessments/<int:assessment_pk>/report.<str:fmt>", report_download, name="assessment-report"),
    path("v1/assessments/<int:assessment_pk>/reports/", report_runs, name="assessment-report-runs"),
    path("v1/assessments/<int:assessment_pk>/portfolio/", portfolio, name="assessment-portfolio"),
    path("v1/assessments/<int:assessment_pk>/portfolio/plans/", portfolio_plans, name="assessment-portfolio-plans"),
    path("v1/assessments/<int:assessment_pk>/portfolio/plans/<int:pk>/", portfolio_plan,
         name="assessment-portfolio-plan"),
    path("v1/auth/token/", TokenCreateView.as_view(), name="api-token"),
    path("v1/auth/token/revoke/", TokenRevokeView.as_view(), name="api-token-revoke"),
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves Swagger UI's start-up script as a file (?script): no inline script for the CSP.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]
