"""The deadline calculator that shows its working, for `manage.py workdays` and the admin.

Both front ends parse their input here, so a bad date or number gets the same Chinese message.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from workdays.engine import (
    DayInfo,
    add_working_days,
    days_in,
    working_days_between,
)

# A calculation longer than this is a typing mistake, not a deadline (the longest statutory
# clock is 20 + 20 working days; 条例 第三十三条).
MAX_DAYS = 3660
WEEKDAYS = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")


class CalculatorInputError(ValueError):
    """Bad input to the calculator; the message is for the person who typed it."""


@dataclass(frozen=True)
class CountedDay:
    """A day of the calculator's working: the day, and its ordinal if it was counted."""

    info: DayInfo
    ordinal: int | None

    @property
    def weekday(self) -> str:
        return WEEKDAYS[self.info.day.weekday()]

    def line(self) -> str:
        counted = (_("第 %(n)s 个工作日") % {"n": self.ordinal}) if self.ordinal else _("不计")
        provisional = _("（暂定）") if self.info.provisional else ""
        return f"{self.info.day.isoformat()} {self.weekday} {self.info.label} {counted}{provisional}"


@dataclass(frozen=True)
class Calculation:
    """The answer and the days that led to it."""

    operation: str  # "add" | "between"
    start: date
    end: date
    count: int
    days: list[CountedDay]
    provisional: bool

    def summary(self) -> str:
        if self.operation == "add":
            text = _("%(start)s 之后第 %(n)s 个工作日：%(end)s") % {
                "start": self.start.isoformat(), "n": self.count, "end": self.end.isoformat()}
        else:
            text = _("%(start)s（不含）至 %(end)s（含）之间共有 %(n)s 个工作日") % {
                "start": self.start.isoformat(), "end": self.end.isoformat(), "n": self.count}
        if self.provisional:
            text += _("（暂定：所涉年度的节假日安排尚未录入，仅按周末计算）")
        return text

    @property
    def skipped(self) -> list[CountedDay]:
        return [day for day in self.days if day.ordinal is None]


def add(start: date, n: int) -> Calculation:
    """The Nth working day after `start`, with every day from start to it."""
    if not 0 <= n <= MAX_DAYS:
        raise CalculatorInputError(_("天数应为 0 至 %(max)s 之间的整数。") % {"max": MAX_DAYS})
    end = add_working_days(start, n)
    return _explain("add", start, end, n)


def between(start: date, end: date) -> Calculation:
    """How many working days d there are with start < d <= end, with every day listed."""
    if end < start:
        raise CalculatorInputError(_("结束日期不能早于开始日期。"))
    if (end - start).days > MAX_DAYS * 2:
        raise CalculatorInputError(_("两个日期相隔过远，请缩小范围。"))
    return _explain("between", start, end, working_days_between(start, end))


def parse_date(text: str) -> date:
    """A date typed as YYYY-MM-DD, or a clear Chinese error."""
    try:
        return date.fromisoformat(str(text).strip())
    except ValueError:
        raise CalculatorInputError(
            _("日期“%(text)s”无效，请按 YYYY-MM-DD 填写，例如 2026-09-28。") % {"text": text}
        ) from None


def parse_count(text: str) -> int:
    """A number of working days typed as a whole number, or a clear Chinese error."""
    value = str(text).strip()
    if not value.isdigit():
        raise CalculatorInputError(
            _("天数“%(text)s”无效，请填写 0 至 %(max)s 之间的整数。") % {"text": text, "max": MAX_DAYS})
    return int(value)


def _explain(operation: str, start: date, end: date, count: int) -> Calculation:
    rows = []
    ordinal = 0
    for info in days_in(start, end):
        if info.working:
            ordinal += 1
        rows.append(CountedDay(info, ordinal if info.working else None))
    provisional = any(row.info.provisional for row in rows)
    return Calculation(operation, start, end, count, rows, provisional)
