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


def test_every_state_changing_admin_request_of_a_superuser_is_logged_for_maintenance_only(
        client, make_user, signatory, audit_admin):
    """等保 2.0 安全审计: the superuser is for maintenance only and its use is logged, each
    POST/PUT/PATCH/DELETE in the admin with path, method, time and address, never the body."""
    from wagtail.models import Collection

    root = make_user("root", is_superuser=True, is_staff=True)
    client.force_login(root)
    client.get("/admin/collections/", REMOTE_ADDR="192.0.2.77")
    response = client.post("/admin/collections/add/?token=query-secret-9",
                           {"name": "维护用临时集合", "parent": Collection.get_first_root_node().pk,
                            "password": "Body-Secret-2027"}, REMOTE_ADDR="192.0.2.77")
    assert response.status_code == 302
    client.delete("/admin/collections/", REMOTE_ADDR="192.0.2.77")
    events = list(LoginEvent.objects.filter(kind=Kind.SUPERUSER_ACTION).order_by("pk"))
    assert [event.detail.split("：", 1)[1].split("（")[0] for event in events] == [
        "POST /admin/collections/add/", "DELETE /admin/collections/"]
    assert all(event.user == root and event.superuser and event.address == "192.0.2.77"
               and event.at is not None for event in events)
    assert "响应 302" in events[0].detail
    stored = " ".join(f"{event.detail} {event.method} {event.username}"
                      for event in LoginEvent.objects.all())
    assert "Body-Secret-2027" not in stored and "query-secret-9" not in stored
    assert "维护用临时集合" not in stored
    # Nobody else's requests are logged this way, and the 审计管理员 reads them in 登录审计.
    other = Client()
    other.force_login(signatory)
    other.post("/admin/collections/add/", {"name": "x"}, REMOTE_ADDR="192.0.2.78")
    assert LoginEvent.objects.filter(kind=Kind.SUPERUSER_ACTION).count() == 2
    client.force_login(audit_admin)
    page = client.get("/admin/accounts/audit/?kind=superuser_action").content.decode()
    assert "超级用户操作" in page and "POST /admin/collections/add/" in page
