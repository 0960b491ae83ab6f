"""What the editorial workflow records beside Wagtail's own revisions, task states and audit log.

Every decision of the approval chain that must be traced (留痕) is one row here, linked to
the page and to the revision it was made on; the same decision is also written to the page's
Wagtail audit log under one of the log action types of `publishing.wagtail_hooks`. The
confidentiality check's own record (checklist, signature, overrides) is the confidentiality
app's `ConfidentialityReview`.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SignOff(models.Model):
    """A leader's sign-off (签发) of one revision: who, when, and the go-live time chosen.

    A go-live time after the item's due date needs a recorded reason (条例 第二十六条: at most
    20 working days, with a recorded reason).
    """

    task_state = models.OneToOneField("wagtailcore.TaskState", on_delete=models.CASCADE,
                                      related_name="sign_off")
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    revision = models.ForeignKey("wagtailcore.Revision", on_delete=models.CASCADE,
                                 related_name="sign_offs")
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="+", verbose_name=_("签发人"))
    signed_at = models.DateTimeField(_("签发时间"), auto_now_add=True)
    go_live_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    due_on = models.DateField(_("公开期限"), null=True, blank=True)
    late_reason = models.TextField(_("逾期发布理由"), blank=True)
    comment = models.TextField(_("签发意见"), blank=True)

    class Meta:
        verbose_name = _("签发记录")
        verbose_name_plural = _("签发记录")
        ordering = ["-signed_at"]

    def __str__(self):
        return f"{self.page} / {self.signed_by} / {self.signed_at:%Y-%m-%d %H:%M}"


class ForcedPublication(models.Model):
    """A publication outside the workflow (e.g. an urgent epidemic notice), by the disclosure office.

    It still runs the automatic confidentiality scan and keeps its result here.
    """

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE,
                             related_name="forced_publications")
    revision = models.ForeignKey("wagtailcore.Revision", on_delete=models.CASCADE,
                                 related_name="+")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                           verbose_name=_("操作人"))
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    reason = models.TextField(_("理由"))
    scan_report = models.JSONField(_("自动扫描结果"), default=dict, blank=True)
    scan_has_blocking = models.BooleanField(_("扫描发现阻断项"), default=False)
    scan_error = models.TextField(_("扫描错误"), blank=True)

    class Meta:
        verbose_name = _("强制发布记录")
        verbose_name_plural = _("强制发布记录")
        ordering = ["-at"]
        permissions = [("force_publish", _("可强制发布（跳过审批流程）"))]

    def __str__(self):
        return f"{self.page}（{self.reason}）"

    def scan_summary(self):
        findings = len(self.scan_report.get("findings", []))
        if self.scan_has_blocking:
            return _("有阻断项（共 %(n)d 项发现）") % {"n": findings}
        return _("仅有提示项") if findings else _("未发现问题")


WITHDRAWAL_REASONS = [
    ("repealed", _("已废止")),
    ("wrong_content", _("内容有误")),
    ("confidentiality", _("涉密或敏感信息")),
    ("other", _("其他")),
]


class Withdrawal(models.Model):
    """A published item taken down, with the reason from a fixed list.

    Its address stays: it answers 410 with a notice of the date and reason, except after a
    withdrawal for confidentiality, which answers a plain 404 (nothing about it is shown).
    """

    REASON_CONFIDENTIALITY = "confidentiality"
    REASON_OTHER = "other"

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE,
                             related_name="withdrawals")
    url_path = models.CharField(max_length=1024, db_index=True)
    title = models.CharField(_("标题"), max_length=255)
    reason = models.CharField(_("撤回原因"), max_length=30, choices=WITHDRAWAL_REASONS)
    text = models.TextField(_("说明"), blank=True)
    at = models.DateTimeField(_("撤回时间"), auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                           verbose_name=_("操作人"))
    active = models.BooleanField(default=True, help_text=_("重新发布后失效"))

    class Meta:
        verbose_name = _("撤回记录")
        verbose_name_plural = _("撤回记录")
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.title}（{self.get_reason_display()}）"

    @property
    def shows_notice(self) -> bool:
        return self.reason != self.REASON_CONFIDENTIALITY

    @property
    def public_reason(self) -> str:
        if self.reason == self.REASON_OTHER and self.text:
            return self.text
        return str(self.get_reason_display())


class ChangeNote(models.Model):
    """What changed in a new version of a published item, shown publicly once that version is live.

    A major change needs a note; a minor correction (typo, layout) is recorded as minor and not
    listed publicly.
    """

    MAJOR = "major"
    MINOR = "minor"
    KIND_CHOICES = [(MAJOR, _("重要变更（须公开说明）")), (MINOR, _("细微更正（错别字、格式）"))]

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE,
                             related_name="change_notes")
    revision = models.ForeignKey("wagtailcore.Revision", on_delete=models.CASCADE,
                                 related_name="change_notes")
    kind = models.CharField(_("变更类型"), max_length=10, choices=KIND_CHOICES)
    note = models.TextField(_("变更说明"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(_("生效时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("变更说明")
        verbose_name_plural = _("变更说明")
        ordering = ["-published_at", "-at"]
        constraints = [models.UniqueConstraint(fields=["revision"], name="one_note_per_revision")]

    def __str__(self):
        return f"{self.page}：{self.get_kind_display()} {self.note}"


class PageCreation(models.Model):
    """The page one create form made (its one-time key), so that the form cannot make two."""

    key = models.CharField(max_length=32, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="+")
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, null=True,
                             related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("页面创建记录")
        verbose_name_plural = _("页面创建记录")

    def __str__(self):
        return f"{self.key} → {self.page_id or '—'}"
