"""政府网站工作年度报表 (国办函〔2018〕12号): the counted figures match a hand count of a small
fixture year; entered figures appear as entered; the .xlsx carries the same rows."""

import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from wagtail.models import Page

from disclosure.models import PolicyInterpretation, PublicNotice
from inspection.models import WebsiteReportFigures
from inspection.website_report import build_website_report, counted_figures
from tests.inspection.conftest import at, set_published

pytestmark = pytest.mark.django_db


@pytest.fixture
def year_2025(make_column, make_news):
    """By hand: 工作动态 in 2025: 3 (one of them withdrawn later); one in 2024 and one in 2026 do
    not count. Other catalogue entries in 2025: 2 notices (one a consultation) + 2
    interpretations (one text, one video) = 4. 概况类: the fixed-content column published once
    in 2025."""
    news = make_column("工作动态", "news")
    for day in (date(2025, 1, 1), date(2025, 6, 30), date(2025, 12, 31)):
        make_news(news, day)
    make_news(news, date(2024, 12, 31))
    make_news(news, date(2026, 1, 1))
    Page.objects.get(title="工作动态3").specific.unpublish()
    notices = make_column("通知公告", "notice")
    for index, kind in enumerate(["announcement", "consultation"]):
        notice = notices.add_child(instance=PublicNotice(
            title=f"公告{index}", slug=f"notice-{index}", kind=kind, body="<p>公告。</p>",
            **({"period_start": date(2025, 3, 1), "period_end": date(2025, 3, 31),
                "contact": "电话 0375-1234567"} if kind == "consultation" else {})))
        notice.save_revision().publish()
        set_published(notice, date(2025, 3, 1))
    policy = make_column("政策解读", "policy")
    for index, form in enumerate(["text", "video"]):
        item = policy.add_child(instance=PolicyInterpretation(
            title=f"解读{index}", slug=f"interp-{index}", form=form,
            video_url="https://video.example.test/1" if form == "video" else "",
            video_transcript="文字稿" if form == "video" else ""))
        item.save_revision().publish()
        set_published(item, date(2025, 5, 1))
    fixed = make_column("机构职能", "fixed", intro="<p>职能。</p>")
    from wagtail.models import PageLogEntry

    revision = fixed.save_revision()
    revision.publish()
    PageLogEntry.objects.filter(page=fixed, action="wagtail.publish").update(
        timestamp=at(date(2025, 8, 8)))


def test_counted_figures_match_the_hand_count(year_2025):
    figures = counted_figures(2025)
    assert figures["news"] == 3
    assert figures["catalogue"] == 4
    assert figures["overview"] == 1
    assert figures["published_total"] == 8
    assert (figures["interpretations"], figures["interpretation_materials"],
            figures["interpretation_products"]) == (2, 1, 1)
    assert figures["surveys"] == 1
    assert (figures["messages_received"], figures["messages_finished"]) == (0, 0)


def form_values(sheet) -> dict:
    """{the row's own label (指标, else 分项, else 类别): 数值} of the form's table."""
    values = {}
    for row in sheet.iter_rows(min_row=4, values_only=True):
        if len(row) >= 4 and any(row[:3]):
            label = row[2] or row[1] or row[0]
            values[label] = row[3]
    return values


def test_the_xlsx_has_the_layout_of_the_official_form_guobanhan_2018_12(year_2025):
    from inspection.website_report import as_xlsx

    WebsiteReportFigures.objects.create(year=2025, sponsor="示例市卫生健康委员会",
                                        site_type="department", filler="张三", phone="0731-1")
    sheet = load_workbook(io.BytesIO(as_xlsx(2025, build_website_report(2025)))).active
    assert [sheet["A1"].value, sheet["A2"].value, sheet["A3"].value] == [
        "政府网站工作年度报表", "（2025年度）", "填报单位：示例市卫生健康委员会"]
    categories = [row[0] for row in sheet.iter_rows(min_row=4, values_only=True) if row[0]]
    assert categories[:9] == ["网站名称", "首页网址", "主办单位", "网站类型", "政府网站标识码",
                              "ICP备案编号", "公安机关备案号", "独立用户访问总量（单位：个）",
                              "网站总访问量（单位：次）"]
    assert categories[9:-1] == ["信息发布（单位：条）", "专栏专题（单位：个）", "解读回应", "办事服务",
                              "互动交流", "安全防护", "移动新媒体", "创新发展"]
    values = form_values(sheet)
    assert values["网站类型"] == "□政府门户网站  ☑部门网站  □专项网站"
    assert values["收到留言数量（单位：条）"] == 0 and values["总数（单位：条）"] == 2
    merged = {str(cell_range) for cell_range in sheet.merged_cells.ranges}
    talk = next(row[0].row for row in sheet.iter_rows(min_row=4) if row[0].value == "互动交流")
    assert f"A{talk}:A{talk + 11}" in merged  # 互动交流 spans its 12 rows
    footer = sheet.cell(sheet.max_row, 1).value
    assert "填报人：张三" in footer and "联系电话：0731-1" in footer


def test_entered_figures_and_the_xlsx(year_2025, client, make_user, roles):
    WebsiteReportFigures.objects.create(year=2025, site_name="示例市卫生健康委员会网站",
                                        total_visits=123456, smart_qa=False)
    rows = {row.label: row.value for section in build_website_report(2025)
            for row in section.rows}
    assert rows["网站名称"] == "示例市卫生健康委员会网站" and rows["网站总访问量（次）"] == 123456
    assert rows["是否提供智能问答功能"] == "否" and rows["政务动态信息更新量"] == 3
    client.force_login(make_user("office", "政务公开办公室"))
    url = reverse("inspection_website_report")
    html = client.get(url, {"year": "2025"}).content.decode()
    assert "政务动态信息更新量" in html and "系统统计" in html
    assert "年度“abc”无效" in client.get(url, {"year": "abc"}).content.decode()
    response = client.get(url, {"year": "2025", "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = form_values(sheet)
    assert values["政务动态信息更新量"] == 3 and values["网站总访问量（单位：次）"] == 123456
    assert values["是否提供智能问答功能"] == "否"
    client.force_login(make_user("editor", "信息员"))
    assert client.get(url).status_code == 302


def test_the_report_is_published_as_a_page_linked_from_the_home_page(year_2025, client, home):
    from inspection.models import WebsiteReportPage

    assert "政府网站工作年度报表" not in client.get(home.url).content.decode()
    report = home.add_child(instance=WebsiteReportPage(year=2025, live=False))
    assert report.title == "2025年政府网站工作年度报表"
    assert "2025年政府网站工作年度报表" not in client.get(home.url).content.decode()  # a draft
    report.save_revision().publish()
    report.refresh_from_db()
    home_html = client.get(home.url).content.decode()
    assert f'href="{report.url}"' in home_html and "2025年政府网站工作年度报表" in home_html
    html = client.get(report.url).content.decode()
    assert "政务动态信息更新量" in html
    # The published figures stay as signed off when the records change later.
    Page.objects.get(title="工作动态1").delete()
    response = client.get(report.url + "xlsx/")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert form_values(sheet)["政务动态信息更新量"] == 3


def test_the_report_due_31_january_is_on_the_deadline_dashboard(client, make_user, roles, home,
                                                                today):
    from inspection.models import WebsiteReportPage

    office = make_user("office", "政务公开办公室")
    client.force_login(office)
    today(date(2027, 1, 20))
    html = client.get(reverse("disclosure_deadlines:dashboard")).content.decode()
    assert "2026年政府网站工作年度报表" in html and "尚未发布，距截止还有" in html
    assert reverse("inspection_website_report") + "?year=2026" in html
    today(date(2027, 2, 1))
    html = client.get(reverse("disclosure_deadlines:dashboard")).content.decode()
    assert "2026年政府网站工作年度报表" in html and "已逾期，尚未发布" in html
    report = home.add_child(instance=WebsiteReportPage(year=2026, live=False))
    report.save_revision().publish()
    html = client.get(reverse("disclosure_deadlines:dashboard")).content.decode()
    assert reverse("wagtailadmin_pages:edit", args=[report.pk]) in html
