"""Signal receivers: every event that can change what the public may find enqueues an update.

Publish, unpublish (which is also how withdrawal and expiry take a page down), move, delete and
view-restriction changes each enqueue `update_page_index` for the page — and for its descendants
where their address or visibility changes with it — once the transaction commits. The task reads
the page's current state, so a page published only for later (wagtail #13959) stays out.

Inside `batched_page_updates()` (a bulk import), the pages' updates are gathered into one
`update_pages_index` task for all of them instead of one task each.
"""

import threading
from contextlib import contextmanager

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from search.models import SearchTerm

_batch = threading.local()


@contextmanager
def batched_page_updates():
    """Gather the index updates asked for inside the block into one task for all the pages,
    enqueued once the current transaction commits (use it inside that transaction). A block
    inside another adds to the outer one's task."""
    if getattr(_batch, "page_ids", None) is not None:
        yield
        return
    _batch.page_ids = page_ids = set()
    try:
        yield
    finally:
        _batch.page_ids = None
        if page_ids:
            from search.tasks import update_pages_index

            ordered = sorted(page_ids)
            transaction.on_commit(lambda: update_pages_index.enqueue(ordered))


def enqueue_page_update(page_ids) -> None:
    """Enqueue an index update for each page once the current transaction commits."""
    from search.tasks import update_page_index

    gathering = getattr(_batch, "page_ids", None)
    if gathering is not None:
        gathering.update(page_ids)
        return
    for page_id in sorted(set(page_ids)):
        transaction.on_commit(lambda page_id=page_id: update_page_index.enqueue(page_id))


def _page_and_descendants(page) -> list[int]:
    return list(Page.objects.descendant_of(page, inclusive=True).values_list("pk", flat=True))


def on_published(sender, instance, **kwargs):
    enqueue_page_update([instance.pk])


def on_unpublished(sender, instance, **kwargs):
    enqueue_page_update([instance.pk])


def on_moved(sender, instance, **kwargs):
    enqueue_page_update(_page_and_descendants(instance))


def on_deleted(sender, instance, **kwargs):
    enqueue_page_update([instance.pk])


def on_restriction_changed(sender, instance, **kwargs):
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        enqueue_page_update(_page_and_descendants(page))


def on_term_changed(sender, instance, **kwargs):
    from search import segmentation
    from search.tasks import update_pages_containing

    segmentation.reload_dictionary()
    words = instance.all_forms()
    transaction.on_commit(lambda: update_pages_containing.enqueue(words))


def connect() -> None:
    page_published.connect(on_published, dispatch_uid="search_page_published")
    page_unpublished.connect(on_unpublished, dispatch_uid="search_page_unpublished")
    post_page_move.connect(on_moved, dispatch_uid="search_page_moved")
    post_delete.connect(on_deleted, sender=Page, dispatch_uid="search_page_deleted")
    post_save.connect(on_restriction_changed, sender=PageViewRestriction,
                      dispatch_uid="search_restriction_saved")
    post_delete.connect(on_restriction_changed, sender=PageViewRestriction,
                        dispatch_uid="search_restriction_deleted")
    post_save.connect(on_term_changed, sender=SearchTerm, dispatch_uid="search_term_saved")
    post_delete.connect(on_term_changed, sender=SearchTerm, dispatch_uid="search_term_deleted")
