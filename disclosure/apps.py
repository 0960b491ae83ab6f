from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosureConfig(AppConfig):
    """The disclosure catalogue and its page types."""

    name = "disclosure"
    verbose_name = _("政府信息公开目录")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from workdays.signals import calendar_changed

        from .deadlines import recompute_when_calendar_changes

        calendar_changed.connect(recompute_when_calendar_changes,
                                 dispatch_uid="disclosure.recompute_open_deadlines")
