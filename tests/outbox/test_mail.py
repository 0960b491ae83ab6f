"""The mail outbox: stored with the change, claimed before sending, sent at least once under a
stable Message-ID, retried with a growing back-off, never sent twice by two senders at once."""

import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from outbox.mail import deliver, deliver_due, queue, retry_delay
from outbox.models import Message

FAILING = "tests.applications.failing_mail.FailingBackend"


@pytest.fixture
def stored_message(db):
    with transaction.atomic():
        return queue("applicant@example.test", "受理回执", "您的申请已收到。")


def test_a_message_is_sent_only_after_the_transaction_that_queued_it_commits(
        db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = queue("applicant@example.test", "受理回执", "您的申请已收到。")
        assert len(mail.outbox) == 0
    message.refresh_from_db()
    assert message.state == Message.State.SENT and message.attempts == 1
    assert len(mail.outbox) == 1


def test_a_rolled_back_change_sends_nothing(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            queue("applicant@example.test", "受理回执", "您的申请已收到。")
            raise RuntimeError("the change failed")
    assert not Message.objects.exists() and len(mail.outbox) == 0


def test_the_message_id_header_is_stored_and_the_same_on_every_attempt(stored_message,
                                                                        settings):
    settings.EMAIL_BACKEND = FAILING
    assert not deliver(stored_message.pk)
    Message.objects.filter(pk=stored_message.pk).update(next_attempt_at=timezone.now())
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert deliver(stored_message.pk)
    sent = mail.outbox[0].message()
    assert sent["Message-ID"] == stored_message.message_id
    assert stored_message.message_id.startswith("<") and "@" in stored_message.message_id


def test_a_failed_message_waits_a_doubling_back_off_and_then_stops(stored_message, settings):
    settings.EMAIL_BACKEND = FAILING
    settings.OUTBOX_MAX_ATTEMPTS = 3
    assert [retry_delay(n).total_seconds() for n in (1, 2, 3)] == [60, 120, 240]
    assert not deliver(stored_message.pk)
    message = Message.objects.get(pk=stored_message.pk)
    assert message.state == Message.State.PENDING
    assert message.next_attempt_at > timezone.now() + timedelta(seconds=50)
    assert deliver_due() == 0  # not due yet: nothing is attempted
    assert Message.objects.get(pk=message.pk).attempts == 1

    later = timezone.now() + timedelta(hours=1)
    deliver_due(now=later)
    deliver_due(now=later + timedelta(hours=1))
    message.refresh_from_db()
    assert (message.state, message.attempts) == (Message.State.FAILED, 3)
    assert message.last_error == "ConnectionRefusedError"
    assert deliver_due(now=later + timedelta(days=1)) == 0


def test_a_row_claimed_by_another_sender_is_not_sent_again(stored_message):
    Message.objects.filter(pk=stored_message.pk).update(
        state=Message.State.SENDING, claimed_at=timezone.now(), attempts=1)
    assert not deliver(stored_message.pk)
    assert deliver_due() == 0
    assert len(mail.outbox) == 0


def test_a_claim_left_by_a_dead_sender_lapses_and_the_row_is_sent_again(stored_message):
    """At least once: the sender may have died before or after the mail server took it."""
    Message.objects.filter(pk=stored_message.pk).update(
        state=Message.State.SENDING, claimed_at=timezone.now() - timedelta(hours=1),
        attempts=1)
    assert deliver_due() == 1
    message = Message.objects.get(pk=stored_message.pk)
    assert (message.state, message.attempts) == (Message.State.SENT, 2)
    assert mail.outbox[0].message()["Message-ID"] == message.message_id


def test_a_sent_row_is_never_sent_again(stored_message):
    assert deliver(stored_message.pk)
    assert not deliver(stored_message.pk)
    assert deliver_due(now=timezone.now() + timedelta(days=1)) == 0
    assert len(mail.outbox) == 1


def test_stored_attachments_are_read_when_sending(db):
    name = storages["private"].save("outbox-test/letter.pdf", ContentFile(b"%PDF-1.4 test"))
    message = queue("applicant@example.test", "答复书", "见附件。", attachments=[
        {"storage": "private", "name": name, "filename": "答复书.pdf",
         "mimetype": "application/pdf"}])
    assert deliver(message.pk)
    assert mail.outbox[0].attachments == [("答复书.pdf", b"%PDF-1.4 test", "application/pdf")]


def test_retry_command_reports_what_it_sent(stored_message, capsys):
    call_command("send_pending_emails")
    assert "已发出 1 封" in capsys.readouterr().out


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_task_and_the_retry_timer_together_send_each_row_once():
    # Stored as queue() stores them, but with no task sending them on commit.
    messages = [Message.objects.create(to=f"p{i}@example.test", subject="通知", body="正文",
                                       message_id=f"<outbox-test-{i}@example.test>")
                for i in range(20)]
    start = threading.Barrier(4)
    errors = []

    def sender(run):
        try:
            start.wait(timeout=30)
            run()
        except Exception as error:  # reported below; a thread must not die silently
            errors.append(error)
        finally:
            connection.close()

    runs = [deliver_due, deliver_due] + [
        lambda: [deliver(m.pk) for m in messages], lambda: [deliver(m.pk) for m in messages]]
    threads = [threading.Thread(target=sender, args=(run,)) for run in runs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert errors == []
    assert len(mail.outbox) == 20
    assert sorted(email.to[0] for email in mail.outbox) == sorted(m.to for m in messages)
    assert set(Message.objects.values_list("state", "attempts")) == {(Message.State.SENT, 1)}
