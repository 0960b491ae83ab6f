from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InteractionConfig(AppConfig):
    """Messages, consultations and complaints from the public: channels, deadlines, escalation."""

    name = "interaction"
    verbose_name = _("互动交流")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from workdays.signals import calendar_changed

        from .deadlines import recompute_open_deadlines

        calendar_changed.connect(recompute_open_deadlines,
                                 dispatch_uid="interaction.recompute_open_deadlines")
