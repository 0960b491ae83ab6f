"""Real-name staff accounts (corpus 001 第十二条: 实名制): the 姓名 is one field beside Django's
user, shown as written in the admin; the account is opened by the 系统管理员 and stays disabled
until the unit head approves it (tests/accounts/test_approval.py)."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from accounts.models import AccountChangeRequest, StaffProfile

pytestmark = pytest.mark.django_db


def test_system_administrator_opens_a_real_name_account_shown_as_written(client, system_admin):
    client.force_login(system_admin)
    response = client.post("/admin/users/new/", {
        "username": "ouyang", "email": "ouyang@example.test", "first_name": "", "last_name": "",
        "full_name": "欧阳明月", "phone": "0731-8888 0000",
        "password1": "Quiet-Harbour-2031", "password2": "Quiet-Harbour-2031",
        "groups": [Group.objects.get(name="信息员").pk], "is_active": "on",
        "change_reason": "新入职"})
    assert response.status_code == 302, re.findall(r'error[^>]*>([^<]+)<',
                                                    response.content.decode())
    user = get_user_model().objects.get(username="ouyang")
    assert StaffProfile.objects.get(user=user).phone == "0731-8888 0000"
    assert user.get_full_name() == "欧阳明月"
    assert AccountChangeRequest.objects.get(account=user).kind == "开设"
    assert "欧阳明月" in client.get("/admin/users/").content.decode()


def test_without_a_profile_the_two_name_fields_still_give_the_name(signatory):
    assert signatory.get_full_name() == "王建国"


def test_password_with_the_profile_name_in_pinyin_is_refused(signatory):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    StaffProfile.objects.create(user=signatory, full_name="欧阳明月")
    signatory = get_user_model().objects.get(pk=signatory.pk)
    with pytest.raises(ValidationError) as refused:
        validate_password("Ouyangmingyue-2026", signatory)
    assert "password_contains_name" in [error.code for error in refused.value.error_list]


def test_an_account_needs_a_name(client, system_admin):
    client.force_login(system_admin)
    response = client.post("/admin/users/new/", {
        "username": "noname", "email": "noname@example.test", "full_name": "",
        "first_name": "", "last_name": "", "password1": "Quiet-Harbour-2031",
        "password2": "Quiet-Harbour-2031", "groups": [Group.objects.get(name="信息员").pk],
        "change_reason": "新入职"})
    assert response.status_code == 200
    assert "请填写姓名" in response.content.decode()
