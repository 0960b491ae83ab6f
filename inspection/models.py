"""The rules the office tunes, its word lists, and the record of each daily run.

Defaults come from 政府网站与政务新媒体检查指标 (国办秘函〔2019〕19号), 单项否决指标:
- 首页栏目: the home page not updated for 2 weeks;
- 栏目不更新: news-type (动态、要闻) columns not updated for 2 weeks, 通知公告 and 政策文件 for
  6 months, counted together, 5 or more; columns that should be updated but are long stale
  (长期未更新), 10 or more; blank columns (空白栏目), 5 or more;
- 互动回应差: a valid message unanswered for more than 3 months (counted by interaction/);
- 严重错误: a leader's name or title miswritten, wrong expressions (严重表述错误), forged dates.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page

from pageforms import PageForm


@register_setting(icon="list-ul")
class InspectionSettings(BaseGenericSetting):
    """The thresholds of the inspection; the office may make them stricter or looser."""

    # 国办秘函〔2019〕19号 单项否决: 首页栏目信息超过2周未更新.
    home_stale_days = models.PositiveSmallIntegerField(_("首页超过多少天未更新即单项否决"), default=14)
    # 动态、要闻类栏目超过2周未更新.
    news_stale_days = models.PositiveSmallIntegerField(_("动态类栏目超过多少天未更新为不更新"), default=14)
    # 通知公告、政策文件类栏目超过6个月未更新.
    notice_stale_months = models.PositiveSmallIntegerField(_("通知公告类栏目超过多少个月未更新为不更新"), default=6)
    policy_stale_months = models.PositiveSmallIntegerField(_("政策文件类栏目超过多少个月未更新为不更新"), default=6)
    # 应更新但长期未更新: the indicators give no period; one year is this site's default.
    other_stale_months = models.PositiveSmallIntegerField(
        _("其他类栏目超过多少个月未更新为长期未更新"), default=12,
        help_text=_("检查指标未规定“长期”的期限，默认12个月。"))
    stale_columns_veto = models.PositiveSmallIntegerField(_("不更新栏目达到多少个即单项否决"), default=5)
    long_stale_columns_veto = models.PositiveSmallIntegerField(_("长期未更新栏目达到多少个即单项否决"), default=10)
    blank_columns_veto = models.PositiveSmallIntegerField(_("空白栏目达到多少个即单项否决"), default=5)
    message_watch_days = models.PositiveSmallIntegerField(
        _("留言距3个月答复红线多少天内提示"), default=14,
        help_text=_("3个月红线本身按互动渠道的期限规则计算（见互动交流）。"))

    panels = [
        FieldPanel("home_stale_days"),
        MultiFieldPanel([FieldPanel("news_stale_days"), FieldPanel("notice_stale_months"),
                         FieldPanel("policy_stale_months"), FieldPanel("other_stale_months")],
                        heading=_("栏目更新")),
        MultiFieldPanel([FieldPanel("stale_columns_veto"), FieldPanel("long_stale_columns_veto"),
                         FieldPanel("blank_columns_veto")], heading=_("单项否决的栏目数")),
        FieldPanel("message_watch_days"),
    ]

    class Meta:
        verbose_name = _("网站检查设置")

    def clean(self):
        super().clean()
        for name in ("home_stale_days", "news_stale_days", "notice_stale_months",
                     "policy_stale_months", "other_stale_months", "stale_columns_veto",
                     "long_stale_columns_veto", "blank_columns_veto"):
            if not getattr(self, name):
                raise ValidationError({name: _("须至少为1。")})


class LeaderName(models.Model):
    """A leader's name and title; the miswritten forms listed are 严重错别字 wherever they appear."""

    name = models.CharField(_("姓名"), max_length=20)
    title = models.CharField(_("职务"), max_length=50, blank=True)
    miswritten = models.TextField(
        _("常见错写"), help_text=_("每行一个，例如“张叁”；也可写错误的职务搭配，如“张三副主任”。"))

    class Meta:
        verbose_name = _("领导姓名职务")
        verbose_name_plural = _("领导姓名职务")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} {self.title}".strip()

    def variants(self) -> list[str]:
        return [line.strip() for line in self.miswritten.splitlines()
                if line.strip() and line.strip() != self.name]

    def clean(self):
        if not self.variants():
            raise ValidationError({"miswritten": _("请至少填写一个与正确姓名不同的错写形式。")})


class WrongExpression(models.Model):
    """A wrong expression (严重表述错误) and what should be written instead."""

    wrong = models.CharField(_("错误表述"), max_length=100, unique=True)
    correct = models.CharField(_("正确表述"), max_length=100, blank=True)
    note = models.CharField(_("说明"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("错误表述")
        verbose_name_plural = _("错误表述")
        ordering = ["wrong"]

    def __str__(self):
        return self.wrong

    def clean(self):
        self.wrong = (self.wrong or "").strip()
        if not self.wrong:
            raise ValidationError({"wrong": _("请填写错误表述。")})


class InspectionRun(models.Model):
    """One inspection of the whole site: when, whether a single-veto item was hit, what it found."""

    ran_at = models.DateTimeField(_("检查时间"), auto_now_add=True)
    day = models.DateField(_("检查日期"), db_index=True)
    veto = models.BooleanField(_("触发单项否决"), default=False)
    finding_count = models.PositiveIntegerField(_("问题数"), default=0)
    result = models.JSONField(_("检查结果"), default=dict)
    # {department name: problems on the pages of its sections} as they stood on the day, for
    # the dashboard's 12-month trend per department (pages may be moved or deleted since).
    by_department = models.JSONField(_("各科室问题数"), default=dict, blank=True)

    class Meta:
        verbose_name = _("网站检查记录")
        verbose_name_plural = _("网站检查记录")
        ordering = ["-ran_at"]
        permissions = [("view_inspection", _("查看网站检查结果"))]

    def __str__(self):
        return f"{self.day} {'单项否决' if self.veto else ''}".strip()


class InspectionCursor(models.Model):
    """Where the per-page store of one site stands: when it was last brought up to date, when
    it was last rebuilt from every page, and the word lists it was checked against. An
    incremental run reads only what changed since `refreshed_at` (inspection.store)."""

    site = models.OneToOneField("wagtailcore.Site", on_delete=models.CASCADE, related_name="+")
    refreshed_at = models.DateTimeField(_("最近更新时间"))
    full_at = models.DateTimeField(_("最近全量检查时间"))
    fingerprint = models.CharField(_("词表指纹"), max_length=64)

    class Meta:
        verbose_name = _("网站检查进度")
        verbose_name_plural = _("网站检查进度")

    def __str__(self):
        return f"{self.site_id} {self.refreshed_at:%Y-%m-%d %H:%M}"


class InspectedPage(models.Model):
    """The findings of the per-page rules (links, 错敏词, dates) on one live page, as of its last
    check. `page_id` is a plain number, not a key: the row outlives a deleted page so the next
    run learns that it is gone and rechecks the pages linking to it."""

    site = models.ForeignKey("wagtailcore.Site", on_delete=models.CASCADE, related_name="+")
    page_id = models.PositiveIntegerField(_("页面"))
    url_path = models.TextField(_("页面路径"))
    findings = models.JSONField(_("问题"), default=list, blank=True)
    flagged = models.BooleanField(default=False)  # findings is not empty
    dated = models.BooleanField(default=False)  # a date finding: judged again on every run

    class Meta:
        verbose_name = _("页面检查结果")
        verbose_name_plural = _("页面检查结果")
        constraints = [models.UniqueConstraint(fields=["site", "page_id"],
                                               name="inspection_page_once_per_site")]
        indexes = [models.Index(fields=["site", "flagged"], name="inspection_page_flagged_idx")]

    def __str__(self):
        return self.url_path


class PageLink(models.Model):
    """One internal link in a live page's content, as the last check read it: to a page by its
    id or its address (`target_page_id`, the page it led to then, or none), or to a document or
    image. An incremental run rechecks the pages whose links led to a page that is gone or
    moved since, or to an address that a new page now answers."""

    site = models.ForeignKey("wagtailcore.Site", on_delete=models.CASCADE, related_name="+")
    source_id = models.PositiveIntegerField()
    kind = models.CharField(max_length=10)  # page, path, document, image, external
    target_id = models.PositiveIntegerField(null=True)  # the page (or document, image) it led to
    target_path = models.TextField(blank=True)  # for a path link: the url_path it names

    class Meta:
        indexes = [models.Index(fields=["site", "target_id"], name="inspection_link_target_idx"),
                   models.Index(fields=["site", "source_id"], name="inspection_link_source_idx"),
                   models.Index(fields=["site", "target_path"], name="inspection_link_path_idx")]

    def __str__(self):
        return f"{self.source_id} → {self.kind}:{self.target_id or self.target_path}"


class ExternalLink(models.Model):
    """An external address linked from live content, as last asked (inspection.external)."""

    url = models.CharField(_("地址"), max_length=2000, unique=True)
    checked_at = models.DateTimeField(_("检查时间"))
    ok = models.BooleanField(_("可以打开"), default=False)
    status = models.PositiveSmallIntegerField(_("HTTP状态"), null=True, blank=True)
    error = models.CharField(_("错误"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("外部链接检查")
        verbose_name_plural = _("外部链接检查")

    def __str__(self):
        return self.url


def _count(label):
    return models.PositiveIntegerField(label, null=True, blank=True)


def _yes_no(label):
    return models.BooleanField(label, null=True, blank=True)


class WebsiteReportFigures(models.Model):
    """政府网站工作年度报表 (国办函〔2018〕12号): the figures the site cannot count from its own
    records, entered by the office for one year. What the site can count is computed
    (inspection.website_report)."""

    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    site_name = models.CharField(_("网站名称"), max_length=100, blank=True)
    home_url = models.CharField(_("首页网址"), max_length=200, blank=True)
    sponsor = models.CharField(_("主办单位"), max_length=100, blank=True)
    site_type = models.CharField(_("网站类型"), max_length=20, blank=True, choices=[
        ("portal", _("政府门户网站")), ("department", _("部门网站")), ("special", _("专项网站"))])
    site_code = models.CharField(_("政府网站标识码"), max_length=20, blank=True)
    icp_number = models.CharField(_("ICP备案编号"), max_length=50, blank=True)
    police_number = models.CharField(_("公安机关备案号"), max_length=50, blank=True)
    unique_visitors = _count(_("独立用户访问总量（个）"))
    total_visits = _count(_("网站总访问量（次）"))
    special_columns = _count(_("专栏专题维护数量（个）"))
    new_special_columns = _count(_("专栏专题新开设数量（个）"))
    media_articles = _count(_("媒体评论文章数量（篇）"))
    hot_responses = _count(_("回应公众关注热点或重大舆情数量（次）"))
    service_catalogue = _yes_no(_("是否发布服务事项目录"))
    registered_users = _count(_("注册用户数（个）"))
    service_items = _count(_("政务服务事项数量（项）"))
    online_items = _count(_("可全程在线办理政务服务事项数量（项）"))
    cases = _count(_("办件量（件）"))
    cases_person = _count(_("自然人办件量（件）"))
    cases_legal = _count(_("法人办件量（件）"))
    unified_platform = _yes_no(_("是否使用统一平台"))
    survey_opinions = _count(_("征集调查收到意见数量（条）"))
    survey_results = _count(_("公布调查结果期数（期）"))
    interviews = _count(_("在线访谈期数（期）"))
    interview_questions = _count(_("在线访谈网民留言数量（条）"))
    interview_answers = _count(_("答复网民提问数量（条）"))
    smart_qa = _yes_no(_("是否提供智能问答功能"))
    security_assessments = _count(_("安全检测评估次数（次）"))
    security_problems = _count(_("发现问题数量（个）"))
    security_fixed = _count(_("问题整改数量（个）"))
    security_monitoring = _yes_no(_("是否建立安全监测预警机制"))
    emergency_drills = _yes_no(_("是否开展应急演练"))
    security_owner = _yes_no(_("是否明确网站安全负责人"))
    new_media = models.TextField(_("移动新媒体（名称、信息发布量、关注量或订阅数）"), blank=True)
    innovation = models.TextField(_("创新发展（搜索即服务、多语言版本、无障碍浏览、千人千网等）"),
                                  blank=True)
    unit_head = models.CharField(_("单位负责人"), max_length=50, blank=True)
    reviewer = models.CharField(_("审核人"), max_length=50, blank=True)
    filler = models.CharField(_("填报人"), max_length=50, blank=True)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    filled_on = models.DateField(_("填报日期"), null=True, blank=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("网站年度报表填报数据")
        verbose_name_plural = _("网站年度报表填报数据")
        ordering = ["-year"]

    def __str__(self):
        return _("%(year)s 年度网站报表填报数据") % {"year": self.year}


class WebsiteReportPage(RoutablePageMixin, Page):
    """One year's 政府网站工作年度报表 as published (国办函〔2018〕12号: public by 31 January), with
    its .xlsx beside the page; the home page links the newest one."""

    base_form_class = PageForm

    year = models.PositiveSmallIntegerField(
        _("报表年度"), unique=True, validators=[MinValueValidator(2008), MaxValueValidator(2100)])
    intro = RichTextField(_("说明"), blank=True, features=["bold", "link"])
    # The figures as they stood when this version was saved: what the signatory saw is what
    # goes live, even if the records change later.
    figures = models.JSONField(_("报表数据"), default=list, blank=True, editable=False)

    content_panels = Page.content_panels + [FieldPanel("year"), FieldPanel("intro")]
    parent_page_types = ["disclosure.AnnualReportIndexPage", "portal.HomePage",
                         "portal.SectionPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("政府网站工作年度报表")
        verbose_name_plural = _("政府网站工作年度报表")

    def _fill_title_and_slug(self):
        if not self.title and self.year:
            self.title = _("%(year)s年政府网站工作年度报表") % {"year": self.year}
        if not self.slug and self.year:
            self.slug = f"website-report-{self.year}"

    def full_clean(self, *args, **kwargs):
        self._fill_title_and_slug()
        super().full_clean(*args, **kwargs)

    def minimal_clean(self):
        self._fill_title_and_slug()
        super().minimal_clean()

    def refresh_figures(self):
        from inspection.website_report import build_website_report, sections_as_data

        self.figures = sections_as_data(build_website_report(self.year))

    def save(self, *args, **kwargs):
        if self.year and not self.figures:
            self.refresh_figures()
        return super().save(*args, **kwargs)

    def save_revision(self, *args, **kwargs):
        if self.year:
            self.refresh_figures()
        return super().save_revision(*args, **kwargs)

    @path("")
    def index(self, request):
        return self.render(request)

    @path("xlsx/", name="xlsx")
    def xlsx(self, request):
        from django.http import HttpResponse

        from inspection.website_report import as_xlsx

        response = HttpResponse(as_xlsx(self.year, self.figures), content_type=(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
        response["Content-Disposition"] = (
            f'attachment; filename="website-annual-report-{self.year}.xlsx"')
        return response
