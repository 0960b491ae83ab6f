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


@register.simple_tag(takes_context=True)
def page_ancestors(context, page):
    """The pages above `page`, from the home page down (the breadcrumbs): those the home page's
    routing already read for this request (portal.models.HomePage.route), else a query."""
    request = context.get("request")
    known = getattr(request, "page_ancestors", None)
    if known is not None and known[0] == page.pk:
        return known[1]
    return list(page.get_ancestors().filter(depth__gt=1))
