"""What people are told when something is stuck.

- A workflow step (a TaskState in progress) waiting more than `WORKFLOW_STUCK_WORKING_DAYS`
  working days (default 2) is 滞留: shown on the deadline dashboard and mailed daily to the
  people who may decide it (`disclosure.reminders.send_stuck_reminders`).
- A scheduled item the publisher could not make live (`publishing.signals.schedule_blocked`) is
  recorded once as a BlockedPublication, mailed at once to the disclosure office (政务公开办公室)
  and to the signatory who signed it off, and shown in red until it is published or signed off
  for a time again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page, TaskState, WorkflowState

from departments.roles import DISCLOSURE_OFFICE
from outbox import mail
from workdays.engine import working_days_between
from workdays.local_time import local_date


def stuck_working_days() -> int:
    """After how many working days in one step an item counts as stuck (default 2; a setting)."""
    return int(getattr(settings, "WORKFLOW_STUCK_WORKING_DAYS", 2))


@dataclass
class StuckStep:
    """An item waiting in one workflow step: which step, since when, for how many working days."""

    item: object
    column: object
    task_state: object
    since: date
    working_days: int

    @property
    def step_name(self) -> str:
        return self.task_state.task.name

    @property
    def state_label(self) -> str:
        return _("滞留：%(step)s 自 %(since)s 起已 %(n)s 个工作日") % {
            "step": self.step_name, "since": self.since.isoformat(), "n": self.working_days}


def stuck_steps(today: date) -> list[StuckStep]:
    """Every step of a page's workflow in progress longer than the threshold, the longest waiting
    first (the caller places each in its department by `nearest_column`)."""
    threshold = stuck_working_days()
    steps = []
    states = (TaskState.objects.filter(
        status=TaskState.STATUS_IN_PROGRESS,
        workflow_state__status=WorkflowState.STATUS_IN_PROGRESS,
        workflow_state__base_content_type=ContentType.objects.get_for_model(Page))
        .select_related("task", "workflow_state").order_by("started_at", "pk"))
    for state in states:
        since = local_date(state.started_at)
        waited = working_days_between(since, today)
        page = Page.objects.filter(pk=state.workflow_state.object_id).first()
        if waited > threshold and page is not None:
            steps.append(StuckStep(page.specific, None, state, since, waited))
    return steps


def open_blocked_publications():
    from disclosure.models import BlockedPublication

    return (BlockedPublication.objects.filter(resolved_at__isnull=True)
            .select_related("page", "signed_by").order_by("blocked_at"))


# --- signal receivers ---------------------------------------------------------------------------


def record_blocked_schedule(sender, page, revision, due, reason, **kwargs):
    """publishing.signals.schedule_blocked: record it and tell the office and the signatory."""
    from disclosure.models import BlockedPublication
    from publishing.workflow_models import SignOff

    sign_off = SignOff.objects.filter(revision=revision).order_by("-signed_at").first()
    signatory = sign_off.signed_by if sign_off else None
    blocked, created = BlockedPublication.objects.get_or_create(
        revision=revision, defaults={"page_id": page.pk, "due_at": due, "reason": reason,
                                     "signed_by": signatory})
    if not created:
        return
    office = get_user_model().objects.filter(
        is_active=True, groups__name=DISCLOSURE_OFFICE.group_name).exclude(email="")
    recipients = {user.email for user in office}
    if signatory is not None and signatory.is_active and signatory.email:
        recipients.add(signatory.email)
    subject = _("【定时发布受阻】%(title)s") % {"title": page.title}
    body = render_to_string("disclosure/email/blocked_publication.txt", {
        "blocked": blocked, "page": page, "base_url": _base_url()})
    for recipient in sorted(recipients):
        mail.queue(recipient, subject, body, about=page)


def resolve_when_rescheduled(sender, instance, raw=False, **kwargs):
    """A new go-live time for the page (signed off again) closes its blocked records."""
    if raw or instance.approved_go_live_at is None:
        return
    if instance.base_content_type_id == ContentType.objects.get_for_model(Page).pk:
        _resolve(instance.object_id)


def resolve_when_published(sender, instance, **kwargs):
    _resolve(str(instance.pk))


def _resolve(page_id):
    from disclosure.models import BlockedPublication

    BlockedPublication.objects.filter(page_id=page_id, resolved_at__isnull=True).update(
        resolved_at=timezone.now())


def _base_url() -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")
