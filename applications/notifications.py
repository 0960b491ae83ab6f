"""Emails to applicants: rendered now, stored with the change, sent by a task after commit."""

from django.db import transaction
from django.template.loader import render_to_string

from .clock import describe_for_applicant
from .models import OutgoingEmail


def queue_email(application, template: str, context: dict, letter=None):
    """Store an email to the applicant (if they gave an address) and send it after commit.

    The template's first line is the subject; the rest is the body.
    """
    if not application.email:
        return None
    text = render_to_string(f"applications/email/{template}.txt", {
        "application": application, "clock_lines": describe_for_applicant(application),
        **context})
    subject, _, body = text.strip().partition("\n")
    email = OutgoingEmail.objects.create(application=application, to=application.email,
                                         subject=subject.strip()[:200], body=body.strip(),
                                         letter=letter)
    transaction.on_commit(lambda: _enqueue(email.pk))
    return email


def _enqueue(email_id: int) -> None:
    from .tasks import deliver_email

    deliver_email.enqueue(email_id)
