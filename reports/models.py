"""The annual report's data the site cannot count itself (entered by the disclosure office with
its source) and the report page that publishes it.

国办公开办函〔2021〕30号: table 二 (licensing, penalty, coercion decisions; administrative fees
in 万元) and table 四 (administrative reconsideration and litigation) come from other systems
and registers, so the office enters them here, naming where each figure comes from.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from pageforms import PageForm

# Table 四's result columns, in the order of 国办公开办函〔2021〕30号 (总计 is computed).
RESULTS = [("upheld", _("结果维持")), ("corrected", _("结果纠正")), ("other", _("其他结果")),
           ("pending", _("尚未审结"))]
# Table 四's three groups: 行政复议; 行政诉讼 未经复议直接起诉; 行政诉讼 复议后起诉.
REVIEW_GROUPS = [("review", _("行政复议")), ("direct", _("行政诉讼（未经复议直接起诉）")),
                 ("after_review", _("行政诉讼（复议后起诉）"))]


def _count(label):
    return models.PositiveIntegerField(label, default=0)


class AnnualReportFigures(models.Model):
    """The figures of one year's report that the office enters, each with its source."""

    year = models.PositiveSmallIntegerField(
        _("年度"), unique=True, validators=[MinValueValidator(2008), MaxValueValidator(2100)])

    # Table 二: 条例 第二十条第（五）、（六）、（八）项.
    licensing_decisions = _count(_("行政许可本年处理决定数量"))
    licensing_source = models.CharField(_("行政许可数据来源"), max_length=200)
    penalty_decisions = _count(_("行政处罚本年处理决定数量"))
    coercion_decisions = _count(_("行政强制本年处理决定数量"))
    enforcement_source = models.CharField(_("行政处罚、行政强制数据来源"), max_length=200)
    fees_wan = models.DecimalField(
        _("行政事业性收费本年收费金额（万元）"), max_digits=12, decimal_places=2, default=0,
        validators=[MinValueValidator(0)])
    fees_source = models.CharField(_("行政事业性收费数据来源"), max_length=200)

    # Table 四.
    review_upheld = _count(_("行政复议：结果维持"))
    review_corrected = _count(_("行政复议：结果纠正"))
    review_other = _count(_("行政复议：其他结果"))
    review_pending = _count(_("行政复议：尚未审结"))
    direct_upheld = _count(_("未经复议直接起诉：结果维持"))
    direct_corrected = _count(_("未经复议直接起诉：结果纠正"))
    direct_other = _count(_("未经复议直接起诉：其他结果"))
    direct_pending = _count(_("未经复议直接起诉：尚未审结"))
    after_review_upheld = _count(_("复议后起诉：结果维持"))
    after_review_corrected = _count(_("复议后起诉：结果纠正"))
    after_review_other = _count(_("复议后起诉：其他结果"))
    after_review_pending = _count(_("复议后起诉：尚未审结"))
    review_source = models.CharField(_("行政复议、行政诉讼数据来源"), max_length=200)

    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    panels = [
        FieldPanel("year"),
        MultiFieldPanel([
            FieldRowPanel([FieldPanel("licensing_decisions"), FieldPanel("licensing_source")]),
            FieldRowPanel([FieldPanel("penalty_decisions"), FieldPanel("coercion_decisions")]),
            FieldPanel("enforcement_source"),
            FieldRowPanel([FieldPanel("fees_wan"), FieldPanel("fees_source")]),
        ], heading=_("表二 主动公开政府信息情况（本机关填报部分）")),
        MultiFieldPanel([
            FieldRowPanel([FieldPanel(f"{group}_{result}") for result, _label in RESULTS])
            for group, _group_label in REVIEW_GROUPS
        ] + [FieldPanel("review_source")], heading=_("表四 政府信息公开行政复议、行政诉讼情况")),
    ]

    class Meta:
        verbose_name = _("年度报告填报数据")
        verbose_name_plural = _("年度报告填报数据")
        ordering = ["-year"]

    def __str__(self):
        return _("%(year)s 年度报告填报数据") % {"year": self.year}

    def clean(self):
        super().clean()
        missing = {name: _("请写明数据来源（如业务系统、台账或承办科室），没有该项职权的也请注明。")
                   for name in ("licensing_source", "enforcement_source", "fees_source",
                                "review_source")
                   if not (getattr(self, name) or "").strip()}
        if missing:
            raise ValidationError(missing)

    def review_row(self, group: str) -> list[int]:
        """One group of table 四: 维持, 纠正, 其他, 尚未审结 and their 总计."""
        cells = [getattr(self, f"{group}_{result}") for result, _label in RESULTS]
        return [*cells, sum(cells)]


class AnnualReportPage(RoutablePageMixin, Page):
    """One year's 政府信息公开工作年度报告: the office's narrative and the three tables, published
    through the approval workflow, with a PDF beside the page."""

    base_form_class = PageForm

    year = models.PositiveSmallIntegerField(
        _("报告年度"), validators=[MinValueValidator(2008), MaxValueValidator(2100)])
    overview = RichTextField(_("一、总体情况"))
    problems = RichTextField(_("五、存在的主要问题及改进情况"))
    other_matters = RichTextField(
        _("六、其他需要报告的事项"), blank=True,
        help_text=_("信息处理费收取情况和建议提案办理情况由系统统计，列在本节文字之后。"))
    # The tables as they stood when this version was saved: a published report does not change
    # when the data behind it changes later (a new version has to be saved and signed off).
    tables = models.JSONField(_("报告表格"), default=dict, blank=True, editable=False)

    content_panels = Page.content_panels + [
        FieldPanel("year"), FieldPanel("overview"), FieldPanel("problems"),
        FieldPanel("other_matters"),
    ]

    parent_page_types = ["disclosure.AnnualReportIndexPage"]
    subpage_types = []
    # 条例 第四十九、五十条: due by 31 January of the following year.
    due_month_day = (1, 31)

    class Meta:
        verbose_name = _("政府信息公开工作年度报告")
        verbose_name_plural = _("政府信息公开工作年度报告")

    def clean(self):
        super().clean()
        if self.year:
            siblings = AnnualReportPage.objects.filter(year=self.year)
            if self.pk:
                siblings = siblings.exclude(pk=self.pk)
            if siblings.exists():
                raise ValidationError({"year": _("%(year)s 年度的报告已经存在。") % {
                    "year": self.year}})

    def full_clean(self, *args, **kwargs):
        self._fill_title_and_slug()
        super().full_clean(*args, **kwargs)

    def minimal_clean(self):
        # What Page.save() runs for a draft instead of full_clean().
        self._fill_title_and_slug()
        super().minimal_clean()

    def _fill_title_and_slug(self):
        """A report left untitled is named after its year, at the address of its year."""
        if not self.title and self.year:
            self.title = _("%(year)s年政府信息公开工作年度报告") % {"year": self.year}
        if not self.slug and self.year:
            self.slug = f"{self.year}"

    def save(self, *args, **kwargs):
        # Publishing a version saves the page as that version holds it, tables included: what
        # goes live is what the reviewers and the signatory saw.
        if self.year and (not self.tables or self.tables.get("year") != self.year):
            self.refresh_tables()
        return super().save(*args, **kwargs)

    def save_revision(self, *args, **kwargs):
        """Every saved version carries the tables computed from the data at that moment."""
        if self.year:
            self.refresh_tables()
        return super().save_revision(*args, **kwargs)

    def refresh_tables(self):
        from reports.annual_report import build_report

        self.tables = build_report(self.year).as_dict()

    @path("")
    def index(self, request):
        return self.render(request)

    @path("pdf/", name="pdf")
    def pdf(self, request):
        from reports.pdf import serve_report_pdf

        return serve_report_pdf(self, request)

    def search_document(self) -> dict:
        from django.utils.html import strip_tags

        return {
            "title": self.title,
            "body": " ".join(strip_tags(str(text or "")) for text in
                             (self.overview, self.problems, self.other_matters)),
            "kind_label": str(self._meta.verbose_name),
            "column": str(_("公开年报")),
            "published_on": None,
        }
