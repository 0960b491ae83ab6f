"""The login audit (等保 2.0 安全审计): every login, failure, lockout, logout, password change,
second-factor enrolment is recorded with who, when, the address and how; the 审计管理员 reads
and exports it (.xlsx), nobody else."""

import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from accounts.models import LoginEvent

from .conftest import log_in

pytestmark = pytest.mark.django_db

Kind = LoginEvent.Kind


def test_audit_records_login_failure_and_logout_with_address(client, signatory):
    log_in(client, "signatory", "wrong-password", address="192.0.2.31")
    log_in(client, "signatory", address="192.0.2.32")
    client.post("/admin/logout/", REMOTE_ADDR="192.0.2.32")
    failure = LoginEvent.objects.get(kind=Kind.FAILURE)
    assert (failure.username, failure.address, failure.user) == ("signatory", "192.0.2.31", None)
    login = LoginEvent.objects.get(kind=Kind.LOGIN)
    assert (login.user, login.address, login.method) == (signatory, "192.0.2.32", "password")
    assert LoginEvent.objects.get(kind=Kind.LOGOUT).user == signatory


def test_audit_records_password_change(signatory):
    signatory.set_password("Another-Secret-2027")
    signatory.save()
    assert LoginEvent.objects.filter(kind=Kind.PASSWORD_CHANGE, user=signatory).count() == 1


def test_superuser_login_is_marked_as_maintenance_use(client, make_user):
    make_user("root", is_superuser=True, is_staff=True)
    log_in(client, "root")
    event = LoginEvent.objects.get(kind=Kind.LOGIN)
    assert event.superuser and "超级用户" in event.detail


def test_audit_administrator_sees_and_exports_the_audit_as_xlsx(client, signatory, audit_admin):
    log_in(Client(), "signatory", "wrong-password", address="192.0.2.40")
    client.force_login(audit_admin)
    response = client.get("/admin/accounts/audit/")
    assert response.status_code == 200
    assert "192.0.2.40" in response.content.decode()
    export = client.get("/admin/accounts/audit/?export=xlsx")
    assert export.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(export.streaming_content))).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][:4] == ["时间", "事件", "用户名", "地址"]
    assert any(row[1] == "登录失败" and row[3] == "192.0.2.40" for row in rows[1:])


def test_nobody_else_reads_the_audit(client, signatory, security_admin):
    for user in (signatory, security_admin):
        client.force_login(user)
        assert client.get("/admin/accounts/audit/").status_code == 302
