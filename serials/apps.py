from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SerialsConfig(AppConfig):
    """Serial-number counters (index numbers, tracking numbers) and tracking numbers with
    query codes: shared by the content apps, importing none of them."""

    name = "serials"
    verbose_name = _("流水号")
    default_auto_field = "django.db.models.BigAutoField"
