"""How a staff member's name reads in the admin: 姓 then 名 with no space (王建国).

Django's User keeps the given name in `first_name` (名字) and the surname in `last_name` (姓氏),
and joins them "first last", which for a Chinese name gives "建国 王". Wagtail shows people
through `get_full_name()` (workflow history, page listings, the users list, notification
emails) and `get_short_name()` (the sidebar), so those two methods decide the order everywhere.
Staff keep entering 姓氏 and 名字 in the two fields the account and user forms already have;
since issue 14 the 系统管理员 may also give the 姓名 as one field (accounts.StaffProfile), which
is then shown exactly as written.
"""

import re

from django.contrib.auth.models import AbstractUser

_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def full_name(first_name: str, last_name: str) -> str:
    """姓名 in Chinese order when either part is written in Chinese characters; a name in Latin
    letters keeps its own order and space ("Anna Li")."""
    first_name, last_name = first_name.strip(), last_name.strip()
    if _HAN.search(first_name + last_name):
        return f"{last_name}{first_name}"
    return f"{first_name} {last_name}".strip()


def _get_full_name(user) -> str:
    return _profile_name(user) or full_name(user.first_name, user.last_name)


def _profile_name(user) -> str:
    from django.core.exceptions import ObjectDoesNotExist

    if not user.pk:
        return ""
    try:
        return user.staff_profile.full_name.strip()
    except (ObjectDoesNotExist, AttributeError):
        return ""


def use_chinese_name_order() -> None:
    """Make every user model built on AbstractUser show names in Chinese order; the short name
    is the whole name too (a Chinese name is short, and a given name alone is too familiar for
    an office)."""
    AbstractUser.get_full_name = _get_full_name
    AbstractUser.get_short_name = _get_full_name
