"""Reports (Wagtail ReportViews, with filters and .xlsx/.csv export): what was forced, and what is
scheduled to go live or to expire."""

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import CharField, OuterRef, Q, Subquery
from django.db.models.functions import Cast, Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn, UserColumn
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page, Revision

from departments.visibility import pages_user_works_on
from publishing.workflow_models import ForcedPublication, SignOff


def local_time(name, label, **kwargs):
    """A column showing the datetime `name` as local time to the minute."""
    return Column(name, label=label, sort_key=name, accessor=lambda row: timezone.localtime(
        getattr(row, name)).strftime("%Y-%m-%d %H:%M") if getattr(row, name) else "", **kwargs)


class ForcedFilterSet(WagtailFilterSet):
    at = django_filters.DateFromToRangeFilter(label=_("时间"), widget=DateRangePickerWidget)
    by = django_filters.ModelChoiceFilter(label=_("操作人"), queryset=lambda request: get_user_model()
                                          .objects.filter(pk__in=ForcedPublication.objects.values("by")))

    class Meta:
        model = ForcedPublication
        fields = ["at", "by", "scan_has_blocking"]


class ForcedPublicationsView(ReportView):
    """强制发布记录, for the disclosure office (publishing.force_publish) only."""

    page_title = verbose_name_plural = _("强制发布记录")
    header_icon = "warning"
    model = ForcedPublication
    filterset_class = ForcedFilterSet
    permission_required = "force_publish"
    index_url_name = "publishing_workflow:forced"
    index_results_url_name = "publishing_workflow:forced_results"
    columns = [local_time("at", _("时间")),
               TitleColumn("page", label=_("标题"), get_url=lambda row: reverse(
                   "wagtailadmin_pages:edit", args=[row.page_id])),
               UserColumn("by", label=_("操作人")), Column("reason", label=_("理由")),
               Column("scan_summary", label=_("自动扫描"))]
    default_ordering = "-at"
    list_export = ["at", "page.title", "by", "reason", "scan_summary"]
    export_headings = {"page.title": _("标题"), "scan_summary": _("自动扫描")}

    def user_has_permission(self, permission):
        return self.request.user.has_perm("publishing.force_publish")

    def get_base_queryset(self):
        return ForcedPublication.objects.select_related("page", "by")


class ScheduledFilterSet(WagtailFilterSet):
    kind = django_filters.ChoiceFilter(label=_("类型"), method="filter_kind", choices=[
        ("go_live", _("定时发布")), ("expire", _("到期下线"))])
    go_live_scheduled = django_filters.DateFromToRangeFilter(label=_("发布时间"),
                                                             widget=DateRangePickerWidget)

    class Meta:
        model = Page
        fields = ["kind", "go_live_scheduled"]

    def filter_kind(self, queryset, name, value):
        if value == "go_live":
            return queryset.filter(go_live_scheduled__isnull=False)
        return queryset.filter(live=True, expire_at__isnull=False)


class ScheduledView(ReportView):
    """定时发布计划: revisions waiting for their go-live time and live pages with an expiry time,
    limited to pages the person may edit or whose workflow task they may decide (the office,
    which may edit every page, sees all)."""

    page_title = _("定时发布计划")
    header_icon = "time"
    model = Page
    verbose_name_plural = _("定时发布或下线的内容")
    filterset_class = ScheduledFilterSet
    index_url_name = "publishing_workflow:scheduled"
    index_results_url_name = "publishing_workflow:scheduled_results"
    columns = [TitleColumn("title", label=_("标题"), accessor="get_admin_display_title",
                           url_name="wagtailadmin_pages:edit"),
               local_time("go_live_scheduled", _("发布时间")), local_time("expire_at", _("下线时间")),
               Column("status_string", label=_("状态"))]
    export_headings = {"get_admin_display_title": _("标题"), "go_live_scheduled": _("发布时间"),
                       "expire_at": _("下线时间"), "status_string": _("状态")}
    list_export = list(export_headings)

    def get_base_queryset(self):
        # The pages the person edits or must decide now (the office edits every page), and
        # those the person signed off: a signatory sees the times they chose.
        user = self.request.user
        visible = pages_user_works_on(user) | Page.objects.filter(
            pk__in=SignOff.objects.filter(signed_by=user).values("page_id"))
        go_live = (Revision.page_revisions.filter(object_id=Cast(OuterRef("pk"), CharField()),
                                                  approved_go_live_at__isnull=False)
                   .order_by("approved_go_live_at").values("approved_go_live_at")[:1])
        return (visible.annotate(go_live_scheduled=Subquery(go_live))
                .filter(Q(go_live_scheduled__isnull=False) | Q(live=True, expire_at__isnull=False))
                .order_by(Coalesce("go_live_scheduled", "expire_at")))
