"""The disclosure office's search report (a Wagtail ReportView, exported as .xlsx or .csv): how
often each query was searched and how often it found nothing, over a chosen period."""

from datetime import timedelta

import django_filters
from django.db.models import Sum
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView

from search.models import QueryLog
from workdays.local_time import local_today

PERIODS = (7, 30, 90, 365)


class QueryLogFilterSet(WagtailFilterSet):
    # Declared first: the zero-result filter below looks only at the chosen period.
    days = django_filters.ChoiceFilter(
        label=_("统计时段"), method="filter_days", empty_label=_("全部时间"),
        choices=[(str(days), _("近 %(days)d 天") % {"days": days}) for days in PERIODS])
    zero = django_filters.BooleanFilter(label=_("只看无结果的检索词"), method="filter_zero")

    class Meta:
        model = QueryLog
        fields = ["days", "zero"]

    def filter_days(self, queryset, name, value):
        return queryset.filter(day__gte=local_today() - timedelta(days=int(value) - 1))

    def filter_zero(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(query__in=queryset.filter(zero_result_searches__gt=0)
                               .values("query"))


class QueryReportView(ReportView):
    """检索统计, for the disclosure office (search.view_querylog). Only queries, counts and days
    are kept: nothing about who searched."""

    page_title = _("检索统计")
    header_icon = "search"
    model = QueryLog
    verbose_name_plural = _("检索记录")
    filterset_class = QueryLogFilterSet
    permission_required = "view"
    index_url_name = "search_query_report"
    index_results_url_name = "search_query_report_results"
    columns = [
        TitleColumn("query", label=_("检索词"), link_attrs={"target": "_blank", "rel": "noopener"},
                    get_url=lambda row: "/search/?" + urlencode({"q": row["query"]})),
        Column("total", label=_("检索次数"), sort_key="total"),
        Column("zero", label=_("无结果次数"), sort_key="zero"),
    ]
    default_ordering = "-total"
    list_export = ["query", "total", "zero"]
    export_headings = {"query": _("检索词"), "total": _("检索次数"), "zero": _("无结果次数")}

    def get_queryset(self):
        """The period's rows, summed per query (filtered first, then grouped)."""
        rows = (self.filter_queryset(QueryLog.objects.all()).values("query")
                .annotate(total=Sum("searches"), zero=Sum("zero_result_searches")))
        return rows.order_by(self.ordering, "query")

    def get_filtered_queryset(self):
        return self.get_queryset()  # already filtered, before grouping
