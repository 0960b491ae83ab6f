"""Template tags for the site's frame: the main menu from the page tree (cached per site)."""

from django import template
from wagtail.models import Site

from portal import menus

register = template.Library()


@register.simple_tag(takes_context=True)
def main_menu(context):
    """The home page then its live, public children marked "show in menus", with the current
    one marked (`title`, `url`, `is_current`); read from the per-site cache (portal.menus)."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return []
    return menus.main_menu(site, context.get("page"))
