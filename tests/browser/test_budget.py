"""Browser test: the demo budget release shows its tables, readable on a desktop and a phone."""

import os

import pytest

from disclosure import budget_demo
from disclosure.models import BudgetRelease, CatalogueRoot
from portal import demo as portal_demo

SCREENSHOTS = os.environ.get("SCREENSHOT_DIR")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_budget_release_page_shows_captioned_tables_with_units(browser_page):
    demo = portal_demo.load()
    catalogue = CatalogueRoot.objects.first() or demo.home.add_child(
        instance=CatalogueRoot(title="政府信息公开目录", slug="xxgk"))
    budget_demo.load(demo, catalogue)
    release = BudgetRelease.objects.get()
    browser_page.goto(browser_page.base_url + release.url)
    assert browser_page.locator("h1").inner_text() == release.title
    assert browser_page.locator(".metadata-box").is_visible()
    captions = browser_page.locator("caption").all_inner_texts()
    assert captions[0].startswith("2026年部门收支总表") and "单位：万元" in captions[0]
    assert len(captions) == 3
    total = browser_page.locator("tr.budget-total th[scope=row]").first
    assert total.inner_text() == "本年收入合计"
    if SCREENSHOTS:
        browser_page.screenshot(path=f"{SCREENSHOTS}/budget-desktop.png", full_page=True)
    browser_page.set_viewport_size({"width": 375, "height": 800})
    region = browser_page.locator(".budget-table .table-scroll").nth(1)
    region.scroll_into_view_if_needed()
    # The wide table scrolls inside its own region; the page itself does not scroll sideways.
    assert browser_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    if SCREENSHOTS:
        browser_page.screenshot(path=f"{SCREENSHOTS}/budget-phone.png", full_page=True)
