"""Applications for disclosure (依申请公开): the application, its audit trail, letters and files
(the reply drafts under sign-off and staff notices: applications.review_models).

条例 第二十七至四十五条 (依申请公开). State changes happen in `applications.actions`; the
statutory clock is computed in `applications.clock`; this module holds data and small helpers.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.files.storage import storages
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from pageforms import PageForm
from serials.tracking import TrackingNumbers

from .replies import REPLY_CHOICES, REPLY_TYPES


def private_storage():
    """Released files, letters and uploads never go to the public media folder."""
    return storages["private"]


class ApplicantType(models.TextChoices):
    """The columns of the annual report (国办公开办函〔2021〕30号 table 三)."""

    NATURAL = "natural", _("自然人")
    BUSINESS = "business", _("商业企业")
    RESEARCH = "research", _("科研机构")
    PUBLIC_INTEREST = "public_interest", _("社会公益组织")
    LEGAL_SERVICE = "legal_service", _("法律服务机构")
    OTHER_ORGANISATION = "other_organisation", _("其他法人或其他组织")

    @classmethod
    def organisations(cls):
        return [choice for choice in cls if choice != cls.NATURAL]


class IdDocumentType(models.TextChoices):
    RESIDENT_ID = "resident_id", _("居民身份证")
    PASSPORT = "passport", _("护照")
    HK_MACAO_PERMIT = "hk_macao_permit", _("港澳居民来往内地通行证")
    TAIWAN_PERMIT = "taiwan_permit", _("台湾居民来往大陆通行证")
    FOREIGN_RESIDENT = "foreign_resident", _("外国人永久居留身份证")


class Channel(models.TextChoices):
    """How the application came in; it decides the receipt date (条例 第三十一条)."""

    ONLINE = "online", _("网上申请")
    IN_PERSON = "in_person", _("当面提交")
    POST = "post", _("邮寄")
    FAX = "fax", _("传真")


class InformationForm(models.TextChoices):
    PAPER = "paper", _("纸质")
    EMAIL = "email", _("电子邮件")
    DISC = "disc", _("光盘")


class Delivery(models.TextChoices):
    POST = "post", _("邮寄")
    EMAIL = "email", _("电子邮件")
    COLLECT = "collect", _("当面领取")


class State(models.TextChoices):
    """Named after what the applicant sees."""

    SUBMITTED = "submitted", _("已提交，待确认收到")
    IN_PROGRESS = "in_progress", _("办理中")
    AWAITING_CORRECTION = "awaiting_correction", _("待申请人补正")
    CONSULTING = "consulting", _("征求意见中（暂停计时）")
    AWAITING_FEE = "awaiting_fee", _("待缴纳信息处理费（暂停计时）")
    CLOSED = "closed", _("已办结")


class Routing(models.TextChoices):
    """Where the review of acceptance and routing stands (staff only; the applicant sees 办理中)."""

    PROPOSED = "proposed", _("待负责人审核")
    APPROVED = "approved", _("审核通过")
    RETURNED = "returned", _("已退回政务公开办公室")


OPEN_STATES = [State.SUBMITTED, State.IN_PROGRESS, State.AWAITING_CORRECTION, State.CONSULTING,
               State.AWAITING_FEE]
# Tracking numbers like 2026-00042, counted per year, with a query code shown once.
TRACKING_NUMBERS = TrackingNumbers("applications")


class ApplicationQuerySet(models.QuerySet):
    def open(self):
        return self.filter(state__in=OPEN_STATES)

    def closed(self):
        return self.filter(state=State.CLOSED)


class DisclosureApplication(models.Model):
    """One application for disclosure (依申请公开), from receipt to its one reply (条例 第三十三条)."""

    # --- Identity of the application -------------------------------------------------------
    year = models.PositiveIntegerField(_("年度"), editable=False)
    serial = models.PositiveIntegerField(_("序号"), editable=False)
    tracking_number = models.CharField(_("受理编号"), max_length=20, unique=True, editable=False)
    query_code_hash = models.CharField(max_length=128, editable=False)
    channel = models.CharField(_("申请方式"), max_length=20, choices=Channel.choices,
                               default=Channel.ONLINE)
    submitted_at = models.DateTimeField(_("提交时间"), default=timezone.now, editable=False)
    consented_at = models.DateTimeField(_("同意个人信息处理时间"), null=True, blank=True,
                                        editable=False)

    # --- Applicant (条例 第二十九条) ---------------------------------------------------------
    applicant_type = models.CharField(_("申请人类型"), max_length=30,
                                      choices=ApplicantType.choices, default=ApplicantType.NATURAL)
    name = models.CharField(_("姓名或名称"), max_length=100)
    id_type = models.CharField(_("证件类型"), max_length=30, choices=IdDocumentType.choices,
                               blank=True)
    id_number = models.CharField(_("证件号码"), max_length=30, blank=True)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    legal_representative = models.CharField(_("法定代表人或负责人"), max_length=50, blank=True)
    contact_person = models.CharField(_("联系人"), max_length=50, blank=True)
    phone = models.CharField(_("联系电话"), max_length=30)
    email = models.EmailField(_("电子邮箱"), max_length=100, blank=True)
    address = models.CharField(_("通信地址"), max_length=200, blank=True)
    postcode = models.CharField(_("邮政编码"), max_length=6, blank=True)
    attachment = models.FileField(_("身份证明等材料"), storage=private_storage,
                                  upload_to="applications/uploads/%Y/", blank=True)
    # The token of the form that created it: a second submission of the same form (a
    # double-click, a resent request) finds this application instead of making another.
    submission_token = models.CharField(max_length=32, null=True, blank=True, unique=True,
                                        editable=False)

    # --- What is asked for ---------------------------------------------------------------------
    information_title = models.CharField(_("所需信息的名称"), max_length=200, blank=True)
    information_document_number = models.CharField(_("文件编号（文号）"), max_length=100, blank=True)
    information_description = models.TextField(_("所需信息的内容描述"), max_length=2000, blank=True)
    information_form = models.CharField(_("信息的提供形式"), max_length=20,
                                        choices=InformationForm.choices,
                                        default=InformationForm.EMAIL)
    delivery = models.CharField(_("获取方式"), max_length=20, choices=Delivery.choices,
                                default=Delivery.EMAIL)

    # --- Handling and the statutory clock -----------------------------------------------------
    state = models.CharField(_("状态"), max_length=30, choices=State.choices,
                             default=State.SUBMITTED, db_index=True)
    department = models.ForeignKey("departments.Department", verbose_name=_("承办科室"), null=True,
                                   blank=True, on_delete=models.PROTECT, related_name="+")
    # The flowchart's review of acceptance and routing (办公室受理 → 负责人审核 → 转办/自办):
    # the office proposes a department (none: 自办), the office's head approves or returns it.
    routing = models.CharField(_("受理和转办意见"), max_length=20, choices=Routing.choices,
                               blank=True, default="")
    routing_department = models.ForeignKey(
        "departments.Department", verbose_name=_("拟转办科室"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+")
    received_on = models.DateField(_("收到申请之日"), null=True, blank=True)
    clock_started_on = models.DateField(_("答复期限起算日"), null=True, blank=True)
    correction_requested_on = models.DateField(_("告知补正日期"), null=True, blank=True)
    correction_period_days = models.PositiveIntegerField(_("补正期限（工作日）"), null=True,
                                                         blank=True)
    correction_due_on = models.DateField(_("补正截止日"), null=True, blank=True)
    correction_request = models.TextField(_("需补正的内容"), blank=True)
    correction_received_on = models.DateField(_("收到补正之日"), null=True, blank=True)
    extension_days = models.PositiveIntegerField(_("延长答复期限（工作日）"), default=0)
    extension_reason = models.TextField(_("延期理由"), blank=True)
    due_on = models.DateField(_("答复期限"), null=True, blank=True, db_index=True)
    due_provisional = models.BooleanField(_("期限暂定"), default=False)
    reply_type = models.CharField(_("答复类型"), max_length=40, choices=REPLY_CHOICES, blank=True)
    reply_text = models.TextField(_("答复说明"), blank=True)
    closed_on = models.DateField(_("办结日期"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("匿名化时间"), null=True, blank=True, editable=False)
    # 归档: the last step of the handbook's flow (corpus 004), after the reply.
    archive_number = models.CharField(_("归档号"), max_length=20, blank=True, editable=False)
    archived_at = models.DateTimeField(_("归档时间"), null=True, blank=True, editable=False)

    # The emails to the applicant, in the site's mail outbox.
    emails = GenericRelation("outbox.Message", content_type_field="about_type",
                             object_id_field="about_id")

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("政府信息公开申请")
        verbose_name_plural = _("政府信息公开申请")
        ordering = ["-year", "-serial"]
        constraints = [
            models.UniqueConstraint(fields=["year", "serial"], name="application_unique_serial"),
            # Every closed application ends in exactly one reply leaf; open ones in none.
            models.CheckConstraint(
                condition=(models.Q(state="closed", reply_type__in=list(REPLY_TYPES))
                           | (~models.Q(state="closed") & models.Q(reply_type=""))),
                name="closed_application_has_one_reply_leaf"),
            # Only a closed application is archived, under a number of its own.
            models.CheckConstraint(condition=models.Q(archive_number="") | models.Q(state="closed"),
                                   name="only_closed_applications_are_archived"),
            models.UniqueConstraint(fields=["archive_number"], name="application_unique_archive",
                                    condition=~models.Q(archive_number="")),
        ]
        permissions = [
            ("manage_all_applications", _("管理全部依申请公开（登记、转办、答复）")),
            ("approve_extension", _("批准延长答复期限")),
        ]

    def __str__(self):
        # Never the applicant's name: this string reaches logs and error reports.
        return self.tracking_number or _("（未编号的申请）")

    # --- Numbers and codes -------------------------------------------------------------------
    def assign_tracking_number(self) -> str:
        """Give the application its number and return a fresh query code (shown once); call
        inside the transaction that stores it."""
        issued = TRACKING_NUMBERS.issue()
        self.year, self.serial, self.tracking_number = issued.year, issued.serial, issued.number
        self.query_code_hash = issued.query_code_hash
        return issued.query_code

    def check_query_code(self, code: str) -> bool:
        return TRACKING_NUMBERS.check_query_code(code, self.query_code_hash)

    # --- Reading -------------------------------------------------------------------------------
    @property
    def is_open(self) -> bool:
        return self.state != State.CLOSED

    @property
    def is_organisation(self) -> bool:
        return self.applicant_type != ApplicantType.NATURAL

    @property
    def reply(self):
        return REPLY_TYPES.get(self.reply_type)

    @property
    def identity_key(self) -> str:
        """What identifies the applicant across applications (rate limit, fees by the piece)."""
        return (self.credit_code if self.is_organisation else self.id_number).upper()


class ApplicationEventQuerySet(models.QuerySet):
    """The audit trail is append-only: bulk updates and deletes are refused too."""

    def update(self, **kwargs):
        raise PermissionError("申请办理记录不可修改。")

    def delete(self):
        raise PermissionError("申请办理记录不可删除。")


class ApplicationEvent(models.Model):
    """One step of an application: who did what, when and why (留痕). Never edited or deleted."""

    application = models.ForeignKey(DisclosureApplication, on_delete=models.PROTECT,
                                    related_name="events", verbose_name=_("申请"))
    kind = models.CharField(_("事项"), max_length=40)
    at = models.DateTimeField(_("时间"), default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                           on_delete=models.PROTECT, related_name="+", verbose_name=_("经办人"))
    reason = models.TextField(_("说明"), blank=True)
    data = models.JSONField(_("数据"), default=dict, blank=True)

    objects = ApplicationEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("办理记录")
        verbose_name_plural = _("办理记录")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.application} {self.kind} {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("申请办理记录不可修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("申请办理记录不可删除。")

    @property
    def label(self):
        from .actions import event_label

        return event_label(self.kind)


class ClockPause(models.Model):
    """A time that does not count against the 20 working days (条例 第三十三条第二款; 109号文)."""

    class Kind(models.TextChoices):
        THIRD_PARTY = "third_party", _("征求第三方意见")
        AGENCY = "agency", _("征求其他机关意见")
        FEE = "fee", _("缴纳信息处理费")

    application = models.ForeignKey(DisclosureApplication, on_delete=models.CASCADE,
                                    related_name="pauses")
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    started_on = models.DateField(_("开始日期"))
    limit_on = models.DateField(_("期限"))
    ended_on = models.DateField(_("结束日期"), null=True, blank=True)
    counterpart = models.CharField(_("征求意见对象"), max_length=100, blank=True)
    amount = models.DecimalField(_("收费金额（元）"), max_digits=10, decimal_places=2, null=True,
                                 blank=True)

    class Meta:
        verbose_name = _("暂停计时")
        verbose_name_plural = _("暂停计时")
        ordering = ["started_on", "pk"]

    def __str__(self):
        return f"{self.application} {self.get_kind_display()} {self.started_on}"


class Letter(models.Model):
    """A letter sent to the applicant (reply letter, correction, extension or fee notice) as PDF."""

    class Kind(models.TextChoices):
        RECEIPT = "receipt", _("受理回执")
        CORRECTION = "correction", _("补正告知书")
        EXTENSION = "extension", _("延期答复告知书")
        FEE = "fee", _("收费通知书")
        REPLY = "reply", _("政府信息公开申请答复书")

    application = models.ForeignKey(DisclosureApplication, on_delete=models.PROTECT,
                                    related_name="letters")
    kind = models.CharField(_("文书"), max_length=20, choices=Kind.choices)
    file = models.FileField(storage=private_storage, upload_to="applications/letters/%Y/")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("告知文书")
        verbose_name_plural = _("告知文书")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.application} {self.get_kind_display()}"


class ReleasedFile(models.Model):
    """A file released to the applicant; stored privately, delivered by an expiring link."""

    application = models.ForeignKey(DisclosureApplication, on_delete=models.PROTECT,
                                    related_name="released_files")
    file = models.FileField(storage=private_storage, upload_to="applications/released/%Y/")
    name = models.CharField(_("文件名"), max_length=200)
    size = models.PositiveBigIntegerField(default=0)
    uploaded_at = models.DateTimeField(default=timezone.now)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        verbose_name = _("提供的信息文件")
        verbose_name_plural = _("提供的信息文件")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.name


class ApplicationPage(RoutablePageMixin, Page):
    """The public page for applications: the guide, the form, the confirmation and tracking."""

    base_form_class = PageForm

    intro = RichTextField(_("导语"), blank=True, features=["bold", "link"])
    guide = RichTextField(_("申请须知：应当包括的内容"), blank=True)
    reply_guide = RichTextField(_("答复方式与期限"), blank=True)
    fee_guide = RichTextField(_("收费说明"), blank=True)
    privacy_notice = RichTextField(_("个人信息处理说明"), blank=True, features=["bold", "link"])
    reconsideration_body = models.CharField(
        _("行政复议机关"), max_length=100, default="示例市人民政府",
        help_text=_("答复书告知的行政复议机关名称。"))
    court = models.CharField(_("管辖法院"), max_length=100, default="示例市人民法院",
                             help_text=_("答复书告知的行政诉讼管辖法院。"))

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel([FieldPanel("guide"), FieldPanel("reply_guide"), FieldPanel("fee_guide"),
                         FieldPanel("privacy_notice")], heading=_("申请指南")),
        MultiFieldPanel([FieldPanel("reconsideration_body"), FieldPanel("court")],
                        heading=_("救济途径")),
    ]

    parent_page_types = ["portal.HomePage", "portal.SectionPage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("依申请公开页")

    @path("")
    def application_form(self, request):
        from .views import application_form

        return application_form(request, self)

    @path("submitted/")
    def confirmation(self, request):
        from .views import confirmation

        return confirmation(request, self)

    @path("track/")
    def tracking(self, request):
        from .views import tracking

        return tracking(request, self)


# The sign-off of replies and the staff notices live in their own module (issue 22); imported
# here, after the models they point to, so that Django registers them with the app.
from .review_models import ReplyDraft, StaffNotice  # noqa: E402

__all__ = [
    "ApplicantType", "ApplicationEvent", "ApplicationPage", "Channel", "ClockPause", "Delivery",
    "DisclosureApplication", "IdDocumentType", "InformationForm", "Letter", "OPEN_STATES",
    "ReleasedFile", "ReplyDraft", "Routing", "StaffNotice", "State", "TRACKING_NUMBERS",
]
