"""Every change that alters a public page purges nginx's page cache (portal.cache_purge).

Connected in PortalConfig.ready(): the site sits above the content apps and publishing, so it
may listen to Wagtail's page signals, publishing's `page_withdrawn` and every site setting.
"""

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from departments.models import Department
from portal import cache_purge, menus, site_cache


def connect() -> None:
    from funds.statistics import statistics_stored
    from interaction.signals import message_changed
    from publishing.signals import page_withdrawn

    page_published.connect(page_changed, dispatch_uid="portal-cache-published")
    page_unpublished.connect(page_changed, dispatch_uid="portal-cache-unpublished")
    post_page_move.connect(page_moved, dispatch_uid="portal-cache-moved")
    page_withdrawn.connect(page_withdrawn_from_cache, dispatch_uid="portal-cache-withdrawn")
    message_changed.connect(message_changed_in_cache, dispatch_uid="portal-cache-message")
    statistics_stored.connect(fund_statistics_stored, dispatch_uid="portal-cache-fund-statistics")
    post_save.connect(department_saved, sender=Department, dispatch_uid="portal-cache-department")
    post_save.connect(restriction_changed, sender=PageViewRestriction,
                      dispatch_uid="portal-cache-restriction-saved")
    post_delete.connect(restriction_changed, sender=PageViewRestriction,
                        dispatch_uid="portal-cache-restriction-deleted")
    for model in apps.get_models():
        if issubclass(model, BaseSiteSetting):
            post_save.connect(site_setting_saved, sender=model,
                              dispatch_uid=f"portal-cache-setting-{model._meta.label}")
    # The cached sites and their home pages (portal.site_cache).
    post_save.connect(site_changed, sender=Site, dispatch_uid="portal-site-cache-saved")
    post_delete.connect(site_changed, sender=Site, dispatch_uid="portal-site-cache-deleted")
    post_save.connect(page_saved, dispatch_uid="portal-site-cache-page-saved")


def page_changed(sender, instance, **kwargs):
    """Published (now or at its scheduled time), unpublished, expired or deleted."""
    _forget_site_if_root(instance)
    site_cache.forget_home_lists()
    if _purging():
        cache_purge.purge_later(cache_purge.page_change_urls(instance))
    _menu_may_have_changed(instance)


def page_moved(sender, instance, url_path_before, url_path_after, **kwargs):
    _forget_site_if_root(instance)
    site_cache.forget_home_lists()  # also a reordering: the home page lists sections in order
    if url_path_before == url_path_after or not instance.live:
        return
    if not _purging():
        _menu_may_have_changed(instance, always=True)
        return
    cache_purge.purge_later(cache_purge.page_change_urls(instance, old_url_path=url_path_before))
    parent_before = kwargs.get("parent_page_before")
    if parent_before is not None:
        cache_purge.purge_later(cache_purge.page_change_urls(parent_before))
    _menu_may_have_changed(instance, always=menus.is_menu_page(parent_before)
                           if parent_before is not None else False)


def page_withdrawn_from_cache(sender, page, withdrawal, **kwargs):
    """A withdrawn page and its attachments leave the cache at once; when the withdrawal is for
    confidentiality, a failure is an alarm to the disclosure office (cache_purge.alarm_office)."""
    site_cache.forget_home_lists()
    if not _purging():
        return
    urls = cache_purge.page_change_urls(page)
    site = page.get_site()
    attachments = getattr(page.specific, "attachments", None)
    if site is not None and attachments is not None:
        urls |= {site.root_url + item.document.url
                 for item in attachments.select_related("document")}
    confidential = withdrawal.reason == type(withdrawal).REASON_CONFIDENTIALITY
    cache_purge.purge_later(urls, confidential_page=page if confidential else None)


def message_changed_in_cache(sender, message, publication, **kwargs):
    """A message changed: the page it is about shows its counts (a fund's complaints); when its
    answer was published or taken down, also the 互动交流 listing, the message's own page and the
    sitemap (an answer taken down must not stay in the cache for a day)."""
    if not _purging():
        return
    from interaction.models import InteractionPage

    urls = set()
    if message.about_page_id:
        about = Page.objects.live().filter(pk=message.about_page_id).first()
        if about is not None:
            urls |= cache_purge.page_change_urls(about)
    if publication:
        for page in InteractionPage.objects.live():
            site = page.get_site()
            if site is None:
                continue
            listing = page.get_full_url()
            urls |= {listing, listing + page.reverse_subpage(
                "published", kwargs={"number": message.tracking_number})}
            urls |= cache_purge.site_wide_urls(site)
    if urls:
        cache_purge.purge_later(urls)


def fund_statistics_stored(sender, fund, **kwargs):
    """New statistics of a fund: its page shows them (until now it may have said 正在更新)."""
    if _purging() and fund.live:
        batch = cache_purge.PurgeBatch()
        batch.add_page(fund)
        cache_purge.purge_later(batch.urls)


def department_saved(sender, instance, **kwargs):
    """A department renamed: the catalogue columns and fund pages it owns name it (负责科室)."""
    if not _purging():
        return
    from disclosure.models import CatalogueColumn
    from funds.models import FundPage

    urls = set()
    for model in (CatalogueColumn, FundPage):
        for page in model.objects.live().filter(department=instance):
            urls |= cache_purge.page_change_urls(page)
    if urls:
        cache_purge.purge_later(urls)


def restriction_changed(sender, instance, **kwargs):
    """A page (and everything below it) becomes restricted or public again: no public copy of
    any of them may stay in the cache."""
    page = instance.page
    site_cache.forget()  # it says whether each home page is restricted
    site_cache.forget_home_lists()
    _menu_may_have_changed(page)
    if not _purging():
        return
    urls = cache_purge.page_change_urls(page)
    for below in page.get_descendants().live().specific(defer=True):
        urls |= cache_purge.page_change_urls(below)
    cache_purge.purge_later(urls)


def site_setting_saved(sender, instance, **kwargs):
    """A site setting (the organisation's name, address, 备案号...) shows on every page."""
    if not _purging():
        return
    cache_purge.purge_whole_site_later(instance.site_id)


def site_changed(sender, instance, **kwargs):
    site_cache.forget()


def page_saved(sender, instance, **kwargs):
    """Any save of a site's home page (also one outside publishing, such as a script's)."""
    if isinstance(instance, Page):
        _forget_site_if_root(instance)


def _forget_site_if_root(page) -> None:
    if site_cache.is_site_root(page):
        site_cache.forget()


def _menu_may_have_changed(page, *, always=False) -> None:
    """After the commit, rebuild the menu of the page's site if the page is in it; if the menu
    differs from the cached one, every page shows a stale menu: purge the whole site."""
    if not (always or menus.is_menu_page(page)):
        return
    site = page.get_site()
    if site is None:
        return

    def rebuild():
        before = menus.cached(site.pk)
        after = menus.rebuild(site)
        if before != after and _purging():
            cache_purge.purge_whole_site_later(site.pk)

    transaction.on_commit(rebuild)


def _purging() -> bool:
    """Whether there is a page cache to purge (no purge targets in `make demo`): without one,
    the URLs are not even worked out."""
    return bool(settings.WAGTAILFRONTENDCACHE)
