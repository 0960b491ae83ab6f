from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublishingConfig(AppConfig):
    """How content gets out: the approval workflow (with its confidentiality check) and the
    scheduler. Deadlines and the working-day calendar live in disclosure and workdays."""

    name = "publishing"
    verbose_name = _("发布与时效")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Our workflow emails replace Wagtail's: registered under Wagtail's dispatch_uids before
        # wagtail.admin's ready() connects its own (this app comes first in INSTALLED_APPS).
        from . import notifications, publisher, workflow_signals
        notifications.register()
        workflow_signals.register()
        publisher.register()
