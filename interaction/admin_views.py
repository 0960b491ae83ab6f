"""Staff views in the Wagtail admin: the list by state and due date (amber/red, the 3-month
alarm), one message with its steps and trail, the attachment, and the ledger with export.

Who sees what is decided in interaction.access; what may happen in interaction.actions.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import TemplateView
from django_filters import ChoiceFilter, DateFromToRangeFilter, ModelChoiceFilter
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from departments.models import Department
from workdays.local_time import local_today

from . import deadlines, statistics
from .access import can_see_identity, is_discipline, is_office, visible_messages
from .actions import ACTIONS_BY_NAME, EVENT_LABELS, available_actions
from .forms import STAFF_FORMS
from .models import Channel, MessageEvent, PublicMessage, Stage, State

NAMESPACE = "interaction_messages"


def detail_url(message) -> str:
    return reverse(f"{NAMESPACE}:detail", args=(message.pk,))


class DueColumn(Column):
    """The running deadline, amber within 3 working days, red when passed; the red line alarm."""

    cell_template_name = "interaction/admin/due_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["clock"] = deadlines.clock(instance)
        return context


class MessageFilterSet(WagtailFilterSet):
    state = ChoiceFilter(label=gettext_lazy("状态"), choices=State.choices)
    stage = ChoiceFilter(label=gettext_lazy("办理层级"), choices=Stage.choices)
    channel = ModelChoiceFilter(label=gettext_lazy("渠道"), queryset=Channel.objects.all())
    department = ModelChoiceFilter(label=gettext_lazy("承办科室"),
                                   queryset=Department.objects.all())
    reply_due_on = DateFromToRangeFilter(label=gettext_lazy("答复期限"))

    class Meta:
        model = PublicMessage
        fields = ["state", "stage", "channel", "department", "reply_due_on"]


class MessageIndexView(IndexView):
    """Messages the user may open, by state and due date; never who wrote them."""

    filterset_class = MessageFilterSet
    default_ordering = "reply_due_on"
    page_title = gettext_lazy("留言与投诉")
    template_name = "interaction/admin/index.html"

    def get_base_queryset(self):
        return visible_messages(self.request.user).select_related("channel", "department")

    @property
    def columns(self):
        return [
            TitleColumn("tracking_number", label=_("编号"), get_url=detail_url,
                        sort_key="tracking_number"),
            Column("title", label=_("标题")),
            Column("channel", label=_("渠道"), accessor="channel"),
            Column("state", label=_("状态"), accessor="get_state_display", sort_key="state"),
            Column("stage", label=_("办理层级"), accessor="get_stage_display"),
            Column("department", label=_("承办科室"),
                   accessor=lambda m: m.department or ("—" if m.stage == Stage.DEPARTMENT
                                                       else m.get_stage_display())),
            Column("received_on", label=_("收到日期"), sort_key="received_on"),
            DueColumn("reply_due_on", label=_("期限"), sort_key="reply_due_on"),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["alarms"] = [message for message in deadlines.alarms()
                             if visible_messages(user).filter(pk=message.pk).exists()]
        context["is_office"] = is_office(user)
        return context

    def get_add_url(self):
        return None


class MessageMixin:
    def get_message(self):
        return get_object_or_404(visible_messages(self.request.user)
                                 .select_related("channel", "subject", "department"),
                                 pk=self.kwargs["pk"])


class MessageDetailView(MessageMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "interaction/admin/detail.html"
    header_icon = "mail"

    def get_page_title(self):
        return _("留言 %(number)s") % {"number": self.message.tracking_number}

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(f"{NAMESPACE}:index"), "label": _("留言与投诉")},
            {"url": "", "label": self.message.tracking_number},
        ]

    def get(self, request, *args, **kwargs):
        self.message = self.get_message()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        message, user = self.message, self.request.user
        events = list(message.events.select_related("by"))
        for event in events:
            event.label = EVENT_LABELS.get(event.kind, event.kind)
        context.update(
            message=message, clock=deadlines.clock(message),
            identity=can_see_identity(user, message),
            replies=message.replies.select_related("department", "drafted_by", "approved_by"),
            events=events,
            # (name, label, form): templates would call an action class, so no classes.
            actions=[(action.action_name, action.label,
                      STAFF_FORMS[action.action_name](prefix=action.action_name))
                     for action in available_actions(message, user)],
        )
        return context


@method_decorator(sensitive_post_parameters(), name="dispatch")
class MessageActionView(MessageMixin, View):
    """Run one step from the detail page; a refusal comes back as a Chinese message."""

    def post(self, request, pk, name):
        message = self.get_message()
        action_class = ACTIONS_BY_NAME.get(name)
        if action_class is None:
            raise Http404
        form = STAFF_FORMS[name](request.POST, prefix=name)
        if not form.is_valid():
            for field, errors in form.errors.items():
                label = form.fields[field].label if field in form.fields else ""
                messages.error(request, f"{action_class.label}：{label} {' '.join(errors)}")
            return redirect(detail_url(message))
        params = dict(form.cleaned_data)
        reason = params.pop("reason", "") or ""
        try:
            action_class(message, request.user, reason=reason, **params).execute()
        except PermissionDenied as refusal:
            messages.error(request, f"{action_class.label}：{refusal}")
        except ValidationError as refusal:
            messages.error(request, f"{action_class.label}：{' '.join(refusal.messages)}")
        else:
            messages.success(request, _("已完成：%(action)s。") % {"action": action_class.label})
        return redirect(detail_url(message))


class AttachmentView(MessageMixin, View):
    """The writer's attachment: only for whoever may see the writer's identity; each opening is
    written to the trail."""

    def get(self, request, pk):
        message = self.get_message()
        if not message.attachment or not can_see_identity(request.user, message):
            raise Http404
        MessageEvent.objects.create(message=message, kind="attachment_viewed", by=request.user)
        extension = message.attachment.name.rsplit(".", 1)[-1].lower()
        response = FileResponse(message.attachment.open("rb"), as_attachment=True,
                                filename=f"{message.tracking_number}-附件.{extension}")
        response["Cache-Control"] = "private, no-store"
        return response


class LedgerView(WagtailAdminTemplateMixin, TemplateView):
    """台账: per month, channel and department, with the year's total; .xlsx export."""

    template_name = "interaction/admin/ledger.html"
    page_title = gettext_lazy("互动交流台账")
    header_icon = "table"

    def dispatch(self, request, *args, **kwargs):
        if not (is_office(request.user) or is_discipline(request.user)):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def year(self) -> int:
        this_year = local_today().year
        value = self.request.GET.get("year", "")
        year = int(value) if value.isdigit() else this_year
        return min(max(year, 2008), this_year + 1)

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "xlsx":
            year = self.year()
            response = HttpResponse(content_type=(
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
            response["Content-Disposition"] = f'attachment; filename="interaction-{year}.xlsx"'
            statistics.workbook(year).save(response)
            return response
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = self.year()
        rows, total = statistics.ledger(year)
        this_year = local_today().year
        context.update(year=year, rows=rows, total=total, columns=statistics.COLUMNS,
                       years=range(this_year, this_year - 6, -1))
        return context
