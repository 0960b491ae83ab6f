"""Staff views in the Wagtail admin: the list, paper entry and the yearly statistics (one
application's page is in applications.admin_detail).

Who sees what is decided in applications.privacy; what may happen in applications.actions.
"""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import FormView, TemplateView
from django_filters import ChoiceFilter, DateFromToRangeFilter, ModelChoiceFilter
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from departments.models import Department
from personaldata import mask_name
from workdays.local_time import local_today

from .admin_detail import NAMESPACE, detail_url
from .clock import reply_clock
from .forms import StaffApplicationForm
from .models import ApplicantType, DisclosureApplication, ReplyDraft, Routing, State
from .privacy import is_office, visible_applications
from .services import register_paper
from .statistics import COLUMN_LABELS, year_statistics


class DueColumn(Column):
    """The due date, amber within 3 working days, red when overdue (as on the dashboard)."""

    cell_template_name = "applications/admin/due_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["clock"] = reply_clock(instance)
        context["application"] = instance
        return context


def waiting_for_review(application) -> str:
    """What of the application waits for a head's review (the list's 待审核 column)."""
    if application.routing == Routing.PROPOSED:
        return _("受理和转办意见待审核")
    if getattr(application, "reply_pending", False):
        return _("答复待审核")
    return ""


class ApplicationFilterSet(WagtailFilterSet):
    state = ChoiceFilter(label=gettext_lazy("状态"), choices=State.choices)
    department = ModelChoiceFilter(label=gettext_lazy("承办科室"),
                                   queryset=Department.objects.all(), null_label=gettext_lazy(
                                       "政务公开办公室自办"))
    applicant_type = ChoiceFilter(label=gettext_lazy("申请人类型"), choices=ApplicantType.choices)
    due_on = DateFromToRangeFilter(label=gettext_lazy("答复期限"))
    waiting = ChoiceFilter(label=gettext_lazy("待审核"), method="filter_waiting",
                           choices=[("routing", gettext_lazy("受理和转办意见待审核")),
                                    ("reply", gettext_lazy("答复待审核"))])
    archive = ChoiceFilter(label=gettext_lazy("归档"), method="filter_archive",
                           choices=[("pending", gettext_lazy("已办结，待归档")),
                                    ("archived", gettext_lazy("已归档"))])

    class Meta:
        model = DisclosureApplication
        fields = ["state", "department", "applicant_type", "due_on", "waiting", "archive"]

    def filter_waiting(self, queryset, name, value):
        if value == "routing":
            return queryset.filter(routing=Routing.PROPOSED)
        if value == "reply":
            return queryset.filter(reply_pending=True)
        return queryset

    def filter_archive(self, queryset, name, value):
        if value == "pending":
            return queryset.filter(state=State.CLOSED, archive_number="")
        if value == "archived":
            return queryset.exclude(archive_number="")
        return queryset


class ApplicationIndexView(IndexView):
    """Applications the user may open, by state, department and due date; names masked."""

    filterset_class = ApplicationFilterSet
    default_ordering = "due_on"
    page_title = gettext_lazy("政府信息公开申请")

    def get_base_queryset(self):
        pending = ReplyDraft.objects.filter(application=OuterRef("pk"),
                                            state=ReplyDraft.State.PENDING)
        return (visible_applications(self.request.user).select_related("department")
                .annotate(reply_pending=Exists(pending)))

    @property
    def columns(self):
        return [
            TitleColumn("tracking_number", label=_("受理编号"), get_url=detail_url,
                        sort_key="tracking_number"),
            Column("applicant", label=_("申请人"),
                   accessor=lambda app: mask_name(app.name)),
            Column("state", label=_("状态"), accessor="get_state_display", sort_key="state"),
            Column("department", label=_("承办科室"),
                   accessor=lambda app: app.department or _("政务公开办公室")),
            Column("received_on", label=_("收到申请之日"), sort_key="received_on",
                   accessor=lambda app: app.received_on.isoformat() if app.received_on else "—"),
            DueColumn("due_on", label=_("答复期限"), sort_key="due_on"),
            Column("review", label=_("待审核"), accessor=waiting_for_review),
            Column("reply_type", label=_("答复类型"), accessor="get_reply_type_display"),
            Column("archive_number", label=_("归档号"), sort_key="archive_number"),
        ]

    add_item_label = gettext_lazy("登记纸质、邮寄或传真申请")

    def get_edit_url(self, instance):
        return detail_url(instance)

    def get_delete_url(self, instance):
        return None


@method_decorator(sensitive_post_parameters(), name="dispatch")
class RegisterPaperView(WagtailAdminTemplateMixin, FormView):
    """The office enters a paper, postal or fax application with its own receipt date."""

    template_name = "applications/admin/register.html"
    form_class = StaffApplicationForm
    page_title = gettext_lazy("登记纸质申请")
    header_icon = "form"

    def dispatch(self, request, *args, **kwargs):
        if not is_office(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(f"{NAMESPACE}:index"), "label": _("政府信息公开申请")},
            {"url": "", "label": self.page_title},
        ]

    def form_valid(self, form):
        application, code = register_paper(form, self.request.user)
        self.request.session[f"new_query_code_{application.pk}"] = code
        messages.success(self.request, _("已登记申请 %(number)s。") % {
            "number": application.tracking_number})
        return redirect(detail_url(application))


class StatisticsView(WagtailAdminTemplateMixin, TemplateView):
    """Applications of a year in the annual-report table, with its balance check."""

    template_name = "applications/admin/statistics.html"
    page_title = gettext_lazy("依申请公开情况统计")
    header_icon = "table"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def dispatch(self, request, *args, **kwargs):
        if not is_office(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        this_year = local_today().year
        try:
            year = int(self.request.GET.get("year", this_year))
        except ValueError:
            year = this_year
        year = min(max(year, 2008), this_year + 1)
        context.update(statistics=year_statistics(year), year=year,
                       years=range(this_year, max(this_year - 10, 2008) - 1, -1),
                       column_labels=COLUMN_LABELS, today=date.today())
        return context
