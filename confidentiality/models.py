"""Models of the confidentiality scanner: the sensitive-term list and stored scan results."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .report import BLOCK, WARN, ScanReport

__all__ = ["ScanRecord", "SensitiveTerm"]


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
