from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutboxConfig(AppConfig):
    """The site's one mail outbox: every email is stored with the change that causes it and
    sent by a task; imports none of the rooms above it."""

    name = "outbox"
    verbose_name = _("待发邮件")
    default_auto_field = "django.db.models.BigAutoField"
