"""The home page and the Chinese admin in a real browser."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_page_skip_link_reaches_main_content(browser_page, home):
    browser_page.goto(browser_page.base_url + "/")
    assert browser_page.locator("html").get_attribute("lang") == "zh-CN"
    browser_page.keyboard.press("Tab")
    skip = browser_page.locator("a.skip-link")
    assert skip.evaluate("el => el === document.activeElement")
    assert skip.inner_text() == "跳到主要内容"


def test_admin_login_page_is_chinese(browser_page, db):
    browser_page.goto(browser_page.base_url + "/admin/login/")
    assert "登录" in browser_page.content()
