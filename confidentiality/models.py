"""Models of the confidentiality check: the sensitive-term list, stored scan results, and the
officer's review of a revision in the publishing workflow (checklist, signature, overrides)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .report import BLOCK, WARN, ScanReport

__all__ = ["FORBIDDEN_CATEGORIES", "ConfidentialityReview", "FindingOverride", "ScanRecord",
           "SensitiveTerm"]


class SensitiveTerm(models.Model):
    """A word or phrase the disclosure office wants every page and attachment checked for."""

    SEVERITY_CHOICES = [(BLOCK, _("阻止发布")), (WARN, _("提示"))]

    term = models.CharField(_("敏感词"), max_length=100, unique=True)
    severity = models.CharField(_("处理方式"), max_length=5, choices=SEVERITY_CHOICES,
                                default=WARN)
    note = models.CharField(_("说明"), max_length=255, blank=True,
                            help_text=_("审查员看到该词时显示的说明，例如为什么不宜公开。"))
    created_at = models.DateTimeField(_("添加时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        db_table = "publishing_sensitiveterm"  # the table made before this app had its own room
        verbose_name = _("敏感词")
        verbose_name_plural = _("敏感词")
        ordering = ["term"]

    def __str__(self):
        return self.term

    def clean(self):
        self.term = (self.term or "").strip()


class ScanRecord(models.Model):
    """The result of one confidentiality scan of a page revision (留痕)."""

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE,
                             related_name="scan_records", verbose_name=_("页面"))
    revision = models.ForeignKey("wagtailcore.Revision", on_delete=models.SET_NULL, null=True,
                                 blank=True, related_name="+", verbose_name=_("版本"))
    report = models.JSONField(_("扫描结果"), default=dict)
    has_blocking = models.BooleanField(_("有阻止发布的问题"), default=False)
    scanned_at = models.DateTimeField(_("扫描时间"), auto_now_add=True)
    scanned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("发起人"))

    class Meta:
        db_table = "publishing_scanrecord"  # the table made before this app had its own room
        verbose_name = _("保密扫描记录")
        verbose_name_plural = _("保密扫描记录")
        ordering = ["-scanned_at", "-pk"]
        get_latest_by = "scanned_at"

    def __str__(self):
        return f"{self.page_id} @ {self.scanned_at:%Y-%m-%d %H:%M}"

    @property
    def scan_report(self) -> ScanReport:
        return ScanReport.from_dict(self.report)

    @classmethod
    def record(cls, page, report: ScanReport, *, revision=None, user=None) -> "ScanRecord":
        """Store `report` as the scan of `revision` (default: the page's latest revision)."""
        if revision is None:
            revision = page.latest_revision
        return cls.objects.create(page_id=page.pk, revision=revision, report=report.as_dict(),
                                  has_blocking=report.has_blocking,
                                  scanned_by=user if user and user.is_authenticated else None)


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

    One per 保密审查 task state of the publishing workflow. The automatic scan runs when the task
    starts; a blocking finding stops approval until it is fixed (a new revision, scanned again)
    or overridden by the officer with a reason (条例 第十四至十六条: the check is a gate).
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
        db_table = "publishing_confidentialityreview"  # made while the workflow held it
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

    def rescan(self) -> "ConfidentialityReview":
        """Run the automatic scan over the revision under review and keep its report."""
        from .pages import scan_for_gate  # the scanner reads this module's terms

        self.scan_report, self.scan_error = scan_for_gate(self.revision.as_object())
        self.scanned_at = timezone.now()
        self.save(update_fields=["scan_report", "scan_error", "scanned_at"])
        return self

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
        db_table = "publishing_findingoverride"  # made while the workflow held it
        verbose_name = _("扫描发现放行记录")
        verbose_name_plural = _("扫描发现放行记录")
        constraints = [models.UniqueConstraint(fields=["review", "finding_index"],
                                               name="one_override_per_finding")]

    def __str__(self):
        return f"{self.finding.get('text', '')}：{self.reason}"
