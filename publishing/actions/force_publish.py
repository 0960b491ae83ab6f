"""Force publish (强制发布): publish outside the workflow, e.g. an urgent epidemic notice.

Only the disclosure office (permission `publishing.force_publish`), only with a reason; the
automatic confidentiality scan still runs and its result is recorded (it does not block: the
office takes responsibility, and the record is listed on the forced-publication report).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.actions.base import BaseAction
from wagtail.log_actions import log

MIN_REASON_LENGTH = 4
FORCE_PUBLISH_LOG_ACTION = "publishing.force_publish"


class ForcePublishPermissionError(PermissionDenied):
    """The user is not the disclosure office."""


class ForcePublishAction(BaseAction):
    action_name = "force_publish"
    permission_error_class = ForcePublishPermissionError

    def __init__(self, page, user, reason: str):
        super().__init__(page.specific, user)
        self.page = self.instance
        self.reason = (reason or "").strip()

    def user_has_permission(self) -> bool:
        return bool(self.user.is_active and self.user.has_perm("publishing.force_publish"))

    def check(self, skip_permission_checks: bool = False):
        if not skip_permission_checks and not (self.user and self.user_has_permission()):
            raise self.permission_error_class(_("只有政务公开办公室可以强制发布。"))
        if len(self.reason) < MIN_REASON_LENGTH:
            raise ValidationError(_("强制发布必须填写理由（至少 %(n)d 个字）。") % {"n": MIN_REASON_LENGTH})
        if self.page.get_latest_revision() is None:
            raise ValidationError(_("该页面还没有可发布的版本。"))

    def execute(self, skip_permission_checks: bool = False):
        from confidentiality.scanner import scan_for_gate
        from publishing.workflow_models import ForcedPublication

        self.check(skip_permission_checks=skip_permission_checks)
        with transaction.atomic():
            revision = self.page.get_latest_revision()
            report, error = scan_for_gate(revision.as_object())
            record = ForcedPublication.objects.create(
                page=self.page, revision=revision, by=self.user, reason=self.reason,
                scan_report=report, scan_has_blocking=bool(report.get("has_blocking")),
                scan_error=error)
            log(instance=self.page, action=FORCE_PUBLISH_LOG_ACTION, user=self.user,
                revision=revision,
                data={"reason": self.reason, "scan_has_blocking": record.scan_has_blocking,
                      "findings": len(report.get("findings", []))})
            # Publishing cancels a workflow in progress (WAGTAIL_WORKFLOW_CANCEL_ON_PUBLISH).
            revision.publish(user=self.user, skip_permission_checks=True)
        return record
