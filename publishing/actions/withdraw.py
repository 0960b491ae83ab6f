"""Withdraw (撤回) a published item with a reason from the fixed list; its address stays.

The old address then answers 410 with a notice of the date and reason
(publishing.middleware.WithdrawalNoticeMiddleware), except after a withdrawal for
confidentiality, which answers a plain 404 (nothing about the item is shown).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.actions.base import BaseAction
from wagtail.log_actions import log

from publishing.signals import page_withdrawn

WITHDRAW_LOG_ACTION = "publishing.withdraw"


class WithdrawPermissionError(PermissionDenied):
    """The user may not unpublish the page."""


class WithdrawAction(BaseAction):
    action_name = "withdraw"
    permission_error_class = WithdrawPermissionError

    def __init__(self, page, user, reason: str, text: str = ""):
        super().__init__(page.specific, user)
        self.page = self.instance
        self.reason = reason
        self.text = (text or "").strip()

    def user_has_permission(self) -> bool:
        """Whoever may unpublish the page (Wagtail's page permission policy) may withdraw it."""
        return bool(self.user.is_active
                    and self.page.permissions_for_user(self.user).can_unpublish())

    def check(self, skip_permission_checks: bool = False):
        from publishing.workflow_models import WITHDRAWAL_REASONS, Withdrawal

        if not skip_permission_checks and not (self.user and self.user_has_permission()):
            raise self.permission_error_class(_("您无权撤回该页面。"))
        if not self.page.live:
            raise ValidationError(_("该页面未发布，无需撤回。"))
        if self.reason not in dict(WITHDRAWAL_REASONS):
            raise ValidationError(_("请从列表中选择撤回原因。"))
        if self.reason == Withdrawal.REASON_OTHER and len(self.text) < 4:
            raise ValidationError(_("选择“其他”时须填写说明（至少 4 个字）。"))

    def execute(self, skip_permission_checks: bool = False):
        from publishing.workflow_models import Withdrawal

        self.check(skip_permission_checks=skip_permission_checks)
        with transaction.atomic():
            Withdrawal.objects.filter(page=self.page, active=True).update(active=False)
            withdrawal = Withdrawal.objects.create(
                page=self.page, url_path=self.page.url_path, title=self.page.title,
                reason=self.reason, text=self.text, by=self.user)
            self.page.unpublish(user=self.user, log_action=False)
            log(instance=self.page, action=WITHDRAW_LOG_ACTION, user=self.user,
                data={"reason": self.reason, "text": self.text})
            page_withdrawn.send(sender=type(self.page), page=self.page, withdrawal=withdrawal)
        return withdrawal
