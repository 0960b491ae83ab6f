"""The admin screen of the annual report: the year's three tables computed now, the checks
with the cell each failure names, downloads (json, xlsx, html), and the way to the figures
the office enters and to the report page."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from reports.annual_report import build_report
from reports.exports import as_html, as_json, as_xlsx
from reports.models import AnnualReportFigures, AnnualReportPage
from workdays.local_time import local_today

VIEW_PERMISSION = "reports.view_annualreportfigures"


def can_view_reports(user) -> bool:
    return user.is_active and (user.is_superuser or user.has_perm(VIEW_PERMISSION))


class AnnualReportAdminView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "reports/admin/annual_report.html"
    page_title = gettext_lazy("政府信息公开工作年度报告")
    header_icon = "table"

    def get_breadcrumbs_items(self):
        # The header names the page (Wagtail's default for a plain view shows "Home").
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def dispatch(self, request, *args, **kwargs):
        if not can_view_reports(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        self.year, self.year_error = self._year(request.GET.get("year"))
        download = request.GET.get("format")
        if download and not self.year_error:
            return self._download(download)
        return super().get(request, *args, **kwargs)

    def _year(self, value):
        default = local_today().year - 1
        if not value:
            return default, ""
        if not value.isdigit() or not 2008 <= int(value) <= 2100:
            return default, _("年度“%(value)s”无效，已显示 %(year)s 年度。") % {
                "value": value[:10], "year": default}
        return int(value), ""

    def _download(self, kind):
        data = build_report(self.year).as_dict()
        name = f"annual-report-{self.year}"
        if kind == "json":
            response = HttpResponse(as_json(data), content_type="application/json; charset=utf-8")
            name += ".json"
        elif kind == "xlsx":
            response = HttpResponse(as_xlsx(data), content_type=(
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
            name += ".xlsx"
        elif kind == "html":
            response = HttpResponse(as_html(data), content_type="text/html; charset=utf-8")
            name += ".html"
        else:
            return HttpResponse(_("不支持的格式：请选择 json、xlsx 或 html。"), status=400,
                                content_type="text/plain; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = build_report(self.year)
        figures = AnnualReportFigures.objects.filter(year=self.year).first()
        page = AnnualReportPage.objects.filter(year=self.year).first()
        this_year = local_today().year
        context.update(
            year=self.year, year_error=self.year_error,
            years=list(range(this_year, this_year - 8, -1)),
            tables=report.as_dict(), report=report, figures=figures, report_page=page,
            figures_url=(reverse("wagtailsnippets_reports_annualreportfigures:edit",
                                 args=[figures.pk]) if figures else
                         reverse("wagtailsnippets_reports_annualreportfigures:add")),
        )
        return context
