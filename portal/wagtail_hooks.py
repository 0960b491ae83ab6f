"""Admin registration for the site's own models."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Department


class DepartmentViewSet(SnippetViewSet):
    model = Department
    icon = "group"
    menu_label = _("科室")
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["name", "code", "email", "is_active"]
    search_fields = ["name", "code"]


register_snippet(DepartmentViewSet)


@hooks.register("construct_main_menu")
def hide_wagtail_help_menu(request, menu_items):
    """Wagtail's 帮助 menu links to its English editor guide on a site outside China; the
    site's own help is the README and the staff's training, not that guide."""
    menu_items[:] = [item for item in menu_items if item.name != "help"]
