"""The working-day engine: the clock every statutory and local deadline runs on.

A working day (工作日) is a day the official calendar marks as one — Monday to
Friday, minus public holidays, plus make-up workdays (调休). "Within N working days of D":
D itself is not counted; the Nth working day after D is the deadline.

Where the calendar comes from, in order of precedence:
1. the holiday table the disclosure office keeps in the admin (`HolidayYear` / `HolidayDate`,
   entered from the State Council's notice); a date listed there overrides everything else;
2. chinesecalendar's data (2004–2026);
3. weekends alone — the year is then *provisional* and every deadline touching it says so,
   until the office enters that year (which recomputes open deadlines, see workdays.signals).

The table is read once per process and kept in memory; it is dropped when the table changes
in this process, and re-checked against a cheap stamp query for changes made by other
processes (at most every `WORKDAYS_CACHE_SECONDS`, and on every call inside a transaction,
so that a rolled-back change is never remembered).
"""

from __future__ import annotations

import threading
import time
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, timedelta

from chinese_calendar import constants as _package
from django.conf import settings
from django.db import connection

WORKING = "working"
CALENDAR = "calendar"
UNITS = (WORKING, CALENDAR)

# Kinds of day, as the calculator names them.
KIND_WEEKDAY = "weekday"
KIND_WEEKEND = "weekend"
KIND_HOLIDAY = "holiday"
KIND_MAKEUP_WORKDAY = "workday"

MAKEUP_WORKDAY_NAME = "调休上班"


# --- Public entry points ------------------------------------------------------------------


def is_working_day(day: date) -> bool:
    """True if the official calendar (admin table, then chinesecalendar, then weekends) says so."""
    return describe_day(day).working


def add_working_days(start: date, n: int) -> date:
    """The Nth working day after `start` (`start` itself is not counted; n=0 gives `start`)."""
    _check_count(n)
    if n == 0:
        return start
    return _calendar().nth_working_day_after(start, n)


def working_days_between(start: date, end: date) -> int:
    """How many working days d there are with start < d <= end; 0 if end <= start."""
    if end <= start:
        return 0
    return _calendar().count_working_days(start, end)


def add_calendar_days(start: date, n: int) -> date:
    """The Nth calendar day after `start` (e.g. 预算法 第十四条: 20 days after approval)."""
    _check_count(n)
    return start + timedelta(days=n)


def is_provisional(day: date) -> bool:
    """True if `day`'s year has neither chinesecalendar data nor an entered holiday year."""
    return _calendar().is_provisional_year(day.year)


@dataclass(frozen=True)
class Deadline:
    """A computed deadline: `days` units counted from `start` (not counted) give `due`.

    `provisional` is true when some day in (start, due] lies in a year whose holidays are not
    known yet, so the date may still move when the office enters that year. A calendar-day
    deadline never depends on holidays, so it is never provisional.
    """

    start: date
    due: date
    days: int
    unit: str
    provisional: bool


def deadline(start: date, days: int, unit: str = WORKING) -> Deadline:
    """The deadline `days` working (or calendar) days after `start`."""
    if unit == WORKING:
        due = add_working_days(start, days)
        provisional = _touches_provisional_year(start, due)
    elif unit == CALENDAR:
        due = add_calendar_days(start, days)
        provisional = False
    else:
        raise ValueError(f"期限单位只能是工作日（{WORKING}）或自然日（{CALENDAR}），收到：{unit!r}")
    return Deadline(start=start, due=due, days=days, unit=unit, provisional=provisional)


# --- Describing days (the calculator shows its working with these) --------------------------


@dataclass(frozen=True)
class DayInfo:
    """One calendar day as the engine sees it: working or not, and why."""

    day: date
    working: bool
    kind: str  # weekday | weekend | holiday | workday (make-up)
    name: str  # e.g. 国庆节, 调休上班; empty for plain weekdays and weekends
    source: str  # table | package | weekends
    provisional: bool

    @property
    def label(self) -> str:
        """How the calculator prints it: the holiday's or make-up day's name, else 周末/工作日."""
        if self.name:
            return self.name
        return "周末" if self.kind == KIND_WEEKEND else "工作日"


def describe_day(day: date) -> DayInfo:
    return _calendar().describe(day)


def days_in(start: date, end: date) -> list[DayInfo]:
    """Every day d with start < d <= end, described (for the calculator's working)."""
    calendar = _calendar()
    days = []
    day = start
    while day < end:
        day += timedelta(days=1)
        days.append(calendar.describe(day))
    return days


def known_years() -> dict[int, str]:
    """Years with official data, and where it comes from ("table" wins over "package")."""
    calendar = _calendar()
    years = {year: "package" for year in PACKAGE_YEARS}
    years.update({year: "table" for year in calendar.table_years})
    return dict(sorted(years.items()))


def clear_cache() -> None:
    """Forget the cached holiday table (called when the table changes, and by tests)."""
    with _lock:
        _cache.clear()


# --- Internals ------------------------------------------------------------------------------


def _build_package_data():
    names = {holiday.value: holiday.chinese for holiday in _package.Holiday}
    holidays = {day: names.get(value, value) for day, value in _package.holidays.items()}
    workdays = {day: names.get(value, value) for day, value in _package.workdays.items()}
    years = frozenset(day.year for day in holidays)
    return holidays, workdays, years


PACKAGE_HOLIDAYS, PACKAGE_WORKDAYS, PACKAGE_YEARS = _build_package_data()


class _Calendar:
    """An immutable snapshot of the admin table layered over chinesecalendar."""

    def __init__(self, table_days: dict[date, tuple[str, str]], table_years: frozenset[int]):
        self.table_days = table_days
        self.table_years = table_years
        self._working_by_year: dict[int, list[int]] = {}

    def is_provisional_year(self, year: int) -> bool:
        return year not in PACKAGE_YEARS and year not in self.table_years

    def nth_working_day_after(self, start: date, n: int) -> date:
        year = start.year
        ordinals = self.working_ordinals(year)
        index = bisect_right(ordinals, start.toordinal())
        while index + n > len(ordinals):
            n -= len(ordinals) - index
            year += 1
            ordinals, index = self.working_ordinals(year), 0
        return date.fromordinal(ordinals[index + n - 1])

    def count_working_days(self, start: date, end: date) -> int:
        first, last = start.toordinal(), end.toordinal()
        count = 0
        for year in range(start.year, end.year + 1):
            ordinals = self.working_ordinals(year)
            count += bisect_right(ordinals, last) - bisect_right(ordinals, first)
        return count

    def working_ordinals(self, year: int) -> list[int]:
        """The year's working days as sorted ordinals (computed once per snapshot and year)."""
        ordinals = self._working_by_year.get(year)
        if ordinals is None:
            day, ordinals = date(year, 1, 1), []
            while day.year == year:
                if self.describe(day).working:
                    ordinals.append(day.toordinal())
                day += timedelta(days=1)
            self._working_by_year[year] = ordinals
        return ordinals

    def describe(self, day: date) -> DayInfo:
        provisional = self.is_provisional_year(day.year)
        entry = self.table_days.get(day)
        if entry is not None:
            kind, name = entry
            working = kind == KIND_MAKEUP_WORKDAY
            if working and not name:
                name = MAKEUP_WORKDAY_NAME
            return DayInfo(day, working, kind, name, "table", provisional)
        if day.year in PACKAGE_YEARS:
            if day in PACKAGE_WORKDAYS:
                return DayInfo(day, True, KIND_MAKEUP_WORKDAY, MAKEUP_WORKDAY_NAME, "package",
                               provisional)
            if day in PACKAGE_HOLIDAYS:
                return DayInfo(day, False, KIND_HOLIDAY, PACKAGE_HOLIDAYS[day], "package",
                               provisional)
        weekend = day.weekday() >= 5
        return DayInfo(day, not weekend, KIND_WEEKEND if weekend else KIND_WEEKDAY, "",
                       "package" if day.year in PACKAGE_YEARS else
                       ("table" if day.year in self.table_years else "weekends"),
                       provisional)


_lock = threading.Lock()
_cache: dict[str, object] = {}


def _calendar() -> _Calendar:
    """The current snapshot: cached per process, re-validated against the table's stamp."""
    now = time.monotonic()
    with _lock:
        entry = dict(_cache)
    snapshot = entry.get("calendar")
    if snapshot is not None and _still_trusted(entry, connection, now):
        return snapshot
    current_stamp = _table_stamp()
    if snapshot is None or current_stamp != entry.get("stamp"):
        snapshot = _load_table()
    with _lock:
        _cache.update(calendar=snapshot, stamp=current_stamp, checked_at=now,
                      ttl=getattr(settings, "WORKDAYS_CACHE_SECONDS", 30),
                      in_atomic=connection.in_atomic_block,
                      savepoints=tuple(connection.savepoint_ids))
    return snapshot


def _still_trusted(entry, connection, now) -> bool:
    """May the cached snapshot be used without asking the database?

    Read outside a transaction: yes, for `WORKDAYS_CACHE_SECONDS` (other processes' changes
    show up after that; this process's own changes clear the cache at once). Read inside a
    transaction: only while the savepoint it was read under is still open, since a rollback
    could undo what it saw; read in an outermost transaction (no savepoint): never.
    """
    if not entry.get("in_atomic"):
        return now - entry.get("checked_at", 0.0) < entry.get("ttl", 0)
    savepoints = entry.get("savepoints") or ()
    current = tuple(connection.savepoint_ids)
    return (connection.in_atomic_block and bool(savepoints) and None not in savepoints
            and current[:len(savepoints)] == savepoints)


def _table_stamp():
    from django.db.models import Count, Max

    from workdays.models import HolidayDate, HolidayYear

    years = HolidayYear.objects.aggregate(n=Count("pk"), changed=Max("changed_at"))
    dates = HolidayDate.objects.aggregate(n=Count("pk"), last=Max("pk"))
    return (years["n"], years["changed"], dates["n"], dates["last"])


def _load_table() -> _Calendar:
    from workdays.models import HolidayDate, HolidayYear

    years = frozenset(HolidayYear.objects.values_list("year", flat=True))
    days = {
        row["date"]: (row["kind"], row["name"])
        for row in HolidayDate.objects.values("date", "kind", "name")
    }
    return _Calendar(days, years)


def _touches_provisional_year(start: date, due: date) -> bool:
    if due <= start:
        return False
    calendar = _calendar()
    first = (start + timedelta(days=1)).year
    return any(calendar.is_provisional_year(year) for year in range(first, due.year + 1))


def _check_count(n: int) -> None:
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"天数必须是整数，收到：{n!r}")
    if n < 0:
        raise ValueError(f"天数不能为负数，收到：{n}")
