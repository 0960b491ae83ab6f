"""Keeps the engine and every listener in step with the holiday table.

A change to the table (a year entered, a date added, moved or removed) drops this process's
cached calendar at once and, after the transaction commits, sends
workdays.signals.calendar_changed with the years touched; the apps whose deadlines run on the
calendar listen to it and recompute what is still open. Connected by WorkdaysConfig.ready().
"""

import threading

from django.db import transaction
from django.db.models.signals import post_delete, post_init, post_save

from workdays import engine
from workdays.models import HolidayDate, HolidayYear
from workdays.signals import calendar_changed


def connect() -> None:
    """Connect the holiday table's model signals (called once, from WorkdaysConfig.ready())."""
    post_init.connect(remember_loaded_year, sender=HolidayYear,
                      dispatch_uid="workdays.remember_loaded_year")
    for signal in (post_save, post_delete):
        signal.connect(holiday_year_changed, sender=HolidayYear,
                       dispatch_uid=f"workdays.holiday_year_changed.{signal is post_save}")
        signal.connect(holiday_date_changed, sender=HolidayDate,
                       dispatch_uid=f"workdays.holiday_date_changed.{signal is post_save}")


_pending = threading.local()


def remember_loaded_year(sender, instance, **kwargs):
    instance._loaded_year = instance.year


def holiday_year_changed(sender, instance, **kwargs):
    years = {instance.year, getattr(instance, "_loaded_year", None)}
    instance._loaded_year = instance.year
    table_changed(years)


def holiday_date_changed(sender, instance, **kwargs):
    table_changed({instance.date.year} if instance.date else set())


def table_changed(years) -> None:
    """Forget the cached calendar now; announce the years once the transaction commits.

    All changes of one transaction (a year and its dates) are announced together, once. A
    rolled-back transaction announces nothing: Django drops its on-commit callbacks, and a
    later change registers a fresh one.
    """
    years = {year for year in years if year is not None}
    engine.clear_cache()
    if not years:
        return
    connection = transaction.get_connection()
    pending = getattr(_pending, "announcement", None)
    if pending is not None and any(entry[1] is pending for entry in connection.run_on_commit):
        pending.years.update(years)
        return
    announcement = _Announcement(years)
    _pending.announcement = announcement
    transaction.on_commit(announcement)


class _Announcement:
    """The on-commit callback that sends calendar_changed for the years collected."""

    def __init__(self, years):
        self.years = set(years)

    def __call__(self):
        if getattr(_pending, "announcement", None) is self:
            _pending.announcement = None
        engine.clear_cache()
        calendar_changed.send(sender=HolidayYear, years=set(self.years))

