"""Wagtail's user forms with the rules of staff accounts: 三员分立 checked on the groups chosen,
no groups field when one edits one's own account (nobody grants themselves a role), and the
password policy (Wagtail's forms already run AUTH_PASSWORD_VALIDATORS)."""

from django import forms
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views.users import UserViewSet

from .models import AccountChange
from .separation import role_conflict


class SeparationOfDutiesMixin:
    def clean_groups(self):
        groups = self.cleaned_data.get("groups") or Group.objects.none()
        problem = role_conflict(group.name for group in groups)
        if problem:
            raise ValidationError(problem)
        return groups


class ApprovalMixin(forms.Form):
    """Who approved the change and why (corpus 001 第十三条: 经单位负责人审定); the
    after_create_user / after_edit_user hooks store them with the change."""

    approved_by = forms.CharField(label=gettext_lazy("审定人（单位负责人）"), max_length=100,
                                  help_text=gettext_lazy("批准本次账号开设或变更的单位负责人姓名。"))
    change_reason = forms.CharField(label=gettext_lazy("变更理由"), max_length=500,
                                    help_text=gettext_lazy("如：新入职、调岗、离职停用。"))


class StaffUserCreationForm(SeparationOfDutiesMixin, ApprovalMixin, UserCreationForm):
    pass


class StaffUserEditForm(SeparationOfDutiesMixin, ApprovalMixin, UserEditForm):
    def __init__(self, *args, **kwargs):
        editing_self = kwargs.get("editing_self", False)
        super().__init__(*args, **kwargs)
        if editing_self:
            self.fields.pop("groups", None)


class StaffUserViewSet(UserViewSet):
    def get_form_class(self, for_update=False):
        return StaffUserEditForm if for_update else StaffUserCreationForm



def record_change(request, user, kind: str) -> AccountChange:
    """Store the change just saved by the user form, with the approval it was given."""
    groups = "、".join(user.groups.order_by("name").values_list("name", flat=True)) or "—"
    state = f"{'有效' if user.is_active else '已停用'}；角色与科室：{groups}"
    if kind == "修改" and not user.is_active:
        kind = "停用"
    return AccountChange.objects.create(
        account=user, changed_by=request.user, kind=kind,
        approved_by=request.POST.get("approved_by", "").strip()[:100],
        reason=request.POST.get("change_reason", "").strip()[:500], state=state[:1000])
