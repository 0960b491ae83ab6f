from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionConfig(AppConfig):
    """The website inspection (政府网站与政务新媒体检查指标, 国办秘函〔2019〕19号), run daily over
    the site's own records; at the level of `reports`, above the content apps it reads."""

    name = "inspection"
    verbose_name = _("网站检查")
    default_auto_field = "django.db.models.BigAutoField"
