"""Livelihood-fund disclosure (民生资金公开; corpus 000, 001, 002).

Pages: 民生资金公开 (the root; the office adds fund categories under it, 000 第十条) → a fund
(资金类别: level, policies, department, update cycle, allocations) → one page per disbursement
batch (拨付批次). The per-person payment rows live in their own table (`Payment`), tied to a
`DisbursementBatch`; the batch page carries the batch's metadata and a reference to it, never
the rows, so a 100,000-row batch is never serialised into a page revision.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from pageforms import PageForm
from workdays.engine import WORKING, deadline
from workdays.local_time import local_today

# 000 第八条: entries are made within 20 working days after the money is paid.
PAYMENT_DEADLINE_WORKING_DAYS = 20

LEVELS = [("central", _("中央")), ("province", _("省级")), ("city", _("市级")),
          ("county", _("县级"))]
MONTHLY, QUARTERLY, PER_BATCH = "monthly", "quarterly", "per_batch"
UPDATE_CYCLES = [(MONTHLY, _("按月更新")), (QUARTERLY, _("按季度更新")),
                 (PER_BATCH, _("按批次更新"))]
GENERAL, EMERGENCY_AID = "general", "emergency_aid"
FUND_KINDS = [(GENERAL, _("一般民生资金（公开到人）")),
              (EMERGENCY_AID, _("疾病应急救助（只公开按病种、乡镇汇总的数字）"))]


class FundIndexPage(RoutablePageMixin, Page):
    """民生资金公开: the list of funds, the beneficiary's own query and the fund statistics."""

    base_form_class = PageForm
    intro = RichTextField(_("说明"), blank=True, features=["bold", "link"])
    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["portal.HomePage"]
    subpage_types = ["funds.FundPage"]
    max_count_per_parent = 1
    # The approval workflow (review → 保密审查 → 签发) is assigned here by setup_workflow.
    publication_workflow_root = True

    class Meta:
        verbose_name = _("民生资金公开")
        verbose_name_plural = _("民生资金公开")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["funds"] = FundPage.objects.child_of(self).live().public().specific()
        return context

    @path("query/")
    def beneficiary_query(self, request):
        from funds.public_views import beneficiary_query

        return beneficiary_query(request, self)


class FundPageForm(PageForm):
    """A fund's form: its responsible department (责任科室) is chosen by the disclosure office
    alone, as the fund categories themselves are (000 第十条); for anyone else the field is
    shown but disabled, so a submitted change is ignored."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from departments.roles import DISCLOSURE_OFFICE, has_role

        user = self.for_user
        may_choose = user is not None and (user.is_superuser or has_role(user, DISCLOSURE_OFFICE))
        if "department" in self.fields and not may_choose:
            self.fields["department"].disabled = True
            self.fields["department"].help_text = _("责任科室只能由政务公开办公室调整。")


class FundPage(RoutablePageMixin, Page):
    """A fund category (资金类别): its level, policies, responsible department, update cycle,
    standard, allocations, and its batches and statistics."""

    base_form_class = FundPageForm
    kind = models.CharField(_("资金性质"), max_length=20, choices=FUND_KINDS, default=GENERAL)
    level = models.CharField(_("资金级次"), max_length=10, choices=LEVELS)
    department = models.ForeignKey(
        "departments.Department", verbose_name=_("责任科室"), on_delete=models.PROTECT,
        related_name="funds")
    update_cycle = models.CharField(_("更新周期"), max_length=10, choices=UPDATE_CYCLES,
                                    default=MONTHLY)
    standard = models.DecimalField(
        _("发放标准（元/人·次）"), max_digits=12, decimal_places=2, null=True, blank=True,
        help_text=_("比对时高于此标准的发放记录会被标记；留空则不比对。"))
    description = RichTextField(_("资金说明"), blank=True)

    content_panels = Page.content_panels + [
        MultiFieldPanel([FieldPanel("kind"), FieldPanel("level"), FieldPanel("department"),
                         FieldPanel("update_cycle"), FieldPanel("standard")],
                        heading=_("资金类别")),
        FieldPanel("description"),
        InlinePanel("policies", label=_("政策依据")),
        InlinePanel("allocations", label=_("资金下达")),
    ]
    parent_page_types = ["funds.FundIndexPage"]
    subpage_types = ["funds.FundBatchPage"]

    class Meta:
        verbose_name = _("民生资金类别")
        verbose_name_plural = _("民生资金类别")

    @property
    def is_emergency_aid(self) -> bool:
        return self.kind == EMERGENCY_AID

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self.make_section_of_department()

    def make_section_of_department(self):
        """A fund category is a section of its responsible department: that department's
        editors add its batch pages and its reviewer reviews them (000 第九条); nobody else's.
        New fund categories themselves are added only by the office (000 第十条), which alone
        may add pages under 民生资金公开."""
        from departments.models import DepartmentSection
        from departments.roles import sync_department

        if not self.pk or not self.department_id:
            return
        section = DepartmentSection.objects.filter(page_id=self.pk).first()
        if section is not None and section.department_id == self.department_id:
            return
        previous = section.department if section else None
        if section is None:
            DepartmentSection.objects.create(department_id=self.department_id, page_id=self.pk)
        else:
            section.department_id = self.department_id
            section.save()
        sync_department(self.department)
        if previous is not None:
            sync_department(previous)

    def get_context(self, request, *args, **kwargs):
        from funds.presentation import fund_context

        context = super().get_context(request, *args, **kwargs)
        context.update(fund_context(self))
        if context["statistics_pending"]:
            # A copy saying "统计数据正在更新" is kept by the page cache for seconds, not a day
            # (portal.page_cache.PROVISIONAL_FLAG).
            request.page_cache_provisional = True
        return context

    @path("batch/<int:batch_page_id>/download.xlsx")
    def download(self, request, batch_page_id):
        from funds.public_views import download_batch

        return download_batch(request, self, batch_page_id)

    def publication_due_date(self):
        return None, False


class FundPolicy(Orderable):
    """A policy document behind a fund (a live page of the catalogue, or an outside link)."""

    fund = ParentalKey(FundPage, related_name="policies", on_delete=models.CASCADE)
    page = models.ForeignKey("wagtailcore.Page", verbose_name=_("政策文件页面"), null=True,
                             blank=True, on_delete=models.SET_NULL, related_name="+")
    title = models.CharField(_("文件名称"), max_length=200, blank=True)
    document_number = models.CharField(_("文号"), max_length=60, blank=True)

    panels = [PageChooserPanel("page"), FieldPanel("title"), FieldPanel("document_number")]

    def label(self) -> str:
        return self.title or (self.page.title if self.page_id else "")


class Allocation(Orderable):
    """资金下达: a document allocating money of the fund to a county or unit."""

    fund = ParentalKey(FundPage, related_name="allocations", on_delete=models.CASCADE)
    document_number = models.CharField(_("下达文号"), max_length=60)
    allocated_on = models.DateField(_("下达日期"))
    amount = models.DecimalField(_("金额（元）"), max_digits=16, decimal_places=2)
    recipient = models.CharField(_("下达至（县区/单位）"), max_length=100)

    panels = [FieldPanel("document_number"), FieldPanel("allocated_on"), FieldPanel("amount"),
              FieldPanel("recipient")]

    class Meta(Orderable.Meta):
        verbose_name = _("资金下达")


class DisbursementBatch(models.Model):
    """拨付批次: one disbursement of a fund for a period, with its payment rows.

    The rows are frozen once the batch's page is signed off (`signed_off_at`), and the previous
    year's batches from the freeze day on (001 第十八条); after that a row changes only through
    a correction that passes the approval workflow."""

    fund = models.ForeignKey(FundPage, verbose_name=_("资金类别"), on_delete=models.PROTECT,
                             related_name="batches")
    name = models.CharField(_("批次名称"), max_length=100)
    period_year = models.PositiveSmallIntegerField(_("所属年度"))
    period = models.CharField(_("所属期间"), max_length=20,
                              help_text=_("如 2026-03（月）、2026-Q1（季度）或批次编号。"))
    paid_on = models.DateField(_("发放日期"))
    amount = models.DecimalField(_("拨付金额（元）"), max_digits=16, decimal_places=2)
    imported_at = models.DateTimeField(_("导入时间"), null=True, blank=True)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    source_name = models.CharField(_("导入文件"), max_length=200, blank=True)
    row_count = models.PositiveIntegerField(_("人数"), default=0)
    total = models.DecimalField(_("明细合计（元）"), max_digits=16, decimal_places=2,
                                default=Decimal("0"))
    signed_off_at = models.DateTimeField(_("签发时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("拨付批次")
        verbose_name_plural = _("拨付批次")
        ordering = ["-paid_on", "-pk"]
        constraints = [models.UniqueConstraint(fields=["fund", "period", "name"],
                                               name="funds_batch_unique_name")]

    def __str__(self):
        return f"{self.fund.title} · {self.name}（{self.period}）"

    def due(self):
        """000 第八条: published within 20 working days after the payment date."""
        return deadline(self.paid_on, PAYMENT_DEADLINE_WORKING_DAYS, WORKING)

    def freeze_reason(self, today: date | None = None) -> str:
        """Why the rows may not be changed directly, or "" while they may."""
        from funds.freeze import year_end_frozen

        if self.signed_off_at:
            return str(_("本批次已签发，明细已锁定；如需修改请提交更正。"))
        if year_end_frozen(self.period_year, today or local_today()):
            return str(_("上一年度数据已于 4 月 1 日起冻结，只能通过更正程序修改。"))
        return ""

    def refresh_totals(self):
        figures = self.payments.aggregate(count=Count("pk"), total=Sum("amount"))
        self.row_count = figures["count"] or 0
        self.total = figures["total"] or Decimal("0")
        self.save(update_fields=["row_count", "total"])

    @property
    def total_matches(self) -> bool:
        return self.total == self.amount


class Payment(models.Model):
    """One person's payment in a batch. Stored here once; shown masked everywhere public."""

    batch = models.ForeignKey(DisbursementBatch, on_delete=models.CASCADE,
                              related_name="payments")
    line = models.PositiveIntegerField(_("文件行号"))
    name = models.CharField(_("姓名"), max_length=50)
    id_number = models.CharField(_("身份证号"), max_length=18)
    # HMAC of the ID number (funds.idnumbers.digest): the index for exact-match look-ups and
    # duplicate checks, so the number itself is never stored twice.
    id_digest = models.CharField(max_length=64, db_index=True)
    township = models.CharField(_("乡镇（街道）"), max_length=50)
    village = models.CharField(_("村（社区）"), max_length=50)
    project = models.CharField(_("项目"), max_length=100)
    standard = models.DecimalField(_("标准（元）"), max_digits=12, decimal_places=2, null=True,
                                   blank=True)
    amount = models.DecimalField(_("金额（元）"), max_digits=12, decimal_places=2)
    paid_on = models.DateField(_("发放日期"))
    method = models.CharField(_("发放方式"), max_length=30)
    disease_category = models.CharField(_("病种类别"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("发放明细")
        verbose_name_plural = _("发放明细")
        ordering = ["batch", "line"]
        indexes = [models.Index(fields=["batch", "township", "village"])]

    def __str__(self):
        from personaldata.masking import mask_name

        return f"{mask_name(self.name)} {self.amount}"


class FundBatchPageForm(PageForm):
    """A batch page chooses one batch of its own fund that has no page yet (or its own): the
    choice never lists another fund's, or another department's, batch names."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "batch" not in self.fields:
            return
        if self.instance.pk:
            fund_page = self.instance.get_parent()
        else:
            fund_page = self.parent_page
        fund_id = fund_page.pk if fund_page is not None else None
        choices = DisbursementBatch.objects.filter(fund_id=fund_id).filter(
            models.Q(page__isnull=True) | models.Q(page__pk=self.instance.pk or 0))
        self.fields["batch"].queryset = choices.select_related("fund")


class FundBatchPage(Page):
    """The publication of one disbursement batch: its metadata and a reference to the batch.

    Published through the approval workflow like any catalogue entry; the confidentiality
    check reads the public rendering of the rows (`confidentiality_pieces`)."""

    base_form_class = FundBatchPageForm
    batch = models.OneToOneField(DisbursementBatch, verbose_name=_("拨付批次"),
                                 on_delete=models.PROTECT, related_name="page")
    note = models.TextField(_("说明"), blank=True)
    correction_note = models.TextField(
        _("本次更正说明"), blank=True,
        help_text=_("提交更正时填写；更正记录经审批签发后在公开页面显示。"))

    content_panels = Page.content_panels + [FieldPanel("batch"), FieldPanel("note"),
                                            FieldPanel("correction_note")]
    parent_page_types = ["funds.FundPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("拨付批次公开")
        verbose_name_plural = _("拨付批次公开")

    def publication_due_date(self):
        """(due_on, provisional): 20 working days after the payment date (000 第八条)."""
        if not self.batch_id:
            return None, False
        result = self.batch.due()
        return result.due, result.provisional

    def go_live_problem(self, moment):
        """Flagged rows need a written justification before the batch may go live (比对)."""
        if not self.batch_id:
            return None
        open_flags = PaymentFlag.objects.filter(payment__batch_id=self.batch_id,
                                                justification="").count()
        if open_flags:
            return _("本批次有 %(n)s 条比对疑点尚未填写说明，不能发布。") % {"n": open_flags}
        if not self.batch.row_count:
            return _("本批次尚未导入发放明细。")
        return None

    def confidentiality_pieces(self):
        """(field, text) pairs of what the public page shows of the rows, for the scanner:
        a batch whose public rendering carries an unmasked identifier is blocked."""
        from funds.public_rows import public_text_lines

        if not self.batch_id:
            return []
        return [("发放明细（公开呈现）", "\n".join(public_text_lines(self.batch)))]

    def get_context(self, request, *args, **kwargs):
        from funds.presentation import batch_context

        context = super().get_context(request, *args, **kwargs)
        context.update(batch_context(request, self))
        return context


class Correction(models.Model):
    """更正: a change to a frozen row with its reason, applied when the batch page carrying it
    passes the approval workflow (001 第十八条 依照整改程序上报; 第二十条 the trace is kept)."""

    PENDING, APPLIED = "pending", "applied"
    batch = models.ForeignKey(DisbursementBatch, on_delete=models.PROTECT,
                              related_name="corrections")
    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="corrections")
    field = models.CharField(_("更正项目"), max_length=20,
                             choices=[("amount", _("金额")), ("township", _("乡镇（街道）")),
                                      ("village", _("村（社区）")), ("project", _("项目"))])
    old_value = models.CharField(_("原值"), max_length=100)
    new_value = models.CharField(_("更正为"), max_length=100)
    reason = models.TextField(_("更正原因"))
    state = models.CharField(max_length=10, default=PENDING,
                             choices=[(PENDING, _("待审批")), (APPLIED, _("已更正"))])
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                     on_delete=models.SET_NULL, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("更正记录")
        verbose_name_plural = _("更正记录")
        ordering = ["requested_at", "pk"]

    def __str__(self):
        return f"{self.batch_id}:{self.payment.line} {self.field}"


class IneligibleList(models.Model):
    """A reference list uploaded by the office of people who should not receive a fund (e.g.
    staff of public bodies). Seen only by the fund's department, the office and 纪检监察."""

    name = models.CharField(_("名单名称"), max_length=100)
    reason = models.CharField(_("不得享受的原因"), max_length=200)
    uploaded_at = models.DateTimeField(default=timezone.now)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                    on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("比对参考名单")
        verbose_name_plural = _("比对参考名单")

    def __str__(self):
        return self.name


class IneligibleEntry(models.Model):
    """One ID on a reference list, kept only as its keyed hash (funds.idnumbers.digest)."""

    reference_list = models.ForeignKey(IneligibleList, on_delete=models.CASCADE,
                                       related_name="entries")
    id_digest = models.CharField(max_length=64, db_index=True)

    def __str__(self):
        return f"{self.reference_list_id}:{self.id_digest[:8]}"


class PaymentFlag(models.Model):
    """A cross-check finding (比对疑点) on a row; publication waits for its justification."""

    DUPLICATE, ABOVE_STANDARD, INELIGIBLE = "duplicate", "above_standard", "ineligible"
    RULES = [(DUPLICATE, _("同一资金同一期间重复发放")), (ABOVE_STANDARD, _("高于发放标准")),
             (INELIGIBLE, _("在不得享受人员名单中"))]
    payment = models.ForeignKey(Payment, on_delete=models.CASCADE, related_name="flags")
    rule = models.CharField(_("比对规则"), max_length=20, choices=RULES)
    detail = models.CharField(_("疑点说明"), max_length=300)
    justification = models.TextField(_("情况说明"), blank=True)
    justified_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    justified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("比对疑点")
        verbose_name_plural = _("比对疑点")
        constraints = [models.UniqueConstraint(fields=["payment", "rule"],
                                               name="funds_flag_once_per_rule")]

    def __str__(self):
        return f"{self.get_rule_display()}：{self.detail}"


class PersonalDataAccess(models.Model):
    """Access log of unmasked personal data (who saw or exported which batch's rows, when)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                             related_name="+")
    batch = models.ForeignKey(DisbursementBatch, null=True, on_delete=models.SET_NULL,
                              related_name="+")
    purpose = models.CharField(max_length=100)
    rows = models.PositiveIntegerField(default=0)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("个人信息访问记录")
        verbose_name_plural = _("个人信息访问记录")
        ordering = ["-at"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.purpose}"


class BeneficiaryQuery(models.Model):
    """A beneficiary's own query, logged with the ID only as its keyed hash."""

    id_digest = models.CharField(max_length=64)
    found = models.BooleanField()
    client = models.CharField(max_length=64)  # keyed hash of the address as well
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("本人查询记录")
        verbose_name_plural = _("本人查询记录")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {'found' if self.found else 'none'}"


class ImportJob(models.Model):
    """One upload of a batch's spreadsheet: checked in the background (with progress), shown
    as a preview, then stored on confirmation. The uploaded file lives in private storage only
    until the job ends."""

    CHECKING, CHECKED, REJECTED, STORING, STORED, FAILED = (
        "checking", "checked", "rejected", "storing", "stored", "failed")
    STATES = [(CHECKING, _("正在检查")), (CHECKED, _("检查通过，待确认")), (REJECTED, _("有错误，未导入")),
              (STORING, _("正在导入")), (STORED, _("已导入")), (FAILED, _("导入失败"))]
    batch = models.ForeignKey(DisbursementBatch, on_delete=models.CASCADE,
                              related_name="import_jobs")
    file_name = models.CharField(max_length=200)
    stored_path = models.CharField(max_length=300, blank=True)
    state = models.CharField(max_length=10, choices=STATES, default=CHECKING)
    processed = models.PositiveIntegerField(default=0)
    expected = models.PositiveIntegerField(default=0)  # lines in the file, for the progress bar
    lines = models.PositiveIntegerField(default=0)
    total = models.DecimalField(max_digits=16, decimal_places=2, default=Decimal("0"))
    errors = models.JSONField(default=list)
    error_count = models.PositiveIntegerField(default=0)
    preview = models.JSONField(default=list)  # masked first rows
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("导入任务")
        ordering = ["-created_at"]

    def __str__(self):
        return self.file_name

    @property
    def finished(self) -> bool:
        return self.state in (self.CHECKED, self.REJECTED, self.STORED, self.FAILED)


class FundStatistics(models.Model):
    """The stored public statistics of a fund (funds.statistics), computed when its published
    batches change so that no public request sums every payment row; `stamp` is the digest of
    the batches they cover."""

    fund = models.OneToOneField(FundPage, on_delete=models.CASCADE, related_name="statistics")
    stamp = models.CharField(max_length=64)
    figures = models.JSONField(default=dict)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("资金统计")
        verbose_name_plural = _("资金统计")

    def __str__(self):
        return f"{self.fund_id}:{self.stamp[:8]}"
