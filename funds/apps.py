from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundsConfig(AppConfig):
    """Livelihood-fund disclosure (民生资金公开)."""

    name = "funds"
    verbose_name = _("民生资金公开")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.core import checks

        from .checks import id_hash_key_is_set

        checks.register(id_hash_key_is_set, checks.Tags.security, deploy=True)
        from wagtail.signals import workflow_approved

        from .signing import sign_off_batch_when_approved

        workflow_approved.connect(sign_off_batch_when_approved,
                                  dispatch_uid="funds.sign_off_batch_when_approved")
