"""Admin registration of departments: a snippet list with the sections each one owns."""

from django.utils.translation import gettext_lazy as _
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
