"""The main menu, cached per site: the home page's live, public children marked "show in menus".

It is on every page, so it is read from Django's cache (one entry per site) and rebuilt when a
page directly below a site's home page is published, unpublished, moved or deleted
(portal.cache_signals); `PAGE_MENU_CACHE_SECONDS` bounds how long a copy lives in any case.
"""

from types import SimpleNamespace

from django.conf import settings
from django.core.cache import cache
from wagtail.models import Site

from disclosure.publicity import public_only


def main_menu(site, current_page=None) -> list[SimpleNamespace]:
    """The home page then the menu pages of `site`, each with `title`, `url`, `is_current`."""
    entries = cache.get(_key(site.pk)) if settings.PAGE_MENU_CACHE_SECONDS else None
    if entries is None:
        entries = rebuild(site)
    items = []
    for entry in entries:
        item = SimpleNamespace(**entry)
        if current_page is None:
            item.is_current = False
        elif entry["is_root"]:
            item.is_current = current_page.pk == entry["pk"]
        else:
            item.is_current = current_page.path.startswith(entry["path"])
        items.append(item)
    return items


def rebuild(site) -> list[dict]:
    """Read the menu of `site` from the page tree and keep it in the cache; the entries."""
    root = site.root_page
    entries = [_entry(root, site, is_root=True)]
    entries += [_entry(page, site)
                for page in public_only(root.get_children().live().in_menu())]
    if settings.PAGE_MENU_CACHE_SECONDS:
        cache.set(_key(site.pk), entries, settings.PAGE_MENU_CACHE_SECONDS)
    return entries


def cached(site_id: int):
    return cache.get(_key(site_id))


def is_menu_page(page) -> bool:
    """A page directly below a site's root page (or a site's root page itself)."""
    root_paths = {root.root_path for root in Site.get_site_root_paths()}
    parent_path = page.url_path.rsplit("/", 2)[0] + "/"
    return page.url_path in root_paths or parent_path in root_paths


def _entry(page, site, *, is_root=False) -> dict:
    return {"pk": page.pk, "title": page.title, "path": page.path, "is_root": is_root,
            "url": page.get_url(current_site=site)}


def _key(site_id: int) -> str:
    return f"portal:main-menu:{site_id}"
