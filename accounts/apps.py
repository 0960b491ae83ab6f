from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


class AccountsConfig(AppConfig):
    """Staff accounts and how they log in: lockout, audit, passwords, idle timeout, 2FA."""

    name = "accounts"
    default = True
    verbose_name = _("账号与登录安全")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signal_handlers  # noqa: F401


class StaffUsersAppConfig(WagtailUsersAppConfig):
    """Takes the place of "wagtail.users" in INSTALLED_APPS (same label, wagtailusers): its user
    forms check 三员分立 and never let one edit one's own groups (accounts.users)."""

    user_viewset = "accounts.users.StaffUserViewSet"
