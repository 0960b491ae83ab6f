"""Admin registration of the calendar: holiday table, calculator, dashboard, report.

Imported by publishing/wagtail_hooks.py (shared by the publishing helpers).
"""

from django.urls import include, path, reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.ui.components import Component
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from publishing import calendar_views, timeliness
from publishing.calendar_models import DeadlineChange, HolidayYear


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
            return user.is_active and user.has_perm(timeliness.DASHBOARD_PERMISSION)
        return False


register_permission_policy(DeadlineChange, ReadOnlyPolicy(DeadlineChange))


holiday_year_viewset = HolidayYearViewSet()
deadline_change_viewset = DeadlineChangeViewSet()
register_snippet(holiday_year_viewset)
register_snippet(deadline_change_viewset)


urlpatterns = [
    path("", calendar_views.DeadlineDashboardView.as_view(), name="dashboard"),
    path("report/", calendar_views.TimelinessReportView.as_view(), name="report"),
    path("calculator/", calendar_views.CalculatorView.as_view(), name="calculator"),
]


@hooks.register("register_admin_urls")
def register_calendar_urls():
    return [path("deadlines/", include((urlpatterns, "publishing_calendar")))]


class DeadlineMenuItem(MenuItem):
    def is_shown(self, request):
        return timeliness.can_view_deadlines(request.user)


class ViewSetMenuItem(MenuItem):
    def __init__(self, viewset, *args, **kwargs):
        self.viewset = viewset
        super().__init__(*args, **kwargs)

    def is_shown(self, request):
        return self.viewset.permission_policy.user_has_any_permission(
            request.user, ["add", "change", "delete", "view"])


calendar_menu = Menu(items=[
    DeadlineMenuItem(_("公开期限看板"), reverse_lazy("publishing_calendar:dashboard"),
                     icon_name="time", order=100),
    DeadlineMenuItem(_("及时性月报"), reverse_lazy("publishing_calendar:report"),
                     icon_name="table", order=200),
    MenuItem(_("工作日计算器"), reverse_lazy("publishing_calendar:calculator"),
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


class DeadlineSummaryPanel(Component):
    """The admin home's "公开期限" panel: how many open items are overdue or due soon."""

    name = "deadline_summary"
    order = 90
    template_name = "publishing/deadline_home_panel.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        groups = timeliness.deadline_dashboard(
            list(timeliness.visible_departments(self.request.user)))
        return {
            "overdue": sum(len(group.overdue) for group in groups),
            "due_soon": sum(len(group.due_soon) for group in groups),
            "due_soon_days": timeliness.due_soon_working_days(),
            "dashboard_url": reverse("publishing_calendar:dashboard"),
        }


@hooks.register("construct_homepage_panels")
def add_deadline_summary_panel(request, panels):
    if timeliness.can_view_deadlines(request.user):
        panels.append(DeadlineSummaryPanel(request))
