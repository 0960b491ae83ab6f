"""The calendar's admin pages in a real browser: calculator, holiday year, dashboard, report."""
# ruff: noqa: F811  (pytest fixtures imported from calendar_support are used as arguments)

import os
from datetime import date

import pytest

from departments.models import Department
from tests.workdays.calendar_support import (  # noqa: F401
    catalogue_columns,
    fresh_calendar_cache,
    make_item,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("SCREENSHOT_DIR", "")


def shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"calendar-{name}.png"), full_page=True)


@pytest.fixture
def office(home, roles, make_user):
    return make_user("office", "政务公开办公室")


def test_calculator_form_shows_its_working(browser_page, admin_login, office):
    admin_login("office")
    browser_page.goto(browser_page.base_url + "/admin/deadlines/calculator/")
    browser_page.check("input[name=operation][value=add]")
    browser_page.fill("input[name=start]", "2026-09-28")
    browser_page.fill("input[name=days]", "10")
    browser_page.click("main form button[type=submit]")
    shot(browser_page, "calculator")
    browser_page.wait_for_selector("#calc-result")
    assert "2026-09-28 之后第 10 个工作日：2026-10-16" in browser_page.inner_text("#calc-result")
    row = browser_page.locator("tr", has_text="2026-10-10")
    assert "调休上班" in row.inner_text() and "第 5 个工作日" in row.inner_text()
    shot(browser_page, "calculator")


def test_office_enters_a_holiday_year_in_the_admin(browser_page, admin_login, office):
    admin_login("office")
    browser_page.goto(browser_page.base_url + "/admin/snippets/workdays/holidayyear/add/")
    browser_page.fill("input[name=year]", "2027")
    browser_page.fill("input[name=notice]", "国务院办公厅关于2027年部分节假日安排的通知")
    browser_page.click("#id_dates-ADD")
    browser_page.fill("input[name='dates-0-date']", "2027-01-01")
    browser_page.fill("input[name='dates-0-name']", "元旦")
    shot(browser_page, "holiday-year-form")
    browser_page.click("button[type=submit]:has-text('保存')")
    browser_page.wait_for_url("**/admin/snippets/workdays/holidayyear/")
    assert "2027" in browser_page.inner_text("main")
    shot(browser_page, "holiday-years")


def test_dashboard_and_report_render_for_the_office(browser_page, admin_login, office,
                                                    catalogue_columns):
    make_item(catalogue_columns["yizheng"], date(2026, 9, 1), title="逾期未发布的公告")
    make_item(catalogue_columns["jikong"], date.today(), title="新近形成的公告")
    Department.objects.update(is_active=True)
    admin_login("office")
    browser_page.goto(browser_page.base_url + "/admin/deadlines/")
    assert "逾期未发布的公告" in browser_page.inner_text("main")
    shot(browser_page, "dashboard")
    browser_page.goto(browser_page.base_url + "/admin/deadlines/report/?year=2026&month=10")
    assert "医政医管科" in browser_page.inner_text("main")
    shot(browser_page, "report")
