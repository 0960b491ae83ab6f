"""Keeping the index in step with the pages: update one page, rebuild everything, check.

Every change goes through `update_page(page_id)`, which looks at the page's CURRENT state
(only what the public may see is ever indexed): indexable → upsert, anything else (draft, scheduled, withdrawn, expired,
restricted, deleted) → remove. The `IndexEntry` table is always kept (it is what the database
backend searches, and what `check` and the Elasticsearch rebuild read); when SEARCH_BACKEND is
"elasticsearch" each change is mirrored there too.
"""

import logging
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, connections, transaction
from django.db.models import Max
from django.utils import timezone
from wagtail.models import Page

from search.backends import get_backend, postings
from search.documents import IndexDocument, build_document, indexable_pages
from search.models import FacetSet, IndexEntry, IndexState
from search.segmentation import TOKEN_VERSION

logger = logging.getLogger(__name__)

REBUILD_BATCH = 500
DELETE_BATCH = 5000
PARALLEL_THRESHOLD = 5000  # pages; below this a rebuild runs in the calling process


def update_page(page_id: int) -> str:
    """Bring one page's index entry in line with the page as it is now; say what was done."""
    page = Page.objects.filter(pk=page_id).first()
    if page is None or not indexable_pages().filter(pk=page_id).exists():
        remove_page(page_id)
        return "removed"
    document = build_document(page)
    state = IndexState.current()
    with transaction.atomic():
        values = entry_values(document)
        for generation in state.live_generations():
            IndexEntry.objects.update_or_create(
                page_id=page_id, generation=generation, defaults=values)
    get_backend().mirror_upsert([page_id])
    return "indexed"


def remove_page(page_id: int) -> None:
    IndexEntry.objects.filter(page_id=page_id).delete()
    get_backend().mirror_delete([page_id])


def entry_values(document: IndexDocument, facet_sets: "FacetSets | None" = None) -> dict:
    """The IndexEntry columns for a document (without page and generation)."""
    return {
        "facet_set_id": (facet_sets or FacetSets()).id_for(document),
        "url": document.url[:1000],
        "title": document.title[:500],
        "summary": document.summary,
        "body": document.body,
        "attachments_text": document.attachments_text,
        "document_number": document.document_number[:100],
        "document_number_key": document.document_number_key[:100],
        "index_number": document.index_number[:100],
        "index_number_key": document.index_number_key[:100],
        "issuing_body": document.issuing_body[:200],
        "column": document.column[:255],
        "column_id": document.column_id,
        "kind": document.kind[:100],
        "subject": document.subject[:500],
        "validity": document.validity[:50],
        "published_on": document.published_on,
        "year": document.year,
        "expire_at": document.expire_at,
        "fingerprint": document.fingerprint(),
        **document.token_fields(),
    }


class FacetSets:
    """FacetSet ids by facet values, for one batch of writes (not kept longer: an id
    remembered across transactions could belong to a row that was rolled back)."""

    def __init__(self, preload: bool = False):
        self.ids: dict[tuple, int] = {}
        if preload:  # a rebuild's chunk: every combination there is, in one query
            for facet_set in FacetSet.objects.order_by("-pk"):
                self.ids[facet_set.values()] = facet_set.pk  # the smallest id wins

    def id_for(self, document: IndexDocument) -> int:
        column_id = int(document.column_id) if document.column_id is not None else None
        values = (document.kind[:100], column_id, document.column[:255], document.year,
                  document.issuing_body[:200], document.validity[:50])
        if values not in self.ids:
            fields = dict(zip(FacetSet.VALUE_FIELDS, values, strict=True))
            facet_set = FacetSet.objects.filter(**fields).order_by("pk").first() \
                or FacetSet.objects.create(**fields)
            self.ids[values] = facet_set.pk
        return self.ids[values]


@dataclass
class RebuildReport:
    generation: int
    indexed: int
    seconds: float


def rebuild(progress=None) -> RebuildReport:
    """Index every indexable page into a new generation, then switch searches over to it.

    Searches keep reading the active generation the whole time; page updates that arrive
    meanwhile are written to both generations (`IndexState.live_generations`), and an update
    that lands first wins over the rebuild's older copy of the page (`ignore_conflicts`).
    """
    started = timezone.now()
    with transaction.atomic():
        state = IndexState.objects.select_for_update().get(pk=IndexState.current().pk)
        top = IndexEntry.objects.aggregate(top=Max("generation"))["top"] or 0
        new = max(state.active_generation, state.building_generation or 0, top) + 1
        state.building_generation = new
        state.save(update_fields=["building_generation"])
    if connection.vendor == "postgresql":
        # The new generation's postings are normalised by the lengths of the pages today.
        with connection.cursor() as cursor:
            postings.refresh_averages(cursor, state.active_generation)
    page_ids = list(indexable_pages().order_by("path").values_list("pk", flat=True))
    chunks = [page_ids[start:start + REBUILD_BATCH]
              for start in range(0, len(page_ids), REBUILD_BATCH)]
    indexed = 0
    for count in _index_chunks(chunks, new, rebuild_workers(len(page_ids))):
        indexed += count
        if progress:
            progress(indexed, len(page_ids))
    with transaction.atomic():
        state = IndexState.objects.select_for_update().get(pk=state.pk)
        state.active_generation = new
        state.building_generation = None
        state.rebuilt_at = timezone.now()
        state.token_version = TOKEN_VERSION
        state.save()
    _delete_generations_except(new)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            postings.refresh_statistics(cursor, new)
        _tidy_postgresql_table()
    get_backend().mirror_rebuild(new, changed_since=started)
    return RebuildReport(new, indexed, (timezone.now() - started).total_seconds())


def _tidy_postgresql_table() -> None:
    """After a rebuild: VACUUM removes the old generation's rows from the tables and their
    indexes (until then a query's GIN bitmap still points at them) and merges the GIN pending
    lists, which took the new rows and which every query reads in full; REINDEX CONCURRENTLY
    then rebuilds the GIN indexes, which VACUUM leaves half empty (a query read four times as
    many pages of them after a few rebuilds), and the postings' two indexes, which a rebuild
    leaves twice their size, without stopping searches or updates; ANALYZE
    gives the planner fresh statistics. Inside a transaction (tests) neither can run: the
    pending lists are merged and the statistics refreshed only."""
    with connection.cursor() as cursor:
        if connection.in_atomic_block:
            for index in GIN_INDEXES:
                cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index])
            for table in TABLES:
                cursor.execute(f"ANALYZE {table}")
        else:
            for table in TABLES:
                cursor.execute(f"VACUUM (ANALYZE) {table}")
            for index in (*GIN_INDEXES, *POSTING_INDEXES):
                cursor.execute(f"REINDEX INDEX CONCURRENTLY {index}")
        cursor.execute("ANALYZE wagtailcore_page")  # queries join it on visibility


GIN_INDEXES = ("search_indexrow_vector_gin",)
POSTING_INDEXES = ("search_posting_pkey", "search_posting_by_impact")
TABLES = ("search_indexentry", "search_indexrow", "search_posting", "search_termstat")


def rebuild_workers(page_count: int) -> int:
    """How many processes segment pages in a rebuild: one per core on PostgreSQL for large
    sites (jieba is pure Python, so segmentation is CPU-bound), else one (SQLite has a single
    writer, and forking is not worth it for a few thousand pages)."""
    if connection.vendor != "postgresql" or page_count < PARALLEL_THRESHOLD:
        return 1
    configured = getattr(settings, "SEARCH_REBUILD_WORKERS", None) \
        or os.environ.get("SEARCH_REBUILD_WORKERS")
    return max(1, int(configured or os.cpu_count() or 1))


def _index_chunks(chunks, generation: int, workers: int):
    """Index each chunk of page ids into `generation`, yielding how many pages each added."""
    if workers <= 1:
        for chunk in chunks:
            yield _index_chunk(chunk, generation)
        return
    connections.close_all()  # each forked worker opens its own connection
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        yield from pool.map(_index_chunk, chunks, [generation] * len(chunks))


def _index_chunk(page_ids: list[int], generation: int) -> int:
    documents = []
    for page in Page.objects.filter(pk__in=page_ids).specific(defer=False):
        try:
            documents.append(build_document(page))
        except Exception:  # noqa: BLE001 - one broken page must not stop the rebuild
            logger.exception("索引页面失败：page %s", page.pk)
    facet_sets = FacetSets(preload=True)  # outside a transaction, new sets commit at once
    entries = [IndexEntry(page_id=document.page_id, generation=generation,
                          **entry_values(document, facet_sets)) for document in documents]
    with transaction.atomic():
        IndexEntry.objects.bulk_create(entries, ignore_conflicts=True)
    return len(entries)


def refresh_statistics() -> int:
    """PostgreSQL: renew the common words' document frequencies that ranking reads (daily);
    say how many words are kept (0 elsewhere)."""
    if connection.vendor != "postgresql":
        return 0
    with connection.cursor() as cursor:
        return postings.refresh_statistics(cursor, IndexState.current().active_generation)


def update_all(progress=None) -> dict[str, int]:
    """Update every page that is indexed or should be (no swap; for after a dictionary change)."""
    state = IndexState.current()
    wanted = set(indexable_pages().values_list("pk", flat=True))
    present = set(IndexEntry.objects.filter(generation=state.active_generation)
                  .values_list("page_id", flat=True))
    counts = {"indexed": 0, "removed": 0}
    todo = sorted(wanted | present)
    for number, page_id in enumerate(todo, 1):
        counts[update_page(page_id)] += 1
        if progress:
            progress(number, len(todo))
    return counts


@dataclass
class CheckReport:
    """Pages missing from the index, stale in it, or in it when they should not be."""

    missing: list[int] = field(default_factory=list)
    stale: list[int] = field(default_factory=list)
    extra: list[int] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.missing or self.stale or self.extra)


def check() -> CheckReport:
    """Compare every indexable page's current fingerprint with its entry's."""
    state = IndexState.current()
    stored = dict(IndexEntry.objects.filter(generation=state.active_generation)
                  .values_list("page_id", "fingerprint"))
    report = CheckReport()
    wanted = list(indexable_pages().order_by("path").values_list("pk", flat=True))
    for start in range(0, len(wanted), REBUILD_BATCH):
        chunk = wanted[start:start + REBUILD_BATCH]
        for page in Page.objects.filter(pk__in=chunk).specific(defer=False):
            if page.pk not in stored:
                report.missing.append(page.pk)
            elif build_document(page, with_attachments=False).fingerprint() != stored[page.pk]:
                report.stale.append(page.pk)
    report.extra = sorted(set(stored) - set(wanted))
    return report


def _delete_generations_except(generation: int) -> None:
    """Drop old generations in slices, so no single transaction holds the table for long."""
    if connection.vendor == "postgresql":
        # Their postings first, by generation (the trigger would delete them entry by entry).
        with connection.cursor() as cursor:
            while True:
                cursor.execute("""DELETE FROM search_posting WHERE ctid = ANY(ARRAY(
                    SELECT ctid FROM search_posting WHERE generation <> %s LIMIT %s))""",
                               [generation, DELETE_BATCH * 100])
                if not cursor.rowcount:
                    break
            cursor.execute("DELETE FROM search_termstat WHERE generation <> %s", [generation])
    while True:
        ids = list(IndexEntry.objects.exclude(generation=generation)
                   .values_list("pk", flat=True)[:DELETE_BATCH])
        if not ids:
            return
        IndexEntry.objects.filter(pk__in=ids).delete()


def update_pages_containing(words: list[str]) -> int:
    """Re-index the pages whose text contains any of the words; say how many.

    After a word joins or leaves the dictionary, the pages that contain it are segmented
    differently; only those need their tokens renewed.
    """
    from django.db.models import Q

    condition = Q()
    for word in words:
        if word:
            condition |= (Q(title__contains=word) | Q(summary__contains=word)
                          | Q(body__contains=word) | Q(attachments_text__contains=word))
    if not condition:
        return 0
    page_ids = set(IndexEntry.objects.filter(condition).values_list("page_id", flat=True))
    for page_id in sorted(page_ids):
        update_page(page_id)
    return len(page_ids)
