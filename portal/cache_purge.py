"""Purging nginx's page cache the moment a public page changes.

Wagtail's frontend cache (wagtail.contrib.frontend_cache: its HTTP purge backend, its batch of
a page's cached URLs) sends one PURGE per URL to every nginx node in
`PAGE_CACHE_PURGE_URLS` (deploy/nginx.conf's purge server, Debian's
libnginx-mod-http-cache-purge 2.3, which removes one exact key: `$host$request_uri`).

What changes a public page, and what is purged (after the transaction commits):

- publish (now or at the scheduled time), unpublish, expiry, deletion (Wagtail's
  `page_published` / `page_unpublished`, which deletion and the publisher's expiry send too);
- withdrawal (`publishing.signals.page_withdrawn`): the page and its attachments; when the
  reason is confidentiality a purge that fails raises an alarm to the disclosure office;
- a move (`post_page_move`): the old and the new address of the page and of every page below it;
- each of these also purges the pages that list or link the changed one: its ancestors (its
  column, the catalogue root, the home page), the pages that link to it or that it links to
  (Wagtail's reference index, and many-to-many relations between pages such as a policy and its
  interpretation), the Atom feeds and the sitemap;
- a message's answer published or taken down in 互动交流 (`interaction.signals`): the listing,
  the message's own page and the sitemap; any step on a message about a page (a fund's
  complaints): that page;
- a fund's statistics stored by the background task: the fund's page;
- a department saved (renamed): the catalogue columns and fund pages that name it;
- a change to the main menu (a page directly below a site's home page) or to a site setting
  (the organisation's name in every header and footer) shows on every page: the whole site is
  purged, in a background task.

Wagtail's stock backend has no timeout and only logs a failure; `BoundedPurgeBackend` gives
each PURGE a time limit, retries it, and reports the URLs it could not purge. The app
`wagtail.contrib.frontend_cache` is not installed: its own signal handlers would send a
second, unbounded purge of the page alone on every publish.
"""

import logging
import time
from urllib.error import HTTPError, URLError
from urllib.parse import quote, urlsplit, urlunsplit
from urllib.request import urlopen

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail import __version__ as wagtail_version
from wagtail.contrib.frontend_cache.backends.http import HTTPBackend, PurgeRequest
from wagtail.contrib.frontend_cache.utils import PurgeBatch, get_backends
from wagtail.models import Page, ReferenceIndex

logger = logging.getLogger("portal.cache")


class PurgeFailed(Exception):
    def __init__(self, urls):
        super().__init__(f"could not purge {len(urls)} URL(s): {', '.join(urls[:5])}")
        self.urls = list(urls)


class BoundedPurgeBackend(HTTPBackend):
    """Wagtail's HTTP purge backend with a time limit per PURGE, retries, and a result.

    Options besides LOCATION: TIMEOUT (seconds per attempt, default 2), RETRIES (further
    attempts after the first, default 2). nginx's cache purge answers 200 when it removed the
    key and 404 when the key was not cached: both mean the cache no longer holds the URL.
    """

    def __init__(self, params):
        params = dict(params)
        self.timeout = float(params.pop("TIMEOUT", 2.0))
        self.retries = int(params.pop("RETRIES", 2))
        super().__init__(params)

    def purge(self, url):
        self.purge_batch([url])

    def purge_batch(self, urls):
        failed = [url for url in urls if not self._purge_with_retries(url)]
        if failed:
            raise PurgeFailed(failed)

    def _purge_with_retries(self, url) -> bool:
        for attempt in range(self.retries + 1):
            if self._purge_once(url):
                return True
            if attempt < self.retries:
                time.sleep(0.1 * (attempt + 1))
        return False

    def _purge_once(self, url) -> bool:
        parts = urlsplit(url)
        host = parts.hostname + (f":{parts.port}" if parts.port else "")
        # The path as a browser sends it (percent-encoded UTF-8), so that the key matches
        # nginx's $request_uri.
        path = quote(parts.path, safe="/%:@!$&'()*+,;=-._~")
        request = PurgeRequest(
            url=urlunsplit([self.cache_scheme, self.cache_netloc, path, parts.query, ""]),
            headers={"Host": host, "User-Agent": f"Wagtail-frontendcache/{wagtail_version}"})
        try:
            with urlopen(request, timeout=self.timeout) as response:  # noqa: S310 (LOCATION is configured)
                return response.status == 200
        except HTTPError as error:
            if error.code == 404:
                return True
            logger.warning("purge of %s at %s: HTTP %s", url, self.cache_netloc, error.code)
        except (URLError, OSError) as error:
            logger.warning("purge of %s at %s: %s", url, self.cache_netloc, error)
        return False


# --- purging ------------------------------------------------------------------------------------

def purge_urls(urls, *, confidential_page=None) -> dict[str, list[str]]:
    """Purge `urls` from every configured nginx node; the URLs each node could not purge.

    With `confidential_page` (a page withdrawn for confidentiality), a failure is an alarm to
    the disclosure office: the page may still be served from that node's cache.
    """
    urls = sorted(set(urls))
    backends = get_backends()
    if not urls or not backends:
        return {}
    failures = {}
    for name, backend in backends.items():
        try:
            backend.purge_batch(urls)
        except PurgeFailed as error:
            failures[name] = error.urls
    if failures:
        logger.error("page cache purge failed: %s", failures)
        if confidential_page is not None:
            alarm_office(confidential_page, failures)
    return failures


def alarm_office(page, failures) -> None:
    """Mail the disclosure office: a page withdrawn for confidentiality may still be cached."""
    from django.contrib.auth import get_user_model

    from departments.roles import DISCLOSURE_OFFICE
    from outbox.mail import queue

    recipients = (get_user_model().objects.filter(
        is_active=True, groups__name=DISCLOSURE_OFFICE.group_name).exclude(email="")
        .values_list("email", flat=True).distinct())
    nodes = "\n".join(f"{name}: {', '.join(urls)}" for name, urls in sorted(failures.items()))
    subject = _("【紧急】因保密撤回的页面未能从页面缓存中清除：%(title)s") % {"title": page.title}
    body = _("页面“%(title)s”（ID %(pk)s）因涉及保密已撤回，但以下缓存节点未能清除其副本，"
             "公众可能仍能看到该页面。请立即联系系统管理员在这些节点上清除缓存"
             "（或重启 nginx 并删除缓存目录）：\n\n%(nodes)s\n") % {
        "title": page.title, "pk": page.pk, "nodes": nodes}
    with transaction.atomic():
        for address in recipients:
            queue(address, subject, body, about=page)


def page_change_urls(page, *, old_url_path: str | None = None) -> set[str]:
    """The URLs that show `page` or link to it: the page (at its old address too, after a move),
    its ancestors, the pages related to it, the feeds and the sitemap."""
    batch = PurgeBatch()
    page = page.specific_deferred
    batch.add_page(page)
    for ancestor in page.get_ancestors().filter(depth__gt=1):
        batch.add_page(ancestor)
    for related in Page.objects.filter(pk__in=related_page_ids(page)).live():
        batch.add_page(related)
    urls = set(batch.urls)
    site = page.get_site()
    if site is not None:
        urls |= site_wide_urls(site, columns=[a.pk for a in page.get_ancestors()])
        if old_url_path:
            urls |= _urls_below(site, page, old_url_path)
    return urls


def related_page_ids(page) -> set[int]:
    """Pages that link to `page` or that it links to: Wagtail's reference index (foreign keys,
    rich text and stream field links) and many-to-many relations between pages (modelcluster's
    ParentalManyToManyField, which the reference index leaves out)."""
    page_type = ReferenceIndex._get_base_content_type(Page)
    ids = set()
    ids.update(int(pk) for pk in ReferenceIndex.objects.filter(
        to_content_type=page_type, to_object_id=str(page.pk), base_content_type=page_type)
        .values_list("object_id", flat=True))
    ids.update(int(pk) for pk in ReferenceIndex.objects.filter(
        base_content_type=page_type, object_id=str(page.pk), to_content_type=page_type)
        .values_list("to_object_id", flat=True))
    specific = page.specific
    for field in type(specific)._meta.get_fields():
        if not field.many_to_many or not issubclass(field.related_model, Page):
            continue
        name = field.get_accessor_name() if field.auto_created else field.name
        manager = getattr(specific, name, None)
        if manager is not None:
            ids.update(pk for pk in manager.all().values_list("pk", flat=True))
    ids.discard(page.pk)
    return ids


def site_wide_urls(site, *, columns=()) -> set[str]:
    """The feeds and the sitemap of `site` (and the feeds of the given catalogue columns)."""
    root = site.root_url
    urls = {root + reverse("sitemap"), root + reverse("disclosure:feed")}
    for column_id in columns:
        urls.add(root + reverse("disclosure:column_feed", args=[column_id]))
    return urls


def all_page_urls(site) -> set[str]:
    """Every live page of `site`, its feeds and sitemap: for a change that shows on every page."""
    batch = PurgeBatch()
    pages = Page.objects.live().descendant_of(site.root_page, inclusive=True).specific(defer=True)
    batch.add_pages(pages)
    return set(batch.urls) | site_wide_urls(site)


def _urls_below(site, page, old_url_path: str) -> set[str]:
    """The addresses a moved page and the live pages below it had (their old url_path)."""
    root_path = site.root_page.url_path
    if not old_url_path.startswith(root_path):
        return set()
    new_url_path = page.url_path
    urls = set()
    for url_path in [new_url_path, *page.get_descendants().live().values_list("url_path", flat=True)]:
        if url_path.startswith(new_url_path):
            before = old_url_path + url_path[len(new_url_path):]
            urls.add(site.root_url + "/" + before[len(root_path):])
    return urls


def purge_later(urls, *, confidential_page=None) -> None:
    """Purge after the current transaction commits (before it, nginx could fetch the old page
    again and keep it)."""
    urls = set(urls)
    transaction.on_commit(lambda: purge_urls(urls, confidential_page=confidential_page))


def purge_whole_site_later(site_id: int) -> None:
    from portal.tasks import purge_whole_site

    transaction.on_commit(lambda: purge_whole_site.enqueue(site_id))

