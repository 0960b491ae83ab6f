"""Template tags for the site's frame: the main menu from the page tree."""

from django import template
from wagtail.models import Site

register = template.Library()


@register.simple_tag(takes_context=True)
def main_menu(context):
    """The home page's live, public children marked "show in menus", with the current one marked."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return []
    current = context.get("page")
    root = site.root_page
    items = list(root.get_children().live().public().in_menu())
    for item in items:
        item.is_current = bool(current and current.path.startswith(item.path))
    root.is_current = bool(current and current.pk == root.pk)
    return [root, *items]
