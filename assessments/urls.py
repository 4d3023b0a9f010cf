from django.urls import path

from assessments.views import accounts, assumptions, compare, dashboard, functions, limits, questionnaire, results, tco
from assessments.views import reports as report_views
from assessments.views.history import history as history_page

app_name = "assessments"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("new/", dashboard.create, name="create"),
    path("organisation/", accounts.switch_organisation, name="switch-organisation"),
    path("compare/", compare.compare, name="compare"),
    path("compare/export.xlsx", compare.export_xlsx, name="compare-export"),
    path("<int:pk>/", dashboard.open_assessment, name="open"),
    path("<int:pk>/duplicate/", dashboard.duplicate, name="duplicate"),
    path("<int:pk>/delete/", dashboard.delete, name="delete"),
    path("<int:pk>/profile/", questionnaire.profile, name="profile"),
    path("<int:pk>/functions/", functions.functions, name="functions"),
    path("<int:pk>/functions/add/", functions.function_add, name="function-add"),
    path("<int:pk>/functions/<int:function_pk>/edit/", functions.function_edit, name="function-edit"),
    path("<int:pk>/functions/<int:function_pk>/delete/", functions.function_delete, name="function-delete"),
    path("<int:pk>/progress/", functions.progress_badge, name="progress"),
    path("<int:pk>/questions/", questionnaire.questions, name="questions"),
    path("<int:pk>/questions/<int:function_pk>/", questionnaire.save_answers, name="save-answers"),
    path("<int:pk>/questions/<int:function_pk>/limits/", limits.save_limits, name="save-limits"),
    path("<int:pk>/review/", questionnaire.review, name="review"),
    path("<int:pk>/submit/", questionnaire.submit, name="submit"),
    path("<int:pk>/reopen/", questionnaire.reopen, name="reopen"),
    path("<int:pk>/results/", results.summary, name="results"),
    path("<int:pk>/results/<int:function_pk>/", results.function_detail, name="results-function"),
    path("<int:pk>/results/<int:function_pk>/accept-risk/", limits.risk_override, name="risk-override"),
    path("<int:pk>/weights/", results.weights, name="weights"),
    path("<int:pk>/sensitivity/", results.sensitivity, name="sensitivity"),
    path("<int:pk>/tco/", tco.page, name="tco"),
    path("<int:pk>/tco/start/", tco.start, name="tco-start"),
    path("<int:pk>/tco/assumptions/", assumptions.edit, name="tco-assumptions"),
    path("<int:pk>/tco/quotes/", assumptions.quote_add, name="tco-quote-add"),
    path("<int:pk>/tco/quotes/<int:quote_pk>/delete/", assumptions.quote_remove, name="tco-quote-delete"),
    path("<int:pk>/tco/exchange-rates/", assumptions.fx_set, name="tco-fx-set"),
    path("<int:pk>/tco/exchange-rates/<str:currency>/reset/", assumptions.fx_reset, name="tco-fx-reset"),
    path("<int:pk>/tco/<int:run_pk>/", tco.status, name="tco-status"),
    path("<int:pk>/tco/<int:run_pk>/retry/", tco.retry, name="tco-retry"),
    path("<int:pk>/reports/", report_views.page, name="reports"),
    path("<int:pk>/reports/start/", report_views.start, name="report-start"),
    path("<int:pk>/reports/<int:run_pk>/", report_views.status, name="report-status"),
    path("<int:pk>/reports/<int:run_pk>/download/", report_views.run_download, name="report-run-download"),
    path("<int:pk>/report.<str:fmt>", report_views.download, name="report-download"),
    path("<int:pk>/history/", history_page, name="history"),
]
