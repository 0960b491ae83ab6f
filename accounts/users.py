"""Wagtail's user forms with the rules of staff accounts: 三员分立 checked on the groups chosen,
no groups field when one edits one's own account (nobody grants themselves a role), and the
password policy (Wagtail's forms already run AUTH_PASSWORD_VALIDATORS)."""

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views.users import UserViewSet

from .separation import role_conflict


class SeparationOfDutiesMixin:
    def clean_groups(self):
        groups = self.cleaned_data.get("groups") or Group.objects.none()
        problem = role_conflict(group.name for group in groups)
        if problem:
            raise ValidationError(problem)
        return groups


class StaffUserCreationForm(SeparationOfDutiesMixin, UserCreationForm):
    pass


class StaffUserEditForm(SeparationOfDutiesMixin, UserEditForm):
    def __init__(self, *args, **kwargs):
        editing_self = kwargs.get("editing_self", False)
        super().__init__(*args, **kwargs)
        if editing_self:
            self.fields.pop("groups", None)


class StaffUserViewSet(UserViewSet):
    def get_form_class(self, for_update=False):
        return StaffUserEditForm if for_update else StaffUserCreationForm

