from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosureConfig(AppConfig):
    """The disclosure catalogue and its page types."""

    name = "disclosure"
    verbose_name = _("政府信息公开目录")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_save
        from wagtail.models import Revision
        from wagtail.signals import page_published

        from publishing.signals import page_withdrawn, schedule_blocked
        from workdays.signals import calendar_changed

        from .attachments import take_down_images_of_secret_page
        from .deadlines import recompute_when_calendar_changes
        from .stuck import record_blocked_schedule, resolve_when_published, resolve_when_rescheduled

        calendar_changed.connect(recompute_when_calendar_changes,
                                 dispatch_uid="disclosure.recompute_open_deadlines")

        page_withdrawn.connect(take_down_images_of_secret_page,
                               dispatch_uid="disclosure.take_down_images_of_secret_page")
        schedule_blocked.connect(record_blocked_schedule,
                                 dispatch_uid="disclosure.record_blocked_schedule")
        post_save.connect(resolve_when_rescheduled, sender=Revision,
                          dispatch_uid="disclosure.resolve_blocked_when_rescheduled")
        page_published.connect(resolve_when_published,
                               dispatch_uid="disclosure.resolve_blocked_when_published")
