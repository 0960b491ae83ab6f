"""Admin hooks of the catalogue: the log action of a validity change, the three-sync warning
when a document needing an interpretation is scheduled, and the deadline dashboard and monthly
timeliness report (a viewset in the menu 期限与日历 of the workdays app, and a panel on the admin
home)."""

from django.contrib import messages
from django.http import Http404
from django.urls import path, reverse, reverse_lazy
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.pages.listing import IndexView
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.log_actions import LogFormatter
from wagtail.permission_policies.pages import PagePermissionPolicy

from disclosure import timeliness, timeliness_views
from disclosure.bulk_actions import SetGenreBulkAction
from disclosure.models import DisclosureItem
from workdays.wagtail_hooks import DEADLINES_MENU_HOOK


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


    @actions.register_action("disclosure.genre_changed")
    class GenreChanged(LogFormatter):
        label = gettext_lazy("文种变更")

        def format_message(self, log_entry):
            from disclosure.models.policy import GENRE_CHOICES

            data = log_entry.data or {}
            labels = dict(GENRE_CHOICES)
            return _("文种由“%(old)s”设为“%(new)s”（批量设置）") % {
                "old": labels.get(data.get("old"), data.get("old") or "—"),
                "new": labels.get(data.get("new"), data.get("new"))}


hooks.register("register_bulk_action", SetGenreBulkAction)


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


# --- Deadlines and timeliness (期限与日历) ----------------------------------------------------


class DeadlinesViewSet(ViewSet):
    """公开期限看板 and 及时性月报 (/admin/deadlines/), in the menu 期限与日历 of the workdays app;
    shown to the office and to department members (timeliness.can_view_deadlines)."""

    name = "disclosure_deadlines"
    url_prefix = "deadlines"
    menu_hook = DEADLINES_MENU_HOOK

    def get_urlpatterns(self):
        report = timeliness_views.TimelinessReportView
        return [
            path("", timeliness_views.DeadlineDashboardView.as_view(), name="dashboard"),
            path("report/", report.as_view(), name="report"),
            path("report/results/", report.as_view(results_only=True), name="report_results"),
        ]

    def register_menu_item(self):
        """Two items, the dashboard and the report."""
        hooks.register(self.menu_hook, lambda: self.deadline_menu_item(
            gettext_lazy("公开期限看板"), "dashboard", "time", 100))
        hooks.register(self.menu_hook, lambda: self.deadline_menu_item(
            gettext_lazy("及时性月报"), "report", "table", 200))

    def deadline_menu_item(self, label, view_name, icon, order):
        return self.menu_item_class(label, reverse_lazy(self.get_url_name(view_name)),
                                    icon_name=icon, order=order)

    @cached_property
    def menu_item_class(self):
        def is_shown(_item, request):
            return timeliness.can_view_deadlines(request.user)

        return type("DeadlineMenuItem", (MenuItem,), {"is_shown": is_shown})


@hooks.register("register_admin_viewset")
def register_deadlines():
    return DeadlinesViewSet()


class DeadlineSummaryPanel(Component):
    """The admin home's "公开期限" panel: how many open items are overdue or due soon, how many
    wait too long in a workflow step, and which schedules could not go live."""

    name = "deadline_summary"
    order = 90
    template_name = "disclosure/deadline_home_panel.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        groups = timeliness.deadline_dashboard(
            list(timeliness.visible_departments(self.request.user)))
        return {
            "overdue": sum(len(group.overdue) for group in groups),
            "due_soon": sum(len(group.due_soon) for group in groups),
            "stuck": sum(len(group.stuck) for group in groups),
            "blocked": sum(len(group.blocked) for group in groups),
            "due_soon_days": timeliness.due_soon_working_days(),
            "dashboard_url": reverse("disclosure_deadlines:dashboard"),
        }


@hooks.register("construct_homepage_panels")
def add_deadline_summary_panel(request, panels):
    if timeliness.can_view_deadlines(request.user):
        panels.append(DeadlineSummaryPanel(request))
@hooks.register("before_serve_document")
def serve_only_documents_the_person_may_download(document, request):
    """Every download of a document passes the one rule of disclosure/attachments.py; a
    document the person may not have is a plain 404, so nothing tells it exists."""
    from disclosure.attachments import may_download

    if not may_download(request.user, document):
        raise Http404


@hooks.register("construct_admin_api", order=100)
def documents_api_lists_only_what_the_person_may_download(router):
    """The admin documents API (/admin/api/main/documents/) lists only the documents the
    person may download; Wagtail's own endpoint lists every collection's files. Registered
    after Wagtail's hook (order 100), so this endpoint replaces it."""
    from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet

    from disclosure.attachments import documents_for

    class PermittedDocumentsAPIViewSet(DocumentsAdminAPIViewSet):
        def get_queryset(self):
            return super().get_queryset().filter(
                pk__in=documents_for(self.request.user).values("pk"))

    router.register_endpoint("documents", PermittedDocumentsAPIViewSet)


@hooks.register("after_withdraw_page")
def tell_the_office_which_pages_still_link_a_secret_file(request, page, withdrawal):
    """After a withdrawal for confidentiality the page's files are refused to the public at
    once, even where another live page links them: those pages now hold dead links and must
    be edited (条例 第十四条)."""
    from disclosure.attachments import pages_still_linking

    if withdrawal.shows_notice:
        return
    titles = [other.title for other in pages_still_linking(page)]
    if titles:
        messages.warning(request, _("以下已发布页面仍链接该页面的附件，附件已不再对外提供，"
                                    "请修改这些页面：%(titles)s") % {"titles": "、".join(titles)})
