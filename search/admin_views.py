"""The disclosure office's search report: top queries and queries that found nothing."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from search.models import QueryLog
from workdays.local_time import local_today

PERIODS = (7, 30, 90, 365)
TOP = 50


def query_report(days: int) -> dict:
    """Top queries and zero-result queries of the last `days` days (today included)."""
    since = local_today() - timedelta(days=days - 1)
    rows = (QueryLog.objects.filter(day__gte=since).values("query")
            .annotate(searches=Sum("searches"), zero=Sum("zero_result_searches")))
    top = list(rows.order_by("-searches", "query")[:TOP])
    zero = list(rows.filter(zero__gt=0).order_by("-zero", "query")[:TOP])
    return {"since": since, "top": top, "zero": zero}


class QueryReportView(WagtailAdminTemplateMixin, TemplateView):
    """Top queries and zero-result queries, for the disclosure office (search.view_querylog)."""

    template_name = "search/admin/query_report.html"
    page_title = _("检索统计")
    header_icon = "search"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("search.view_querylog"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        try:
            days = int(self.request.GET.get("days", 30))
        except ValueError:
            days = 30
        days = days if days in PERIODS else 30
        context.update(query_report(days), days=days, periods=PERIODS)
        return context
