"""The interaction app's place in the Wagtail admin: 互动交流 with the messages (list, detail,
steps), the channels (snippets the office edits) and the ledger; the 3-month alarm on the
dashboard. No edit or delete view of a message: every change is a recorded step."""

from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy
from wagtail.snippets.views.snippets import SnippetViewSet

from . import admin_views, deadlines
from .access import is_discipline, is_office, visible_messages
from .models import Channel, PublicMessage
from .permissions import MessagePolicy, OfficeOnlyPolicy

# Before any viewset asks (Wagtail would create a fallback model-permission policy).
register_permission_policy(PublicMessage, MessagePolicy(PublicMessage))
register_permission_policy(Channel, OfficeOnlyPolicy(Channel))


class MessageViewSet(ModelViewSet):
    model = PublicMessage
    name = admin_views.NAMESPACE
    icon = "mail"
    menu_label = _("留言与投诉")
    index_view_class = admin_views.MessageIndexView
    filterset_class = admin_views.MessageFilterSet
    ordering = "reply_due_on"
    add_to_reference_index = False

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("<int:pk>/", admin_views.MessageDetailView.as_view(), name="detail"),
            path("<int:pk>/action/<slug:name>/", admin_views.MessageActionView.as_view(),
                 name="action"),
            path("<int:pk>/attachment/", admin_views.AttachmentView.as_view(),
                 name="attachment"),
            path("ledger/", admin_views.LedgerView.as_view(), name="ledger"),
        ]

    def get_index_view_kwargs(self, **kwargs):
        view_kwargs = super().get_index_view_kwargs(**kwargs)
        view_kwargs["edit_url_name"] = None
        view_kwargs["delete_url_name"] = None
        view_kwargs["add_url_name"] = None
        return view_kwargs


class ChannelViewSet(SnippetViewSet):
    model = Channel
    icon = "list-ul"
    menu_label = _("互动渠道")
    list_display = ["name", "kind", "inspection_kind", "receiver", "is_active"]


class InteractionGroup(ViewSetGroup):
    menu_label = _("互动交流")
    menu_icon = "mail"
    menu_order = 270
    items = (MessageViewSet, ChannelViewSet)


@hooks.register("register_admin_viewset")
def register_interaction():
    return InteractionGroup()


class LedgerMenuItem(MenuItem):
    def is_shown(self, request):
        return is_office(request.user) or is_discipline(request.user)


@hooks.register("register_admin_menu_item")
def register_ledger_menu_item():
    return LedgerMenuItem(_("互动交流台账"), reverse(f"{admin_views.NAMESPACE}:ledger"),
                          icon_name="table", order=271)


class AlarmPanel(Component):
    """The inspection red line on the admin home: messages unanswered past 3 months, in red."""

    name = "interaction_alarms"
    order = 50
    template_name = "interaction/admin/alarm_panel.html"

    def __init__(self, alarms):
        self.alarms = alarms

    def get_context_data(self, parent_context):
        return {"alarms": self.alarms}


@hooks.register("construct_homepage_panels")
def add_alarm_panel(request, panels):
    user = request.user
    alarms = [message for message in deadlines.alarms()
              if visible_messages(user).filter(pk=message.pk).exists()]
    if alarms:
        panels.append(AlarmPanel(alarms))


@hooks.register("insert_global_admin_css")
def interaction_admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("interaction/admin.css"))
