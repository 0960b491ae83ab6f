"""The unit head approves account changes in the site with their own account (corpus 001 第十三条:
账号的开设、变更和注销须经单位负责人审定并留存记录): the 系统管理员's change of roles, department
or state waits, applies only when a 单位负责人 approves it, and the approver is recorded."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client

from accounts.models import AccountChange, AccountChangeRequest
from accounts.separation import role_conflict
from departments.roles import UNIT_HEAD

pytestmark = pytest.mark.django_db

Status = AccountChangeRequest.Status


@pytest.fixture
def unit_head(make_user, roles):
    return make_user("unithead", UNIT_HEAD.group_name, first_name="主任", last_name="赵")


def edit_form(user, groups, **extra):
    return {"username": user.username, "email": user.email, "first_name": user.first_name or "新",
            "last_name": user.last_name or "李", "is_active": "on",
            "groups": [group.pk for group in groups], "password1": "", "password2": "",
            "change_reason": "调岗", **extra}


def test_role_change_waits_for_the_unit_head_and_applies_only_when_approved_corpus_001_article_13(
        client, system_admin, signatory, unit_head, audit_admin):
    office = Group.objects.get(name="政务公开办公室")
    client.force_login(system_admin)
    response = client.post(f"/admin/users/edit/{signatory.pk}/", edit_form(signatory, [office]))
    assert response.status_code == 302
    # Not applied yet: the signatory keeps their role; nothing in 账号变更记录.
    assert list(signatory.groups.values_list("name", flat=True)) == ["分管领导"]
    assert not AccountChange.objects.exists()
    held = AccountChangeRequest.objects.get()
    assert (held.status, held.proposed_by, held.kind) == (Status.PENDING, system_admin, "修改")
    # The 系统管理员 cannot approve their own proposal (no permission to the page).
    assert client.post("/admin/accounts/change-requests/",
                       {"change": held.pk, "decision": "approve"}).url == "/admin/"
    head = Client()
    head.force_login(unit_head)
    page = head.get("/admin/accounts/change-requests/").content.decode()
    assert "signatory" in page and "政务公开办公室" in page and "调岗" in page
    head.post("/admin/accounts/change-requests/", {"change": held.pk, "decision": "approve"})
    assert list(signatory.groups.values_list("name", flat=True)) == ["政务公开办公室"]
    change = AccountChange.objects.get()
    assert (change.account, change.changed_by, change.approver, change.approved_by,
            change.reason) == (signatory, system_admin, unit_head, "赵主任", "调岗")
    held.refresh_from_db()
    assert (held.status, held.decided_by) == (Status.APPROVED, unit_head)
    # Approved once only.
    again = head.post("/admin/accounts/change-requests/",
                      {"change": held.pk, "decision": "reject"}, follow=True)
    assert "已审定过" in again.content.decode()
    assert AccountChange.objects.count() == 1


def test_a_new_account_stays_disabled_until_its_opening_is_approved(client, system_admin,
                                                                     unit_head):
    client.force_login(system_admin)
    response = client.post("/admin/users/new/", {
        "username": "newclerk", "email": "newclerk@example.test", "full_name": "李晓",
        "password1": "Quiet-Harbour-2031", "password2": "Quiet-Harbour-2031",
        "groups": [Group.objects.get(name="信息员").pk], "change_reason": "新入职"})
    assert response.status_code == 302
    user = get_user_model().objects.get(username="newclerk")
    assert not user.is_active and not user.groups.exists()
    held = AccountChangeRequest.objects.get(account=user)
    head = Client()
    head.force_login(unit_head)
    head.post("/admin/accounts/change-requests/", {"change": held.pk, "decision": "approve"})
    user.refresh_from_db()
    assert user.is_active
    assert list(user.groups.values_list("name", flat=True)) == ["信息员"]
    assert AccountChange.objects.get(account=user).kind == "开设"


def test_declined_disabling_changes_nothing(client, system_admin, signatory, unit_head):
    client.force_login(system_admin)
    client.post(f"/admin/users/edit/{signatory.pk}/",
                edit_form(signatory, list(signatory.groups.all()), is_active=""))
    signatory.refresh_from_db()
    assert signatory.is_active
    held = AccountChangeRequest.objects.get()
    assert held.kind == "停用"
    head = Client()
    head.force_login(unit_head)
    head.post("/admin/accounts/change-requests/", {"change": held.pk, "decision": "reject"})
    signatory.refresh_from_db()
    held.refresh_from_db()
    assert signatory.is_active and held.status == Status.REJECTED
    assert not AccountChange.objects.exists()


def test_unit_head_approves_neither_own_account_nor_other_roles_refuse(
        client, system_admin, unit_head, signatory, security_admin):
    from accounts.approval import propose

    own = propose(system_admin, unit_head, "修改", "调岗", {"is_active": False})
    head = Client()
    head.force_login(unit_head)
    refused = head.post("/admin/accounts/change-requests/",
                        {"change": own.pk, "decision": "approve"}, follow=True)
    assert "不能审定" in refused.content.decode()
    unit_head.refresh_from_db()
    assert unit_head.is_active
    assert head.post("/admin/accounts/change-requests/", {"change": "x"}).status_code == 302
    for other in (signatory, security_admin, system_admin):
        client.force_login(other)
        assert client.get("/admin/accounts/change-requests/").url == "/admin/"


def test_unit_head_is_not_one_of_the_three_administrators_nor_publishes():
    assert "不能同时担任业务角色" in role_conflict(["系统管理员", "单位负责人"])
    assert not any(permission.endswith(("publish_page", "add_page", "change_page"))
                   for permission in UNIT_HEAD.permissions)


def test_making_a_superuser_is_held_for_the_unit_head_too(client, system_admin, signatory,
                                                          unit_head):
    client.force_login(system_admin)
    client.post(f"/admin/users/edit/{signatory.pk}/",
                edit_form(signatory, list(signatory.groups.all()), is_superuser="on"))
    signatory.refresh_from_db()
    assert not signatory.is_superuser
    held = AccountChangeRequest.objects.get()
    assert held.is_superuser is True
    head = Client()
    head.force_login(unit_head)
    assert "设为超级用户" in head.get("/admin/accounts/change-requests/").content.decode()
    head.post("/admin/accounts/change-requests/", {"change": held.pk, "decision": "approve"})
    signatory.refresh_from_db()
    assert signatory.is_superuser


def test_the_first_unit_head_is_opened_on_the_server_and_only_while_there_is_none(
        monkeypatch, roles):
    from django.core.management import CommandError, call_command

    monkeypatch.setattr("getpass.getpass", lambda prompt="": "Quiet-Harbour-2031")
    call_command("open_unit_head_account", "zhaoming", full_name="赵明")
    head = get_user_model().objects.get(username="zhaoming")
    assert head.is_active and head.check_password("Quiet-Harbour-2031")
    assert list(head.groups.values_list("name", flat=True)) == ["单位负责人"]
    assert AccountChange.objects.get(account=head).kind == "开设"
    with pytest.raises(CommandError, match="已有有效的单位负责人账号"):
        call_command("open_unit_head_account", "another", full_name="钱亮")
    assert not get_user_model().objects.filter(username="another").exists()


def test_the_first_unit_head_needs_a_strong_password(monkeypatch, roles):
    from django.core.management import CommandError, call_command

    monkeypatch.setattr("getpass.getpass", lambda prompt="": "mima123456")
    with pytest.raises(CommandError, match="3 类"):
        call_command("open_unit_head_account", "zhaoming", full_name="赵明")
    assert not get_user_model().objects.filter(username="zhaoming").exists()
