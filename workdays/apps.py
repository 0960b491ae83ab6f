from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkdaysConfig(AppConfig):
    """The working-day clock: engine, holiday table, calculator and the record of moved deadlines.

    Any app may use it; it imports none of the project's other apps. Apps whose deadlines run on
    it listen to workdays.signals.calendar_changed.
    """

    name = "workdays"
    label = "workdays"
    verbose_name = _("工作日历")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import handlers

        handlers.connect()
