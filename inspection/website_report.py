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
    key: str = ""  # the counted figure's key or the entered field's name (LAYOUT)


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
        return Row(label, "" if value is None else value, ENTERED, name)

    def count(label, key):
        return Row(label, counted[key], COUNTED, key)

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
         "source": row.source, "key": row.key} for row in section.rows]} for section in sections]


def _layout():
    """The rows of the form as 国办函〔2018〕12号 prints them: (类别, 分项, 指标, figure key).
    An empty 分项 or 指标 means the cell to its left spans it. Units are the site's own (the
    office enters visits, users and cases as plain counts)."""
    info, rows = _("信息发布（单位：条）"), []
    for label, key in ((_("网站名称"), "site_name"), (_("首页网址"), "home_url"),
                       (_("主办单位"), "sponsor"), (_("网站类型"), "site_type"),
                       (_("政府网站标识码"), "site_code"), (_("ICP备案编号"), "icp_number"),
                       (_("公安机关备案号"), "police_number"),
                       (_("独立用户访问总量（单位：个）"), "unique_visitors"),
                       (_("网站总访问量（单位：次）"), "total_visits")):
        rows.append((label, "", "", key))
    rows += [(info, _("总数"), "", "published_total"),
             (info, _("概况类信息更新量"), "", "overview"),
             (info, _("政务动态信息更新量"), "", "news"),
             (info, _("信息公开目录信息更新量"), "", "catalogue")]
    special = _("专栏专题（单位：个）")
    rows += [(special, _("维护数量"), "", "special_columns"),
             (special, _("新开设数量"), "", "new_special_columns")]
    answer, published = _("解读回应"), _("解读信息发布")
    rows += [(answer, published, _("总数（单位：条）"), "interpretations"),
             (answer, published, _("其中：解读材料数量（单位：条）"), "interpretation_materials"),
             (answer, published, _("解读产品数量（单位：个）"), "interpretation_products"),
             (answer, published, _("媒体评论文章数量（单位：篇）"), "media_articles"),
             (answer, _("回应公众关注热点或重大舆情数量（单位：次）"), "", "hot_responses")]
    service, cases = _("办事服务"), _("办件量（单位：件）")
    rows += [(service, _("是否发布服务事项目录"), "", "service_catalogue"),
             (service, _("注册用户数（单位：个）"), "", "registered_users"),
             (service, _("政务服务事项数量（单位：项）"), "", "service_items"),
             (service, _("可全程在线办理政务服务事项数量（单位：项）"), "", "online_items"),
             (service, cases, _("总数"), "cases"),
             (service, cases, _("自然人办件量"), "cases_person"),
             (service, cases, _("法人办件量"), "cases_legal")]
    talk, handling, survey, interview = _("互动交流"), _("留言办理"), _("征集调查"), _("在线访谈")
    rows += [(talk, _("是否使用统一平台"), "", "unified_platform"),
             (talk, handling, _("收到留言数量（单位：条）"), "messages_received"),
             (talk, handling, _("办结留言数量（单位：条）"), "messages_finished"),
             (talk, handling, _("平均办理时间（单位：天）"), "messages_average_days"),
             (talk, handling, _("公开答复数量（单位：条）"), "messages_published"),
             (talk, survey, _("征集调查期数（单位：期）"), "surveys"),
             (talk, survey, _("收到意见数量（单位：条）"), "survey_opinions"),
             (talk, survey, _("公布调查结果期数（单位：期）"), "survey_results"),
             (talk, interview, _("访谈期数（单位：期）"), "interviews"),
             (talk, interview, _("网民留言数量（单位：条）"), "interview_questions"),
             (talk, interview, _("答复网民提问数量（单位：条）"), "interview_answers"),
             (talk, _("是否提供智能问答功能"), "", "smart_qa")]
    security = _("安全防护")
    rows += [(security, _("安全检测评估次数（单位：次）"), "", "security_assessments"),
             (security, _("发现问题数量（单位：个）"), "", "security_problems"),
             (security, _("问题整改数量（单位：个）"), "", "security_fixed"),
             (security, _("是否建立安全监测预警机制"), "", "security_monitoring"),
             (security, _("是否开展应急演练"), "", "emergency_drills"),
             (security, _("是否明确网站安全负责人"), "", "security_owner")]
    rows += [(_("移动新媒体"), "", "", "new_media"), (_("创新发展"), "", "", "innovation")]
    return rows


FOOTER = ("unit_head", "reviewer", "filler", "phone", "filled_on")


def as_xlsx(year: int, sections) -> bytes:
    """The form in the layout of 国办函〔2018〕12号: its title and year, 填报单位, the table of
    类别 / 分项 / 指标 / 数值 with the categories' cells merged, and the signatures line.
    `sections` is build_website_report's result or sections_as_data's (a page's saved figures;
    rows saved before figures carried their key are matched by label)."""
    if sections and isinstance(sections[0], Section):
        sections = sections_as_data(sections)
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    from inspection.models import WebsiteReportFigures

    values, labels = {}, {}
    for section in sections:
        for row in section["rows"]:
            values[row.get("key") or row["label"]] = row["value"]
            labels[row.get("key") or row["label"]] = row["label"]

    def value(key):
        if key in values:
            return values[key]
        # A page saved before rows carried their key: its label is the field's verbose name.
        try:
            label = str(WebsiteReportFigures._meta.get_field(key).verbose_name)
        except Exception:  # a counted figure: no field of that name
            return ""
        return values.get(label, "")

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("%(year)s年度") % {"year": year}
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    middle = Alignment(vertical="center", horizontal="center", wrap_text=True)
    for column, width in zip("ABCD", (22, 30, 34, 36), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.append([_("政府网站工作年度报表")])
    sheet.append([_("（%(year)s年度）") % {"year": year}])
    sheet.append([_("填报单位：%(sponsor)s") % {"sponsor": value("sponsor")}])
    for row_number in (1, 2, 3):
        sheet.merge_cells(start_row=row_number, start_column=1, end_row=row_number, end_column=4)
    sheet["A1"].font = Font(bold=True, size=16)
    sheet["A1"].alignment = sheet["A2"].alignment = Alignment(horizontal="center")
    first = sheet.max_row + 1
    layout = _layout()
    for category, group, item, key in layout:
        shown = value(key)
        if key == "site_type":
            shown = "  ".join(("☑" if str(label) == str(shown) else "□") + str(label)
                              for _value, label in WebsiteReportFigures._meta.get_field(
                                  "site_type").choices)
        sheet.append([category, group, item, shown])
        row_number = sheet.max_row
        if not group:  # the category spans 分项 and 指标
            sheet.merge_cells(start_row=row_number, start_column=1, end_row=row_number,
                              end_column=3)
        elif not item:
            sheet.merge_cells(start_row=row_number, start_column=2, end_row=row_number,
                              end_column=3)
    last = sheet.max_row
    _merge_runs(sheet, first, last, column=1)
    _merge_runs(sheet, first, last, column=2)
    for row in sheet.iter_rows(min_row=first, max_row=last, max_col=4):
        for cell in row:
            cell.border = border
            cell.alignment = middle if cell.column < 4 else Alignment(vertical="center",
                                                                       wrap_text=True)
    names = [_("单位负责人"), _("审核人"), _("填报人"), _("联系电话"), _("填报日期")]
    sheet.append([])
    sheet.append(["    ".join(f"{name}：{value(key)}" for name, key in zip(
        names, FOOTER, strict=True))])
    sheet.merge_cells(start_row=sheet.max_row, start_column=1, end_row=sheet.max_row,
                      end_column=4)
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def _merge_runs(sheet, first, last, column):
    """Merge the runs of equal non-empty cells of `column` (a category over its rows)."""
    start = first
    for row_number in range(first + 1, last + 2):
        same = (row_number <= last and sheet.cell(row_number, column).value
                == sheet.cell(start, column).value)
        if same:
            continue
        if row_number - 1 > start and sheet.cell(start, column).value:
            sheet.merge_cells(start_row=start, start_column=column, end_row=row_number - 1,
                              end_column=column)
        start = row_number
