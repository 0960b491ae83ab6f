"""Emails to applicants: rendered now, queued in the site's mail outbox with the change that
causes them, sent by its task after commit."""

from django.template.loader import render_to_string

from outbox.mail import queue

from .clock import describe_for_applicant


def queue_email(application, template: str, context: dict, letter=None):
    """Queue an email to the applicant (if they gave an address), with the letter as PDF.

    The template's first line is the subject; the rest is the body.
    """
    if not application.email:
        return None
    text = render_to_string(f"applications/email/{template}.txt", {
        "application": application, "clock_lines": describe_for_applicant(application),
        **context})
    subject, _, body = text.strip().partition("\n")
    attachments = []
    if letter is not None and letter.file:
        attachments.append({"storage": "private", "name": letter.file.name,
                            "filename": f"{letter.get_kind_display()}.pdf",
                            "mimetype": "application/pdf"})
    return queue(application.email, subject, body.strip(), about=application,
                 attachments=attachments)
