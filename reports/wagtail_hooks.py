"""Admin registration of the annual report: its screen, the figures the office enters, and its
31 January deadline on the deadline dashboard (条例 第四十九、五十条)."""

from datetime import date

from django.urls import path, reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from disclosure.timeliness import DashboardNotice
from reports import views
from reports.models import AnnualReportFigures, AnnualReportPage
from workdays.engine import working_days_between


class AnnualReportFiguresViewSet(SnippetViewSet):
    """年度报告填报数据: table 二's licensing, penalty, coercion and fee figures and table 四,
    each with its source; the snippet history records who entered what."""

    model = AnnualReportFigures
    icon = "table"
    menu_label = gettext_lazy("年度报告填报数据")
    add_to_admin_menu = False
    list_display = ["year", "licensing_decisions", "penalty_decisions", "coercion_decisions",
                    "fees_wan", "updated_at"]
    ordering = ["-year"]


register_snippet(AnnualReportFiguresViewSet)


@hooks.register("register_admin_urls")
def register_annual_report_urls():
    return [path("annual-report/", views.AnnualReportAdminView.as_view(),
                 name="reports_annual_report")]


class ReportMenuItem(MenuItem):
    def is_shown(self, request):
        return views.can_view_reports(request.user)


@hooks.register("register_admin_menu_item")
def register_annual_report_menu_item():
    return ReportMenuItem(gettext_lazy("年度报告"), reverse_lazy("reports_annual_report"),
                          icon_name="table", order=850)


@hooks.register("register_deadline_dashboard_notices")
def annual_report_deadline(request, today):
    """The previous year's report is due on 31 January (条例 第四十九、五十条): shown from
    1 January until it is published."""
    year = today.year - 1
    due = date(today.year, 1, 31)
    published = AnnualReportPage.objects.live().filter(year=year).first()
    if published is not None:
        return [DashboardNotice(
            title=_("%(year)s 年政府信息公开工作年度报告") % {"year": year}, due_on=due,
            status="done", state_label=_("已发布"),
            url=reverse("wagtailadmin_pages:edit", args=[published.pk]))]
    if today > due:
        status, label = "critical", _("已逾期，尚未发布")
    else:
        left = working_days_between(today, due)
        status = "warning"
        label = _("尚未发布，距截止还有 %(days)s 个工作日") % {"days": left}
    url = reverse("reports_annual_report") + f"?year={year}" if views.can_view_reports(
        request.user) else ""
    return [DashboardNotice(title=_("%(year)s 年政府信息公开工作年度报告") % {"year": year},
                            due_on=due, status=status, state_label=label, url=url)]
