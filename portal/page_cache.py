"""Cache headers of public responses: what nginx's page cache, a CDN and a browser may keep.

Three lifetimes, each for one kind of cache:

- nginx's own page cache in front of the site (deploy/nginx.conf) keeps a public page for
  `PAGE_CACHE_SECONDS` (one day), through `X-Accel-Expires`, which nginx reads and never
  forwards: the site purges it the moment the page or anything it shows changes
  (portal.cache_purge). A URL with a query string (filtered and paged listings) gets
  `PAGE_CACHE_QUERY_SECONDS` (a few seconds): only exact keys can be purged; so does a page
  that says part of it is still being prepared (`PROVISIONAL_FLAG`).
- a browser or a CDN in front (domestic CDNs have no Wagtail purge backend) gets
  `Cache-Control: public, max-age=N, s-maxage=N` with N = `PAGE_CACHE_BROWSER_SECONDS` (60 s):
  a withdrawal reaches them within that.
- a personal response (a session, a CSRF token, a cookie set) gets `private, no-store`, and no
  X-Accel-Expires, so that nobody keeps it.

Only Wagtail pages (marked by the `before_serve_page` hook in portal/wagtail_hooks.py) and the
paths in `PUBLIC_CACHE_PATHS` (feeds, sitemap) are made public; every other response keeps the
headers its view gave it. The site is zh-hans only, so `Vary: Accept-Language` (added by
LocaleMiddleware) and `Vary: Cookie` are dropped from a public page: one copy per URL.
ETag and 304 come from Django's ConditionalGetMiddleware, listed before this middleware.
"""

from django.conf import settings
from django.utils.cache import patch_cache_control
from django.utils.http import http_date

# Public paths that are not Wagtail pages: the Atom feeds and the sitemap.
PUBLIC_CACHE_PATHS = ("/disclosure/feed/", "/sitemap.xml")
# Set on the request by the before_serve_page hook when Wagtail serves a page.
REQUEST_FLAG = "public_page_cache"
# Set on the request by a page that shows something still being prepared (a fund's statistics
# "正在更新"): nginx keeps such a copy for PAGE_CACHE_QUERY_SECONDS, not a day. A plain attribute
# name, so that a content app sets it without importing the site.
PROVISIONAL_FLAG = "page_cache_provisional"


def mark_public_page(request) -> None:
    setattr(request, REQUEST_FLAG, True)


class PublicCacheHeadersMiddleware:
    """Public cache headers on public pages, `private, no-store` on personal responses."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            return response
        if is_personal(request, response):
            mark_private(response)
        elif is_public_page(request, response):
            mark_public(request, response)
        return response


def is_personal(request, response) -> bool:
    """A response made for one person: they carry a session (logged in, a password-restricted
    page opened, a form filled in), the page holds a CSRF token, or the response sets a cookie."""
    return bool(settings.SESSION_COOKIE_NAME in request.COOKIES
                or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
                or response.cookies)


def is_public_page(request, response) -> bool:
    if response.status_code != 200 or response.streaming:
        return False
    if response.has_header("Cache-Control"):  # the view decided (e.g. never_cache)
        return False
    return bool(getattr(request, REQUEST_FLAG, False)
                or request.path.startswith(PUBLIC_CACHE_PATHS))


def mark_private(response) -> None:
    if "X-Accel-Expires" in response:
        del response["X-Accel-Expires"]
    response.headers.pop("Cache-Control", None)
    patch_cache_control(response, private=True, no_store=True)


def mark_public(request, response) -> None:
    seconds = settings.PAGE_CACHE_BROWSER_SECONDS
    patch_cache_control(response, public=True, max_age=seconds, s_maxage=seconds)
    short = request.META.get("QUERY_STRING") or getattr(request, PROVISIONAL_FLAG, False)
    nginx_seconds = settings.PAGE_CACHE_QUERY_SECONDS if short else settings.PAGE_CACHE_SECONDS
    response["X-Accel-Expires"] = str(nginx_seconds)
    if not response.has_header("Last-Modified"):
        # When this copy was made: nginx answers 304 to a revalidation that names exactly this
        # time, and a purge makes a new copy with a new time.
        response["Last-Modified"] = http_date()
    _drop_vary(response, {"accept-language", "cookie"})


def _drop_vary(response, names: set[str]) -> None:
    if not response.has_header("Vary"):
        return
    kept = [v.strip() for v in response["Vary"].split(",")
            if v.strip() and v.strip().lower() not in names]
    if kept:
        response["Vary"] = ", ".join(kept)
    else:
        del response["Vary"]
