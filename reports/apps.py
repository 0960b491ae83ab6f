from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """The annual report on disclosure work (政府信息公开工作年度报告), read across the catalogue and
    the applications; above both content apps."""

    name = "reports"
    verbose_name = _("年度报告")
    default_auto_field = "django.db.models.BigAutoField"
