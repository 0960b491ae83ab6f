from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConfidentialityConfig(AppConfig):
    """What may not be published: the scanner, masking, sensitive terms and scan records."""

    name = "confidentiality"
    verbose_name = _("保密审查")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import exif

        exif.register()  # image uploads: EXIF reported and stripped (条例 第十五条)
