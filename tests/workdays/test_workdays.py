"""The working-day engine on the 2026 State Council schedule, across the year end into 2027."""
# ruff: noqa: F811  (pytest fixtures imported from calendar_support are used as arguments)

from datetime import date, timedelta

import pytest
from chinese_calendar import constants as package_data
from django.db import transaction

from tests.workdays.calendar_support import NEW_YEAR_2027, enter_year, fresh_calendar_cache  # noqa: F401
from workdays.engine import (
    Deadline,
    add_calendar_days,
    add_working_days,
    days_in,
    deadline,
    describe_day,
    is_provisional,
    is_working_day,
    working_days_between,
)
from workdays.models import HolidayDate

pytestmark = pytest.mark.django_db


def span(first, last):
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


# 国务院办公厅关于2026年部分节假日安排的通知 (as chinesecalendar carries it).
HOLIDAY_BLOCKS_2026 = {
    "元旦": span(date(2026, 1, 1), date(2026, 1, 3)),
    "春节": span(date(2026, 2, 15), date(2026, 2, 23)),
    "清明": span(date(2026, 4, 4), date(2026, 4, 6)),
    "劳动节": span(date(2026, 5, 1), date(2026, 5, 5)),
    "端午": span(date(2026, 6, 19), date(2026, 6, 21)),
    "中秋": span(date(2026, 9, 25), date(2026, 9, 27)),
    "国庆节": span(date(2026, 10, 1), date(2026, 10, 7)),
}
MAKEUP_WORKDAYS_2026 = [date(2026, 1, 4), date(2026, 2, 14), date(2026, 2, 28),
                        date(2026, 5, 9), date(2026, 9, 20), date(2026, 10, 10)]


def test_the_2026_schedule_here_is_the_one_chinesecalendar_carries():
    holidays = sorted(d for d in package_data.holidays if d.year == 2026)
    workdays = sorted(d for d in package_data.workdays if d.year == 2026)
    assert holidays == sorted(d for block in HOLIDAY_BLOCKS_2026.values() for d in block)
    assert workdays == MAKEUP_WORKDAYS_2026


@pytest.mark.parametrize("name", HOLIDAY_BLOCKS_2026)
def test_every_day_of_each_2026_holiday_block_is_not_a_working_day(name):
    for day in HOLIDAY_BLOCKS_2026[name]:
        assert not is_working_day(day), day
        assert describe_day(day).name == name
    # the days just before and after each block are ordinary days, not part of the holiday
    assert describe_day(HOLIDAY_BLOCKS_2026[name][0] - timedelta(days=1)).name != name
    assert describe_day(HOLIDAY_BLOCKS_2026[name][-1] + timedelta(days=1)).name != name


@pytest.mark.parametrize("day", MAKEUP_WORKDAYS_2026, ids=str)
def test_every_2026_makeup_workday_is_a_working_day_though_a_weekend(day):
    assert day.weekday() >= 5
    assert is_working_day(day)
    assert describe_day(day).label == "调休上班"


def test_ten_working_days_after_2026_09_28_is_2026_10_16_rules_working_days():
    # 工作日: the start day is not counted; 10-01..07 off (国庆节), Saturday 10-10 worked (调休).
    assert add_working_days(date(2026, 9, 28), 10) == date(2026, 10, 16)
    assert working_days_between(date(2026, 9, 28), date(2026, 10, 16)) == 10


def test_start_day_is_not_counted_and_zero_days_is_the_start_itself():
    assert add_working_days(date(2026, 3, 2), 1) == date(2026, 3, 3)
    assert add_working_days(date(2026, 3, 2), 0) == date(2026, 3, 2)
    assert working_days_between(date(2026, 3, 3), date(2026, 3, 2)) == 0


def test_spring_festival_2026_counts_both_makeup_saturdays():
    # 02-13 Fri, 02-14 Sat (调休), 02-15..23 off, 02-24..27, 02-28 Sat (调休), 03-02..04
    assert add_working_days(date(2026, 2, 12), 10) == date(2026, 3, 4)


def test_2026_has_248_working_days():
    # 261 weekdays - 19 weekday holidays + 6 make-up workdays
    assert working_days_between(date(2025, 12, 31), date(2026, 12, 31)) == 248


def test_a_year_without_data_is_provisional_and_counted_on_weekends_alone():
    assert is_provisional(date(2027, 1, 1))
    assert not is_provisional(date(2026, 12, 31))
    assert is_working_day(date(2027, 1, 1))  # a Friday, no holiday known yet
    due = deadline(date(2026, 12, 24), 10)
    # 12-25, 28, 29, 30, 31, then 2027-01-01 (provisional Friday), 04, 05, 06, 07
    assert due == Deadline(date(2026, 12, 24), date(2027, 1, 7), 10, "working", True)


def test_a_deadline_inside_a_known_year_is_not_provisional():
    assert not deadline(date(2026, 9, 28), 10).provisional


def test_across_the_year_end_into_an_entered_2027():
    enter_year(2027, NEW_YEAR_2027)
    assert not is_provisional(date(2027, 1, 1))
    assert not is_working_day(date(2027, 1, 1))
    assert is_working_day(date(2027, 1, 9))
    due = deadline(date(2026, 12, 24), 10)
    # 12-25, 28, 29, 30, 31, 2027-01-01..03 off, 01-04, 05, 06, 07, 08
    assert due == Deadline(date(2026, 12, 24), date(2027, 1, 8), 10, "working", False)
    assert describe_day(date(2027, 1, 9)).label == "调休上班"


def test_the_admin_table_overrides_chinesecalendar_for_a_known_year():
    enter_year(2026, [(date(2026, 12, 31), HolidayDate.HOLIDAY, "临时放假"),
                      (date(2026, 10, 7), HolidayDate.WORKDAY, "")])
    assert not is_working_day(date(2026, 12, 31))
    assert describe_day(date(2026, 12, 31)).name == "临时放假"
    assert is_working_day(date(2026, 10, 7))
    assert describe_day(date(2026, 10, 7)).label == "调休上班"
    assert is_working_day(date(2026, 10, 6)) is False  # the rest still comes from the package


def test_a_rolled_back_table_change_is_not_remembered():
    with pytest.raises(RuntimeError), transaction.atomic():
        enter_year(2027, NEW_YEAR_2027)
        assert not is_working_day(date(2027, 1, 1))
        raise RuntimeError("roll back")
    assert is_working_day(date(2027, 1, 1))
    assert is_provisional(date(2027, 1, 1))


def test_budget_deadline_is_twenty_calendar_days_and_never_provisional_budget_law_article_14():
    due = deadline(date(2026, 9, 25), 20, "calendar")
    assert due.due == add_calendar_days(date(2026, 9, 25), 20) == date(2026, 10, 15)
    assert not deadline(date(2026, 12, 20), 20, "calendar").provisional


def test_the_working_lists_every_day_counted_with_holidays_named():
    labels = {info.day: info.label for info in days_in(date(2026, 9, 28), date(2026, 10, 16))}
    assert labels[date(2026, 10, 1)] == "国庆节"
    assert labels[date(2026, 10, 10)] == "调休上班"
    assert labels[date(2026, 10, 11)] == "周末"
    assert labels[date(2026, 10, 16)] == "工作日"


@pytest.mark.parametrize("bad", [-1, 1.5, "3", True])
def test_bad_day_counts_are_refused(bad):
    with pytest.raises((TypeError, ValueError)):
        add_working_days(date(2026, 1, 5), bad)
    with pytest.raises(ValueError):
        deadline(date(2026, 1, 5), 3, "weeks")
