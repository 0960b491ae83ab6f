"""Admin views of the working-day calendar: the calculator.

Views only read input and render; the rules live in workdays.engine and workdays.calculator.
"""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from workdays import calculator
from workdays.engine import known_years


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

    template_name = "workdays/calculator.html"
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
