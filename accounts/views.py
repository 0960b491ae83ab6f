"""The admin views of the accounts app: the login audit trail for the 审计管理员 (a Wagtail
report, exported as .xlsx or .csv), and the unlock page of the 安全管理员."""

import django_filters
from axes.models import AccessAttempt
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.reports import ReportView

from . import approval, lockout
from .models import AccountChange, AccountChangeRequest, LoginEvent


class LoginEventFilterSet(WagtailFilterSet):
    at = django_filters.DateFromToRangeFilter(label=gettext_lazy("时间"),
                                              widget=DateRangePickerWidget)
    kind = django_filters.ChoiceFilter(label=gettext_lazy("事件"), choices=LoginEvent.Kind.choices)
    username = django_filters.CharFilter(label=gettext_lazy("用户名"), lookup_expr="icontains")
    address = django_filters.CharFilter(label=gettext_lazy("地址"), lookup_expr="startswith")

    class Meta:
        model = LoginEvent
        fields = ["at", "kind", "username", "address"]


class LoginAuditReport(ReportView):
    """登录审计 (等保 2.0 安全审计): every login, failure, lockout, unlock, logout, idle timeout,
    password change, second-factor enrolment and certificate use. Read-only."""

    page_title = gettext_lazy("登录审计")
    header_icon = "history"
    model = LoginEvent
    verbose_name_plural = gettext_lazy("登录审计记录")
    filterset_class = LoginEventFilterSet
    permission_required = "view"
    index_url_name = "accounts_audit"
    index_results_url_name = "accounts_audit_results"
    columns = [
        DateColumn("at", label=gettext_lazy("时间"), sort_key="at",
                   accessor="at"),
        Column("kind", label=gettext_lazy("事件"), accessor="get_kind_display"),
        Column("username", label=gettext_lazy("用户名")),
        Column("address", label=gettext_lazy("地址")),
        Column("method", label=gettext_lazy("方式")),
        Column("detail", label=gettext_lazy("说明")),
    ]
    default_ordering = "-at"
    list_export = ["at", "get_kind_display", "username", "address", "method", "superuser",
                   "detail"]
    export_headings = {"at": gettext_lazy("时间"), "get_kind_display": gettext_lazy("事件"),
                       "username": gettext_lazy("用户名"), "address": gettext_lazy("地址"),
                       "method": gettext_lazy("方式"), "superuser": gettext_lazy("超级用户"),
                       "detail": gettext_lazy("说明")}

    def get_queryset(self):
        return LoginEvent.objects.all()


class AccountChangeReport(ReportView):
    """账号变更记录: each account opened, changed or disabled, by whom, approved by which unit
    head and why (corpus 001 第十三条), for the 审计管理员. Read-only."""

    page_title = gettext_lazy("账号变更记录")
    header_icon = "user"
    model = AccountChange
    verbose_name_plural = gettext_lazy("账号变更记录")
    permission_required = "view"
    index_url_name = "accounts_changes"
    index_results_url_name = "accounts_changes_results"
    columns = [
        DateColumn("at", label=gettext_lazy("时间"), sort_key="at"),
        Column("account", label=gettext_lazy("账号")),
        Column("kind", label=gettext_lazy("变更")),
        Column("changed_by", label=gettext_lazy("操作人")),
        Column("approved_by", label=gettext_lazy("审定人（单位负责人）")),
        Column("reason", label=gettext_lazy("变更理由")),
        Column("state", label=gettext_lazy("变更后")),
    ]
    default_ordering = "-at"
    list_export = ["at", "account", "kind", "changed_by", "approved_by", "reason", "state"]
    export_headings = {"at": gettext_lazy("时间"), "account": gettext_lazy("账号"),
                       "kind": gettext_lazy("变更"), "changed_by": gettext_lazy("操作人"),
                       "approved_by": gettext_lazy("审定人（单位负责人）"),
                       "reason": gettext_lazy("变更理由"), "state": gettext_lazy("变更后")}

    def get_queryset(self):
        return AccountChange.objects.select_related("account", "changed_by")


class UnlockForm(forms.Form):
    username = forms.CharField(label=gettext_lazy("用户名"), required=False, max_length=150)
    address = forms.GenericIPAddressField(label=gettext_lazy("地址"), required=False)

    def clean(self):
        data = super().clean()
        if not data.get("username") and not data.get("address"):
            raise forms.ValidationError(_("请填写要解除锁定的用户名或地址。"))
        return data


class UnlockView(WagtailAdminTemplateMixin, FormView):
    """解除锁定, for the 安全管理员 (accounts.unlock_accounts): the accounts and addresses that
    failed to log in, the addresses locked out of page and document passwords, and a form to
    lift a lock (each locked address also has its own button)."""

    template_name = "accounts/unlock.html"
    form_class = UnlockForm
    page_title = gettext_lazy("登录锁定")
    header_icon = "lock-open"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("accounts.unlock_accounts"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["attempts"] = AccessAttempt.objects.order_by("-attempt_time")[:200]
        context["failure_limit"] = lockout.failure_limit()
        context["page_password_locks"] = lockout.page_password_locks()
        return context

    def form_valid(self, form):
        lockout.unlock(self.request, username=form.cleaned_data["username"],
                       address=form.cleaned_data["address"] or "")
        messages.success(self.request, _("已解除锁定。"))
        return redirect("accounts_unlock")


class ChangeRequestsView(WagtailAdminTemplateMixin, TemplateView):
    """账号变更审定, for the 单位负责人 (accounts.approve_accountchangerequest): the account changes
    the 系统管理员 proposed, each approved (applied) or declined here (corpus 001 第十三条)."""

    template_name = "accounts/change_requests.html"
    page_title = gettext_lazy("账号变更审定")
    header_icon = "tasks"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("accounts.approve_accountchangerequest"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        requests = AccountChangeRequest.objects.select_related(
            "account", "proposed_by", "decided_by").prefetch_related("groups")
        context["pending"] = [
            (change, approval.describe(change))
            for change in requests.filter(status=AccountChangeRequest.Status.PENDING)[:200]]
        context["decided"] = [
            (change, approval.describe(change))
            for change in requests.exclude(status=AccountChangeRequest.Status.PENDING)[:50]]
        return context

    def post(self, request, *args, **kwargs):
        decision = request.POST.get("decision")
        try:
            pk = int(request.POST.get("change", ""))
        except ValueError:
            pk = None
        if pk is None or decision not in ("approve", "reject"):
            messages.error(request, _("请选择要审定的账号变更。"))
            return redirect("accounts_change_requests")
        try:
            approval.decide(pk, request.user, approve=decision == "approve")
        except approval.ApprovalRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, _("已同意，变更已生效。") if decision == "approve"
                             else _("已不同意，变更未生效。"))
        return redirect("accounts_change_requests")
