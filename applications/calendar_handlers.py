"""When the holiday table changes, open applications' deadlines are computed again.

Deadlines in a year the official calendar did not know yet are provisional and are recomputed
once the State Council's notice is entered; each move is recorded with
workdays.models.record_deadline_change and in the application's own audit trail. Connected to
workdays.signals.calendar_changed by ApplicationsConfig.ready().
"""

from django.db import transaction

from workdays.models import record_deadline_change

from .clock import refresh_deadlines
from .models import ApplicationEvent, DisclosureApplication

REASON = "节假日安排调整，期限按新的工作日历重新计算"


def recompute_open_deadlines(sender, years=None, **kwargs):
    moved = 0
    for application in DisclosureApplication.objects.open().filter(anonymised_at__isnull=True):
        with transaction.atomic():
            moves = refresh_deadlines(application)
            if not moves:
                continue
            application.save(update_fields=["due_on", "due_provisional", "correction_due_on"])
            for obj, field, old, new in moves:
                record_deadline_change(obj, field, old, new, REASON)
            ApplicationEvent.objects.create(
                application=application, kind="deadline_moved", reason=REASON,
                data={"years": sorted(years or []),
                      "moves": [[field, str(old), str(new)] for _obj, field, old, new in moves]})
            moved += 1
    return moved
