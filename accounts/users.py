"""Wagtail's user forms with the rules of staff accounts: 三员分立 checked on the groups chosen,
no groups field when one edits one's own account (nobody grants themselves a role), and the
password policy (Wagtail's forms already run AUTH_PASSWORD_VALIDATORS)."""

from django import forms
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views.users import UserViewSet

from .models import AccountChange, StaffProfile
from .separation import role_conflict


class SeparationOfDutiesMixin:
    def clean_groups(self):
        groups = self.cleaned_data.get("groups") or Group.objects.none()
        problem = role_conflict(group.name for group in groups)
        if problem:
            raise ValidationError(problem)
        return groups


class ApprovalMixin(forms.Form):
    """Why the account changes, and nothing of its roles, department, state or superuser flag
    before a 单位负责人
    approves (corpus 001 第十三条: 经单位负责人审定): `save` keeps the stored groups and
    `is_active` and leaves what was asked for on the user as `accounts_proposal`; the
    after_create_user / after_edit_user hooks turn it into an AccountChangeRequest
    (accounts.approval). A new account stays disabled until its opening is approved."""

    change_reason = forms.CharField(label=gettext_lazy("变更理由"), max_length=500,
                                    help_text=gettext_lazy(
                                        "如：新入职、调岗、离职停用。角色、科室和有效状态的变更"
                                        "须经单位负责人在网站上审定后生效。"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self._stored_groups = set(self.instance.groups.values_list("pk", flat=True))
            self._stored_active = self.instance.is_active
            self._stored_superuser = self.instance.is_superuser
        else:
            self._stored_groups, self._stored_active = set(), False
            self._stored_superuser = False

    def save(self, commit=True):
        proposal = {}
        if "groups" in self.fields:
            wanted = list(self.cleaned_data.get("groups") or [])
            if {group.pk for group in wanted} != self._stored_groups:
                proposal["groups"] = wanted
                self.cleaned_data["groups"] = Group.objects.filter(pk__in=self._stored_groups)
        wanted_active = self.cleaned_data.get("is_active", True) if (
            "is_active" in self.fields or not self.instance.pk) else self._stored_active
        if wanted_active != self._stored_active:
            proposal["is_active"] = wanted_active
        self.instance.is_active = self._stored_active
        if "is_superuser" in self.fields:
            # Wagtail shows 超级用户 to whoever may change users; making one is held too.
            wanted_superuser = bool(self.cleaned_data.get("is_superuser"))
            if wanted_superuser != self._stored_superuser:
                proposal["is_superuser"] = wanted_superuser
            self.instance.is_superuser = self._stored_superuser
        user = super().save(commit=commit)
        user.accounts_proposal = proposal
        return user


class ProfileMixin(forms.Form):
    """The real-name fields (corpus 001 第十二条): 姓名 as written, and a phone."""

    full_name = forms.CharField(label=gettext_lazy("姓名"), max_length=100, required=False,
                                help_text=gettext_lazy("按身份证填写，如：王建国、欧阳明月。"))
    phone = forms.CharField(label=gettext_lazy("联系电话"), max_length=30, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # With 姓名 given as one field, 名字 and 姓氏 may stay empty (a name such as 欧阳明月 has
        # no place to split that the form could guess).
        for name in ("first_name", "last_name"):
            if name in self.fields:
                self.fields[name].required = False
        profile = StaffProfile.objects.filter(user_id=self.instance.pk).first() \
            if self.instance.pk else None
        if profile is not None:
            self.initial.setdefault("full_name", profile.full_name)
            self.initial.setdefault("phone", profile.phone)

    def clean(self):
        data = super().clean()
        if not (data.get("full_name") or "").strip() and not (
                data.get("first_name") and data.get("last_name")):
            raise forms.ValidationError(_("请填写姓名（或名字和姓氏）。"))
        return data

    def save(self, commit=True):
        user = super().save(commit=commit)
        if commit:
            StaffProfile.objects.update_or_create(user=user, defaults={
                "full_name": self.cleaned_data.get("full_name", "").strip(),
                "phone": self.cleaned_data.get("phone", "").strip()})
        return user


class StaffUserCreationForm(SeparationOfDutiesMixin, ApprovalMixin, ProfileMixin,
                            UserCreationForm):
    pass


class StaffUserEditForm(SeparationOfDutiesMixin, ApprovalMixin, ProfileMixin, UserEditForm):
    def __init__(self, *args, **kwargs):
        editing_self = kwargs.get("editing_self", False)
        super().__init__(*args, **kwargs)
        if editing_self:
            self.fields.pop("groups", None)


class StaffUserViewSet(UserViewSet):
    def get_form_class(self, for_update=False):
        return StaffUserEditForm if for_update else StaffUserCreationForm



def record_change(request, user, kind: str):
    """After the user form saved: hold a change of roles, department or state for the unit
    head's approval, or record a change of other fields (name, e-mail, password) at once."""
    from .approval import propose

    proposal = getattr(user, "accounts_proposal", None) or {}
    reason = request.POST.get("change_reason", "").strip()[:500]
    if proposal:
        return propose(request.user, user, kind, reason, proposal)
    return AccountChange.objects.create(
        account=user, changed_by=request.user, kind=kind,
        approved_by=_("无需审定（角色、科室和状态未变）"), reason=reason,
        state=account_state(user))


def account_state(user) -> str:
    groups = "、".join(user.groups.order_by("name").values_list("name", flat=True)) or "—"
    return f"{'有效' if user.is_active else '已停用'}；角色与科室：{groups}"[:1000]
