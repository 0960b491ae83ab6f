"""Periods of the complaint and message channels: "7 日", "1 个月", "3 个月", or working days.

The rules, with their sources (docs/interaction-deadlines.md says the same in words):

- 民法典 第二百零一条: a period counted in days, months or years starts the day after the
  event; the day of the event itself is not counted.
- 民法典 第二百零二条: a period in months ends on the same day number of the month it reaches;
  when that month has no such day, on its last day (1 月 31 日 + 1 个月 → 2 月 28 日).
- 民法典 第二百零三条: when the last day is a statutory rest day (法定休假日: the public
  holidays and the weekends the official calendar keeps as rest days), the period ends on the
  next day that is not one, i.e. the next working day; a make-up workday (调休上班) is a
  working day, so a period ending on it does not move.
- A period in working days (工作日) counts only working days, as every other deadline of the
  site does (workdays.engine).

Where the periods come from: 湖南省“互联网+监督”平台运行维护和使用管理办法 第二十六条 (accept
within 7 days, finish within 3 months, one extension of 1 month approved by the level above);
平顶山市卫生健康委员会民生监督大数据平台管理使用办法 第十一条 (fund consultations and complaints
answered within 1 month). Each channel stores its own numbers (interaction.models.Channel).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import models
from django.utils.translation import gettext_lazy as _

from workdays import engine


class Unit(models.TextChoices):
    DAYS = "days", _("日（自然日）")
    WORKING_DAYS = "working_days", _("工作日")
    MONTHS = "months", _("个月")


@dataclass(frozen=True)
class Period:
    """A length of time as a channel configures it: `amount` of `unit`."""

    amount: int
    unit: str

    def __str__(self):
        return f"{self.amount} {Unit(self.unit).label}"


@dataclass(frozen=True)
class PeriodEnd:
    """Where a period from `start` ends: `nominal` by counting, `due` after a rest-day move.

    `moved_over` lists the rest days the end was moved across (empty when it did not move);
    `provisional` is true when the days counted fall in a year whose holidays are not known.
    """

    start: date
    period: Period
    nominal: date
    due: date
    moved_over: tuple[date, ...]
    provisional: bool


def period_end(start: date, period: Period) -> PeriodEnd:
    """The last day of `period` counted from `start` (民法典 第二百零一至二百零三条)."""
    if period.amount < 0:
        raise ValueError("期间不能为负数。")
    if period.unit == Unit.WORKING_DAYS:
        due = engine.add_working_days(start, period.amount)
        return PeriodEnd(start, period, due, due, (),
                         engine.deadline(start, period.amount).provisional)
    if period.unit == Unit.DAYS:
        nominal = start + timedelta(days=period.amount)
    elif period.unit == Unit.MONTHS:
        nominal = add_months(start, period.amount)
    else:
        raise ValueError(f"期间单位无效：{period.unit!r}")
    due, moved_over = next_working_day_from(nominal)
    provisional = engine.is_provisional(nominal) or engine.is_provisional(due)
    return PeriodEnd(start, period, nominal, due, moved_over, provisional)


def add_months(start: date, months: int) -> date:
    """The same day number `months` later, or the last day of that month (第二百零二条)."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def next_working_day_from(day: date) -> tuple[date, tuple[date, ...]]:
    """`day` if it is a working day, else the first working day after it, with the rest days
    passed over (第二百零三条)."""
    skipped = []
    while not engine.is_working_day(day):
        skipped.append(day)
        day += timedelta(days=1)
    return day, tuple(skipped)
