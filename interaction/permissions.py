"""Wagtail permission policies for the admin: the rules of interaction.access, so that the
menus and generic views ask the same questions (no model permission in any role group).

- Channels (互动渠道): the disclosure office edits them; nobody else sees them.
- Messages: whoever may open at least one kind of message (the office, the discipline role,
  anyone working in a department) sees the list; the list itself holds only what
  interaction.access.visible_messages gives them. No one adds, edits or deletes a message
  in a form: every change is a step in interaction.actions.
"""

from django.contrib.auth import get_user_model
from wagtail.permission_policies.base import BasePermissionPolicy

from departments.roles import departments_of

from .access import is_discipline, is_office


class OfficeOnlyPolicy(BasePermissionPolicy):
    def user_has_permission(self, user, action):
        return is_office(user)

    def users_with_any_permission(self, actions):
        return [user for user in get_user_model().objects.filter(is_active=True)
                if is_office(user)]


class MessagePolicy(BasePermissionPolicy):
    def user_has_permission(self, user, action):
        if action != "view" or not (user and user.is_active):
            return False
        return is_office(user) or is_discipline(user) or departments_of(user).exists()

    def users_with_any_permission(self, actions):
        return [user for user in get_user_model().objects.filter(is_active=True)
                if self.user_has_any_permission(user, actions)]
