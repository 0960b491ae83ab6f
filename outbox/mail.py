"""Queue emails and send them: the one way the site sends mail.

`queue()` stores a message inside the caller's transaction and asks the task queue to send it
once that transaction commits; `deliver()` claims one row and sends it; `deliver_due()` (the
retry timer's `manage.py send_pending_emails`, and a task) sends every row that is due again.

Settings (all optional): OUTBOX_CLAIM_SECONDS (default 600) — how long a claim holds before
another sender may take the row over; keep it well above EMAIL_TIMEOUT. OUTBOX_RETRY_SECONDS
(60) — the first back-off, doubled on each failure up to OUTBOX_RETRY_MAX_SECONDS (21600).
OUTBOX_MAX_ATTEMPTS (12) — after that many failures the row is marked failed and kept.
OUTBOX_MESSAGE_ID_DOMAIN — the domain of Message-ID headers (default: that of
DEFAULT_FROM_EMAIL).
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import storages
from django.core.mail import EmailMessage
from django.core.mail.message import make_msgid
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from .models import Message

logger = logging.getLogger("outbox")


def queue(to: str, subject: str, body: str, *, about=None, attachments=()) -> Message:
    """Store one email to `to` and send it after the current transaction commits.

    `attachments`: dicts with the storage alias, the stored file's name, the file name the
    recipient sees and its MIME type, see `Message.attachments`.
    """
    now = timezone.now()
    message = Message.objects.create(
        created_at=now, next_attempt_at=now, to=to, subject=str(subject).strip()[:200],
        body=body, attachments=list(attachments),
        message_id=make_msgid(domain=_message_id_domain()),
        about_type=ContentType.objects.get_for_model(about) if about is not None else None,
        about_id=about.pk if about is not None else None)
    transaction.on_commit(lambda: _enqueue(message.pk))
    return message


def deliver(pk: int, now=None) -> bool:
    """Claim message `pk` if it is due, send it, record the outcome; True if it went out.

    A message someone else holds (or already sent, or not yet due) is left alone.
    """
    now = now or timezone.now()
    lapsed = now - timedelta(seconds=_setting("OUTBOX_CLAIM_SECONDS", 600))
    stamp = timezone.now()  # this sender's claim: its own instant
    claimed = Message.objects.filter(
        Q(state=Message.State.PENDING, next_attempt_at__lte=now)
        | Q(state=Message.State.SENDING, claimed_at__lt=lapsed),
        pk=pk,
    ).update(state=Message.State.SENDING, claimed_at=stamp, attempts=F("attempts") + 1)
    if not claimed:
        return False
    message = Message.objects.get(pk=pk)
    try:
        _email(message).send()
    except Exception as error:  # any mail failure: try again later
        _failed(message, stamp, error)
        return False
    # The claim is ours while claimed_at is our stamp; if it lapsed and another sender took
    # the row over, that sender records the outcome.
    Message.objects.filter(pk=pk, state=Message.State.SENDING, claimed_at=stamp).update(
        state=Message.State.SENT, sent_at=timezone.now(), last_error="")
    return True


def deliver_due(now=None) -> int:
    """Send every message that is due (pending past its back-off, or claimed by a sender that
    has been silent longer than the claim holds); return how many went out."""
    now = now or timezone.now()
    lapsed = now - timedelta(seconds=_setting("OUTBOX_CLAIM_SECONDS", 600))
    due = Message.objects.filter(
        Q(state=Message.State.PENDING, next_attempt_at__lte=now)
        | Q(state=Message.State.SENDING, claimed_at__lt=lapsed))
    return sum(deliver(pk, now) for pk in due.values_list("pk", flat=True))


def retry_delay(attempts: int) -> timedelta:
    """The back-off after the `attempts`-th failure: doubling from the first delay, capped."""
    first = _setting("OUTBOX_RETRY_SECONDS", 60)
    return timedelta(seconds=min(first * 2 ** (attempts - 1),
                                 _setting("OUTBOX_RETRY_MAX_SECONDS", 6 * 3600)))


def _email(message: Message) -> EmailMessage:
    email = EmailMessage(message.subject, message.body, to=[message.to],
                         headers={"Message-ID": message.message_id})
    for attachment in message.attachments:
        with storages[attachment["storage"]].open(attachment["name"], "rb") as handle:
            email.attach(attachment["filename"], handle.read(), attachment["mimetype"])
    return email


def _failed(message: Message, claimed_at, error: Exception) -> None:
    """Record the failed attempt (never the address) and schedule the next one."""
    give_up = message.attempts >= _setting("OUTBOX_MAX_ATTEMPTS", 12)
    Message.objects.filter(pk=message.pk, claimed_at=claimed_at).update(
        state=Message.State.FAILED if give_up else Message.State.PENDING,
        next_attempt_at=timezone.now() + retry_delay(message.attempts),
        last_error=type(error).__name__[:200])
    logger.warning("邮件 %s 第 %s 次发送失败（%s）%s。", message.pk, message.attempts,
                   type(error).__name__, "，已停止重试" if give_up else "，将稍后重试")


def _enqueue(pk: int) -> None:
    from .tasks import deliver_message

    deliver_message.enqueue(pk)


def _message_id_domain() -> str:
    domain = getattr(settings, "OUTBOX_MESSAGE_ID_DOMAIN", "")
    return domain or settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "localhost"


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))
