"""Browser test of the catalogue: open a column, filter it, open a policy document and find the
metadata box (Playwright driving Debian's Chromium)."""

import datetime

import pytest
from django.utils import timezone

from departments.models import Department
from disclosure.models import CatalogueColumn, CatalogueRoot, PolicyDocument


def _publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def catalogue_pages(home):
    department = Department.objects.create(code="yizheng", name="医政医管科")
    catalogue = home.add_child(instance=CatalogueRoot(
        title="政府信息公开", slug="xxgk", guide="<p>公开指南正文。</p>"))
    column = catalogue.add_child(instance=CatalogueColumn(
        title="政策文件", slug="zcwj", department=department, rule="document"))
    documents = []
    for n, (title, subject) in enumerate([("关于规范日间手术管理的通知", "health"),
                                          ("机关财务管理办法", "finance")], start=1):
        document = column.add_child(instance=PolicyDocument(
            title=title, slug=f"doc-{n}", live=False, issuing_body="示例市卫生健康委员会",
            document_number=f"示卫〔2026〕{n}号", written_on=datetime.date(2026, 3, n),
            subject=subject, author="李文静", body="<p>正文。</p>"))
        documents.append(_publish(document))
    draft = column.add_child(instance=PolicyDocument(
        title="尚未发布的草稿", slug="draft", live=False, issuing_body="示例市卫生健康委员会",
        written_on=timezone.localdate(), author="李文静"))
    draft.save_revision()
    return column, documents


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_open_a_column_then_a_policy_document_and_find_its_metadata_box(
        browser_page, catalogue_pages):
    column, documents = catalogue_pages
    page = browser_page
    page.goto(f"{page.base_url}/xxgk/")
    page.get_by_role("link", name="政策文件").first.click()
    page.wait_for_url(f"{page.base_url}{column.url}")
    assert page.locator("h1").inner_text() == "政策文件"
    assert page.get_by_text("尚未发布的草稿").count() == 0

    page.get_by_label("主题分类").select_option("finance")
    page.get_by_role("button", name="筛选").click()
    page.wait_for_url("**subject=finance**")
    listing = page.locator(".item-list")
    assert "机关财务管理办法" in listing.inner_text()
    assert "关于规范日间手术管理的通知" not in listing.inner_text()

    page.get_by_role("link", name="机关财务管理办法").click()
    box = page.locator(".metadata-box dl")
    box.wait_for()
    text = box.inner_text()
    document = PolicyDocument.objects.get(pk=documents[1].pk)
    assert document.index_number in text
    assert "示卫〔2026〕2号" in text and "财政、金融、审计" in text
    assert page.locator("svg.qr-code").count() == 1
    page.set_viewport_size({"width": 390, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
