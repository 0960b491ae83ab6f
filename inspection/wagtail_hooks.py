"""Admin registration of the inspection: the dashboard, and the office's lists of leaders'
names and wrong expressions (the thresholds are a site setting, 设置 → 网站检查设置)."""

from django.urls import path, reverse_lazy
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from inspection import views
from inspection.models import LeaderName, WebsiteReportFigures, WrongExpression


class LeaderNameViewSet(SnippetViewSet):
    model = LeaderName
    icon = "user"
    menu_label = gettext_lazy("领导姓名职务")
    add_to_admin_menu = False
    list_display = ["name", "title", "miswritten"]


class WrongExpressionViewSet(SnippetViewSet):
    model = WrongExpression
    icon = "warning"
    menu_label = gettext_lazy("错误表述")
    add_to_admin_menu = False
    list_display = ["wrong", "correct", "note"]


class WebsiteReportFiguresViewSet(SnippetViewSet):
    """政府网站工作年度报表: what the site cannot count, entered by the office per year."""

    model = WebsiteReportFigures
    icon = "table"
    menu_label = gettext_lazy("网站年度报表填报数据")
    add_to_admin_menu = False
    list_display = ["year", "site_name", "total_visits", "updated_at"]
    ordering = ["-year"]


register_snippet(WebsiteReportFiguresViewSet)
register_snippet(LeaderNameViewSet)
register_snippet(WrongExpressionViewSet)


@hooks.register("register_admin_urls")
def register_inspection_urls():
    return [path("inspection/", views.InspectionDashboardView.as_view(),
                 name="inspection_dashboard"),
            path("inspection/website-report/", views.WebsiteReportView.as_view(),
                 name="inspection_website_report")]


class InspectionMenuItem(MenuItem):
    def is_shown(self, request):
        return views.can_view_inspection(request.user)


@hooks.register("register_admin_menu_item")
def register_inspection_menu_item():
    return InspectionMenuItem(gettext_lazy("网站检查"), reverse_lazy("inspection_dashboard"),
                              icon_name="warning", order=860)
