"""Admin hooks of the site itself."""

from wagtail import hooks


@hooks.register("construct_main_menu")
def hide_wagtail_help_menu(request, menu_items):
    """Wagtail's 帮助 menu links to its English editor guide on a site outside China; the
    site's own help is the README and the staff's training, not that guide."""
    menu_items[:] = [item for item in menu_items if item.name != "help"]
