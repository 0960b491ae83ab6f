"""Admin of the funds: the menu 民生资金 (batches, reference lists), the batch viewset scoped to
the fund's department, the import/rows/flags/correction views, the deadline entries for the
dashboard and reminders, the log actions, and a fund page's department owning it."""

from __future__ import annotations

from django import forms
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import ListingButton
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from departments.roles import (
    DEPARTMENT_REVIEWER,
    DISCIPLINE_INSPECTION,
    DISCLOSURE_OFFICE,
    EDITOR,
    departments_of,
    has_role,
)
from funds import views
from funds.actions import may_enter_batch
from funds.crosscheck import may_see_crosschecks
from funds.deadlines import fund_deadline_entries
from funds.models import DisbursementBatch, FundPage
from workdays.wagtail_hooks import DEADLINE_ENTRIES_HOOK


class BatchPermissionPolicy(BasePermissionPolicy):
    """A department's editors and reviewers add and change the batches of their own funds (not
    once frozen); the office and 纪检监察 view every batch; nobody deletes one in the admin."""

    def user_has_permission(self, user, action):
        if not (user.is_active and user.is_authenticated):
            return False
        if action in ("add", "change"):
            return user.is_superuser or (
                (has_role(user, EDITOR) or has_role(user, DEPARTMENT_REVIEWER))
                and departments_of(user).exists())
        if action == "view":
            return (user.is_superuser or has_role(user, DISCLOSURE_OFFICE)
                    or has_role(user, DISCIPLINE_INSPECTION) or departments_of(user).exists())
        return False

    def user_has_permission_for_instance(self, user, action, instance):
        if action == "change":
            return may_enter_batch(user, instance.fund) and not instance.freeze_reason()
        if action == "view":
            return may_see_crosschecks(user, instance.fund)
        return False

    def instances_user_has_any_permission_for(self, user, actions):
        queryset = DisbursementBatch.objects.select_related("fund")
        if user.is_superuser or has_role(user, DISCLOSURE_OFFICE) or has_role(
                user, DISCIPLINE_INSPECTION):
            return queryset
        return queryset.filter(fund__department__in=departments_of(user))


class BatchForm(forms.ModelForm):
    """The batch's metadata; the fund is one of the user's department's funds."""

    class Meta:
        model = DisbursementBatch
        fields = ["fund", "name", "period_year", "period", "paid_on", "amount"]

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, **kwargs)
        funds = FundPage.objects.all()
        if for_user is not None and not for_user.is_superuser:
            funds = funds.filter(department__in=departments_of(for_user))
        self.fields["fund"].queryset = funds

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            reason = self.instance.freeze_reason()
            if reason:
                raise forms.ValidationError(reason)
        return cleaned


class BatchViewSet(ModelViewSet):
    model = DisbursementBatch
    icon = "table"
    menu_label = _("拨付批次")
    name = "funds_batch"
    add_to_admin_menu = False
    form_fields = ["fund", "name", "period_year", "period", "paid_on", "amount"]
    list_display = ["name", "fund", "period", "paid_on", "amount", "row_count", "total"]
    list_filter = ["period_year"]

    def get_form_class(self, for_update=False):
        return BatchForm

    @property
    def index_view_class(self):
        from wagtail.admin.views.generic import IndexView

        class BatchIndexView(IndexView):
            def get_base_queryset(self):
                return BatchPermissionPolicy(DisbursementBatch) \
                    .instances_user_has_any_permission_for(self.request.user, ["view"]) \
                    .order_by("-paid_on", "-pk")

            def get_list_more_buttons(self, instance):
                buttons = list(super().get_list_more_buttons(instance))
                for label, name in ((_("导入明细"), "funds_admin:import"),
                                    (_("发放明细"), "funds_admin:rows"),
                                    (_("比对疑点"), "funds_admin:flags")):
                    buttons.append(ListingButton(label, reverse(name, args=[instance.pk]),
                                                 icon_name="arrow-right"))
                return buttons

        return BatchIndexView


register_permission_policy(DisbursementBatch, BatchPermissionPolicy(DisbursementBatch))
batch_viewset = BatchViewSet()


class FundsMenu(ViewSetGroup):
    menu_label = _("民生资金")
    menu_icon = "table"
    menu_order = 260
    items = [batch_viewset]


@hooks.register("register_admin_viewset")
def register_funds_viewsets():
    return FundsMenu()


@hooks.register("register_admin_urls")
def register_funds_urls():
    patterns = [
        path("batch/<int:pk>/import/", views.ImportView.as_view(), name="import"),
        path("job/<int:pk>/", views.JobView.as_view(), name="job"),
        path("batch/<int:pk>/rows/", views.RowsView.as_view(), name="rows"),
        path("batch/<int:pk>/flags/", views.FlagsView.as_view(), name="flags"),
        path("batch/<int:pk>/correct/", views.CorrectionView.as_view(), name="correct"),
        path("reference-lists/", views.ReferenceListView.as_view(), name="reference_lists"),
    ]
    return [path("funds/", include((patterns, "funds_admin")))]


class ReferenceListMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser or has_role(request.user, DISCLOSURE_OFFICE)


@hooks.register("register_admin_menu_item")
def register_reference_list_menu_item():
    return ReferenceListMenuItem(_("比对参考名单"), reverse("funds_admin:reference_lists"),
                                 icon_name="warning", order=261)


@hooks.register(DEADLINE_ENTRIES_HOOK)
def fund_deadlines(today, limit):
    return fund_deadline_entries(today, limit)


@hooks.register("register_log_actions")
def register_funds_log_actions(actions):
    actions.register_action("funds.import_rows", _("导入发放明细"), _("导入发放明细"))
    actions.register_action("funds.justify_flag", _("填写比对疑点说明"), _("填写比对疑点说明"))
    actions.register_action("funds.request_correction", _("登记更正"), _("登记更正"))
    actions.register_action("funds.sign_off_batch", _("批次签发并锁定"), _("批次签发并锁定"))
