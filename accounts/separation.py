"""三员分立 (等保 2.0 安全管理中心): the 系统管理员, the 安全管理员 and the 审计管理员 are three
different people, and none of them also publishes or handles content; nobody grants a role to
themselves (the user form drops the groups field when one edits one's own account)."""

from django.utils.translation import gettext as _

from departments.roles import ADMINISTRATOR_ROLES, ROLES

_ADMINISTRATOR_NAMES = {role.group_name for role in ADMINISTRATOR_ROLES}
_CONTENT_NAMES = {role.group_name for role in ROLES} - _ADMINISTRATOR_NAMES


def role_conflict(group_names) -> str:
    """Why these groups may not be held together, or "" when they may."""
    names = set(group_names)
    administrators = sorted(names & _ADMINISTRATOR_NAMES)
    if len(administrators) > 1:
        return _("系统管理员、安全管理员和审计管理员须由不同人员担任（三员分立），"
                 "不能同时担任：%(roles)s。") % {"roles": "、".join(administrators)}
    content = sorted(names & _CONTENT_NAMES)
    if administrators and content:
        return _("%(admin)s不能同时担任业务角色：%(roles)s（三员分立）。") % {
            "admin": administrators[0], "roles": "、".join(content)}
    return ""
