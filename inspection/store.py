"""The per-page findings of the inspection, kept between runs so a daily run reads only what
changed (issue 20: a full run of 100,000 pages under 10 minutes, an incremental one under 1).

A run today brings the store of its site up to date, then reads every page's findings from it:
- the first run, a run after a word list changed (领导姓名职务, 错误表述, 敏感词), a run more
  than FULL_EVERY_DAYS after the last full one, and `full=True` check every live page;
- otherwise only these pages are checked again: pages published since the last run (their
  `last_published_at` is newer), pages that became live or public, pages whose address moved,
  pages with a date finding (a future date stops being one), and the pages whose links led to a
  page that is gone or moved since, or to an address a new page now answers, or to a document or
  image that was deleted. The rows of pages no longer live are dropped.

A run as of another day (`--date`) checks every page in memory and leaves the store alone: the
store is the state of today.

What an incremental run cannot see: a document's file deleted from storage behind the site's
back (its row still there) and a change of the site's own routes. The weekly full run finds them.
"""

from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from workdays.local_time import local_today

from .models import InspectedPage, InspectionCursor, PageLink
from .rules import Finding, PageChecker, chunked

FULL_EVERY_DAYS = 7
BATCH = 5000


@dataclass
class StoreRun:
    """How the per-page rules were run: full, incremental or in memory, and how many pages."""

    mode: str
    checked: int
    note: str = ""


def page_findings(site, rows, day, started, *, full=False):
    """({page id: [Finding]}, StoreRun) of the live pages `rows` on `day`."""
    from . import external

    checker = PageChecker(rows, day)
    if day != local_today():
        per_page = {page.pk: found for page, found, _links in checker.check_all(rows) if found}
        note = (_("外部链接未检查：按指定日期检查时不访问外部链接。") if external.enabled()
                else external.external_note())
        return per_page, StoreRun("memory", len(rows), note)
    # The row exists before it is locked, so two first runs at once wait for each other.
    never = datetime(2000, 1, 1, tzinfo=UTC)
    InspectionCursor.objects.get_or_create(site=site, defaults={
        "refreshed_at": never, "full_at": never, "fingerprint": ""})
    with transaction.atomic():
        cursor = InspectionCursor.objects.select_for_update().get(site=site)
        if (full or cursor.fingerprint != checker.fingerprint
                or cursor.full_at < started - timedelta(days=FULL_EVERY_DAYS)):
            InspectedPage.objects.filter(site=site).delete()
            PageLink.objects.filter(site=site).delete()
            checked = _check(site, checker, rows)
            mode = "full"
            cursor.full_at = started
        else:
            recheck = _to_recheck(site, rows, cursor.refreshed_at)
            _forget(site, recheck | _gone(site, rows))
            checked = _check(site, checker, [row for row in rows if row.pk in recheck])
            mode = "incremental"
        cursor.refreshed_at = started
        cursor.fingerprint = checker.fingerprint
        cursor.save()
        per_page = {pk: [Finding(**item) for item in found] for pk, found in
                    InspectedPage.objects.filter(site=site, flagged=True)
                    .values_list("page_id", "findings")}
    # Outside the transaction: asking other servers may take a while.
    note = external.check_external_links(site)
    for pk, found in external.findings(site, {row.pk: row.title for row in rows}).items():
        per_page.setdefault(pk, []).extend(found)
    return per_page, StoreRun(mode, checked, note)


def _check(site, checker, rows) -> int:
    """Check `rows` and write their findings and links; return how many were checked."""
    url_paths = {row.pk: row.url_path for row in rows}
    pages, links = [], []
    for page, found, read in checker.check_all(rows):
        pages.append(InspectedPage(
            site=site, page_id=page.pk, url_path=url_paths[page.pk],
            findings=[asdict(finding) for finding in found], flagged=bool(found),
            dated=any(finding.rule == "dates" for finding in found)))
        links.extend(PageLink(site=site, source_id=page.pk, kind=link.kind,
                              target_id=link.target_id, target_path=link.target_path)
                     for link in read)
        if len(links) >= BATCH:
            PageLink.objects.bulk_create(links, batch_size=BATCH)
            links = []
        if len(pages) >= BATCH:
            InspectedPage.objects.bulk_create(pages, batch_size=BATCH)
            pages = []
    InspectedPage.objects.bulk_create(pages, batch_size=BATCH)
    PageLink.objects.bulk_create(links, batch_size=BATCH)
    return len(url_paths)


def _gone(site, rows) -> set:
    live = {row.pk for row in rows}
    return set(InspectedPage.objects.filter(site=site).values_list("page_id", flat=True)) - live


def _forget(site, ids) -> None:
    for chunk in chunked(ids):
        InspectedPage.objects.filter(site=site, page_id__in=chunk).delete()
        PageLink.objects.filter(site=site, source_id__in=chunk).delete()


def _to_recheck(site, rows, since) -> set:
    """The live pages an incremental run checks again (see the module's docstring)."""
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    stored = dict(InspectedPage.objects.filter(site=site).values_list("page_id", "url_path"))
    live = {row.pk: row for row in rows}
    new = {pk for pk in live if pk not in stored}
    gone = set(stored) - set(live)
    moved = {pk for pk, row in live.items() if pk in stored and stored[pk] != row.url_path}
    recheck = new | moved | {pk for pk, row in live.items()
                             if row.last_published_at and row.last_published_at >= since}
    recheck |= set(InspectedPage.objects.filter(site=site, dated=True)
                   .values_list("page_id", flat=True))
    # Links that led to a page now gone or moved, or named a page by id or address that is new.
    links = PageLink.objects.filter(site=site)
    for chunk in chunked(gone | moved | new):
        recheck |= set(links.filter(kind__in=("page", "path"), target_id__in=chunk)
                       .values_list("source_id", flat=True))
    addresses = [live[pk].url_path for pk in new | moved]
    for chunk in chunked(addresses):
        recheck |= set(links.filter(kind="path", target_id=None, target_path__in=chunk)
                       .values_list("source_id", flat=True))
    # Links to documents and images deleted since.
    for kind, model in (("document", get_document_model()), ("image", get_image_model())):
        recheck |= set(links.filter(kind=kind).exclude(
            Q(target_id__in=model.objects.values("pk"))).values_list("source_id", flat=True))
    return recheck & set(live)


def mode_label(run: StoreRun) -> str:
    """How the per-page rules were run, for the dashboard."""
    label = {"full": _("全量检查"), "incremental": _("增量检查"),
             "memory": _("全量检查（按指定日期，不更新记录）")}[run.mode]
    return _("逐页检查（链接、错敏词、发布日期）：%(mode)s，本次检查%(count)s个页面。") % {
        "mode": label, "count": run.checked}
