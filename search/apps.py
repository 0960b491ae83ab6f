from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """Chinese full-text search."""

    name = "search"
    label = "search"
    verbose_name = _("全文检索")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from search import signal_handlers

        signal_handlers.connect()
