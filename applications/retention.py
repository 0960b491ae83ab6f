"""Anonymisation of closed applications after APPLICATION_RETENTION_DAYS (a setting).

The applicant's personal data, uploads, emails and private files go; what the annual report
counts stays (applicant type, dates, reply type), so statistics are kept.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from workdays.local_time import local_today

from .models import ApplicationEvent, DisclosureApplication, State

ANONYMOUS = "（已匿名）"
PERSONAL_FIELDS = ("id_type", "id_number", "credit_code", "legal_representative",
                   "contact_person", "phone", "email", "address", "postcode",
                   "information_description", "correction_request", "reply_text",
                   "extension_reason")


def expired_applications(today=None):
    today = today or local_today()
    cutoff = today - timedelta(days=settings.APPLICATION_RETENTION_DAYS)
    return DisclosureApplication.objects.filter(state=State.CLOSED, closed_on__lt=cutoff,
                                                anonymised_at__isnull=True)


def anonymise_expired(today=None) -> int:
    count = 0
    for application in expired_applications(today):
        anonymise(application)
        count += 1
    return count


def anonymise(application) -> None:
    """Strip one closed application of its personal data, keeping its statistics."""
    with transaction.atomic():
        stored = [application.attachment] if application.attachment else []
        stored += [released.file for released in application.released_files.all()]
        stored += [letter.file for letter in application.letters.all()]
        names = [(field.storage, field.name) for field in stored if field.name]
        application.name = ANONYMOUS
        for field in PERSONAL_FIELDS:
            setattr(application, field, "")
        application.attachment = ""
        application.anonymised_at = timezone.now()
        application.save()
        application.emails.all().delete()
        application.released_files.all().delete()
        application.letters.all().delete()
        application.pauses.update(counterpart="")
        ApplicationEvent.objects.create(application=application, kind="anonymised")
        transaction.on_commit(lambda: [storage.delete(name) for storage, name in names])
