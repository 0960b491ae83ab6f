"""Messages from the public (互动交流 / 投诉举报): the channels the office configures, the
messages with their deadlines, the replies, the append-only trail and the public column.

State changes happen in `interaction.actions` (on Wagtail's action base); periods are counted
by `interaction.periods`; who sees what is decided in `interaction.access`. Import direction:
models → periods, workdays, serials, departments; never the views (the column page hands its
sub-addresses to interaction.views, as the applications page does).
"""

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from pageforms import PageForm
from serials.tracking import TrackingNumbers

from .periods import Period, Unit

# Tracking numbers like 2026-00042 with a query code shown once; counted apart from applications.
TRACKING_NUMBERS = TrackingNumbers("interaction")


def private_storage():
    """Attachments from the public never go to the public media folder."""
    return storages["private"]


class ChannelKind(models.TextChoices):
    CONSULTATION = "consultation", _("咨询")
    SUGGESTION = "suggestion", _("建议")
    COMPLAINT = "complaint", _("投诉举报")
    LEADER_MAILBOX = "leader_mailbox", _("领导信箱")


class InspectionKind(models.TextChoices):
    """What the channel counts as under 政府网站与政务新媒体检查指标 (国办秘函〔2019〕19号)."""

    CONSULTATION = "consultation", _("咨询建言（计入“超过 3 个月未答复”单项否决，并作为必备的互动渠道）")
    PETITION = "petition", _("信访（不计入）")
    DISCIPLINE = "discipline", _("纪检举报（不计入）")


class ExtensionApprover(models.TextChoices):
    SIGNATORY = "signatory", _("分管领导（本站审批）")
    DISCIPLINE = "discipline", _("纪检监察（本站审批）")
    LEVEL_ABOVE = "level_above", _("上级机关（办公室登记其批准文书）")


class Channel(ClusterableModel):
    """One way the public writes to the body (咨询, 建议, 投诉举报, 领导信箱) and its rules."""

    name = models.CharField(_("渠道名称"), max_length=50, unique=True)
    slug = models.SlugField(_("地址标识"), max_length=40, unique=True)
    kind = models.CharField(_("类型"), max_length=20, choices=ChannelKind.choices)
    inspection_kind = models.CharField(_("检查指标中的类别"), max_length=20,
                                       choices=InspectionKind.choices,
                                       default=InspectionKind.CONSULTATION)
    description = models.TextField(_("渠道说明"), blank=True, max_length=1000)
    receiver = models.ForeignKey(
        "departments.Department", verbose_name=_("默认承办科室"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
        help_text=_("留空：由政务公开办公室分办。"))
    real_name_required = models.BooleanField(_("须实名（姓名和联系电话必填）"), default=False)
    anonymous_allowed = models.BooleanField(_("允许匿名"), default=True)
    accept_amount = models.PositiveSmallIntegerField(_("受理期限"), default=7)
    accept_unit = models.CharField(_("受理期限单位"), max_length=20, choices=Unit.choices,
                                   default=Unit.DAYS)
    reply_amount = models.PositiveSmallIntegerField(_("办结期限"), default=3)
    reply_unit = models.CharField(_("办结期限单位"), max_length=20, choices=Unit.choices,
                                  default=Unit.MONTHS)
    extension_amount = models.PositiveSmallIntegerField(
        _("可延长期限"), default=1, help_text=_("0 表示不得延期；延期至多一次。"))
    extension_unit = models.CharField(_("延长期限单位"), max_length=20, choices=Unit.choices,
                                      default=Unit.MONTHS)
    extension_approver = models.CharField(_("延期批准人"), max_length=20,
                                          choices=ExtensionApprover.choices,
                                          default=ExtensionApprover.LEVEL_ABOVE)
    publish_replies = models.BooleanField(_("经本人同意后公开答复"), default=True)
    copy_to_discipline = models.BooleanField(_("答复抄送纪检监察"), default=False)
    discipline_reply_approval = models.BooleanField(
        _("纪检监察答复须经另一人审核"), default=True,
        help_text=_("勾选：纪检监察的答复由一人拟稿、另一名纪检监察人员审核后发出（拟稿人不能审核自己的答复）。"
                    "不勾选：拟稿即答复。"))
    escalates = models.BooleanField(
        _("不满意可逐级投诉"), default=False,
        help_text=_("职能科室 → 同级纪检监察 → 上级纪检监察机关。"))
    level_above_name = models.CharField(_("上级纪检监察机关"), max_length=100, blank=True)
    satisfaction_days = models.PositiveSmallIntegerField(_("评价期限（日）"), default=15)
    is_active = models.BooleanField(_("启用"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    panels = [
        MultiFieldPanel([FieldPanel("name"), FieldPanel("slug"), FieldPanel("kind"),
                         FieldPanel("inspection_kind"), FieldPanel("description"),
                         FieldPanel("is_active"), FieldPanel("sort_order")],
                        heading=_("渠道")),
        MultiFieldPanel([FieldPanel("receiver"), FieldPanel("real_name_required"),
                         FieldPanel("anonymous_allowed")], heading=_("受理")),
        MultiFieldPanel([FieldPanel("accept_amount"), FieldPanel("accept_unit"),
                         FieldPanel("reply_amount"), FieldPanel("reply_unit"),
                         FieldPanel("extension_amount"), FieldPanel("extension_unit"),
                         FieldPanel("extension_approver"), FieldPanel("satisfaction_days")],
                        heading=_("期限")),
        MultiFieldPanel([FieldPanel("publish_replies"), FieldPanel("copy_to_discipline"),
                         FieldPanel("discipline_reply_approval"), FieldPanel("escalates"), FieldPanel("level_above_name")],
                        heading=_("答复与逐级处理")),
        InlinePanel("subjects", heading=_("事项分类"), label=_("事项")),
    ]

    class Meta:
        verbose_name = _("互动渠道")
        verbose_name_plural = _("互动渠道")
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return self.name

    @property
    def accept_period(self) -> Period:
        return Period(self.accept_amount, self.accept_unit)

    @property
    def reply_period(self) -> Period:
        return Period(self.reply_amount, self.reply_unit)

    @property
    def extension_period(self) -> Period | None:
        return Period(self.extension_amount, self.extension_unit) if self.extension_amount \
            else None

    @property
    def counts_for_inspection(self) -> bool:
        return self.inspection_kind == InspectionKind.CONSULTATION


class ChannelSubject(Orderable):
    """A subject within a channel (e.g. 民生资金) that may set its own reply period and copy."""

    channel = ParentalKey(Channel, on_delete=models.CASCADE, related_name="subjects")
    name = models.CharField(_("事项名称"), max_length=50)
    reply_amount = models.PositiveSmallIntegerField(_("办结期限（留空按渠道）"), null=True,
                                                    blank=True)
    reply_unit = models.CharField(_("期限单位"), max_length=20, choices=Unit.choices,
                                  default=Unit.MONTHS)
    copy_to_discipline = models.BooleanField(_("答复抄送纪检监察"), default=False)

    panels = [FieldPanel("name"), FieldPanel("reply_amount"), FieldPanel("reply_unit"),
              FieldPanel("copy_to_discipline")]

    class Meta(Orderable.Meta):
        verbose_name = _("事项")
        constraints = [models.UniqueConstraint(fields=["channel", "name"],
                                               name="interaction_subject_unique_name")]

    def __str__(self):
        return self.name


class State(models.TextChoices):
    """Named after what the person who wrote sees."""

    SUBMITTED = "submitted", _("已提交，待受理")
    ACCEPTED = "accepted", _("已受理，办理中")
    REPLIED = "replied", _("已答复，待评价")
    CLOSED = "closed", _("已办结")
    REFUSED = "refused", _("不予受理")
    TO_APPLICATION = "to_application", _("已转为依申请公开办理")
    TRANSFERRED_OUT = "transferred_out", _("已转上级纪检监察机关办理")


class Stage(models.IntegerChoices):
    """Who handles the message (湖南省“互联网+监督”平台运行维护和使用管理办法 第二十三条)."""

    DEPARTMENT = 1, _("职能科室")
    DISCIPLINE = 2, _("同级纪检监察")
    LEVEL_ABOVE = 3, _("上级纪检监察机关")


OPEN_STATES = [State.SUBMITTED, State.ACCEPTED]


class MessageQuerySet(models.QuerySet):
    def open(self):
        return self.filter(state__in=OPEN_STATES)


class PublicMessage(models.Model):
    """One message from the public, from submission to its last answer (or transfer)."""

    channel = models.ForeignKey(Channel, on_delete=models.PROTECT, related_name="messages",
                                verbose_name=_("渠道"))
    subject = models.ForeignKey(ChannelSubject, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="messages", verbose_name=_("事项"))
    year = models.PositiveIntegerField(_("年度"), editable=False)
    serial = models.PositiveIntegerField(_("序号"), editable=False)
    tracking_number = models.CharField(_("编号"), max_length=20, unique=True, editable=False)
    query_code_hash = models.CharField(max_length=128, editable=False)
    submission_token = models.CharField(max_length=32, null=True, blank=True, unique=True,
                                        editable=False)
    submitted_at = models.DateTimeField(_("提交时间"), default=timezone.now, editable=False)

    # --- Who wrote (never shown to a department; see interaction.access) -------------------
    anonymous = models.BooleanField(_("匿名"), default=False)
    name = models.CharField(_("姓名"), max_length=50, blank=True)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    email = models.EmailField(_("电子邮箱"), max_length=100, blank=True)

    # --- What was written ---------------------------------------------------------------------
    title = models.CharField(_("标题"), max_length=100)
    content = models.TextField(_("内容"), max_length=5000)
    attachment = models.FileField(_("附件"), storage=private_storage, blank=True,
                                  upload_to="interaction/uploads/%Y/")
    consent_to_publish = models.BooleanField(_("同意公开"), default=False)

    # --- Handling -------------------------------------------------------------------------------
    state = models.CharField(_("状态"), max_length=20, choices=State.choices,
                             default=State.SUBMITTED, db_index=True)
    stage = models.PositiveSmallIntegerField(_("办理层级"), choices=Stage.choices,
                                             default=Stage.DEPARTMENT)
    department = models.ForeignKey("departments.Department", verbose_name=_("承办科室"),
                                   null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    complained_department = models.ForeignKey(
        "departments.Department", verbose_name=_("被投诉科室"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
        help_text=_("其人员看不到投诉人的身份（保护举报人）。"))
    received_on = models.DateField(_("收到日期"))
    accept_due_on = models.DateField(_("受理期限"))
    accepted_on = models.DateField(_("受理日期"), null=True, blank=True)
    stage_started_on = models.DateField(_("本级办理起算日"), null=True, blank=True)
    reply_due_on = models.DateField(_("答复期限"), null=True, blank=True, db_index=True)
    due_provisional = models.BooleanField(_("期限暂定"), default=False)
    extended = models.BooleanField(_("已延期"), default=False)
    inspection_limit_on = models.DateField(
        _("三个月答复红线"), help_text=_("检查指标：有效留言超过 3 个月未答复为单项否决。"))
    replied_on = models.DateField(_("最近答复日期"), null=True, blank=True)
    first_replied_on = models.DateField(_("首次答复日期"), null=True, blank=True)
    feedback_due_on = models.DateField(_("评价截止日"), null=True, blank=True)
    closed_on = models.DateField(_("办结日期"), null=True, blank=True)
    refusal_reason = models.TextField(_("不予受理理由"), blank=True)
    transfer_body = models.CharField(_("转交机关"), max_length=100, blank=True)
    transfer_letter = models.TextField(_("转办函"), blank=True)
    transferred_on = models.DateField(_("转交日期"), null=True, blank=True)

    # --- Publication (with consent, after the confidentiality check, masked) -----------------
    # The public page the message is about, when the writer came from its "投诉举报" link (a
    # livelihood fund's page lists the complaints about it and how they were handled:
    # 民生资金信息公开 000 第四条).
    about_page = models.ForeignKey("wagtailcore.Page", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("涉及的公开页面"))
    published_at = models.DateTimeField(_("公开时间"), null=True, blank=True)
    published_question = models.TextField(_("公开的留言内容（已脱敏）"), blank=True)

    objects = MessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("留言与投诉")
        verbose_name_plural = _("留言与投诉")
        ordering = ["-year", "-serial"]
        constraints = [
            models.UniqueConstraint(fields=["year", "serial"],
                                    name="interaction_message_unique_serial"),
        ]

    def __str__(self):
        # Never the writer's name: this string reaches logs and error reports.
        return self.tracking_number or str(_("（未编号的留言）"))

    def assign_tracking_number(self) -> str:
        """Give the message its number; return the query code (shown once)."""
        issued = TRACKING_NUMBERS.issue()
        self.year, self.serial, self.tracking_number = issued.year, issued.serial, issued.number
        self.query_code_hash = issued.query_code_hash
        return issued.query_code

    def check_query_code(self, code: str) -> bool:
        return TRACKING_NUMBERS.check_query_code(code, self.query_code_hash)

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    def reply_period(self) -> Period:
        """The subject's own period where it has one (e.g. 民生资金: 1 个月), else the channel's."""
        if self.subject_id and self.subject.reply_amount:
            return Period(self.subject.reply_amount, self.subject.reply_unit)
        return self.channel.reply_period

    def copies_to_discipline(self) -> bool:
        return self.channel.copy_to_discipline or bool(
            self.subject_id and self.subject.copy_to_discipline)

    def approved_replies(self):
        return self.replies.exclude(approved_at=None).order_by("approved_at", "pk")


class Reply(models.Model):
    """An answer at one stage: drafted, then approved (a department's by its head)."""

    message = models.ForeignKey(PublicMessage, on_delete=models.PROTECT, related_name="replies")
    stage = models.PositiveSmallIntegerField(_("办理层级"), choices=Stage.choices)
    department = models.ForeignKey("departments.Department", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("答复单位"))
    text = models.TextField(_("答复内容"), max_length=5000)
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("拟稿人"))
    drafted_at = models.DateTimeField(_("拟稿时间"), default=timezone.now)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("审核人"))
    approved_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    due_on = models.DateField(_("答复时的期限"), null=True, blank=True)
    copied_to_discipline = models.BooleanField(_("已抄送纪检监察"), default=False)
    satisfied = models.BooleanField(_("是否满意"), null=True, blank=True)
    feedback_at = models.DateTimeField(_("评价时间"), null=True, blank=True)
    feedback_text = models.TextField(_("评价意见"), blank=True, max_length=2000)
    published_text = models.TextField(_("公开的答复内容（已脱敏）"), blank=True)

    class Meta:
        verbose_name = _("答复")
        verbose_name_plural = _("答复")
        ordering = ["drafted_at", "pk"]

    def __str__(self):
        return f"{self.message} {self.get_stage_display()}"

    @property
    def answered_by(self) -> str:
        if self.stage == Stage.DEPARTMENT and self.department_id:
            return self.department.name
        return str(self.get_stage_display())


class MessageEventQuerySet(models.QuerySet):
    """The trail is append-only: bulk updates and deletes are refused too."""

    def update(self, **kwargs):
        raise PermissionError("办理记录不可修改。")

    def delete(self):
        raise PermissionError("办理记录不可删除。")


class MessageEvent(models.Model):
    """One step of a message: who did what, when and why (留痕). Never edited or deleted."""

    message = models.ForeignKey(PublicMessage, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(_("事项"), max_length=40)
    at = models.DateTimeField(_("时间"), default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                           on_delete=models.PROTECT, related_name="+", verbose_name=_("经办人"))
    reason = models.TextField(_("说明"), blank=True)
    data = models.JSONField(_("数据"), default=dict, blank=True)

    objects = MessageEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("办理记录")
        verbose_name_plural = _("办理记录")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.message} {self.kind} {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("办理记录不可修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("办理记录不可删除。")


class InteractionPage(RoutablePageMixin, Page):
    """The 互动交流 column: published answers with search and filters, the form, tracking."""

    base_form_class = PageForm

    intro = RichTextField(_("导语"), blank=True, features=["bold", "link"])
    guide = RichTextField(_("留言须知"), blank=True)
    privacy_notice = RichTextField(_("个人信息处理说明"), blank=True, features=["bold", "link"])
    application_page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("依申请公开页"),
        help_text=_("转为依申请公开办理的留言，在查询页指向此页。"))

    content_panels = Page.content_panels + [
        FieldPanel("intro"), FieldPanel("guide"), FieldPanel("privacy_notice"),
        FieldPanel("application_page"),
    ]

    parent_page_types = ["portal.HomePage", "portal.SectionPage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("互动交流栏目")

    @path("")
    def listing(self, request):
        from .views import listing

        return listing(request, self)

    @path("write/")
    def write(self, request):
        from .views import write

        return write(request, self)

    @path("submitted/")
    def submitted(self, request):
        from .views import submitted

        return submitted(request, self)

    @path("track/")
    def tracking(self, request):
        from .views import tracking

        return tracking(request, self)

    @re_path(r"^(?P<number>\d{4}-\d{5})/$")
    def published(self, request, number):
        from .views import published

        return published(request, self, number)

    def get_sitemap_urls(self, request=None):
        urls = super().get_sitemap_urls(request)
        for message in PublicMessage.objects.exclude(published_at=None).only(
                "tracking_number", "published_at"):
            urls.append({"location": self.full_url + self.reverse_subpage(
                "published", kwargs={"number": message.tracking_number}),
                "lastmod": message.published_at})
        return urls
