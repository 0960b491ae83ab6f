from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The site itself: home and section pages, site settings."""

    name = "portal"
    verbose_name = _("门户")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .staff_names import use_chinese_name_order

        use_chinese_name_order()

        from .cache_signals import connect as purge_page_cache_on_change

        purge_page_cache_on_change()
