"""Admin views of the calendar: the calculator, the deadline dashboard, the timeliness report.

Views only read input and render; the rules live in publishing.workdays, publishing.calculator
and publishing.timeliness.
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from publishing import calculator, timeliness
from publishing.workdays import known_years


class CalculatorForm(forms.Form):
    """Either "the Nth working day after a date" or "working days between two dates"."""

    OPERATIONS = [("add", gettext_lazy("某日之后第 N 个工作日")),
                  ("between", gettext_lazy("两日之间的工作日数"))]

    operation = forms.ChoiceField(label=gettext_lazy("计算"), choices=OPERATIONS,
                                  widget=forms.RadioSelect, initial="add")
    start = forms.DateField(label=gettext_lazy("起算日期（当日不计）"),
                            widget=forms.DateInput(attrs={"type": "date"}),
                            error_messages={"invalid": gettext_lazy("请按 YYYY-MM-DD 填写日期。")})
    days = forms.IntegerField(label=gettext_lazy("工作日天数"), required=False, min_value=0,
                              max_value=calculator.MAX_DAYS,
                              error_messages={"invalid": gettext_lazy("天数须为整数。")})
    end = forms.DateField(label=gettext_lazy("结束日期（当日计入）"), required=False,
                          widget=forms.DateInput(attrs={"type": "date"}),
                          error_messages={"invalid": gettext_lazy("请按 YYYY-MM-DD 填写日期。")})

    def clean(self):
        cleaned = super().clean()
        operation = cleaned.get("operation")
        if operation == "add" and cleaned.get("days") is None and "days" not in self.errors:
            self.add_error("days", _("请填写工作日天数。"))
        if operation == "between" and cleaned.get("end") is None and "end" not in self.errors:
            self.add_error("end", _("请填写结束日期。"))
        return cleaned

    def calculate(self) -> calculator.Calculation:
        data = self.cleaned_data
        if data["operation"] == "add":
            return calculator.add(data["start"], data["days"])
        return calculator.between(data["start"], data["end"])


class CalendarAdminPage(WagtailAdminTemplateMixin):
    """An admin page whose header and breadcrumbs name it."""

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]


class CalculatorView(CalendarAdminPage, FormView):
    """工作日计算器: the answer and every day that led to it."""

    template_name = "publishing/calendar_calculator.html"
    form_class = CalculatorForm
    page_title = gettext_lazy("工作日计算器")
    header_icon = "calendar-alt"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.request.GET.get("start"):
            kwargs["data"] = self.request.GET
        return kwargs

    def get(self, request, *args, **kwargs):
        form = self.get_form()
        if form.is_bound:
            return self.form_valid(form) if form.is_valid() else self.form_invalid(form)
        return self.render_to_response(self.get_context_data(form=form))

    def form_valid(self, form):
        try:
            result = form.calculate()
        except calculator.CalculatorInputError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        return self.render_to_response(self.get_context_data(form=form, result=result))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["known_years"] = known_years()
        return context


class DeadlineAccessMixin:
    """The office sees every department; a department's members see only their own."""

    def dispatch(self, request, *args, **kwargs):
        if not timeliness.can_view_deadlines(request.user):
            raise PermissionDenied
        self.departments = list(timeliness.visible_departments(request.user))
        return super().dispatch(request, *args, **kwargs)


class DeadlineDashboardView(DeadlineAccessMixin, CalendarAdminPage, TemplateView):
    """期限看板: overdue (red) and due-soon (amber) items by department."""

    template_name = "publishing/deadline_dashboard.html"
    page_title = gettext_lazy("公开期限看板")
    header_icon = "time"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timeliness.local_today()
        groups = timeliness.deadline_dashboard(self.departments, today)
        context.update(
            today=today,
            groups=[group for group in groups if group.total],
            quiet_departments=[group.department for group in groups if not group.total],
            due_soon_days=timeliness.due_soon_working_days(),
            overdue_count=sum(len(group.overdue) for group in groups),
            due_soon_count=sum(len(group.due_soon) for group in groups),
        )
        return context


class MonthForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("年"), min_value=2000, max_value=2100)
    month = forms.IntegerField(label=gettext_lazy("月"), min_value=1, max_value=12)


class TimelinessReportView(DeadlineAccessMixin, CalendarAdminPage, TemplateView):
    """月度及时性报表 (网站管理制度 第十九条), on screen or as .xlsx."""

    template_name = "publishing/timeliness_report.html"
    page_title = gettext_lazy("信息发布及时性月报")
    header_icon = "table"

    def get(self, request, *args, **kwargs):
        today = timeliness.local_today()
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
                       xlsx_url=reverse("publishing_calendar:report")
                       + f"?year={self.year}&month={self.month}&format=xlsx")
        return context
