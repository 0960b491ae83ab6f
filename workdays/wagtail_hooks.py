"""Admin registration of the calendar: holiday table, calculator, record of moved deadlines.

The menu 期限与日历 is this app's; apps whose deadlines run on the calendar add their own items
to it through the hook `register_deadlines_menu_item` (disclosure adds its dashboard and report).
"""

from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from workdays import views
from workdays.models import DASHBOARD_PERMISSION, DeadlineChange, HolidayYear

# Apps add their items to the menu 期限与日历 with @hooks.register(DEADLINES_MENU_HOOK).
DEADLINES_MENU_HOOK = "register_deadlines_menu_item"
# Apps whose deadlines are not disclosure items (e.g. livelihood-fund batches) hand them to the
# deadline dashboard and the daily reminders with @hooks.register(DEADLINE_ENTRIES_HOOK): the
# function takes (today, due_soon_limit) and returns objects with department_id, item (a
# title and pk), column (a title), due_on, provisional and edit_url.
DEADLINE_ENTRIES_HOOK = "register_deadline_entries"


class HolidayYearViewSet(SnippetViewSet):
    """节假日安排: the office enters each year's State Council notice (audit-logged)."""

    model = HolidayYear
    icon = "calendar-alt"
    menu_label = _("节假日安排")
    add_to_admin_menu = False
    list_display = ["year", "notice", "changed_at", "changed_by"]
    ordering = ["-year"]
    search_fields = ["notice"]


class DeadlineChangeViewSet(SnippetViewSet):
    """期限变动记录: read-only list of deadlines the calendar moved."""

    model = DeadlineChange
    icon = "history"
    menu_label = _("期限变动记录")
    add_to_admin_menu = False
    list_display = ["object_repr", "field", "old_due", "new_due", "reason", "changed_at"]
    list_filter = ["content_type"]
    search_fields = ["object_repr", "reason"]
    inspect_view_enabled = True


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Move records are written by the calendar only; the dashboard permission lets one read them."""

    def user_has_permission(self, user, action):
        if action == "view":
            return user.is_active and user.has_perm(DASHBOARD_PERMISSION)
        return False


register_permission_policy(DeadlineChange, ReadOnlyPolicy(DeadlineChange))


holiday_year_viewset = HolidayYearViewSet()
deadline_change_viewset = DeadlineChangeViewSet()
register_snippet(holiday_year_viewset)
register_snippet(deadline_change_viewset)


urlpatterns = [
    path("calculator/", views.CalculatorView.as_view(), name="calculator"),
]


@hooks.register("register_admin_urls")
def register_calendar_urls():
    return [path("deadlines/", include((urlpatterns, "workdays")))]


class ViewSetMenuItem(MenuItem):
    def __init__(self, viewset, *args, **kwargs):
        self.viewset = viewset
        super().__init__(*args, **kwargs)

    def is_shown(self, request):
        return self.viewset.permission_policy.user_has_any_permission(
            request.user, ["add", "change", "delete", "view"])


calendar_menu = Menu(register_hook_name=DEADLINES_MENU_HOOK, items=[
    MenuItem(_("工作日计算器"), reverse_lazy("workdays:calculator"),
             icon_name="calendar-alt", order=300),
    ViewSetMenuItem(holiday_year_viewset, _("节假日安排"),
                    reverse_lazy(holiday_year_viewset.get_url_name("list")),
                    icon_name="date", order=400),
    ViewSetMenuItem(deadline_change_viewset, _("期限变动记录"),
                    reverse_lazy(deadline_change_viewset.get_url_name("list")),
                    icon_name="history", order=500),
])


@hooks.register("register_admin_menu_item")
def register_calendar_menu():
    return SubmenuMenuItem(_("期限与日历"), calendar_menu, icon_name="calendar-alt",
                           name="deadlines", order=260)

