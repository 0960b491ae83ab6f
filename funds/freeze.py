"""Year-end freeze (corpus 001 第十八、二十条): from the freeze day (1 April by default, the
setting FUNDS_FREEZE_MONTH_DAY) the previous year's batches are read-only; a change after that
is a correction record with its reason that passes the approval workflow."""

from __future__ import annotations

from datetime import date

from django.conf import settings


def freeze_day(year: int) -> date:
    """The day from which the batches of `year - 1` and earlier are frozen."""
    month, day = getattr(settings, "FUNDS_FREEZE_MONTH_DAY", (4, 1))
    return date(year, month, day)


def year_end_frozen(period_year: int, today: date) -> bool:
    """True when data of `period_year` are frozen on `today`."""
    if period_year >= today.year:
        return False
    if period_year < today.year - 1:
        return True
    return today >= freeze_day(today.year)
