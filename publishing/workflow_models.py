"""What the editorial workflow records beside Wagtail's own revisions, task states and audit log.

Every decision of the approval chain that must be traced (留痕) is one row here, linked to
the page and to the revision it was made on; the same decision is also written to the page's
Wagtail audit log under one of the log action types of `publishing.wagtail_hooks`.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# Never published (条例 第十四至十六条; corpus 004 网站管理制度 第十四条): the categories
# the confidentiality officer ticks, one by one, as checked absent before signing.
FORBIDDEN_CATEGORIES = [
    ("state_secret", _("国家秘密（绝密、机密、秘密标志，★，保密期限）")),
    ("forbidden_by_law", _("法律、行政法规禁止公开的内容")),
    ("security_stability", _("危及国家安全、公共安全、经济安全和社会稳定的内容")),
    ("trade_secret", _("商业秘密")),
    ("privacy", _("个人隐私（身份证号、电话、银行卡号、家庭住址、患者姓名与诊断等），必须公开的已脱敏")),
    ("sensitive_politics", _("敏感的政治、外交事项")),
    ("undecided_matters", _("尚未决定的行政事项（公开征求意见稿除外）")),
    ("unverified_epidemic", _("未经核实的疫情信息")),
    ("internal_process", _("内部事务信息和过程性信息（讨论记录、草稿、请示报告等）")),
    ("attachments", _("正文和全部附件均已检查")),
]


class ConfidentialityReview(models.Model):
    """The confidentiality check (保密审查) of one revision: the scan, the checklist, the signature.

    The automatic scan (confidentiality.scanner.scan_page) runs when the task starts; a blocking
    finding stops approval until it is fixed (a new revision, scanned again) or overridden by the
    officer with a reason (条例 第十四至十六条: the check is a gate).
    """

    task_state = models.OneToOneField(
        "wagtailcore.TaskState", on_delete=models.CASCADE, related_name="confidentiality_review")
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    revision = models.ForeignKey("wagtailcore.Revision", on_delete=models.CASCADE,
                                 related_name="confidentiality_reviews")
    scan_report = models.JSONField(_("自动扫描结果"), default=dict, blank=True)
    scan_error = models.TextField(_("扫描错误"), blank=True)
    scanned_at = models.DateTimeField(_("扫描时间"), null=True, blank=True)
    checklist = models.JSONField(_("已逐项确认"), default=list, blank=True)
    signature = models.CharField(_("签名"), max_length=50, blank=True)
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("审查人"))
    signed_at = models.DateTimeField(_("签名时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("保密审查记录")
        verbose_name_plural = _("保密审查记录")

    def __str__(self):
        return f"{self.page} / {self.revision_id}"

    @property
    def findings(self) -> list[dict]:
        return list(self.scan_report.get("findings", []))

    def blocking_findings(self) -> list[tuple[int, dict]]:
        """(index, finding) of every finding whose severity is "block"."""
        return [(index, finding) for index, finding in enumerate(self.findings)
                if finding.get("severity") == "block"]

    def unresolved_blocking(self) -> list[tuple[int, dict]]:
        overridden = set(self.overrides.values_list("finding_index", flat=True))
        return [(index, finding) for index, finding in self.blocking_findings()
                if index not in overridden]


class FindingOverride(models.Model):
    """A blocking scanner finding the confidentiality officer let through, with the reason."""

    review = models.ForeignKey(ConfidentialityReview, on_delete=models.CASCADE,
                               related_name="overrides")
    finding_index = models.PositiveIntegerField()
    finding = models.JSONField(_("发现项"), default=dict)
    reason = models.TextField(_("放行理由"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("扫描发现放行记录")
        verbose_name_plural = _("扫描发现放行记录")
        constraints = [models.UniqueConstraint(fields=["review", "finding_index"],
                                               name="one_override_per_finding")]

    def __str__(self):
        return f"{self.finding.get('text', '')}：{self.reason}"


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
