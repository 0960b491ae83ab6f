"""The admin journey of a batch: the fund's department uploads a file, the background check
shows its errors (第 N 行：原因) or a masked preview, the confirmation stores it; unmasked rows
are shown only on request and that access is logged; other departments see nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from departments.models import Department
from departments.roles import EDITOR
from funds.models import ImportJob, Payment, PersonalDataAccess

from .conftest import csv_bytes, invented_id, payment_lines

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(roles, fund_department, make_user):
    return make_user("a_editor", EDITOR.group_name, fund_department.group)


def upload(client, batch, data, name="rows.csv"):
    return client.post(f"/admin/funds/batch/{batch.pk}/import/",
                       {"file": SimpleUploadedFile(name, data)})


def test_upload_check_preview_confirm_stores_rows(client, editor, make_batch,
                                                  django_capture_on_commit_callbacks):
    batch = make_batch()
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, batch, csv_bytes(payment_lines(10), encoding="gbk"))
    job = ImportJob.objects.get()
    assert response.url == f"/admin/funds/job/{job.pk}/"
    page = client.get(response.url).content.decode()
    assert "检查通过" in page and "410***********" in page and invented_id(0) not in page
    assert not Payment.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(response.url)
    job.refresh_from_db()
    assert job.state == ImportJob.STORED and job.stored_path == ""
    assert Payment.objects.filter(batch=batch).count() == 10
    status = client.get(response.url + "?format=json").json()
    assert status["finished"] and status["state"] == "stored"


def test_bad_file_lists_errors_by_line_and_stores_nothing(client, editor, make_batch,
                                                          django_capture_on_commit_callbacks):
    batch = make_batch()
    lines = payment_lines(10)
    lines[2][7] = "2026-13-01"
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, batch, csv_bytes(lines))
    page = client.get(response.url).content.decode()
    assert "第 4 行：发放日期“2026-13-01”不是有效日期。" in page
    assert "确认导入" not in page
    assert client.post(response.url).status_code == 302
    assert not Payment.objects.exists()


def test_upload_refuses_other_types_and_other_departments(client, editor, make_batch, make_user):
    batch = make_batch()
    client.force_login(editor)
    response = upload(client, batch, b"%PDF-1.4", "rows.pdf")
    assert "只能导入 .xlsx 或 .csv 文件。" in response.content.decode()
    response = upload(client, batch, b"not a zip", "rows.xlsx")
    assert "该文件不是有效的 .xlsx 文件。" in response.content.decode()
    other = Department.objects.create(code="o2", name="规划财务科")
    client.force_login(make_user("o_editor", EDITOR.group_name, other.group))
    assert client.get(f"/admin/funds/batch/{batch.pk}/import/").status_code == 404
    assert client.get(f"/admin/funds/batch/{batch.pk}/rows/").status_code == 404
    assert client.get("/admin/funds_batch/").status_code == 200
    assert batch.name not in client.get("/admin/funds_batch/").content.decode()


def test_unmasked_rows_only_on_request_and_access_logged(client, editor, make_batch):
    import io

    from funds.importer import check_file, store

    batch = make_batch()
    store(batch, check_file(batch, io.BytesIO(csv_bytes(payment_lines(10))), "rows.csv"))
    client.force_login(editor)
    masked = client.get(f"/admin/funds/batch/{batch.pk}/rows/").content.decode()
    assert invented_id(0) not in masked and not PersonalDataAccess.objects.exists()
    full = client.get(f"/admin/funds/batch/{batch.pk}/rows/?reveal=1").content.decode()
    assert invented_id(0) in full
    access = PersonalDataAccess.objects.get()
    assert access.user == editor and access.batch == batch and access.rows == 10
