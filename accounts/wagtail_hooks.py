"""The accounts app in the admin: the login audit (报告 → 登录审计, 审计管理员), the unlock page
(设置 → 登录锁定, 安全管理员), the second-factor page, and accounts never deleted."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import AccountChangeRequest, RegisteredCertificate
from .two_factor import SecondFactorView
from .users import record_change
from .views import AccountChangeReport, ChangeRequestsView, LoginAuditReport, UnlockView


@hooks.register("register_admin_urls")
def register_accounts_urls():
    return [
        path("accounts/audit/", LoginAuditReport.as_view(), name="accounts_audit"),
        path("accounts/audit/results/", LoginAuditReport.as_view(results_only=True),
             name="accounts_audit_results"),
        path("accounts/changes/", AccountChangeReport.as_view(), name="accounts_changes"),
        path("accounts/changes/results/", AccountChangeReport.as_view(results_only=True),
             name="accounts_changes_results"),
        path("accounts/unlock/", UnlockView.as_view(), name="accounts_unlock"),
        path("accounts/change-requests/", ChangeRequestsView.as_view(),
             name="accounts_change_requests"),
        path("accounts/otp/", SecondFactorView.as_view(), name="accounts_otp"),
    ]


class PermissionMenuItem(MenuItem):
    def __init__(self, *args, permission, **kwargs):
        self.permission = permission
        super().__init__(*args, **kwargs)

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


@hooks.register("register_reports_menu_item")
def register_audit_menu_item():
    return PermissionMenuItem(gettext_lazy("登录审计"), reverse("accounts_audit"),
                              icon_name="history", order=950,
                              permission="accounts.view_loginevent")


@hooks.register("register_reports_menu_item")
def register_changes_menu_item():
    return PermissionMenuItem(gettext_lazy("账号变更记录"), reverse("accounts_changes"),
                              icon_name="user", order=951,
                              permission="accounts.view_accountchange")


@hooks.register("register_settings_menu_item")
def register_unlock_menu_item():
    return PermissionMenuItem(gettext_lazy("登录锁定"), reverse("accounts_unlock"),
                              icon_name="lock-open", order=650,
                              permission="accounts.unlock_accounts")


@hooks.register("register_settings_menu_item")
def register_change_requests_menu_item():
    return PermissionMenuItem(gettext_lazy("账号变更审定"), reverse("accounts_change_requests"),
                              icon_name="tasks", order=651,
                              permission="accounts.approve_accountchangerequest")


@hooks.register("before_delete_user")
def disable_instead_of_delete(request, user):
    """A person who leaves is disabled, never deleted: their history keeps their name
    (湖南省“互联网+监督”平台运维管理办法 第十三条: 账号变更须经审定并留存记录)."""
    messages.error(request, _("账号不能删除，只能停用：请在编辑页取消“有效”后保存。"))
    return redirect("wagtailusers_users:edit", user.pk)


class CertificateViewSet(SnippetViewSet):
    """数字证书: the 安全管理员 registers each person's certificates and revokes a lost or replaced
    one (corpus 001 第十五条) by filling in 吊销时间; the person's sessions end at once."""

    model = RegisteredCertificate
    icon = "key"
    menu_label = gettext_lazy("数字证书")
    add_to_settings_menu = True
    list_display = ["serial", "user", "subject", "valid_to", "revoked_at"]
    list_filter = ["revoked_at"]
    panels = [FieldPanel("user"), FieldPanel("serial"), FieldPanel("subject"),
              FieldPanel("issuer"), FieldPanel("valid_to"), FieldPanel("revoked_at"),
              FieldPanel("revocation_reason")]


register_snippet(CertificateViewSet)


@hooks.register("after_create_user")
def record_account_created(request, user):
    _told_when_held(request, record_change(request, user, "开设"))


@hooks.register("after_edit_user")
def record_account_changed(request, user):
    _told_when_held(request, record_change(request, user, "修改"))


def _told_when_held(request, change):
    if isinstance(change, AccountChangeRequest):
        messages.info(request, _("角色、科室或有效状态的变更已提交单位负责人审定，审定同意后生效。"))
