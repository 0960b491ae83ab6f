"""Admin of departments (a snippet list with the sections each one owns), and the page
actions only the disclosure office may take."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.models import Page
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Department
from .roles import may_delete_pages


class DepartmentViewSet(SnippetViewSet):
    model = Department
    icon = "group"
    menu_label = _("科室")
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["name", "code", "email", "is_active"]
    search_fields = ["name", "code"]


register_snippet(DepartmentViewSet)


# --- Deleting and moving pages is the disclosure office's ---------------------------------------
# Wagtail lets anyone with "edit" on a page delete it while it is not live, and move it with it
# (`PagePermissionTester.can_delete` / `can_move`): a department's editor could delete a page in
# review, signed off or scheduled. Only the office deletes and withdraws (网站管理制度
# 第七至十三条); the hooks below refuse everyone else at every door: the delete and move views,
# the bulk delete and move actions, and the buttons that lead there.

REFUSED_BULK_ACTIONS = ("delete", "move")


@hooks.register("before_delete_page")
def refuse_page_deletion(request, page):
    if may_delete_pages(request.user):
        return None
    messages.error(request, _("只有政务公开办公室可以删除页面；如需删除，请联系政务公开办公室。"))
    return redirect("wagtailadmin_pages:edit", page.pk)


@hooks.register("before_move_page")
def refuse_page_move(request, page, destination):
    if may_delete_pages(request.user):
        return None
    messages.error(request, _("只有政务公开办公室可以移动页面；如需移动，请联系政务公开办公室。"))
    return redirect("wagtailadmin_pages:edit", page.pk)


@hooks.register("before_bulk_action")
def refuse_bulk_deletion_and_move(request, action_type, objects, action):
    if (action_type not in REFUSED_BULK_ACTIONS or not issubclass(action.model, Page)
            or may_delete_pages(request.user)):
        return None
    messages.error(request, _("只有政务公开办公室可以批量删除或移动页面。"))
    return redirect("wagtailadmin_home")


@hooks.register("construct_page_listing_buttons")
def hide_delete_and_move_buttons(buttons, page, user, context=None):
    """Drop "delete" and "move" from a page's row and from its "more" dropdown."""
    if may_delete_pages(user):
        return
    hidden = {reverse("wagtailadmin_pages:delete", args=[page.pk]),
              reverse("wagtailadmin_pages:move", args=[page.pk])}

    def offered(button):
        return (getattr(button, "url", "") or "").split("?")[0] not in hidden

    buttons[:] = [button for button in buttons if offered(button)]
    for button in buttons:
        if hasattr(button, "dropdown_buttons"):
            button.dropdown_buttons = [item for item in button.dropdown_buttons if offered(item)]
