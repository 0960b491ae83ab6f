"""The report published as a page (HTML tables, a PDF with the Chinese font embedded), the four
sections of the column, the deadline on the dashboard, the admin screen."""

import datetime
from datetime import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from disclosure.models import AnnualReportIndexPage, DisclosureRulesPage
from reports.models import AnnualReportPage

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def reports_index(catalogue):
    return catalogue.add_child(instance=AnnualReportIndexPage(title="公开年报", slug="gknb"))


@pytest.fixture
def report_page(reports_index, year_2025):
    page = reports_index.add_child(instance=AnnualReportPage(
        title="", slug="", year=2025, live=False,
        overview="<p>2025年，本委坚持以公开为常态、不公开为例外。</p>",
        problems="<p>政策解读形式还不够丰富。</p>",
        other_matters="<p>本年度无其他需要报告的事项。</p>"))
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def set_today(monkeypatch):
    def set_day(day):
        moment = dt.combine(day, datetime.time(10, 0), tzinfo=SHANGHAI)
        monkeypatch.setattr(timezone, "now", lambda: moment)
    return set_day


def test_report_page_shows_the_three_tables_accessibly_and_freezes_them(client, report_page):
    assert report_page.title == "2025年政府信息公开工作年度报告" and report_page.slug == "2025"
    html = client.get(report_page.url).content.decode()
    for heading in ("一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                    "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况",
                    "六、其他需要报告的事项"):
        assert heading in html
    assert '<th scope="row">规章</th><td>1</td><td>1</td><td>2</td>' in html
    assert '<th colspan="7" scope="colgroup">申请人情况</th>' in html
    assert "本年度收取信息处理费 1 件，共计 100.00 元。" in html
    assert "人大代表建议 1 件" in html
    # The published tables are those of the signed-off version, not of later data.
    from reports.models import AnnualReportFigures

    AnnualReportFigures.objects.filter(year=2025).update(licensing_decisions=999)
    assert "999" not in client.get(report_page.url).content.decode()


def test_report_pdf_embeds_the_chinese_font_and_carries_the_tables(client, report_page):
    response = client.get(report_page.url + "pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    import io

    reader = PdfReader(io.BytesIO(response.content))
    text = "".join(page.extract_text() for page in reader.pages).replace("\x00", "")
    for words in ("2025年政府信息公开工作年度报告", "行政规范性文件", "结转下年度继续办理",
                  "行政诉讼（复议后起诉）", "本年度收取信息处理费"):
        assert words in text.replace("\n", "")
    fonts = [font for page in reader.pages
             for font in page["/Resources"]["/Font"].values()]
    descriptors = [font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
                   for font in fonts if "/DescendantFonts" in font.get_object()]
    # Embedded: the font file is in the PDF (TrueType or CFF outlines).
    assert descriptors and all({"/FontFile2", "/FontFile3"} & set(d.get_object())
                               for d in descriptors)


def test_catalogue_and_home_page_link_the_four_sections_in_order(client, home, catalogue,
                                                                 reports_index):
    catalogue.add_child(instance=DisclosureRulesPage(title="公开制度", slug="gkzd"))
    for page in (catalogue, home):
        html = client.get(page.url).content.decode()
        positions = [html.index(label) for label in
                     ("公开指南</a>", "公开制度</a>", "法定主动公开内容</a>", "公开年报</a>")]
        assert positions == sorted(positions)
    assert 'id="statutory"' in client.get(catalogue.url).content.decode()


def test_annual_report_due_31_january_is_on_the_deadline_dashboard(client, office_user,
                                                                    set_today, report_page):
    set_today(datetime.date(2027, 1, 20))
    client.force_login(office_user)
    html = client.get(reverse("disclosure_deadlines:dashboard")).content.decode()
    assert "2026 年政府信息公开工作年度报告" in html and "2027-01-31" in html
    assert "尚未发布，距截止还有" in html
    set_today(datetime.date(2027, 2, 1))
    client.force_login(office_user)
    assert "已逾期，尚未发布" in client.get(reverse("disclosure_deadlines:dashboard")).content.decode()
    set_today(datetime.date(2026, 1, 20))
    client.force_login(office_user)
    html = client.get(reverse("disclosure_deadlines:dashboard")).content.decode()
    assert "2025 年政府信息公开工作年度报告" in html and "已发布" in html


def test_admin_screen_shows_tables_checks_and_downloads_for_the_office_only(
        client, office_user, django_user_model, year_2025):
    url = reverse("reports_annual_report")
    client.force_login(django_user_model.objects.create_user("nobody", password="x" * 12,
                                                             is_staff=True))
    assert client.get(url, {"year": "2025"}).status_code in (302, 403)
    client.force_login(office_user)
    html = client.get(url, {"year": "2025"}).content.decode()
    assert "全部核对通过。" in html and "结转下年度继续办理" in html
    assert "市政务服务中心审批系统" in html
    response = client.get(url, {"year": "2025", "format": "xlsx"})
    assert response["Content-Disposition"] == 'attachment; filename="annual-report-2025.xlsx"'
    assert client.get(url, {"year": "2025", "format": "pdf"}).status_code == 400
    html = client.get(url, {"year": "abc"}).content.decode()
    assert "年度“abc”无效" in html


def test_admin_forms_of_the_new_page_types_open(admin_client, catalogue, column, reports_index):
    from disclosure.models import CatalogueColumn

    for app, model, parent in (("reports", "annualreportpage", reports_index),
                               ("disclosure", "disclosurerulespage", catalogue),
                               ("disclosure", "proposalreply", column)):
        response = admin_client.get(f"/admin/pages/add/{app}/{model}/{parent.pk}/")
        assert response.status_code == 200, model
    column = CatalogueColumn.objects.get(pk=column.pk)
    html = admin_client.get(f"/admin/pages/{column.pk}/edit/").content.decode()
    assert "标准目录" in html and "公开要素" in html


def test_publishing_a_version_publishes_the_tables_that_version_was_saved_with(
        client, reports_index, year_2025):
    from reports.models import AnnualReportFigures

    page = reports_index.add_child(instance=AnnualReportPage(
        title="", slug="", year=2025, live=False, overview="<p>总体情况。</p>",
        problems="<p>问题。</p>"))
    revision = page.save_revision()  # submitted and signed off with these figures
    AnnualReportFigures.objects.filter(year=2025).update(penalty_decisions=555)
    revision.publish()
    html = client.get(AnnualReportPage.objects.get(pk=page.pk).url).content.decode()
    assert "<td>17</td>" in html and "555" not in html


def test_report_page_goes_through_the_catalogue_approval_workflow(reports_index, office_user):
    from publishing.workflow import WORKFLOW_NAME, setup_workflow

    setup_workflow()
    page = reports_index.add_child(instance=AnnualReportPage(
        title="", slug="", year=2025, live=False, overview="<p>总体情况。</p>",
        problems="<p>问题。</p>"))
    workflow = page.get_workflow()
    assert workflow.name == WORKFLOW_NAME
    page.save_revision(user=office_user)
    workflow.start(page, office_user)
    page.refresh_from_db()
    assert page.current_workflow_task.name == "科室审核" and not page.live
