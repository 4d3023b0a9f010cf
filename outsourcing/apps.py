from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutsourcingConfig(AppConfig):
    name = "outsourcing"
    verbose_name = _("Outsourcing catalogue")
