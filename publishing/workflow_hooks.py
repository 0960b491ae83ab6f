"""Admin hooks of the workflow: log action types, the edit page, the dashboard, the menu.

Imported by publishing/wagtail_hooks.py.
"""

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.action_menu import ActionMenuItem
from wagtail.admin.menu import MenuItem
from wagtail.models import WorkflowState

LOG_ACTIONS = [
    ("publishing.sign_off", _("领导签发"), _("领导签发")),
    ("publishing.confidentiality_check", _("保密审查签名"), _("保密审查签名")),
    ("publishing.finding_override", _("放行扫描发现"), _("放行扫描发现")),
    ("publishing.change_note", _("填写变更说明"), _("填写变更说明")),
    ("publishing.force_publish", _("强制发布"), _("强制发布")),
    ("publishing.withdraw", _("撤回"), _("撤回")),
    ("publishing.schedule_blocked", _("定时发布受阻（发布程序）"), _("定时发布受阻")),
    ("publishing.changed_during_review", _("审批期间内容被修改，自动退回"),
     _("审批期间内容被修改，自动退回")),
]


@hooks.register("register_log_actions")
def register_workflow_log_actions(actions):
    for action, label, message in LOG_ACTIONS:
        actions.register_action(action, label, message)


AUTOSAVE_IS_NO_DECISION = _("自动保存不执行审批操作；审批以提交的表单为准。")


@hooks.register("before_edit_page")
def guard_edit_page(request, page):
    """Show the reviewer's comment after "request changes"; keep publication inside the workflow;
    take each workflow decision once.

    A page under the workflow is published by sign-off or by force publish (with a reason);
    Wagtail's plain "Publish" button would bypass both, so it is refused here.

    Wagtail's editor records a decision taken in the modal by adding hidden inputs
    (`action-workflow-action`, the decision's data) to the edit form and submitting it; its
    autosave sees the form change and posts the same form again in the background, half a
    second later, while the real submission may still be running. That copy would take the
    decision a second time (a second sign-off record: a server error) or, arriving after the
    page went live, save a new revision of it. A decision is never taken by an autosave.
    """
    if (request.method == "POST" and request.POST.get("action-workflow-action")
            and not request.accepts("text/html")):
        return JsonResponse({"success": False, "error_code": "blocked_by_hook",
                             "error_message": str(AUTOSAVE_IS_NO_DECISION)}, status=400)
    if request.method == "POST" and request.POST.get("action-publish") and page.get_workflow():
        messages.error(request, _("该页面须经审批流程发布；如确需紧急发布，请使用“强制发布”并填写理由。"))
        return redirect("wagtailadmin_pages:edit", page.pk)
    if request.method == "GET":
        state = page.current_workflow_state
        if state and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
            task_state = state.current_task_state
            messages.warning(request, _("“%(task)s”退回修改，意见：%(comment)s") % {
                "task": task_state.task.name, "comment": task_state.comment or "—"})
    return None


@hooks.register("construct_page_action_menu")
def replace_publish_and_unpublish(menu_items, request, context):
    """No plain "Publish" under the workflow; "Unpublish" becomes withdrawal with a reason."""
    page = context.get("page")
    hidden = {"action-unpublish"}
    if page is not None and page.pk and page.get_workflow():
        hidden.add("action-publish")
    menu_items[:] = [item for item in menu_items if item.name not in hidden]


class WithdrawMenuItem(ActionMenuItem):
    label = _("撤回")
    name = "action-withdraw"
    icon_name = "download"

    def is_shown(self, context):
        page = context.get("page")
        return (context.get("view") == "edit" and page is not None and page.live
                and self.get_user_page_permissions_tester(context).can_unpublish())

    def get_url(self, context):
        return reverse("publishing_workflow:withdraw", args=[context["page"].pk])


@hooks.register("register_page_action_menu_item")
def register_withdraw_menu_item():
    return WithdrawMenuItem(order=20)


@hooks.register("construct_page_listing_buttons")
def replace_listing_unpublish(buttons, page, user, context=None):
    buttons[:] = [button for button in buttons
                  if getattr(button, "url_name", None) != "wagtailadmin_pages:unpublish"]


@hooks.register("before_unpublish_page")
def unpublish_through_withdrawal(request, page):
    """Unpublishing is a withdrawal, with a reason from the fixed list."""
    return redirect("publishing_workflow:withdraw", page.pk)


@hooks.register("register_admin_urls")
def register_workflow_urls():
    from .views import urls

    return [path("publishing/workflow/", include((urls.urlpatterns, "publishing_workflow"),
                                                 namespace="publishing_workflow"))]


class ForcedMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("publishing.force_publish")


@hooks.register("register_reports_menu_item")
def register_scheduled_report():
    """Everyone in the admin: the report shows each person only their own pages."""
    return MenuItem(_("定时发布计划"), reverse("publishing_workflow:scheduled"), icon_name="time",
                    order=710)


@hooks.register("register_reports_menu_item")
def register_forced_report():
    return ForcedMenuItem(_("强制发布记录"), reverse("publishing_workflow:forced"),
                          icon_name="warning", order=720)


@hooks.register("construct_homepage_panels")
def add_my_tasks_panel(request, panels):
    from .views.dashboard import MyTasksPanel

    # Wagtail's "awaiting your review" panel shows the same task states without due dates.
    panels[:] = [panel for panel in panels if getattr(panel, "name", "") != "workflow_objects_to_moderate"]
    panels.insert(0, MyTasksPanel())


@hooks.register("register_page_header_buttons")
def page_header_buttons(page, user, view_name=None, next_url=None):
    from wagtail.admin.widgets import Button

    if user.has_perm("publishing.force_publish") and page.get_workflow() and page.has_unpublished_changes:
        yield Button(_("强制发布"), reverse("publishing_workflow:force_publish", args=[page.pk]),
                     icon_name="warning", priority=60)
    if page.live and page.permissions_for_user(user).can_unpublish():
        yield Button(_("撤回"), reverse("publishing_workflow:withdraw", args=[page.pk]),
                     icon_name="download", priority=61)


@hooks.register("after_edit_page")
def back_to_my_tasks_after_a_workflow_action(request, page):
    """After approving or rejecting from the edit page, go back to the dashboard's task list.

    Wagtail sends the moderator to the explorer of the page's parent; a confidentiality officer
    or a signatory holds no page permissions (they act through their tasks only) and would land
    on "no permission" although their decision was saved.
    """
    if "action-workflow-action" not in request.POST:
        return None
    state = page.current_workflow_state
    if (request.POST.get("workflow-action-name") == "approve" and state
            and state.status == WorkflowState.STATUS_NEEDS_CHANGES):
        # The approval met a changed page and sent it back instead (workflow.on_action).
        messages.warning(request, _("内容在审批期间被修改，未予通过，已自动退回信息员核对后重新提交。"))
    if request.GET.get("next"):
        return None
    from wagtail.permission_policies.pages import PagePermissionPolicy

    parent = page.get_parent()
    if PagePermissionPolicy().explorable_instances(request.user).filter(pk=parent.pk).exists():
        return None
    return redirect("wagtailadmin_home")


@hooks.register("before_bulk_action")
def refuse_bulk_publication_of_workflow_pages(request, action_type, objects, action):
    """Bulk publish and bulk unpublish would go around the workflow: publication must pass
    review, the confidentiality check and sign-off (or a recorded forced publication), and
    withdrawal needs a reason from the fixed list. Pages under a workflow are refused here."""
    if action_type not in ("publish", "unpublish"):
        return None
    governed = [page for page in objects if getattr(page, "get_workflow", None)
                and page.get_workflow() is not None]
    if not governed:
        return None
    if action_type == "publish":
        messages.error(request, _("审批流程中的页面不能批量发布，请逐一提交审批，或由政务公开办公室强制发布并填写理由。"))
    else:
        messages.error(request, _("审批流程中的页面不能批量撤销发布，请逐一使用“撤回”并选择理由。"))
    return redirect(request.GET.get("next") or "wagtailadmin_home")
