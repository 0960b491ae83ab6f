"""Admin hooks of the site itself."""

from wagtail import hooks


@hooks.register("construct_main_menu")
def hide_wagtail_help_menu(request, menu_items):
    """Wagtail's 帮助 menu links to its English editor guide on a site outside China; the
    site's own help is the README and the staff's training, not that guide."""
    menu_items[:] = [item for item in menu_items if item.name != "help"]


@hooks.register("before_serve_page")
def mark_page_for_public_cache(page, request, serve_args, serve_kwargs):
    """A page Wagtail serves may be cached publicly unless its response turns out personal
    (portal.page_cache decides when the response is made)."""
    from portal.page_cache import mark_public_page

    mark_public_page(request)
