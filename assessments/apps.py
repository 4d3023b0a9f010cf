from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = _("Assessments")

    def ready(self):
        from django.conf import settings

        from assessments.audit import register_audited_models
        from assessments.pdf_engine import private_api

        register_audited_models()
        private_api.configure(allowed=settings.PRIVATE_API_SPEEDUPS)  # the engine reads no Django settings itself
