"""The password policy (等保 2.0 身份鉴别: 口令复杂度并定期更换), as Django password validators
(AUTH_PASSWORD_VALIDATORS), so every form that sets a password applies it: the admin's account
page, the user forms of the 系统管理员, the password reset.

- length: Django's MinimumLengthValidator (10);
- character classes: at least three of lower case, upper case, digits and symbols;
- not the username, nor the person's name in pinyin (王建国 → wangjianguo, jianguowang);
- none of the last `ACCOUNTS_PASSWORD_HISTORY` passwords (hashes kept in PasswordHistory);
- expiry: `ACCOUNTS_PASSWORD_MAX_AGE_DAYS` after the last change the person is sent to the
  account page until they change it (accounts.middleware).
"""

import re
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from pypinyin import lazy_pinyin

from . import audit
from .models import PasswordHistory

_CLASSES = (re.compile(r"[a-z]"), re.compile(r"[A-Z]"), re.compile(r"[0-9]"),
            re.compile(r"[^a-zA-Z0-9]"))


class CharacterClassesValidator:
    """At least `min_classes` of: lower case, upper case, digits, symbols."""

    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        if sum(1 for pattern in _CLASSES if pattern.search(password)) < self.min_classes:
            raise ValidationError(
                _("密码须至少包含小写字母、大写字母、数字和符号中的 %(count)s 类。")
                % {"count": self.min_classes}, code="password_too_few_classes")

    def get_help_text(self):
        return _("密码须至少包含小写字母、大写字母、数字和符号中的 %(count)s 类。") % {
            "count": self.min_classes}


class NotNameValidator:
    """Neither the username nor the person's name (in pinyin, either order) in the password."""

    def validate(self, password, user=None):
        if user is None:
            return
        lowered = re.sub(r"[^a-z0-9]", "", password.lower())
        username = re.sub(r"[^a-z0-9]", "", (user.get_username() or "").lower())
        if len(username) >= 3 and username in lowered:
            raise ValidationError(_("密码不得包含用户名。"), code="password_contains_username")
        for spelling in name_spellings(user):
            if len(spelling) >= 4 and spelling in lowered:
                raise ValidationError(_("密码不得包含本人姓名的拼音。"),
                                      code="password_contains_name")

    def get_help_text(self):
        return _("密码不得包含用户名或姓名拼音。")


class PasswordHistoryValidator:
    """None of the account's last `ACCOUNTS_PASSWORD_HISTORY` passwords; records each change
    (its hash, the audit trail)."""

    def validate(self, password, user=None):
        if user is None or not user.pk:
            return
        remembered = history_length()
        if user.password and check_password(password, user.password):
            raise ValidationError(_("新密码不得与最近 %(count)s 次使用过的密码相同。")
                                  % {"count": remembered}, code="password_reused")
        for old in PasswordHistory.objects.filter(user=user)[:remembered]:
            if check_password(password, old.encoded):
                raise ValidationError(_("新密码不得与最近 %(count)s 次使用过的密码相同。")
                                      % {"count": remembered}, code="password_reused")

    def password_changed(self, password, user=None):
        if user is None or not user.pk:
            return
        PasswordHistory.objects.create(user=user, encoded=user.password)
        keep = PasswordHistory.objects.filter(user=user).values_list("pk", flat=True)[
            :history_length()]
        PasswordHistory.objects.filter(user=user).exclude(pk__in=list(keep)).delete()
        audit.record(audit.Kind.PASSWORD_CHANGE, None, user=user)

    def get_help_text(self):
        return _("新密码不得与最近 %(count)s 次使用过的密码相同。") % {"count": history_length()}


def history_length() -> int:
    return int(getattr(settings, "ACCOUNTS_PASSWORD_HISTORY", 5))


def name_spellings(user) -> list[str]:
    """The person's name in pinyin: 王建国 → wangjianguo and jianguowang (Django keeps 姓氏 in
    last_name and 名字 in first_name)."""
    family = "".join(lazy_pinyin(user.last_name or "")).lower()
    given = "".join(lazy_pinyin(user.first_name or "")).lower()
    spellings = {family + given, given + family, given}
    profile_name = (user.get_full_name() or "").strip()
    if profile_name and len(profile_name) >= 2:  # 姓名 as one field: surname first
        whole = [syllable.lower() for syllable in lazy_pinyin(profile_name)]
        spellings |= {"".join(whole), "".join(whole[1:] + whole[:1])}
    return [re.sub(r"[^a-z0-9]", "", spelling) for spelling in spellings if spelling]


def password_expired(user) -> bool:
    """True when the account's password is older than ACCOUNTS_PASSWORD_MAX_AGE_DAYS (0: never
    expires). An account with no recorded change counts from the day it joined."""
    days = int(getattr(settings, "ACCOUNTS_PASSWORD_MAX_AGE_DAYS", 90))
    if not days or not user.has_usable_password():
        return False
    last = (PasswordHistory.objects.filter(user=user).values_list("changed_at", flat=True)
            .first()) or user.date_joined
    return timezone.now() - last > timedelta(days=days)
