"""At a phone's width (390 px) no public page scrolls sideways: the work-news event line with a
long place, a policy document with its title above the metadata box and its 索引号 whole, and the
application form showing only the applicant block that applies."""

import datetime

import pytest

from departments.models import Department
from disclosure.models import CatalogueColumn, CatalogueRoot, PolicyDocument, WorkNews

PHONE = {"width": 390, "height": 844}
OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


def _publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def phone_pages(home):
    department = Department.objects.create(code="bgs", name="办公室")
    catalogue = home.add_child(instance=CatalogueRoot(title="政府信息公开", slug="xxgk"))
    documents = catalogue.add_child(instance=CatalogueColumn(
        title="政策文件", slug="zcwj", department=department, rule="document"))
    news = catalogue.add_child(instance=CatalogueColumn(
        title="工作动态", slug="gzdt", department=department, rule="news"))
    document = _publish(documents.add_child(instance=PolicyDocument(
        title="示例市卫生健康委员会关于印发《示例市医疗机构日间手术管理办法（试行）》的通知",
        live=False, issuing_body="示例市卫生健康委员会", document_number="示卫医〔2023〕15号",
        written_on=datetime.date(2026, 3, 2), author="李文静", body="<p>正文。</p>")))
    item = _publish(news.add_child(instance=WorkNews(
        title="市卫生健康委召开2026年全市医疗质量安全工作会议", live=False,
        happened_on=datetime.date(2026, 3, 20), place="示例市卫生健康大楼三楼第一会议室（东侧入口）",
        author="李文静", body="<p>会议通报了医疗质量控制情况。</p>")))
    return document, item


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_public_pages_never_scroll_sideways_at_390_px(browser_page, phone_pages):
    document, news = phone_pages
    page = browser_page
    page.set_viewport_size(PHONE)
    page.goto(f"{page.base_url}{news.url}")
    assert page.evaluate(OVERFLOW) == 0
    page.goto(f"{page.base_url}{document.url}")
    assert page.evaluate(OVERFLOW) == 0
    title = page.locator("h1").bounding_box()
    box = page.locator(".metadata-box").bounding_box()
    assert title["y"] < box["y"]
    index_cell = page.locator(".metadata-box dd").first
    serial = page.locator(".metadata-box .index-number").nth(1).bounding_box()
    assert serial["height"] < 30  # "2026-00001" on one line
    assert document.index_number == index_cell.inner_text()
    page.set_viewport_size({"width": 1280, "height": 900})
    assert page.locator(".metadata-box").bounding_box()["y"] < page.locator("h1").bounding_box()["y"]
