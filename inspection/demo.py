"""The inspection's demo: four problems seeded relative to the day the demo is loaded, so that
`manage.py inspect_site` on a fresh demo reports exactly them — one stale column, one blank
column, one dead link, one miswritten leader name — and nothing else.

The rest of the demo catalogue carries the fixed dates of its annual-report year (the annual
report's demo counts them), which would go stale with the calendar; those columns are marked
固定内容 here, so only the columns this loader keeps fresh are judged on their updates. A real
site sets each column's kind by what it publishes.

Running it again (`make demo` on a kept var/ database) adds nothing, but brings the dates the
rules judge back to the same distance from today: the seeded pages are re-dated (SEEDED), and
interaction's demo moves its unanswered messages (interaction.demo.keep_current), so a demo
loaded weeks ago shows the same four problems again.
"""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from wagtail.models import Page

from disclosure.demo import publish_dated, signature_block
from disclosure.models import (
    AnnualReportIndexPage,
    CatalogueColumn,
    CatalogueRoot,
    DisclosureItem,
    PublicNotice,
    WorkNews,
)
from disclosure.models.catalogue import ColumnKind
from inspection.models import LeaderName, WebsiteReportFigures, WebsiteReportPage, WrongExpression
from inspection.rules import column_models
from workdays.local_time import local_today

SHANGHAI = ZoneInfo("Asia/Shanghai")

STALE_COLUMN = "jdjc-dt"  # 卫生监督动态: its only news is 30 days old (news columns: 2 weeks)
BLANK_COLUMN = "rsxx"  # 人事信息: no content at all
DEAD_LINK = "/xxgk/gzdt/2025-9999/"  # a news item that was never published at this address
NOTICE = "关于开展2026年度医疗机构校验工作的通知"
LEADER_NEWS = "市卫生健康委召开基层卫生工作推进会"
LINK_NEWS = "全市开展冬季爱国卫生运动"
STALE_NEWS = "市卫生监督所开展公共场所卫生专项检查"
# 政府网站工作年度报表 of the demo's annual-report year (reports.demo.YEAR), published on the
# home page before 31 January as 国办函〔2018〕12号 requires.
WEBSITE_REPORT_YEAR = 2025
# How many days before the day the demo is (re)loaded each seeded page was published.
SEEDED = {NOTICE: 5, LEADER_NEWS: 1, LINK_NEWS: 2, STALE_NEWS: 30}
LEADERS = [
    ("李明华", "党组书记、主任", "李名华\n李明化"),
    ("王建国", "党组成员、副主任", "王健国"),
]
EXPRESSIONS = [
    ("中华人民共和国政府信息公开条例", "《中华人民共和国政府信息公开条例》", "法规名称须加书名号"),
]
# Columns whose demo content is dated in the annual-report year: judged for being blank only.
FIXED_DATE_COLUMNS = ["政策文件", "医政医管", "疾病预防控制", "基层卫生健康", "综合政务", "政策解读",
                      "预决算", "民生资金", "建议提案办理"]
FIXED_SECTIONS = ["机构概况", "内设机构", "领导信息", "互动交流"]


def load(site) -> None:
    catalogue = CatalogueRoot.objects.first()
    news_column = CatalogueColumn.objects.filter(slug="gzdt").first()
    if catalogue is None or news_column is None:
        return
    today = local_today()
    _website_report()
    if CatalogueColumn.objects.filter(slug=BLANK_COLUMN).exists():
        keep_current(today)
        return
    for name, title, miswritten in LEADERS:
        LeaderName.objects.get_or_create(name=name, defaults={"title": title,
                                                              "miswritten": miswritten})
    for wrong, correct, note in EXPRESSIONS:
        WrongExpression.objects.get_or_create(wrong=wrong, defaults={"correct": correct,
                                                                     "note": note})
    CatalogueColumn.objects.filter(title__in=FIXED_DATE_COLUMNS).update(
        column_kind=ColumnKind.FIXED)
    for model in column_models():  # the site's own sections (portal), read-only text
        if model is not CatalogueColumn:
            model.objects.filter(title__in=FIXED_SECTIONS).update(column_kind=ColumnKind.FIXED)
    CatalogueColumn.objects.filter(pk=news_column.pk).update(column_kind=ColumnKind.NEWS)
    notices = CatalogueColumn.objects.filter(slug="gsgg").first()
    if notices is not None:
        CatalogueColumn.objects.filter(pk=notices.pk).update(column_kind=ColumnKind.NOTICE)
        _publish(notices, PublicNotice(
            title=NOTICE, kind="announcement",
            issuing_body="示例市卫生健康委员会", author="办公室",
            body="<p>各医疗机构：请按规定时间提交校验材料。</p>" + signature_block(
                "示例市卫生健康委员会", today - timedelta(days=SEEDED[NOTICE]))),
            today - timedelta(days=SEEDED[NOTICE]))

    # Fresh news keeps the news column and the home page up to date; one names a leader wrong
    # (严重错别字), the other links to an address where no page is (a dead link).
    _publish(news_column, WorkNews(
        title=LEADER_NEWS, author="办公室", place="委机关会议室",
        body="<p>党组书记、主任李名华出席会议并讲话，党组成员、副主任王建国主持会议。</p>"),
        today - timedelta(days=SEEDED[LEADER_NEWS]))
    _publish(news_column, WorkNews(
        title=LINK_NEWS, author="办公室",
        body=f'<p>详见<a href="{DEAD_LINK}">活动方案</a>。</p>'),
        today - timedelta(days=SEEDED[LINK_NEWS]))

    department = news_column.department
    stale = catalogue.add_child(instance=CatalogueColumn(
        title="卫生监督动态", slug=STALE_COLUMN, department=department, rule="news",
        column_kind=ColumnKind.NEWS))
    _publish(stale, WorkNews(title=STALE_NEWS, author="卫生监督所",
                             body="<p>检查公共场所120家，责令整改9家。</p>"),
             today - timedelta(days=SEEDED[STALE_NEWS]))
    catalogue.add_child(instance=CatalogueColumn(
        title="人事信息", slug=BLANK_COLUMN, department=department, rule="general",
        column_kind=ColumnKind.OTHER))


def _website_report() -> None:
    """The office's entered figures and the published report page of WEBSITE_REPORT_YEAR; the
    counted figures come from the demo's records. Once only."""
    from datetime import date

    index = AnnualReportIndexPage.objects.first()
    if index is None or WebsiteReportPage.objects.filter(year=WEBSITE_REPORT_YEAR).exists():
        return
    from wagtail.models import Site

    default = Site.objects.filter(is_default_site=True).first()
    root_url = default.root_url + "/" if default else ""
    WebsiteReportFigures.objects.get_or_create(year=WEBSITE_REPORT_YEAR, defaults=dict(
        site_name="示例市卫生健康委员会网站", home_url=root_url or "http://127.0.0.1:8000/",
        sponsor="示例市卫生健康委员会", site_type="department", site_code="0000000001",
        icp_number="示ICP备00000001号", police_number="示公网安备00000000000001号",
        unique_visitors=86420, total_visits=512300, special_columns=6, new_special_columns=2,
        media_articles=3, hot_responses=5, service_catalogue=True, registered_users=1280,
        service_items=156, online_items=98, cases=23410, cases_person=21876, cases_legal=1534,
        unified_platform=True, survey_opinions=47, survey_results=1, interviews=2,
        interview_questions=36, interview_answers=36, smart_qa=False, security_assessments=4,
        security_problems=7, security_fixed=7, security_monitoring=True, emergency_drills=True,
        security_owner=True, new_media="微信公众号“示例健康”：发布信息412条，订阅数2.3万",
        innovation="无障碍浏览", unit_head="李明华", reviewer="王建国", filler="办公室",
        phone="0375-0000000", filled_on=date(2026, 1, 20)))
    page = index.add_child(instance=WebsiteReportPage(
        year=WEBSITE_REPORT_YEAR, live=False,
        intro="<p>根据国办函〔2018〕12号，现发布本委网站2025年度工作报表。</p>"))
    publish_dated(page, date(2026, 1, 22), days_after=3)


def keep_current(today) -> None:
    """Re-date the seeded pages to their distance from `today` (never backwards), and the
    interaction demo's unanswered messages likewise."""
    from interaction.demo import keep_current as keep_messages_current

    for title, days_ago in SEEDED.items():
        day = today - timedelta(days=days_ago)
        moment = _moment(day)
        for item in DisclosureItem.objects.filter(title=title, first_published_at__lt=moment):
            Page.objects.filter(pk=item.pk).update(first_published_at=moment,
                                                   last_published_at=moment)
            DisclosureItem.objects.filter(pk=item.pk).update(formed_on=day)
            WorkNews.objects.filter(pk=item.pk).update(happened_on=day)
    keep_messages_current(today)


def _moment(day):
    return datetime.combine(day, time(10, 0), tzinfo=SHANGHAI)


def _publish(column, item, day):
    """Add `item` to `column` as published on `day` (10:00 Beijing time)."""
    if hasattr(item, "happened_on"):
        item.happened_on = day
    item.formed_on = day
    column.add_child(instance=item)
    # Published for the demo's signatory, who signs off every publication (disclosure.demo).
    signatory = get_user_model().objects.filter(username="signatory").first()
    item.save_revision(user=signatory).publish(user=signatory, skip_permission_checks=True)
    moment = _moment(day)
    Page.objects.filter(pk=item.pk).update(first_published_at=moment, last_published_at=moment)
    return item
