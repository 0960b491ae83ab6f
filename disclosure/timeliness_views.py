"""Admin views of the timeliness of disclosure: the deadline dashboard and the monthly report.

Views only read input and render; the rules live in disclosure.timeliness.
"""

import django_filters
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView

from departments.models import Department
from disclosure import timeliness
from disclosure.stuck import stuck_working_days
from workdays.local_time import local_today
from workdays.views import CalendarAdminPage

# Rooms above the catalogue (the annual report) add their own dated duties to the dashboard:
# each function registered under this hook takes (request, today) and returns a list of
# `disclosure.timeliness.DashboardNotice`.
DASHBOARD_NOTICES_HOOK = "register_deadline_dashboard_notices"


class DeadlineAccessMixin:
    """The office sees every department; a department's members see only their own."""

    def dispatch(self, request, *args, **kwargs):
        if not timeliness.can_view_deadlines(request.user):
            raise PermissionDenied
        self.departments = list(timeliness.visible_departments(request.user))
        return super().dispatch(request, *args, **kwargs)


class DeadlineDashboardView(DeadlineAccessMixin, CalendarAdminPage, TemplateView):
    """期限看板: overdue (red), due-soon (amber), stuck (滞留) and blocked (red) items by department."""

    template_name = "disclosure/deadline_dashboard.html"
    page_title = gettext_lazy("公开期限看板")
    header_icon = "time"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = local_today()
        groups = timeliness.deadline_dashboard(self.departments, today)
        context.update(
            today=today,
            groups=[group for group in groups if group.total],
            quiet_departments=[group.department for group in groups if not group.total],
            due_soon_days=timeliness.due_soon_working_days(),
            overdue_count=sum(len(group.overdue) for group in groups),
            due_soon_count=sum(len(group.due_soon) for group in groups),
            stuck_count=sum(len(group.stuck) for group in groups),
            blocked_count=sum(len(group.blocked) for group in groups),
            stuck_days=stuck_working_days(),
            notices=[notice for hook in hooks.get_hooks(DASHBOARD_NOTICES_HOOK)
                     for notice in hook(self.request, today)],
        )
        return context


class MonthFilterSet(WagtailFilterSet):
    """The month to report on; the rows are computed for it (nothing is filtered away)."""

    year = django_filters.NumberFilter(label=gettext_lazy("年"), method="keep", min_value=2000,
                                       max_value=2100)
    month = django_filters.ChoiceFilter(label=gettext_lazy("月"), method="keep",
                                       choices=[(m, f"{m}月") for m in range(1, 13)])

    class Meta:
        model = Department
        fields = []

    def keep(self, rows, name, value):
        return rows


class TimelinessReportView(DeadlineAccessMixin, ReportView):
    """月度及时性报表 (网站管理制度 第十九条): one row per department and a total, on screen or
    exported as .xlsx/.csv."""

    template_name = "disclosure/timeliness_report.html"
    page_title = gettext_lazy("信息发布及时性月报")
    header_icon = "table"
    filterset_class = MonthFilterSet
    index_url_name = "disclosure_deadlines:report"
    index_results_url_name = "disclosure_deadlines:report_results"
    paginate_by = 500
    export_headings = {
        "department": gettext_lazy("科室"), "published": gettext_lazy("发布数"),
        "on_time": gettext_lazy("按时发布"), "late": gettext_lazy("逾期发布"),
        "without_deadline": gettext_lazy("无时限"), "on_time_rate": gettext_lazy("按时率"),
        "average_delay": gettext_lazy("平均超期（工作日）"),
    }
    list_export = list(export_headings)
    columns = [Column(name, label=label) for name, label in list(export_headings.items())[:5]] + [
        Column("on_time_rate", label=export_headings["on_time_rate"],
               accessor=lambda row: "—" if row.on_time_rate is None else f"{row.on_time_rate:.0%}"),
        Column("average_delay", label=export_headings["average_delay"],
               accessor=lambda row: "—" if row.average_delay is None else f"{row.average_delay:.2f}"),
    ]

    def get_queryset(self):
        today = local_today()
        chosen = self.filters.form.cleaned_data if self.filters.is_valid() else {}
        self.year = int(chosen.get("year") or today.year)
        self.month = int(chosen.get("month") or today.month)
        rows = timeliness.monthly_timeliness(self.departments, self.year, self.month)
        return rows + [timeliness.total_of(rows)]

    def get_filtered_queryset(self):
        return self.get_queryset()

    def get_page_subtitle(self):
        return gettext_lazy("%(year)s 年 %(month)s 月") % {"year": self.year, "month": self.month}

    def get_filename(self):
        return f"timeliness-{self.year}-{self.month:02d}"
