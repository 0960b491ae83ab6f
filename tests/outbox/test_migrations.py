"""Upgrading copies the applicants' stored emails into the site's one outbox: none is lost, a
sent one is never sent again, an unsent one still goes out, with its letter attached."""

from datetime import UTC, datetime

import pytest
from django.core import mail

from applications.models import DisclosureApplication
from outbox.mail import deliver_due
from outbox.models import Message
from tests.migration_support import BEFORE_SPLIT, migrate, migrate_to_latest

SENT_AT = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)


# serialized_rollback: the flush at the end keeps Django from re-making content types under new
# ids, which later tests that restore the serialized database would collide with.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def old_database():
    apps = migrate(BEFORE_SPLIT + [("outbox", None)])
    yield apps
    migrate_to_latest()


def test_stored_applicant_emails_survive_the_move_to_the_outbox(old_database):
    apps = old_database
    application = apps.get_model("applications", "DisclosureApplication").objects.create(
        year=2026, serial=7, tracking_number="2026-00007", query_code_hash="x", name="张三",
        phone="13800000000", email="zhang@example.test")
    letter = apps.get_model("applications", "Letter").objects.create(
        application=application, kind="reply", file="applications/letters/2026/reply.pdf")
    OutgoingEmail = apps.get_model("applications", "OutgoingEmail")
    OutgoingEmail.objects.create(application=application, to="zhang@example.test",
                                 subject="受理回执", body="已收到。", sent_at=SENT_AT, attempts=1)
    OutgoingEmail.objects.create(application=application, to="zhang@example.test",
                                 subject="答复书", body="见附件。", letter=letter, attempts=3,
                                 last_error="ConnectionRefusedError")

    migrate_to_latest()

    emails = DisclosureApplication.objects.get(tracking_number="2026-00007").emails
    sent, pending = emails.order_by("pk")
    assert (sent.subject, sent.state, sent.sent_at, sent.attempts) == (
        "受理回执", Message.State.SENT, SENT_AT, 1)
    assert (pending.subject, pending.state, pending.attempts, pending.last_error) == (
        "答复书", Message.State.PENDING, 3, "ConnectionRefusedError")
    assert pending.attachments == [{
        "storage": "private", "name": "applications/letters/2026/reply.pdf",
        "filename": "政府信息公开申请答复书.pdf", "mimetype": "application/pdf"}]
    assert sent.message_id != pending.message_id

    Message.objects.filter(pk=pending.pk).update(attachments=[])  # the file is not on disk here
    assert deliver_due() == 1
    assert [email.subject for email in mail.outbox] == ["答复书"]
