"""三员分立 (等保 2.0 安全管理中心): the three administrators are different people, none of them
holds a publishing role, nobody grants themselves a role; accounts are disabled, not deleted."""

import pytest
from django.contrib.auth.models import Group

from accounts.models import AccountChange, AccountChangeRequest
from accounts.separation import role_conflict

pytestmark = pytest.mark.django_db


def test_no_one_holds_two_administrator_roles():
    assert "三员分立" in role_conflict(["系统管理员", "审计管理员"])


def test_an_administrator_holds_no_publishing_role():
    assert "不能同时担任业务角色" in role_conflict(["安全管理员", "分管领导"])
    assert role_conflict(["分管领导", "科室：医政医管科"]) == ""


def user_form(user, groups, username="newperson"):
    return {"username": username, "email": f"{username}@example.test", "first_name": "新",
            "last_name": "李", "is_active": "on", "groups": [group.pk for group in groups],
            "password1": "", "password2": "", "change_reason": "调岗"}


def test_system_administrator_cannot_give_two_administrator_roles(client, system_admin,
                                                                   signatory):
    client.force_login(system_admin)
    groups = [Group.objects.get(name="安全管理员"), Group.objects.get(name="分管领导")]
    response = client.post(f"/admin/users/edit/{signatory.pk}/", user_form(
        signatory, groups, "signatory"))
    assert response.status_code == 200
    assert "不能同时担任业务角色" in response.content.decode()
    assert not signatory.groups.filter(name="安全管理员").exists()


def test_nobody_grants_a_role_to_themselves(client, system_admin):
    client.force_login(system_admin)
    page = client.get(f"/admin/users/edit/{system_admin.pk}/")
    assert 'name="groups"' not in page.content.decode()
    client.post(f"/admin/users/edit/{system_admin.pk}/", {
        **user_form(system_admin, [Group.objects.get(name="政务公开办公室")], "sysadmin")})
    assert list(system_admin.groups.values_list("name", flat=True)) == ["系统管理员"]


def test_accounts_are_disabled_never_deleted(client, system_admin, signatory, make_user):
    root = make_user("root", is_superuser=True, is_staff=True)
    client.force_login(root)
    response = client.post(f"/admin/users/delete/{signatory.pk}/")
    assert response.status_code == 302
    signatory.refresh_from_db()
    assert signatory.pk


def test_account_change_needs_a_reason_corpus_001_article_13(client, system_admin, signatory):
    client.force_login(system_admin)
    office = Group.objects.get(name="政务公开办公室")
    refused = client.post(f"/admin/users/edit/{signatory.pk}/", {
        **user_form(signatory, [office], "signatory"), "change_reason": ""})
    assert refused.status_code == 200
    assert not AccountChange.objects.exists() and not AccountChangeRequest.objects.exists()


def test_change_of_other_fields_is_recorded_at_once_without_approval(client, system_admin,
                                                                      signatory):
    client.force_login(system_admin)
    groups = list(signatory.groups.all())
    response = client.post(f"/admin/users/edit/{signatory.pk}/", {
        **user_form(signatory, groups, "signatory"), "email": "wang.new@example.test",
        "change_reason": "更正邮箱"})
    assert response.status_code == 302
    signatory.refresh_from_db()
    assert signatory.email == "wang.new@example.test"
    change = AccountChange.objects.get()
    assert (change.kind, change.changed_by, change.reason) == ("修改", system_admin, "更正邮箱")
    assert "无需审定" in change.approved_by
    assert not AccountChangeRequest.objects.exists()
