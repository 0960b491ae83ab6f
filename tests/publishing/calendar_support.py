"""Helpers for the calendar tests: a fresh engine cache per test, and entering a holiday year."""

from datetime import date

import pytest

from publishing import workdays
from publishing.calendar_models import HolidayDate, HolidayYear


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
