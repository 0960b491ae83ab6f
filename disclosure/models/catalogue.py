"""The disclosure catalogue (政府信息公开目录): its root page and its columns (栏目)."""

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from pageforms import PageForm

# The publication rules of proactive disclosure (主动公开: 条例 第二十六条; corpus 004 政务公开制度
# 第九条, 网站管理制度 第十五条; 预算法 第十四条): (days, unit) counted from the day the
# information is formed, changed, issued or approved.
RULE_GENERAL = "general"
RULE_DOCUMENT = "document"
RULE_NEWS = "news"
RULE_OTHER = "other"
RULE_BUDGET = "budget"
RULE_LIVELIHOOD = "livelihood"

RULE_CHOICES = [
    (RULE_GENERAL, _("一般公开事项：形成或变更后10个工作日")),
    (RULE_DOCUMENT, _("需公开的文件：印发后10个工作日")),
    (RULE_NEWS, _("工作动态：2个工作日")),
    (RULE_OTHER, _("其他信息：3个工作日")),
    (RULE_BUDGET, _("预决算：批复后20日")),
    (RULE_LIVELIHOOD, _("民生资金：项目结束或资金拨付后20个工作日")),
]

UNIT_WORKING = "working"
UNIT_CALENDAR = "calendar"
UNIT_CHOICES = [(UNIT_WORKING, _("工作日")), (UNIT_CALENDAR, _("自然日"))]

RULE_DEFAULTS = {
    # corpus 004 政务公开制度 第九条 (10 working days after forming or changing)
    RULE_GENERAL: (10, UNIT_WORKING),
    # corpus 004 网站管理制度 第十五条 (documents 10, news 2, other 3 working days)
    RULE_DOCUMENT: (10, UNIT_WORKING),
    RULE_NEWS: (2, UNIT_WORKING),
    RULE_OTHER: (3, UNIT_WORKING),
    # 预算法 第十四条 (20 calendar days after approval)
    RULE_BUDGET: (20, UNIT_CALENDAR),
    # corpus 000 第八条 (20 working days after the project ends or the money is paid)
    RULE_LIVELIHOOD: (20, UNIT_WORKING),
}

# 条例 第二十六条: proactive disclosure within 20 working days at the most.
STATUTORY_LIMIT_WORKING_DAYS = 20

# Every page type a column may hold; `BudgetRelease` lives in disclosure/models/budget.py.
ITEM_PAGE_TYPES = [
    "disclosure.PolicyDocument",
    "disclosure.PolicyInterpretation",
    "disclosure.WorkNews",
    "disclosure.PublicNotice",
    "disclosure.BudgetRelease",
    "disclosure.ProposalReply",
]

# How an item of a standard catalogue (基层政务公开标准目录) is disclosed.
MODE_PROACTIVE = "proactive"
MODE_ON_APPLICATION = "on_application"
MODE_BOTH = "both"
MODE_CHOICES = [
    (MODE_PROACTIVE, _("主动公开")),
    (MODE_ON_APPLICATION, _("依申请公开")),
    (MODE_BOTH, _("主动公开、依申请公开")),
]


# issue 20: what kind of column (栏目) this is for the website inspection (政府网站与政务新媒体检查
# 指标, 国办秘函〔2019〕19号): news columns are stale after 2 weeks, notices and policy documents
# after 6 months, other columns are "long-stale" after the office's period; a fixed-content
# column (机构概况) is checked for being blank only. The periods are inspection settings.
class ColumnKind(models.TextChoices):
    NEWS = "news", _("动态、要闻类")
    NOTICE = "notice", _("通知公告类")
    POLICY = "policy", _("政策文件类")
    OTHER = "other", _("其他（应定期更新）")
    FIXED = "fixed", _("固定内容（只检查是否空白）")


def column_kind_field():
    return models.CharField(
        _("栏目类别（网站检查）"), max_length=10, choices=ColumnKind.choices,
        default=ColumnKind.OTHER,
        help_text=_("决定网站检查中本栏目多久未更新算作不更新：动态类2周，通知公告、政策文件类6个月，"
                    "其他类按检查设置；固定内容只检查是否空白。"))


class CatalogueRoot(Page):
    """The disclosure catalogue (政府信息公开目录): the disclosure guide and the column tree."""

    base_form_class = PageForm

    intro = RichTextField(_("导语"), blank=True, features=["bold", "link"])
    guide = RichTextField(
        _("政府信息公开指南"), blank=True,
        help_text=_("公开的范围、方式、程序、时限、受理机构和联系方式等，按年度更新。"),
    )
    guide_updated_on = models.DateField(_("指南更新日期"), null=True, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    guide_panels = [FieldPanel("guide"), FieldPanel("guide_updated_on")]
    edit_handler = TabbedInterface([
        ObjectList(content_panels, heading=_("内容")),
        ObjectList(guide_panels, heading=_("公开指南")),
        ObjectList(Page.promote_panels, heading=_("推广")),
        ObjectList(Page.settings_panels, heading=_("设置")),
    ])

    parent_page_types = ["portal.HomePage", "portal.SectionPage"]
    # The four sections of the column (国办公开办函〔2019〕61号): 公开指南 (the guide tab here),
    # 公开制度, 法定主动公开内容 (the column tree) and 公开年报.
    subpage_types = ["disclosure.CatalogueColumn", "disclosure.DisclosureRulesPage",
                     "disclosure.AnnualReportIndexPage"]
    max_count = 1
    # The approval workflow (publishing.workflow.setup_workflow) is assigned to this page.
    publication_workflow_root = True

    class Meta:
        verbose_name = _("政府信息公开目录")
        verbose_name_plural = _("政府信息公开目录")

    def get_context(self, request, *args, **kwargs):
        from disclosure.listings import catalogue_context

        context = super().get_context(request, *args, **kwargs)
        context.update(catalogue_context(self, request))
        return context

    def search_document(self) -> dict:
        """The catalogue is found by its name and by its guide (条例 第十二条: the guide is
        what a citizen looks for first), which the page shows."""
        guide_label = str(_("政府信息公开指南"))
        return {
            "title": self.title,
            "summary": guide_label,
            "body": " ".join(filter(None, [_plain(self.intro), guide_label, _plain(self.guide)])),
            "kind_label": str(self._meta.verbose_name),
            "column": self.title,
            "published_on": self.guide_updated_on,
        }


class CatalogueColumn(Page):
    """A column (栏目) of the catalogue, owned by one department, with its publication rule."""

    base_form_class = PageForm

    department = models.ForeignKey(
        "departments.Department", verbose_name=_("负责科室"), on_delete=models.PROTECT,
        related_name="catalogue_columns",
        help_text=_("栏目内容由该科室提供、审核和发布（网站管理制度 第七至十三条）。"),
    )
    rule = models.CharField(_("公开时限规则"), max_length=20, choices=RULE_CHOICES,
                            default=RULE_GENERAL)
    deadline_days = models.PositiveSmallIntegerField(
        _("公开时限（天数）"), null=True, blank=True,
        help_text=_("留空则按所选规则的默认天数。"),
    )
    deadline_unit = models.CharField(
        _("计算方式"), max_length=10, choices=UNIT_CHOICES, blank=True,
        help_text=_("留空则按所选规则的默认方式。"),
    )
    intro = RichTextField(_("栏目说明"), blank=True, features=["bold", "link"])

    # The standard catalogue item this column carries (基层政务公开标准目录), set by
    # `manage.py load_standard_catalogue`; blank on the site's own columns.
    standard_code = models.CharField(
        _("标准目录事项编码"), max_length=40, blank=True, db_index=True,
        help_text=_("由标准目录载入时填写；重复载入时据此更新本栏目。"),
    )
    standard_basis = models.TextField(_("公开依据"), blank=True)
    responsible_body = models.CharField(_("公开主体"), max_length=200, blank=True)
    channels = models.CharField(_("公开渠道和载体"), max_length=300, blank=True)
    audience = models.CharField(_("公开对象"), max_length=100, blank=True)
    disclosure_mode = models.CharField(_("公开方式"), max_length=20, choices=MODE_CHOICES,
                                       blank=True)
    # issue 20: the column's kind for the website inspection.
    column_kind = column_kind_field()

    content_panels = Page.content_panels + [FieldPanel("intro")]
    standard_panels = [
        FieldPanel("standard_code", read_only=True),
        FieldPanel("standard_basis"),
        FieldPanel("responsible_body"),
        FieldPanel("channels"),
        FieldPanel("audience"),
        FieldPanel("disclosure_mode"),
        InlinePanel("elements", label=_("公开要素"), heading=_("公开要素")),
    ]
    rule_panels = [
        FieldPanel("department"),
        FieldPanel("column_kind"),
        MultiFieldPanel(
            [FieldPanel("rule"), FieldPanel("deadline_days"), FieldPanel("deadline_unit")],
            heading=_("公开时限"),
        ),
    ]
    edit_handler = TabbedInterface([
        ObjectList(content_panels, heading=_("内容")),
        ObjectList(rule_panels, heading=_("负责科室与时限")),
        ObjectList(standard_panels, heading=_("标准目录")),
        ObjectList(Page.promote_panels, heading=_("推广")),
        ObjectList(Page.settings_panels, heading=_("设置")),
    ])

    parent_page_types = ["disclosure.CatalogueRoot", "disclosure.CatalogueColumn"]
    subpage_types = ["disclosure.CatalogueColumn", *ITEM_PAGE_TYPES]
    # Read with the page when it is routed (portal.models.HomePage.route): its page shows it.
    route_select_related = ("department",)

    class Meta:
        verbose_name = _("公开目录栏目")
        verbose_name_plural = _("公开目录栏目")

    def clean(self):
        super().clean()
        self.fill_rule_defaults()
        if (self.deadline_unit == UNIT_WORKING
                and self.deadline_days > STATUTORY_LIMIT_WORKING_DAYS):
            raise ValidationError({"deadline_days": _(
                "公开时限不得超过20个工作日（《政府信息公开条例》第二十六条）。")})
        if self.deadline_days == 0:
            raise ValidationError({"deadline_days": _("公开时限至少为1天。")})

    def fill_rule_defaults(self):
        """Take the days and unit from the rule where the editor left them empty."""
        days, unit = RULE_DEFAULTS.get(self.rule, RULE_DEFAULTS[RULE_GENERAL])
        if self.deadline_days is None:
            self.deadline_days = days
        if not self.deadline_unit:
            self.deadline_unit = unit

    def save(self, *args, **kwargs):
        self.fill_rule_defaults()
        with transaction.atomic():
            result = super().save(*args, **kwargs)
            link_column_to_department(self)
        return result

    def get_context(self, request, *args, **kwargs):
        from disclosure.listings import column_context

        context = super().get_context(request, *args, **kwargs)
        context.update(column_context(self, request))
        return context

    def search_document(self) -> dict:
        """A column is found by its name and its description, as a way into its items."""
        return {
            "title": self.title,
            "body": _plain(self.intro),
            "kind_label": str(self._meta.verbose_name),
            "column": self.title,
            "column_id": self.pk,
            "issuing_body": self.department.name if self.department_id else "",
            "published_on": None,
        }


    def public_elements(self):
        """The elements shown on the public page: those with content. An element the office
        has still to complete from its own guideline is left out until it is written."""
        return [element for element in self.elements.all() if element.content.strip()]

    def elements_to_complete(self):
        return [element for element in self.elements.all()
                if element.to_complete and not element.content.strip()]


class ColumnElement(Orderable):
    """One content element (公开要素) of a standard catalogue item: 法规政策, 服务对象, 流程 …"""

    column = ParentalKey(CatalogueColumn, related_name="elements", on_delete=models.CASCADE)
    name = models.CharField(_("要素"), max_length=50)
    content = models.TextField(_("内容"), blank=True)
    to_complete = models.BooleanField(
        _("须由本机关补充"), default=False,
        help_text=_("标准目录只给出要素，具体内容须按本机关公开指南补充；补充前不在网站显示。"),
    )

    panels = [FieldPanel("name"), FieldPanel("content"), FieldPanel("to_complete")]

    class Meta(Orderable.Meta):
        verbose_name = _("公开要素")
        verbose_name_plural = _("公开要素")

    def __str__(self):
        return self.name


def link_column_to_department(column):
    """Make a `departments.DepartmentSection` tie the column to its department, so that the
    department's page permissions follow (网站管理制度 第七至十三条)."""
    from departments.models import DepartmentSection
    from departments.roles import sync_department

    if not column.pk or not column.department_id:
        return
    section = DepartmentSection.objects.filter(page_id=column.pk).first()
    if section and section.department_id == column.department_id:
        return
    previous = section.department if section else None
    if section:
        section.department_id = column.department_id
        section.save(update_fields=["department"])
    else:
        DepartmentSection.objects.create(department_id=column.department_id, page_id=column.pk)
    sync_department(column.department)
    if previous is not None:
        sync_department(previous)


def _plain(html) -> str:
    return strip_tags(str(html or ""))
