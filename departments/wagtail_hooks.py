"""Admin of departments (a snippet list with the sections each one owns), the page actions
only the disclosure office may take, and the one rule of `departments.visibility` applied to
every chooser, search, bulk action, report, listing and admin API that names pages."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.api.views import PagesAdminAPIViewSet
from wagtail.admin.views.pages.bulk_actions.delete import DeleteBulkAction
from wagtail.admin.views.pages.bulk_actions.move import MoveBulkAction
from wagtail.admin.views.pages.bulk_actions.publish import PublishBulkAction
from wagtail.admin.views.pages.bulk_actions.unpublish import UnpublishBulkAction
from wagtail.models import Page
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Department
from .roles import may_delete_pages
from .visibility import may_see_page, only_visible, sees_every_page


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


# --- Nobody sees pages beyond what `departments.visibility` lets them ---------------------------
# Wagtail's choosers list every page, its bulk-action pages name every page asked for (GET
# shows the titles; `before_bulk_action` runs only when the form is sent), and its page types
# usage report names the last edited page of each type anywhere in the tree.


@hooks.register("construct_page_chooser_queryset")
def page_chooser_shows_only_visible_pages(pages, request):
    """The page chooser, its search and its browsing (/admin/choose-page/…): only pages the
    person may see. Browsing a page one may not see is a 404: the chooser would name it as
    the parent of the list."""
    match = request.resolver_match
    parent_id = match.kwargs.get("parent_page_id") if match else None
    if parent_id and not may_see_page(request.user, Page(pk=parent_id)):
        raise Http404
    return only_visible(pages, request.user)


@hooks.register("construct_explorer_page_queryset")
def explorer_shows_only_visible_pages(parent_page, pages, request):
    """The explorer's search and the admin API's explorer menu (for_explorer)."""
    return only_visible(pages, request.user)


class VisiblePagesOnly:
    """A page bulk action that acts on, and names, only the pages the person may see; asked
    only for pages they may not see, it is a 404 (as when none of the ids exists)."""

    def get_actionable_objects(self):
        objects, extra = super().get_actionable_objects()
        asked = [page.pk for page in [*objects, *extra["items_with_no_access"]]]
        visible = set(only_visible(Page.objects.filter(pk__in=asked), self.request.user)
                      .values_list("pk", flat=True))
        if asked and not visible:
            raise Http404
        return ([page for page in objects if page.pk in visible],
                {**extra, "items_with_no_access": [
                    page for page in extra["items_with_no_access"] if page.pk in visible]})


VISIBLE_PAGE_BULK_ACTIONS = [
    type(f"Visible{action.__name__}", (VisiblePagesOnly, action), {})
    for action in (DeleteBulkAction, MoveBulkAction, PublishBulkAction, UnpublishBulkAction)
]

for _action in VISIBLE_PAGE_BULK_ACTIONS:
    # Registered after Wagtail's own (order 100): the registry keeps the last class for each
    # action name, so these replace Wagtail's.
    hooks.register("register_bulk_action", _action, order=100)


@hooks.register("before_bulk_action")
def refuse_bulk_action_on_hidden_pages(request, action_type, objects, action):
    """Sending any page bulk action (one added later included) for a page the person may not
    see is a 404, like asking for it."""
    if not issubclass(action.model, Page) or sees_every_page(request.user):
        return None
    asked = {page.pk for page in objects}
    if len(only_visible(Page.objects.filter(pk__in=asked), request.user)) != len(asked):
        raise Http404
    return None


class VisiblePagesAdminAPIViewSet(PagesAdminAPIViewSet):
    def get_base_queryset(self):
        return only_visible(super().get_base_queryset(), self.request.user)


@hooks.register("construct_admin_api", order=100)
def pages_api_lists_only_visible_pages(router):
    """/admin/api/main/pages/ (the explorer menu and its detail view): only what the person
    may see. Registered after Wagtail's hook, so this endpoint replaces its own."""
    router.register_endpoint("pages", VisiblePagesAdminAPIViewSet)


@hooks.register("construct_reports_menu")
def page_types_usage_only_for_the_office(request, menu_items):
    """The page types usage report names the last edited page of each type in the whole tree:
    it is the office's (the view itself is refused to others, see `departments.views`)."""
    if not sees_every_page(request.user):
        menu_items[:] = [item for item in menu_items if item.name != "page-types-usage"]
