"""Applicants' emails move to the site's one mail outbox (outbox.Message).

The rows are copied rather than the table kept: the old table points at applications and
letters by foreign keys, and the outbox sits below every app and may point at none of them.
Each copy keeps its text, attempts and sent time, is linked back to its application through
`about` (a generic link), takes its letter as a stored attachment, and gets the Message-ID it
will be sent (or re-sent) under.
"""

from django.conf import settings
from django.core.mail.message import make_msgid
from django.db import migrations


def forwards(apps, schema_editor):
    OutgoingEmail = apps.get_model("applications", "OutgoingEmail")
    Message = apps.get_model("outbox", "Message")
    ContentType = apps.get_model("contenttypes", "ContentType")
    about_type, _created = ContentType.objects.get_or_create(
        app_label="applications", model="disclosureapplication")
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "localhost"
    for email in OutgoingEmail.objects.select_related("letter").order_by("pk"):
        attachments = []
        if email.letter_id and email.letter.file:
            kinds = dict(email.letter._meta.get_field("kind").flatchoices)
            attachments.append({"storage": "private", "name": email.letter.file.name,
                                "filename": f"{kinds.get(email.letter.kind, '告知文书')}.pdf",
                                "mimetype": "application/pdf"})
        Message.objects.create(
            to=email.to, subject=email.subject, body=email.body, attachments=attachments,
            message_id=make_msgid(domain=domain), about_type=about_type,
            about_id=email.application_id,
            state="sent" if email.sent_at else "pending", created_at=email.created_at,
            next_attempt_at=email.created_at, sent_at=email.sent_at, attempts=email.attempts,
            last_error=email.last_error)


def backwards(apps, schema_editor):
    OutgoingEmail = apps.get_model("applications", "OutgoingEmail")
    Message = apps.get_model("outbox", "Message")
    for message in Message.objects.filter(about_type__app_label="applications",
                                          about_type__model="disclosureapplication"):
        OutgoingEmail.objects.create(
            application_id=message.about_id, to=message.to, subject=message.subject,
            body=message.body, created_at=message.created_at, sent_at=message.sent_at,
            attempts=message.attempts, last_error=message.last_error)


class Migration(migrations.Migration):

    dependencies = [
        ("applications", "0003_tracking_counter_to_serials"),
        ("outbox", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
        migrations.DeleteModel(name="OutgoingEmail"),
    ]
