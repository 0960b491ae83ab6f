"""Background work of the applications app (django-tasks): emails, lapses, anonymisation.

Emails are stored (OutgoingEmail) in the same transaction as the change that causes them and
sent here, so a mail outage never loses an application or a notice: a failed send stays
pending and `send_pending_emails` tries again (run it from cron or the worker's schedule).
"""

import logging

from django.core.mail import EmailMessage
from django.db.models import F
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def deliver_email(email_id: int) -> bool:
    from .models import OutgoingEmail

    email = OutgoingEmail.objects.filter(pk=email_id, sent_at__isnull=True).first()
    return True if email is None else deliver(email)


@task()
def send_pending_emails() -> int:
    """Try every unsent email again; return how many went out."""
    from .models import OutgoingEmail

    return sum(deliver(email) for email in OutgoingEmail.objects.filter(sent_at__isnull=True))


@task()
def close_lapsed_applications() -> int:
    from .actions import close_lapsed

    return len(close_lapsed())


@task()
def anonymise_expired_applications() -> int:
    from .retention import anonymise_expired

    return anonymise_expired()


def deliver(email) -> bool:
    """Send one stored email; on failure record the attempt (never the address) and keep it."""
    from .models import OutgoingEmail

    message = EmailMessage(email.subject, email.body, to=[email.to])
    if email.letter_id and email.letter.file:
        with email.letter.file.open("rb") as handle:
            message.attach(f"{email.letter.get_kind_display()}.pdf", handle.read(),
                           "application/pdf")
    try:
        message.send()
    except Exception as error:  # any mail failure: keep the email for the next try
        OutgoingEmail.objects.filter(pk=email.pk).update(
            attempts=F("attempts") + 1, last_error=type(error).__name__[:200])
        logger.warning("申请 %s 的邮件 %s 发送失败（%s），将稍后重试。",
                       email.application, email.pk, type(error).__name__)
        return False
    OutgoingEmail.objects.filter(pk=email.pk).update(attempts=F("attempts") + 1,
                                                      sent_at=timezone.now(), last_error="")
    return True
