"""Background tasks of the site itself (django-tasks)."""

from django_tasks import task


@task()
def purge_whole_site(site_id: int) -> int:
    """Purge every live page of a site from nginx's page cache (after a change that shows on
    every page: the main menu, a site setting); the number of URLs sent."""
    from wagtail.models import Site

    from portal.cache_purge import all_page_urls, purge_urls

    site = Site.objects.filter(pk=site_id).select_related("root_page").first()
    if site is None:
        return 0
    urls = all_page_urls(site)
    purge_urls(urls)
    return len(urls)
