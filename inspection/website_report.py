"""政府网站工作年度报表 (国办函〔2018〕12号): every figure the site can count from its own records,
and the rest as the office entered them (WebsiteReportFigures), in the official order.

Counted from records, for the calendar year in Asia/Shanghai:
- 政务动态信息更新量: work news (工作动态) first published in the year;
- 信息公开目录信息更新量: the other catalogue entries first published in the year (work news is
  counted once, above);
- 概况类信息更新量: publications in the year of the columns marked 固定内容 (机构概况 …);
- 政策解读: interpretations first published in the year; 解读材料 are the written and Q&A ones,
  解读产品 the graphic and video ones;
- 征集调查期数: consultation notices (意见征集) first published in the year;
- 留言办理: received, finished and average handling time from interaction.statistics.year_totals,
  公开答复数量 from the replies published in the year.
A page withdrawn later still counts: it was published in that year.
"""

import io
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

SHANGHAI = ZoneInfo("Asia/Shanghai")
COUNTED, ENTERED = "counted", "entered"


@dataclass
class Row:
    label: str
    value: object
    source: str


@dataclass
class Section:
    title: str
    rows: list = field(default_factory=list)


def _year_bounds(year):
    return (datetime(year, 1, 1, tzinfo=SHANGHAI), datetime(year + 1, 1, 1, tzinfo=SHANGHAI))


def counted_figures(year: int) -> dict:
    from wagtail.models import PageLogEntry

    from disclosure.models import DisclosureItem, PolicyInterpretation, PublicNotice, WorkNews
    from disclosure.models.catalogue import ColumnKind
    from inspection.rules import column_models
    from interaction.models import PublicMessage
    from interaction.statistics import year_totals

    start, end = _year_bounds(year)
    in_year = {"first_published_at__gte": start, "first_published_at__lt": end}
    news = WorkNews.objects.filter(**in_year).count()
    catalogue = DisclosureItem.objects.filter(**in_year).exclude(
        pk__in=WorkNews.objects.values("pk")).count()
    fixed_ids = [pk for model in column_models()
                 for pk in model.objects.filter(column_kind=ColumnKind.FIXED)
                 .values_list("pk", flat=True)]
    overview = PageLogEntry.objects.filter(action="wagtail.publish", page_id__in=fixed_ids,
                                           timestamp__gte=start, timestamp__lt=end).count()
    interpretations = PolicyInterpretation.objects.filter(**in_year)
    messages = year_totals(year)
    return {
        "overview": overview, "news": news, "catalogue": catalogue,
        "published_total": overview + news + catalogue,
        "interpretations": interpretations.count(),
        "interpretation_materials": interpretations.filter(form__in=["text", "qa"]).count(),
        "interpretation_products": interpretations.filter(form__in=["graphic", "video"]).count(),
        "surveys": PublicNotice.objects.filter(kind="consultation", **in_year).count(),
        "messages_received": messages["received"],
        "messages_finished": messages["finished"],
        "messages_average_days": messages["average_working_days"],
        "messages_published": PublicMessage.objects.filter(
            published_at__gte=start, published_at__lt=end).count(),
    }


def build_website_report(year: int) -> list[Section]:
    from inspection.models import WebsiteReportFigures

    counted = counted_figures(year)
    figures = WebsiteReportFigures.objects.filter(year=year).first()

    def entered(name):
        value = getattr(figures, name, None) if figures else None
        if isinstance(value, bool):
            value = _("是") if value else _("否")
        if name == "site_type" and figures and value:
            value = figures.get_site_type_display()
        label = str(WebsiteReportFigures._meta.get_field(name).verbose_name)
        return Row(label, "" if value is None else value, ENTERED)

    def count(label, key):
        return Row(label, counted[key], COUNTED)

    return [
        Section(_("网站基本信息"), [entered(name) for name in (
            "site_name", "home_url", "sponsor", "site_type", "site_code", "icp_number",
            "police_number", "unique_visitors", "total_visits")]),
        Section(_("信息发布（条）"), [
            count(_("总数"), "published_total"), count(_("概况类信息更新量"), "overview"),
            count(_("政务动态信息更新量"), "news"),
            count(_("信息公开目录信息更新量"), "catalogue")]),
        Section(_("专栏专题（个）"), [entered("special_columns"), entered("new_special_columns")]),
        Section(_("政策解读（条）"), [
            count(_("总数"), "interpretations"),
            count(_("解读材料数量"), "interpretation_materials"),
            count(_("解读产品数量"), "interpretation_products"), entered("media_articles")]),
        Section(_("回应公众关注热点或重大舆情"), [entered("hot_responses")]),
        Section(_("办事服务"), [entered(name) for name in (
            "service_catalogue", "registered_users", "service_items", "online_items", "cases",
            "cases_person", "cases_legal")]),
        Section(_("互动交流"), [
            entered("unified_platform"),
            count(_("收到留言数量（条）"), "messages_received"),
            count(_("办结留言数量（条）"), "messages_finished"),
            count(_("平均办理时间（工作日）"), "messages_average_days"),
            count(_("公开答复数量（条）"), "messages_published"),
            count(_("征集调查期数（期）"), "surveys"),
            entered("survey_opinions"), entered("survey_results"), entered("interviews"),
            entered("interview_questions"), entered("interview_answers"), entered("smart_qa")]),
        Section(_("安全防护"), [entered(name) for name in (
            "security_assessments", "security_problems", "security_fixed",
            "security_monitoring", "emergency_drills", "security_owner")]),
        Section(_("移动新媒体"), [entered("new_media")]),
        Section(_("创新发展"), [entered("innovation")]),
        Section(_("填报信息"), [entered(name) for name in (
            "unit_head", "reviewer", "filler", "phone", "filled_on")]),
    ]


def sections_as_data(sections) -> list[dict]:
    """The report as JSON-ready data (what a published page keeps)."""
    return [{"title": str(section.title), "rows": [
        {"label": str(row.label),
         "value": row.value.isoformat() if hasattr(row.value, "isoformat") else
         (row.value if isinstance(row.value, int | float | str) else str(row.value)),
         "source": row.source} for row in section.rows]} for section in sections]


def as_xlsx(year: int, sections) -> bytes:
    """One sheet in the report's order: 类别, 指标, 数值, 来源 (系统统计 or 填报). `sections` is
    build_website_report's result or sections_as_data's."""
    if sections and isinstance(sections[0], Section):
        sections = sections_as_data(sections)
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("%(year)s年度") % {"year": year}
    sheet.append([_("政府网站工作年度报表（%(year)s年度）") % {"year": year}])
    sheet["A1"].font = Font(bold=True)
    sheet.append([_("类别"), _("指标"), _("数值"), _("来源")])
    for column in "ABCD":
        sheet[f"{column}2"].font = Font(bold=True)
    sheet.column_dimensions["A"].width = 26
    sheet.column_dimensions["B"].width = 44
    sheet.column_dimensions["C"].width = 30
    for section in sections:
        for index, row in enumerate(section["rows"]):
            sheet.append([section["title"] if index == 0 else "", row["label"], row["value"],
                          _("系统统计") if row["source"] == COUNTED else _("填报")])
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()
