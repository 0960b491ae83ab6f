"""The office's inspection dashboard: each rule red, yellow or green, every finding linked to
where it is fixed, the findings per owning department, and the last 12 months of daily runs."""

from collections import Counter, OrderedDict, defaultdict

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from inspection.models import InspectionRun
from inspection.notify import finding_url, owning_departments
from inspection.rules import inspect_site
from inspection.store import mode_label
from interaction.periods import add_months
from workdays.local_time import local_today

VIEW_PERMISSION = "inspection.view_inspection"


def can_view_inspection(user) -> bool:
    return user.is_active and (user.is_superuser or user.has_perm(VIEW_PERMISSION))


def owners(page_ids) -> dict:
    """{page id: the name of the department owning the section it is in}."""
    return {pk: department.name if department else ""
            for pk, department in owning_departments(page_ids).items()}


def trend(today) -> list[dict]:
    """Per month of the last 12, from the recorded daily runs: days inspected, days with a
    single veto, the most problems in a day; per rule the days it was red and yellow; per
    department the most problems in a day."""
    start = add_months(today.replace(day=1), -11)
    months = OrderedDict()
    for offset in range(12):
        month = add_months(start, offset)
        months[(month.year, month.month)] = {
            "month": f"{month.year}-{month.month:02d}", "days": 0, "veto_days": 0, "most": 0,
            "rules": defaultdict(lambda: {"red": 0, "yellow": 0}), "departments": Counter()}
    for run in InspectionRun.objects.filter(day__gte=start).order_by("day", "ran_at"):
        row = months.get((run.day.year, run.day.month))
        if row is None:
            continue
        row["days"] += 1
        row["veto_days"] += run.veto
        row["most"] = max(row["most"], run.finding_count)
        for rule in run.result.get("rules", ()):
            if rule.get("status") in ("red", "yellow"):
                row["rules"][rule["key"]][rule["status"]] += 1
        for name, count in run.by_department.items():
            row["departments"][name] = max(row["departments"][name], count)
    return list(months.values())


def trend_tables(months, rules) -> dict:
    """The trend per rule (rows: rules) and per department (rows: departments), months as
    columns, for the template."""
    per_rule = [{"label": result.label, "cells": [month["rules"].get(result.key, {"red": 0, "yellow": 0})
                                                  for month in months]} for result in rules]
    names = sorted({name for month in months for name in month["departments"]})
    per_department = [{"name": name or _("（未划归科室）"),
                       "cells": [month["departments"].get(name, 0) for month in months]}
                      for name in names]
    return {"per_rule": per_rule, "per_department_trend": per_department}


class OfficeAdminView(WagtailAdminTemplateMixin, TemplateView):
    """An admin page of the disclosure office, named in its header."""

    def get_breadcrumbs_items(self):
        # The header names the page (Wagtail's default for a plain view shows "Home").
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def dispatch(self, request, *args, **kwargs):
        if not can_view_inspection(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class InspectionDashboardView(OfficeAdminView):
    template_name = "inspection/admin/dashboard.html"
    page_title = gettext_lazy("网站检查")
    header_icon = "warning"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = local_today()
        inspection = inspect_site(today)
        months = trend(today)
        page_ids = {finding.page_id for result in inspection.results
                    for finding in result.findings if finding.page_id}
        owner = owners(page_ids)
        rules = []
        per_department = Counter()
        for result in inspection.results:
            findings = []
            for finding in result.findings:
                url = finding_url(result, finding)
                department = owner.get(finding.page_id, "")
                if finding.severity != "watch":
                    per_department[department or _("（未划归科室）")] += 1
                findings.append({"finding": finding, "url": url, "department": department})
            rules.append({"result": result, "findings": findings})
        context.update(
            today=today, inspection=inspection, rules=rules,
            per_department=sorted(per_department.items(), key=lambda item: (-item[1], item[0])),
            trend=months, run_label=mode_label(inspection.run),
            **trend_tables(months, inspection.results),
            status_labels={"red": _("红"), "yellow": _("黄"), "green": _("绿")},
        )
        return context


class WebsiteReportView(OfficeAdminView):
    """政府网站工作年度报表 of one year: counted figures and the office's, with the .xlsx."""

    template_name = "inspection/admin/website_report.html"
    page_title = gettext_lazy("政府网站工作年度报表")
    header_icon = "table"

    def get(self, request, *args, **kwargs):
        default = local_today().year - 1
        value = request.GET.get("year", "")
        self.year, self.year_error = default, ""
        if value:
            if value.isdigit() and 2008 <= int(value) <= 2100:
                self.year = int(value)
            else:
                self.year_error = _("年度“%(value)s”无效，已显示 %(year)s 年度。") % {
                    "value": value[:10], "year": default}
        if request.GET.get("format") == "xlsx" and not self.year_error:
            from django.http import HttpResponse

            from inspection.website_report import as_xlsx, build_website_report

            response = HttpResponse(
                as_xlsx(self.year, build_website_report(self.year)),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            response["Content-Disposition"] = (
                f'attachment; filename="website-annual-report-{self.year}.xlsx"')
            return response
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        from inspection.models import WebsiteReportFigures
        from inspection.website_report import build_website_report

        context = super().get_context_data(**kwargs)
        figures = WebsiteReportFigures.objects.filter(year=self.year).first()
        this_year = local_today().year
        context.update(
            year=self.year, year_error=self.year_error, sections=build_website_report(self.year),
            years=list(range(this_year, this_year - 8, -1)),
            figures_url=(reverse("wagtailsnippets_inspection_websitereportfigures:edit",
                                 args=[figures.pk]) if figures else
                         reverse("wagtailsnippets_inspection_websitereportfigures:add")),
        )
        return context
