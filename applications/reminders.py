"""Reminders before the due date (issue 22): a few working days before an application is due
(APPLICATION_DUE_REMINDER_WORKING_DAYS, 3 by default), the handling department's handlers and
head, or the office for 自办, are told once for that due date. Run daily
(`manage.py announce_due_applications`, or the task of the same name).
"""

from django.db import transaction

from workdays.engine import add_working_days
from workdays.local_time import local_today

from .announcements import announce, department_team
from .conf import setting
from .models import ApplicationEvent, DisclosureApplication, State


def announce_due_soon(today=None) -> int:
    """Announce every running application due within the reminder window; return how many."""
    today = today or local_today()
    horizon = add_working_days(today, setting("APPLICATION_DUE_REMINDER_WORKING_DAYS"))
    announced = 0
    candidates = DisclosureApplication.objects.filter(
        state=State.IN_PROGRESS, anonymised_at__isnull=True, due_on__gte=today,
        due_on__lte=horizon).select_related("department")
    for application in candidates:
        due = application.due_on.isoformat()
        if application.events.filter(kind="due_soon_announced", data__due=due).exists():
            continue
        with transaction.atomic():
            announce(application, "due_soon", department_team(application.department),
                     due=application.due_on)
            ApplicationEvent.objects.create(application=application, kind="due_soon_announced",
                                            data={"due": due})
        announced += 1
    return announced
