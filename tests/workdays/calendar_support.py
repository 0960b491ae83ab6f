"""Helpers for the calendar tests: a fresh engine cache per test, and entering a holiday year."""

from datetime import date

import pytest

from workdays import engine as workdays
from workdays.models import HolidayDate, HolidayYear


@pytest.fixture(autouse=True)
def fresh_calendar_cache():
    """Each test starts and ends with an empty engine cache (no table data leaks between tests)."""
    workdays.clear_cache()
    yield
    workdays.clear_cache()


def enter_year(year, days, notice="国务院办公厅关于测试年度部分节假日安排的通知"):
    """Enter a holiday year as the office would: `days` is [(date, kind, name), ...]."""
    holiday_year = HolidayYear(year=year, notice=notice)
    holiday_year.dates = [HolidayDate(date=day, kind=kind, name=name) for day, kind, name in days]
    holiday_year.save()
    return holiday_year


# An invented schedule for 2027 (the real notice is not out yet): New Year's Day Friday
# 2027-01-01 to Sunday 01-03 off, and a make-up workday on Saturday 2027-01-09.
NEW_YEAR_2027 = [
    (date(2027, 1, 1), HolidayDate.HOLIDAY, "元旦"),
    (date(2027, 1, 2), HolidayDate.HOLIDAY, "元旦"),
    (date(2027, 1, 3), HolidayDate.HOLIDAY, "元旦"),
    (date(2027, 1, 9), HolidayDate.WORKDAY, "调休上班"),
]


# --- A small catalogue: two departments, one column each, items made on demand -------------


@pytest.fixture
def catalogue_columns(home, make_department):
    """Two departments (医政医管科 with an email, 疾病预防控制科) each owning one general column."""
    from departments.models import Department
    from disclosure.models import CatalogueColumn, CatalogueRoot

    root = home.add_child(instance=CatalogueRoot(title="政府信息公开目录", slug="xxgk-cal"))
    yizheng = Department.objects.create(code="yizheng", name="医政医管科",
                                        email="yizheng@example.test")
    jikong = Department.objects.create(code="jikong", name="疾病预防控制科",
                                       email="jikong@example.test")
    return {
        "yizheng": root.add_child(instance=CatalogueColumn(
            title="医政管理", slug="yzgl", department=yizheng, rule="general")),
        "jikong": root.add_child(instance=CatalogueColumn(
            title="疾病防控", slug="jbfk", department=jikong, rule="general")),
    }


def make_item(column, formed_on, title="关于开展医疗机构校验工作的公告", **fields):
    """A draft public notice in `column`, formed on `formed_on` (its due date set on save)."""
    from disclosure.models import PublicNotice

    fields.setdefault("body", "<p>现将有关事项公告如下。</p>")
    slug = f"item-{PublicNotice.objects.count() + 1}"
    return column.add_child(instance=PublicNotice(title=title, slug=slug, live=False,
                                                  formed_on=formed_on, **fields))


def mark_published(item, on):
    """Record that `item` was first published at 10:00 Beijing time on date `on`."""
    from datetime import datetime, time

    from workdays.local_time import LOCAL_TIME_ZONE

    moment = datetime.combine(on, time(10, 0), tzinfo=LOCAL_TIME_ZONE)
    type(item).objects.filter(pk=item.pk).update(first_published_at=moment,
                                                 last_published_at=moment, live=True)
    item.refresh_from_db()
    return item
