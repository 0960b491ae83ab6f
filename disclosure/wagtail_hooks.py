"""Admin hooks of the catalogue: the log action of a validity change, and the three-sync warning
when a document needing an interpretation is scheduled."""

from django.contrib import messages
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.pages.listing import IndexView
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.log_actions import LogFormatter
from wagtail.permission_policies.pages import PagePermissionPolicy

from disclosure.models import DisclosureItem


@hooks.register("register_log_actions")
def register_disclosure_log_actions(actions):
    @actions.register_action("disclosure.validity_changed")
    class ValidityChanged(LogFormatter):
        label = gettext_lazy("有效性变更")

        def format_message(self, log_entry):
            from disclosure.models.policy import VALIDITY_CHOICES

            data = log_entry.data or {}
            labels = dict(VALIDITY_CHOICES)
            return _("有效性由“%(old)s”变为“%(new)s”（因发布《%(by)s》）") % {
                "old": labels.get(data.get("old"), data.get("old")),
                "new": labels.get(data.get("new"), data.get("new")),
                "by": data.get("by_title", ""),
            }


@hooks.register("after_edit_page")
@hooks.register("after_create_page")
def warn_scheduled_document_without_interpretation(request, page):
    """A document scheduled for later still needs its interpretation approved by then (三同步);
    the scheduler will refuse to publish it otherwise, so say so now."""
    from disclosure.models import PolicyDocument
    from disclosure.publication import three_sync_problem

    page = page.specific
    if not isinstance(page, PolicyDocument) or not page.needs_interpretation:
        return
    revision = page.scheduled_revision
    if revision is None or revision.approved_go_live_at is None:
        return
    problem = three_sync_problem(page, go_live_at=revision.approved_go_live_at)
    if problem:
        messages.warning(request, _("已定时发布，但尚不满足三同步要求：%(problem)s") % {
            "problem": problem})


class DeadlineColumn(Column):
    """The item's publication deadline, marked 暂定 when its year's holidays are not entered."""

    def get_value(self, instance):
        if instance.due_on is None:
            return "—"
        value = instance.due_on.isoformat()
        return f"{value}（{_('暂定')}）" if instance.due_provisional else value


class DisclosureItemListingViewSet(PageListingViewSet):
    """Every catalogue entry in one flat list with its deadline, sortable by it.

    What a user sees is limited by Wagtail's page permissions, as in the explorer: an editor
    sees the items of their department's columns only.
    """

    model = DisclosureItem
    name = "disclosure_items"
    icon = "list-ul"
    menu_label = gettext_lazy("公开事项")
    menu_order = 150
    add_to_admin_menu = True
    columns = [
        *IndexView.base_columns,
        DeadlineColumn("due_on", label=gettext_lazy("公开期限"), sort_key="due_on"),
    ]

    @cached_property
    def menu_item_class(self):
        """Shown only to whoever the list would open for (Wagtail's page listing asks for one of
        its page permissions; a confidentiality officer or a signatory has none and works from
        the dashboard's task list instead)."""

        def is_shown(_item, request):
            return PagePermissionPolicy().user_has_any_permission(
                request.user, self.index_view_class.any_permission_required)

        return type("DisclosureItemMenuItem", (MenuItem,), {"is_shown": is_shown})


@hooks.register("register_admin_viewset")
def register_disclosure_item_listing():
    return DisclosureItemListingViewSet()
