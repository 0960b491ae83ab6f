"""Admin registration of the calendar: the menu 期限与日历 (a Wagtail ViewSetGroup) with the
calculator, the holiday table and the record of moved deadlines.

Apps whose deadlines run on the calendar add their own viewsets to the menu by giving them
`menu_hook = DEADLINES_MENU_HOOK` (disclosure adds its deadline dashboard and monthly report).
"""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from workdays import views
from workdays.models import DASHBOARD_PERMISSION, DeadlineChange, HolidayYear

# The submenu hook of the menu 期限与日历: a viewset whose menu_hook is this joins the menu.
DEADLINES_MENU_HOOK = "register_deadlines_menu_item"
# Apps whose deadlines are not disclosure items (e.g. livelihood-fund batches) hand them to the
# deadline dashboard and the daily reminders with @hooks.register(DEADLINE_ENTRIES_HOOK): the
# function takes (today, due_soon_limit) and returns objects with department_id, item (a
# title and pk), column (a title), due_on, provisional and edit_url.
DEADLINE_ENTRIES_HOOK = "register_deadline_entries"


class CalculatorViewSet(ViewSet):
    """工作日计算器 (/admin/deadlines/calculator/), open to everyone in the admin."""

    name = "workdays"
    url_prefix = "deadlines"
    icon = "calendar-alt"
    menu_label = _("工作日计算器")
    menu_order = 300

    def get_urlpatterns(self):
        return [path("calculator/", views.CalculatorView.as_view(), name="calculator")]


class HolidayYearViewSet(SnippetViewSet):
    """节假日安排: the office enters each year's State Council notice (audit-logged)."""

    model = HolidayYear
    icon = "date"
    menu_label = _("节假日安排")
    menu_order = 400
    menu_item_is_registered = True  # in 期限与日历, so not under 片段 too
    list_display = ["year", "notice", "changed_at", "changed_by"]
    ordering = ["-year"]
    search_fields = ["notice"]


class DeadlineChangeViewSet(SnippetViewSet):
    """期限变动记录: read-only list of deadlines the calendar moved."""

    model = DeadlineChange
    icon = "history"
    menu_label = _("期限变动记录")
    menu_order = 500
    menu_item_is_registered = True
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


class DeadlinesViewSetGroup(ViewSetGroup):
    """期限与日历: the working-day calendar and, through DEADLINES_MENU_HOOK, the deadlines of
    the apps that count on it. Each item shows only to whoever may open it."""

    items = (CalculatorViewSet, HolidayYearViewSet, DeadlineChangeViewSet)
    menu_label = _("期限与日历")
    menu_icon = "calendar-alt"
    menu_name = "deadlines"
    menu_order = 260
    submenu_hook = DEADLINES_MENU_HOOK


register_snippet(DeadlinesViewSetGroup)
