"""Searching from the home page's header and opening a result, in Chromium."""

import os
from pathlib import Path

import pytest

from portal.models import SectionPage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def published_notice(home, monkeypatch):
    monkeypatch.setattr(SectionPage, "search_document", lambda self: {
        "title": self.title, "body": self.body, "kind": "通知公告", "column": "公示公告",
        "column_id": 3, "issuing_body": "示例市卫生健康委员会", "validity": "有效",
        "document_number": "示卫〔2024〕8号"}, raising=False)
    # live_server runs on a transactional database: the publish signal's task runs on commit.
    page = home.add_child(instance=SectionPage(
        title="关于启用民生监督大数据平台的通知",
        body="<p>示例市卫生健康委员会决定启用民生监督大数据平台，请各单位按照管理使用办法执行。</p>"))
    page.save_revision().publish()
    other = home.add_child(instance=SectionPage(
        title="办事指南", body="<p>本页介绍出生医学证明的办理。</p>"))
    other.save_revision().publish()
    return page


def test_search_from_the_home_page_and_open_a_result(browser_page, published_notice, tmp_path):
    page = browser_page
    page.goto(page.base_url + "/")
    page.fill("#header-q", "民生监督")
    page.press("#header-q", "Enter")
    page.wait_for_url("**/search/?q=*")
    results = page.locator("ol.search-results > li")
    assert results.count() == 1
    assert results.first.locator("mark").first.inner_text() == "民生监督"
    assert "公示公告" in page.locator(".search-facets").inner_text()
    # SCREENSHOT_DIR keeps the picture for a person to look at; otherwise it goes with tmp_path.
    screenshot = Path(os.environ.get("SCREENSHOT_DIR", tmp_path)) / "search-results.png"
    page.screenshot(path=str(screenshot), full_page=True)
    results.first.locator("h2 a").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "关于启用民生监督大数据平台的通知"


def test_hostile_query_in_the_browser_gets_a_page(browser_page, home):
    page = browser_page
    # Query syntax is only text to the search page.
    response = page.goto(page.base_url + "/search/?q=%22%20OR%20*%20NEAR(")
    assert response.status == 200
    assert page.locator("h1").inner_text() == "站内检索"
    # A broken UTF-8 sequence is refused before any view, with a sentence in Chinese.
    response = page.goto(page.base_url + "/search/?q=%ED%A0%80%22%20OR%20*%20NEAR(")
    assert response.status == 400
    assert "请求中含有无效字符" in page.content()
