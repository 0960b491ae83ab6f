"""Admin views of the timeliness of disclosure: the deadline dashboard and the monthly report.

Views only read input and render; the rules live in disclosure.timeliness.
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from disclosure import timeliness
from disclosure.stuck import stuck_working_days
from workdays.local_time import local_today
from workdays.views import CalendarAdminPage


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
        )
        return context


class MonthForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("年"), min_value=2000, max_value=2100)
    month = forms.IntegerField(label=gettext_lazy("月"), min_value=1, max_value=12)


class TimelinessReportView(DeadlineAccessMixin, CalendarAdminPage, TemplateView):
    """月度及时性报表 (网站管理制度 第十九条), on screen or as .xlsx."""

    template_name = "disclosure/timeliness_report.html"
    page_title = gettext_lazy("信息发布及时性月报")
    header_icon = "table"

    def get(self, request, *args, **kwargs):
        today = local_today()
        data = request.GET if "year" in request.GET else {"year": today.year,
                                                          "month": today.month}
        self.form = MonthForm(data)
        if self.form.is_valid():
            self.year, self.month = self.form.cleaned_data["year"], self.form.cleaned_data["month"]
        else:
            self.year, self.month = today.year, today.month
        self.rows = timeliness.monthly_timeliness(self.departments, self.year, self.month)
        if request.GET.get("format") == "xlsx" and self.form.is_valid():
            response = HttpResponse(
                timeliness.timeliness_workbook(self.rows, self.year, self.month),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            response["Content-Disposition"] = (
                f'attachment; filename="timeliness-{self.year}-{self.month:02d}.xlsx"')
            return response
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(form=self.form, rows=self.rows, year=self.year, month=self.month,
                       xlsx_url=reverse("disclosure_deadlines:report")
                       + f"?year={self.year}&month={self.month}&format=xlsx")
        return context
