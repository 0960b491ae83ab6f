from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublishingConfig(AppConfig):
    """How content gets out: workflow tasks, working-day calendar, deadlines."""

    name = "publishing"
    verbose_name = _("发布与时效")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import calendar_handlers  # noqa: F401  (holiday table → deadlines)
