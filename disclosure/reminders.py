"""The daily reminders: each department gets its due-soon and overdue items by email, and each
person who may decide a workflow step stuck too long gets the list of those steps.

Run by the task worker; `manage.py deadline_reminders` enqueues it (from cron or a systemd
timer once a day). A department without an email address, or with nothing due, gets nothing.
The emails go through the site's mail outbox, so a mail outage delays them and loses none.
"""

import logging
from datetime import date

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django_tasks import task

from disclosure import stuck, timeliness
from outbox import mail
from workdays.local_time import local_today

logger = logging.getLogger(__name__)


@task()
def send_deadline_reminders(today: str | None = None) -> dict:
    """Email every active department with an address its overdue and due-soon open items.

    `today` (YYYY-MM-DD) is for re-running a missed day; it defaults to today in Asia/Shanghai.
    Returns {department code: number of items mailed}.
    """
    from departments.models import Department

    day = date.fromisoformat(today) if today else local_today()
    departments = Department.objects.filter(is_active=True).exclude(email="")
    sent = {}
    for group in timeliness.deadline_dashboard(departments, day):
        if not group.deadline_total:
            continue
        queue_reminder(group, day)
        sent[group.department.code] = group.deadline_total
    return sent


@task()
def send_stuck_reminders(today: str | None = None) -> dict:
    """Email each person who may decide a step stuck longer than WORKFLOW_STUCK_WORKING_DAYS
    working days (the step's deciders, as the workflow's own emails find them) one list of
    those steps. Returns {username: number of steps mailed}."""
    from publishing.notifications import deciders_of

    day = date.fromisoformat(today) if today else local_today()
    waiting = {}
    for step in stuck.stuck_steps(day):
        for user in deciders_of(step.task_state):
            waiting.setdefault(user, []).append(step)
    base_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    sent = {}
    for user, steps in sorted(waiting.items(), key=lambda pair: pair[0].pk):
        body = render_to_string("disclosure/email/stuck_reminder.txt", {
            "user": user, "steps": steps, "today": day, "base_url": base_url,
            "stuck_days": stuck.stuck_working_days(),
            "dashboard_url": base_url + reverse("disclosure_deadlines:dashboard")})
        subject = _("【审批滞留提醒】%(n)s 项待您处理") % {"n": len(steps)}
        mail.queue(user.email, subject, body, about=user)
        sent[user.get_username()] = len(steps)
    return sent


def queue_reminder(group, day: date) -> None:
    subject = _("【公开期限提醒】%(department)s：逾期 %(overdue)s 项，即将到期 %(soon)s 项") % {
        "department": group.department.name, "overdue": len(group.overdue),
        "soon": len(group.due_soon)}
    base_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    body = render_to_string("disclosure/email/deadline_reminder.txt", {
        "group": group, "today": day, "due_soon_days": timeliness.due_soon_working_days(),
        "base_url": base_url,
        "dashboard_url": base_url + reverse("disclosure_deadlines:dashboard"),
    })
    mail.queue(group.department.email, subject, body, about=group.department)
