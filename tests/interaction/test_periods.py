"""The calendar-period rules of the channels across the 2026 holidays (民法典 第二百零一至二百零三条;
湖南省“互联网+监督”平台运行维护和使用管理办法 第二十六条; 平顶山市卫生健康委员会民生监督大数据
平台管理使用办法 第十一条). The 2026 calendar is chinesecalendar's, as everywhere on the site."""

from datetime import date

import pytest

from interaction.periods import Period, Unit, add_months, period_end

pytestmark = pytest.mark.django_db

SEVEN_DAYS = Period(7, Unit.DAYS)
ONE_MONTH = Period(1, Unit.MONTHS)
THREE_MONTHS = Period(3, Unit.MONTHS)


@pytest.mark.parametrize(("received", "due", "moved"), [
    # 9-28 + 7 日 = 10-05, inside 国庆节 (10-01…10-07): the next working day, 10-08.
    (date(2026, 9, 28), date(2026, 10, 8), 3),
    # 2-09 + 7 日 = 2-16, inside 春节 (2-15…2-23): 2-24.
    (date(2026, 2, 9), date(2026, 2, 24), 8),
    # 2-07 + 7 日 = 2-14, a Saturday worked in place of a holiday (调休上班): it stays.
    (date(2026, 2, 7), date(2026, 2, 14), 0),
    # 4-27 + 7 日 = 5-04, inside 劳动节 (5-01…5-05): 5-06.
    (date(2026, 4, 27), date(2026, 5, 6), 2),
    # 12-27-2025 + 7 日 = 2026-01-03, the last day of 元旦: 1-04 is a make-up workday (Sunday).
    (date(2025, 12, 27), date(2026, 1, 4), 1),
    # An ordinary week: 3-02 + 7 日 = 3-09, a Monday.
    (date(2026, 3, 2), date(2026, 3, 9), 0),
])
def test_accept_within_seven_days_moves_off_a_holiday_article_26(received, due, moved):
    end = period_end(received, SEVEN_DAYS)
    assert end.due == due
    assert len(end.moved_over) == moved
    assert not end.provisional


def test_day_of_receipt_is_not_counted_civil_code_article_201():
    assert period_end(date(2026, 3, 2), Period(1, Unit.DAYS)).due == date(2026, 3, 3)


@pytest.mark.parametrize(("received", "due"), [
    # 7-05 + 3 个月 = 10-05 (国庆节) → 10-08.
    (date(2026, 7, 5), date(2026, 10, 8)),
    # 2025-11-17 + 3 个月 = 2026-02-17 (春节) → 2-24.
    (date(2025, 11, 17), date(2026, 2, 24)),
    # 2025-11-30 + 3 个月: February has no 30th, so its last day, 2-28, a make-up workday.
    (date(2025, 11, 30), date(2026, 2, 28)),
    # 3-04 + 3 个月 = 6-04, a Thursday: no move.
    (date(2026, 3, 4), date(2026, 6, 4)),
    # 3-20 + 3 个月 = 6-20 (端午节, a Saturday) → 6-22.
    (date(2026, 3, 20), date(2026, 6, 22)),
])
def test_finish_within_three_months_article_26(received, due):
    assert period_end(received, THREE_MONTHS).due == due


@pytest.mark.parametrize(("start", "nominal", "due"), [
    (date(2026, 1, 31), date(2026, 2, 28), date(2026, 2, 28)),   # last day; 调休上班
    (date(2026, 3, 31), date(2026, 4, 30), date(2026, 4, 30)),   # April has no 31st
    (date(2026, 8, 31), date(2026, 9, 30), date(2026, 9, 30)),
    (date(2025, 12, 31), date(2026, 1, 31), date(2026, 2, 2)),   # a Saturday: Monday
    (date(2026, 11, 30), date(2026, 12, 30), date(2026, 12, 30)),
])
def test_month_ends_on_same_day_number_or_last_day_civil_code_article_202(start, nominal, due):
    end = period_end(start, ONE_MONTH)
    assert end.nominal == nominal
    assert end.due == due


def test_add_months_crosses_the_year():
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert add_months(date(2027, 11, 29), 3) == date(2028, 2, 29)


def test_extension_of_one_month_counts_from_the_three_month_end_article_26():
    """6-05 + 3 个月 = 9-05 (Saturday) → 9-07; + 1 个月 = 10-07 (国庆节) → 10-08."""
    first = period_end(date(2026, 6, 5), THREE_MONTHS)
    assert first.due == date(2026, 9, 7)
    extended = period_end(first.due, ONE_MONTH)
    assert extended.due == date(2026, 10, 8)
    assert extended.moved_over == (date(2026, 10, 7),)


@pytest.mark.parametrize(("received", "due"), [
    (date(2026, 9, 1), date(2026, 10, 8)),   # 10-01 国庆节 → 10-08
    (date(2026, 1, 20), date(2026, 2, 24)),  # 2-20 春节 → 2-24
    (date(2026, 5, 20), date(2026, 6, 22)),  # 6-20 端午节 (Saturday) → 6-22
])
def test_fund_complaint_answered_within_one_month_fund_rules_article_11(received, due):
    assert period_end(received, ONE_MONTH).due == due


def test_working_day_periods_count_only_working_days():
    # 9-28 + 10 working days, across 中秋 and 国庆 with the make-up Saturday 10-10.
    assert period_end(date(2026, 9, 28), Period(10, Unit.WORKING_DAYS)).due == date(2026, 10, 16)


def test_a_year_without_a_calendar_is_provisional():
    end = period_end(date(2031, 3, 2), SEVEN_DAYS)
    assert end.provisional
