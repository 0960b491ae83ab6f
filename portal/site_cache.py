"""Which site answers a request, and its home page, from Django's cache (issue 21).

Wagtail finds the site of every request with a query (`get_site_for_hostname`), then reads the
site's root page and that page's specific type (two more) before routing: about a sixth of an
uncached page's CPU. The sites are few and change rarely, so all of them, each with its specific
root page, are kept in one cache entry; `SiteCacheMiddleware` picks the request's site from it
the way Wagtail does and hands it to Wagtail (`Site.find_for_request` keeps it on the request).

The entry is dropped when a site is saved or deleted, when a site's root page is saved,
published, unpublished or moved, and when a view restriction is added, changed or removed
(portal.cache_signals: the entry says whether each home page is restricted), at once and again after the commit (so
a request that read the old rows meanwhile does not keep them); `SITE_CACHE_SECONDS` bounds how
long a copy lives in any case. 0 turns the cache off (Wagtail's own lookup on every request).
"""

from django.conf import settings
from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key
from django.db import transaction
from django.http.request import split_domain_port
from wagtail.models import Page, Site

from disclosure import listing_cache
from disclosure.publicity import under_view_restriction

KEY = "portal:sites"


class SiteCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.SITE_CACHE_SECONDS and not hasattr(request, "_wagtail_site"):
            # The attribute Wagtail's Site.find_for_request keeps its answer in.
            request._wagtail_site = site_for_request(request)
        return self.get_response(request)


def site_for_request(request):
    """What `Site.find_for_request` answers (None when no site matches), from the cache."""
    # Wagtail reads the raw host too: no ALLOWED_HOSTS check here (CommonMiddleware does it).
    hostname = split_domain_port(request._get_raw_host())[0]
    return choose(all_sites(), hostname, request.get_port())


def all_sites() -> list[Site]:
    sites = cache.get(KEY)
    if sites is None:
        sites = list(Site.objects.select_related("root_page").order_by("pk"))
        restricted = set(Page.objects.filter(pk__in=[site.root_page_id for site in sites])
                         .filter(under_view_restriction()).values_list("pk", flat=True))
        for site in sites:
            site.root_page = site.root_page.specific
            # Read by HomePage.route: Wagtail's view-restriction check needs no queries.
            site.root_page.unrestricted_in_site_cache = (
                site.root_page_id not in restricted and not site.root_page.alias_of_id)
        cache.set(KEY, sites, settings.SITE_CACHE_SECONDS)
    return sites


def choose(sites, hostname, port):
    """Wagtail's `get_site_for_hostname` over the sites in memory: the site with this host
    name and port, else with this host name if it is the default site, else the only site with
    this host name, else the default site."""
    candidates = [site for site in sites if site.hostname == hostname or site.is_default_site]
    if not candidates:
        return None

    def rank(site):
        if site.hostname == hostname and str(site.port) == str(port):
            return 0
        if site.hostname == hostname and site.is_default_site:
            return 1
        return 2 if site.is_default_site else 3

    candidates.sort(key=rank)
    best = candidates[0]
    if len(candidates) == 1 or rank(best) in (0, 1):
        return best
    if rank(best) == 2:
        return candidates[len(candidates) == 2]
    return None


def forget() -> None:
    """Drop the cached sites now and once more when the current transaction commits."""
    cache.delete(KEY)
    transaction.on_commit(lambda: cache.delete(KEY))


# The home page's lists (the catalogue's sections, the latest disclosures, the menu sections):
# a `{% cache %}` fragment of templates/portal/home_page.html, one per home page.
HOME_LISTS = "portal-home-lists"


def forget_home_lists() -> None:
    """Drop every home page's cached lists and every column's cached listing (a new generation
    of disclosure.listing_cache) now and once more after the commit: a page was published,
    unpublished, withdrawn, moved or deleted, or a view restriction changed."""
    keys = [make_template_fragment_key(HOME_LISTS, [site.root_page_id])
            for site in Site.objects.only("root_page_id")]
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))
    listing_cache.advance()


def is_site_root(page) -> bool:
    return any(site.root_page_id == page.pk for site in Site.objects.only("root_page_id"))
