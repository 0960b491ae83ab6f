"""Announcements to staff (issue 22; seed 004's hand-overs): when an application is assigned or
returned to them, when a step waits for their review, and a few working days before it is due.

Each announcement is an admin notification (StaffNotice, on the admin's home page) and an
email queued in the site's mail outbox inside the step's own transaction: a mail outage delays
the email and loses nothing. Staff emails carry the tracking number and a link to the admin,
never the applicant's personal data.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from departments.roles import APPLICATION_HANDLER, DISCLOSURE_OFFICE, role_by_key
from outbox.mail import queue

from .conf import setting
from .models import StaffNotice

SUBJECTS = {
    "assigned": _("【依申请公开】申请 %(number)s 已转办本科室，请办理"),
    "returned": _("【依申请公开】申请 %(number)s 被退回：%(what)s"),
    "review": _("【待审核】申请 %(number)s：%(what)s"),
    "approved": _("【依申请公开】申请 %(number)s：%(what)s"),
    "due_soon": _("【即将到期】申请 %(number)s 应于 %(due)s 前答复"),
}


def announce(application, kind: str, recipients, *, what: str = "", comment: str = "",
             due=None, exclude=None) -> int:
    """Tell each recipient (active users; `exclude` left out) by admin notice and email."""
    subject = str(SUBJECTS[kind]) % {"number": application.tracking_number, "what": what,
                                     "due": due}
    link = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
        "disclosure_applications:detail", args=[application.pk])
    body = render_to_string("applications/email/staff_notice.txt", {
        "application": application, "subject": subject, "comment": comment, "link": link,
        "due": application.due_on})
    told = 0
    for user in {user.pk: user for user in recipients}.values():
        if not user.is_active or (exclude is not None and user.pk == exclude.pk):
            continue
        StaffNotice.objects.create(recipient=user, application=application, kind=kind,
                                   subject=subject[:200])
        if user.email:
            queue(user.email, subject, body, about=application)
        told += 1
    return told


def _in_groups(*names):
    return get_user_model().objects.filter(is_active=True, groups__name__in=names).distinct()


def department_team(department):
    """The department's application handlers and its head (科室负责人)."""
    if department is None or department.group_id is None:
        return office_staff()
    signer = role_by_key(setting("APPLICATION_DEPARTMENT_SIGNER_ROLE"))
    return _in_groups(APPLICATION_HANDLER.group_name, signer.group_name).filter(
        groups=department.group)


def department_signers(department):
    signer = role_by_key(setting("APPLICATION_DEPARTMENT_SIGNER_ROLE"))
    return _in_groups(signer.group_name).filter(groups=department.group)


def office_staff():
    return _in_groups(DISCLOSURE_OFFICE.group_name)


def routing_reviewers():
    return _in_groups(role_by_key(setting("APPLICATION_ROUTING_REVIEWER_ROLE")).group_name)


def office_signers():
    return _in_groups(role_by_key(setting("APPLICATION_OFFICE_SIGNER_ROLE")).group_name)
