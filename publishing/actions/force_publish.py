"""Force publish (强制发布): publish outside the workflow, e.g. an urgent epidemic notice.

Only the disclosure office (permission `publishing.force_publish`), only with a reason; the
automatic confidentiality scan still runs and its result is recorded (it does not block: the
office takes responsibility, and the record is listed on the forced-publication dashboard).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log

MIN_REASON_LENGTH = 4


class ForcePublishAction:
    def __init__(self, page, user, reason: str):
        self.page = page.specific
        self.user = user
        self.reason = (reason or "").strip()

    def check(self):
        if not (self.user and self.user.is_active and self.user.has_perm("publishing.force_publish")):
            raise PermissionDenied(_("只有政务公开办公室可以强制发布。"))
        if len(self.reason) < MIN_REASON_LENGTH:
            raise ValidationError(_("强制发布必须填写理由（至少 %(n)d 个字）。") % {"n": MIN_REASON_LENGTH})
        if self.page.get_latest_revision() is None:
            raise ValidationError(_("该页面还没有可发布的版本。"))

    def execute(self):
        from publishing.workflow import run_scan
        from publishing.workflow_models import ForcedPublication

        self.check()
        with transaction.atomic():
            revision = self.page.get_latest_revision()
            report, error = run_scan(revision.as_object())
            record = ForcedPublication.objects.create(
                page=self.page, revision=revision, by=self.user, reason=self.reason,
                scan_report=report, scan_has_blocking=bool(report.get("has_blocking")),
                scan_error=error)
            log(instance=self.page, action="publishing.force_publish", user=self.user,
                revision=revision,
                data={"reason": self.reason, "scan_has_blocking": record.scan_has_blocking,
                      "findings": len(report.get("findings", []))})
            # Publishing cancels a workflow in progress (WAGTAIL_WORKFLOW_CANCEL_ON_PUBLISH).
            revision.publish(user=self.user, skip_permission_checks=True)
        return record
