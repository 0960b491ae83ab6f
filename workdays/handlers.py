"""Keeps deadlines in step with the holiday table.

A change to the table (a year entered, a date added, moved or removed) drops this process's
cached calendar at once and, after the transaction commits, sends
publishing.signals.calendar_changed with the years touched; the receiver here recomputes
every open disclosure item (RULES.md "工作日": deadlines are recomputed when a year is entered).
"""

import threading

from django.db import transaction
from django.db.models.signals import post_delete, post_init, post_save
from django.dispatch import receiver

from publishing import workdays
from publishing.calendar_models import HolidayDate, HolidayYear
from publishing.deadlines import recompute_open_disclosure_items
from publishing.signals import calendar_changed

_pending = threading.local()


@receiver(post_init, sender=HolidayYear)
def remember_loaded_year(sender, instance, **kwargs):
    instance._loaded_year = instance.year


@receiver(post_save, sender=HolidayYear)
@receiver(post_delete, sender=HolidayYear)
def holiday_year_changed(sender, instance, **kwargs):
    years = {instance.year, getattr(instance, "_loaded_year", None)}
    instance._loaded_year = instance.year
    table_changed(years)


@receiver(post_save, sender=HolidayDate)
@receiver(post_delete, sender=HolidayDate)
def holiday_date_changed(sender, instance, **kwargs):
    table_changed({instance.date.year} if instance.date else set())


def table_changed(years) -> None:
    """Forget the cached calendar now; announce the years once the transaction commits.

    All changes of one transaction (a year and its dates) are announced together, once. A
    rolled-back transaction announces nothing: Django drops its on-commit callbacks, and a
    later change registers a fresh one.
    """
    years = {year for year in years if year is not None}
    workdays.clear_cache()
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
        workdays.clear_cache()
        calendar_changed.send(sender=HolidayYear, years=set(self.years))


@receiver(calendar_changed)
def recompute_disclosure_deadlines(sender, years, **kwargs):
    recompute_open_disclosure_items(set(years))
