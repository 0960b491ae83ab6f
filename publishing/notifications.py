"""Emails of the workflow: to the next task's deciders, and to the editor on each decision.

Queued in the site's mail outbox (`outbox`) with the decision and sent by its task after the
transaction commits, so that a slow or broken mail server never blocks (or undoes) an approval,
and an email a mail outage held back goes out later. Wagtail's own workflow emails are sent
inside the request; they are replaced here by registering our handlers under Wagtail's
dispatch_uids first (PublishingConfig.ready() runs before wagtail.admin's, which comes later in
INSTALLED_APPS, and
Django's Signal.connect ignores a second receiver with the same dispatch_uid and sender).
"""

import logging

from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.models import TaskState, WorkflowState
from wagtail.signals import (
    task_approved,
    task_submitted,
    workflow_approved,
    workflow_rejected,
    workflow_submitted,
)

from outbox.mail import queue

logger = logging.getLogger("publishing.notifications")


def notify_deciders(task_state):
    """Tell everyone who may decide `task_state` that an item waits for them."""
    task = task_state.task.specific
    page = task_state.workflow_state.content_object.specific
    recipients = [user.email for user in deciders_of(task_state) if user.email]
    _send(recipients, _("【待审批】%(task)s：%(title)s") % {"task": task.name, "title": page.title},
          "publishing/email/task_waiting.txt", {"task": task, "page": page,
                                                "task_state": task_state})


def notify_editor(workflow_state, decision, task_state=None):
    """Tell the editor who submitted the item what was decided ("approved" / "rejected" / "task")."""
    editor = workflow_state.requested_by
    if editor is None or not editor.email:
        return
    page = workflow_state.content_object.specific
    titles = {"approved": _("【已签发】%(title)s"), "rejected": _("【退回修改】%(title)s"),
              "task": _("【审批进展】%(title)s")}
    _send([editor.email], titles[decision] % {"title": page.title},
          "publishing/email/decision.txt",
          {"page": page, "decision": decision, "task_state": task_state,
           "workflow_state": workflow_state})


def deciders_of(task_state):
    """Active users (with an email) whose role lets them decide the task, minus the submitters."""
    from .workflow import submitters_of

    task = task_state.task.specific
    page = task_state.workflow_state.content_object
    excluded = submitters_of(task_state)
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    return [user for user in users.exclude(pk__in=excluded)
            if not user.is_superuser and task.user_holds_role(page, user)]


def _send(recipients, subject, template, context):
    if not recipients:
        return
    context = {**context, "edit_url": _edit_url(context["page"])}
    body = render_to_string(template, context)
    for recipient in sorted(set(recipients)):
        queue(recipient, subject, body, about=context["page"])


def _edit_url(page):
    from django.conf import settings

    path = AdminURLFinder().get_edit_url(page) or ""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


# --- signal handlers ----------------------------------------------------------------------------
def on_task_submitted(sender, instance, user=None, **kwargs):
    from .workflow import SecondPairOfEyesTask

    if isinstance(instance.task.specific, SecondPairOfEyesTask):
        notify_deciders(instance)


def on_workflow_submitted(sender, instance, user=None, **kwargs):
    """Wagtail would mail every moderator here; the task's own submission mail says it better."""


def on_task_approved(sender, instance, user=None, **kwargs):
    workflow_state = instance.workflow_state
    if workflow_state.status == WorkflowState.STATUS_IN_PROGRESS:
        notify_editor(workflow_state, "task", instance)


def on_workflow_approved(sender, instance, user=None, **kwargs):
    notify_editor(instance, "approved")


def on_workflow_rejected(sender, instance, user=None, **kwargs):
    notify_editor(instance, "rejected", instance.current_task_state)


def register():
    # Wagtail sends task_submitted with the task state's specific class; ours are plain TaskStates.
    task_submitted.connect(on_task_submitted, sender=TaskState,
                           dispatch_uid="group_approval_task_submitted_email_notification")
    task_approved.connect(on_task_approved, sender=TaskState,
                          dispatch_uid="publishing_task_approved_email_notification")
    workflow_submitted.connect(on_workflow_submitted, sender=WorkflowState,
                               dispatch_uid="workflow_state_submitted_email_notification")
    workflow_rejected.connect(on_workflow_rejected, sender=WorkflowState,
                              dispatch_uid="workflow_state_rejected_email_notification")
    workflow_approved.connect(on_workflow_approved, sender=WorkflowState,
                              dispatch_uid="workflow_state_approved_email_notification")
