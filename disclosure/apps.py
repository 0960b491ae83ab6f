from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosureConfig(AppConfig):
    """The disclosure catalogue and its page types."""

    name = "disclosure"
    verbose_name = _("政府信息公开目录")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from publishing.signals import page_withdrawn
        from workdays.signals import calendar_changed

        from .attachments import take_down_images_of_secret_page
        from .deadlines import recompute_when_calendar_changes

        calendar_changed.connect(recompute_when_calendar_changes,
                                 dispatch_uid="disclosure.recompute_open_deadlines")

        page_withdrawn.connect(take_down_images_of_secret_page,
                               dispatch_uid="disclosure.take_down_images_of_secret_page")
