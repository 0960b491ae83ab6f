"""What follows a real publication: change notes go public, withdrawals end.

Wagtail sends `page_published` also when a revision is only scheduled (wagtail #13959), so each
handler first checks, on a fresh copy, that the page is live with that very revision.
"""

from django.utils import timezone
from wagtail.models import Page
from wagtail.signals import page_published

from .workflow_models import ChangeNote, Withdrawal


def is_really_live(instance, revision) -> bool:
    """True only if the page is live now and its live revision is `revision`."""
    fresh = Page.objects.filter(pk=instance.pk).values("live", "live_revision_id").first()
    return bool(fresh and fresh["live"] and revision and fresh["live_revision_id"] == revision.pk)


def on_page_published(sender, instance, revision=None, **kwargs):
    if not is_really_live(instance, revision):
        return
    Withdrawal.objects.filter(page_id=instance.pk, active=True).update(active=False)
    ChangeNote.objects.filter(revision=revision, published_at__isnull=True).update(
        published_at=timezone.now())


def register():
    page_published.connect(on_page_published, dispatch_uid="publishing_workflow_page_published")



