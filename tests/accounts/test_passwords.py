"""The password policy (等保 2.0 身份鉴别: 口令复杂度, 定期更换): weak passwords are refused with
the reason in Chinese."""

from datetime import timedelta

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import PasswordHistory

pytestmark = pytest.mark.django_db


def reasons(password, user=None):
    try:
        validate_password(password, user)
    except ValidationError as error:
        return " ".join(error.messages)
    return ""


def test_weak_password_mima123456_is_refused_with_the_reason_in_chinese(signatory):
    reason = reasons("mima123456", signatory)
    assert "至少包含小写字母、大写字母、数字和符号中的 3 类" in reason


def test_short_password_is_refused(signatory):
    with pytest.raises(ValidationError) as refused:
        validate_password("Ab1!x", signatory)
    assert "password_too_short" in [error.code for error in refused.value.error_list]


def test_password_with_the_username_is_refused(signatory):
    assert "不得包含用户名" in reasons("Signatory-2026!", signatory)


def test_password_with_the_name_in_pinyin_is_refused(signatory):
    assert "姓名的拼音" in reasons("WangJianguo#2026", signatory)
    assert "姓名的拼音" in reasons("jianguo.wang-2026", signatory)


def test_last_passwords_cannot_be_used_again(signatory, settings):
    settings.ACCOUNTS_PASSWORD_HISTORY = 3
    for password in ("First-Pass-2026", "Second-Pass-2026", "Third-Pass-2026"):
        signatory.set_password(password)
        signatory.save()
    assert "最近 3 次" in reasons("First-Pass-2026", signatory)
    assert "最近 3 次" in reasons("Third-Pass-2026", signatory)
    signatory.set_password("Fourth-Pass-2026")
    signatory.save()
    assert reasons("First-Pass-2026", signatory) == ""  # fell out of the last 3


def test_a_strong_password_is_accepted(signatory):
    assert reasons("Quiet-Harbour-2031", signatory) == ""


def test_expired_password_sends_the_person_to_the_account_page(client, signatory, settings):
    settings.ACCOUNTS_PASSWORD_MAX_AGE_DAYS = 90
    signatory.set_password("Quiet-Harbour-2031")
    signatory.save()
    PasswordHistory.objects.filter(user=signatory).update(
        changed_at=timezone.now() - timedelta(days=91))
    client.force_login(signatory)
    response = client.get("/admin/")
    assert response.status_code == 302 and response.url.startswith("/admin/account/")
    assert client.get("/admin/account/").status_code == 200
    signatory.set_password("Bright-Meadow-2032")
    signatory.save()
    client.force_login(signatory)  # a password change ends other sessions
    assert client.get("/admin/").status_code == 200


def test_account_without_a_recorded_change_counts_from_the_day_it_joined(
        client, signatory, settings):
    settings.ACCOUNTS_PASSWORD_MAX_AGE_DAYS = 90
    signatory.date_joined = timezone.now() - timedelta(days=120)
    signatory.save()
    client.force_login(signatory)
    assert client.get("/admin/").status_code == 302


def test_account_page_refuses_a_weak_new_password(client, signatory):
    client.force_login(signatory)
    response = client.post("/admin/account/", {
        "password-old_password": "pw-for-tests-only",
        "password-new_password1": "mima123456", "password-new_password2": "mima123456",
        "name_email-first_name": "建国", "name_email-last_name": "王",
        "name_email-email": "signatory@example.test",
        "locale-preferred_language": "zh-hans", "locale-current_time_zone": "Asia/Shanghai",
        "theme-theme": "system", "theme-density": "default", "theme-contrast": "system",
        "theme-keyboard_shortcuts": "on"})
    assert "至少包含小写字母" in response.content.decode()
