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
        self.connect_statistics_hooks()

    def connect_statistics_hooks(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import PageViewRestriction
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from .models import FundBatchPage
        from .statistics_hooks import (
            batch_page_changed,
            batch_page_moved,
            view_restriction_changed,
        )

        for name, signal in (("published", page_published), ("unpublished", page_unpublished),
                             ("deleted", post_delete)):
            signal.connect(batch_page_changed, sender=FundBatchPage,
                           dispatch_uid=f"funds.statistics.batch_page_{name}")
        post_page_move.connect(batch_page_moved, dispatch_uid="funds.statistics.move")
        for name, signal in (("saved", post_save), ("deleted", post_delete)):
            signal.connect(view_restriction_changed, sender=PageViewRestriction,
                           dispatch_uid=f"funds.statistics.restriction_{name}")
