from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    """Applications for disclosure and their statutory clock."""

    name = "applications"
    verbose_name = _("依申请公开")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from workdays.signals import calendar_changed

        from .calendar_handlers import recompute_open_deadlines

        calendar_changed.connect(recompute_open_deadlines,
                                 dispatch_uid="applications.recompute_open_deadlines")
