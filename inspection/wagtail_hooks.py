"""Admin registration of the inspection: the dashboard, and the office's lists of leaders'
names and wrong expressions (the thresholds are a site setting, 设置 → 网站检查设置)."""

from datetime import date

from django.urls import path, reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from disclosure.timeliness import DashboardNotice
from inspection import views
from inspection.models import LeaderName, WebsiteReportFigures, WebsiteReportPage, WrongExpression
from workdays.engine import working_days_between


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


@hooks.register("register_deadline_dashboard_notices")
def website_report_deadline(request, today):
    """The previous year's 政府网站工作年度报表 is published by 31 January (国办函〔2018〕12号):
    shown from 1 January until it is published."""
    year = today.year - 1
    due = date(today.year, 1, 31)
    title = _("%(year)s年政府网站工作年度报表") % {"year": year}
    published = WebsiteReportPage.objects.live().filter(year=year).first()
    if published is not None:
        return [DashboardNotice(title=title, due_on=due, status="done", state_label=_("已发布"),
                                url=reverse("wagtailadmin_pages:edit", args=[published.pk]))]
    if today > due:
        status, label = "critical", _("已逾期，尚未发布")
    else:
        status = "warning"
        label = _("尚未发布，距截止还有 %(days)s 个工作日") % {
            "days": working_days_between(today, due)}
    url = (reverse("inspection_website_report") + f"?year={year}"
           if views.can_view_inspection(request.user) else "")
    return [DashboardNotice(title=title, due_on=due, status=status, state_label=label, url=url)]
