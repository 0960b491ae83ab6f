"""The editor's one-click "apply the suggested mask" to a finding in a page's own text.

An action on Wagtail's own base (`wagtail.actions.base.BaseAction`): `check()` raises
`PermissionDenied` when the user may not edit the page and `MaskError` (a Chinese message) when
the mask is not possible; `execute()` checks, then writes a new revision of the page whose text
has the finding replaced by its suggested mask (张*三, 410***********1234, 138****5678). The
draft is rewritten, never the live page: publication still goes through the workflow.
"""

from __future__ import annotations

from html import escape

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils.translation import gettext as _
from wagtail.actions.base import BaseAction
from wagtail.fields import RichTextField, StreamField
from wagtail.log_actions import log

from . import pages
from .report import Finding

# Named when the scanner lived in publishing; the name is stored in audit-log rows, which
# are never rewritten, so it stays.
MASK_LOG_ACTION = "publishing.mask_applied"


class MaskError(Exception):
    """The mask cannot be applied; the message says why, in Chinese."""


class ApplySuggestedMask(BaseAction):
    """Replace one finding's text with its suggested mask in the page's latest draft."""

    action_name = "apply_suggested_mask"

    def __init__(self, page, finding_key: str, user):
        super().__init__(page.specific, user)
        self.page = self.instance
        self.finding_key = finding_key
        self.draft = None
        self.finding: Finding | None = None

    def user_has_permission(self) -> bool:
        """Whoever may edit the page may mask its draft (Wagtail's page permission policy)."""
        return self.page.permissions_for_user(self.user).can_edit()

    def check(self, skip_permission_checks: bool = False) -> Finding:
        """Raise PermissionDenied or MaskError unless the mask can be applied; return the
        finding it would mask."""
        if not skip_permission_checks:
            if not self.user_has_permission():
                raise PermissionDenied(_("您没有编辑该页面的权限。"))
            lock = self.page.get_lock()
            if lock and lock.for_user(self.user):
                raise MaskError(_("页面当前已锁定（%(reason)s），不能修改。") % {
                    "reason": lock.get_message(self.user)})
        self.draft = self.page.get_latest_revision_as_object()
        # The page's own text first; attachments are read only to explain a refusal.
        finding = (pages.scan_page(self.draft, attachments=False).get(self.finding_key)
                   or pages.scan_page(self.draft).get(self.finding_key))
        if finding is None:
            raise MaskError(_("该发现已不在最新版本中（可能已修改），请重新查看扫描结果。"))
        if finding.in_attachment:
            raise MaskError(_("该发现位于附件中，不能自动遮盖：请修改附件文件后重新上传替换。"))
        if not finding.suggestion or not finding.field:
            raise MaskError(_("该发现没有建议的遮盖方式，请在编辑页面手工修改。"))
        self.finding = finding
        return finding

    def execute(self, skip_permission_checks: bool = False):
        """Write the masked draft as a new revision and return it."""
        finding = self.check(skip_permission_checks=skip_permission_checks)
        model_field = self.draft._meta.get_field(finding.field)
        old_value = getattr(self.draft, finding.field)
        new_value = replace_in_field(model_field, old_value, finding.text, finding.suggestion)
        if new_value is None:
            raise MaskError(_("未能在“%(field)s”中定位该文字（可能被格式分隔），请在编辑页面手工修改。")
                            % {"field": model_field.verbose_name})
        with transaction.atomic():
            setattr(self.draft, finding.field, new_value)
            revision = self.draft.save_revision(user=self.user, log_action=True)
            # The audit trail names the place and the mask, never the personal data itself.
            log(instance=self.draft, action=MASK_LOG_ACTION, user=self.user, revision=revision,
                data={"location": finding.location, "kind": finding.kind,
                      "mask": finding.suggestion})
        return revision


def replace_in_field(model_field, value, text: str, mask: str):
    """The field's value with `text` replaced by `mask`, or None if `text` is not in it.

    Rich text is stored as HTML, so the escaped forms are replaced; StreamField data is
    rewritten string by string (rich-text sources, table cells, plain text blocks)."""
    if isinstance(model_field, StreamField):
        raw = list(value.raw_data) if value is not None else []
        changed = [False]
        new_raw = _replace_in_json(raw, text, mask, changed)
        return new_raw if changed[0] else None
    if isinstance(model_field, RichTextField):
        return _replace_html(value or "", text, mask)
    if isinstance(model_field, (models.CharField, models.TextField)):
        return (value or "").replace(text, mask) if text in (value or "") else None
    return None


def _replace_html(html: str, text: str, mask: str) -> str | None:
    for old, new in ((escape(text, quote=False), escape(mask, quote=False)), (text, mask)):
        if old in html:
            return html.replace(old, new)
    return None


def _replace_in_json(data, text, mask, changed):
    if isinstance(data, str):
        replaced = _replace_html(data, text, mask)
        if replaced is None:
            return data
        changed[0] = True
        return replaced
    if isinstance(data, list):
        return [_replace_in_json(item, text, mask, changed) for item in data]
    if isinstance(data, dict):
        return {key: (value if key in ("type", "id") else _replace_in_json(value, text, mask, changed))
                for key, value in data.items()}
    return data
