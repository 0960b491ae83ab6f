"""The public form: what is stored, what is refused, and that a mail outage loses nothing."""

import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from pypdf import PdfWriter

from applications.models import ApplicationEvent, DisclosureApplication, State
from outbox.models import Message
from outbox.tasks import send_due_messages

pytestmark = pytest.mark.django_db


def real_pdf() -> bytes:
    writer, out = PdfWriter(), io.BytesIO()
    writer.add_blank_page(width=200, height=200)
    writer.write(out)
    return out.getvalue()


def form_url(page):
    return page.url + page.reverse_subpage("application_form")


def post(client, page, data, **extra):
    return client.post(form_url(page), data, **extra)


def test_valid_submission_is_stored_with_tracking_number_and_hashed_query_code(
        client, application_page, form_data, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, application_page, form_data)
    assert response.status_code == 302
    application = DisclosureApplication.objects.get()
    assert application.state == State.SUBMITTED
    assert application.received_on is None  # received only when the office confirms (第三十一条)
    assert application.tracking_number == f"{application.year}-00001"
    assert application.query_code_hash.startswith("hmac-sha256$")  # stored hashed
    confirmation = client.get(response["Location"])
    code = confirmation.context["query_code"]
    assert code not in application.query_code_hash
    assert application.check_query_code(code)
    assert application.events.get().kind == "submitted"
    assert "查询码" in confirmation.content.decode()
    assert len(mail.outbox) == 1 and application.tracking_number in mail.outbox[0].subject
    assert code not in mail.outbox[0].body


def test_tracking_numbers_are_consecutive_and_unique_per_year(make_application):
    numbers = [make_application().tracking_number for _ in range(3)]
    year = numbers[0][:4]
    assert numbers == [f"{year}-00001", f"{year}-00002", f"{year}-00003"]


def test_submission_while_mail_server_is_down_is_stored_and_email_sent_later(
        client, application_page, form_data, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "tests.applications.failing_mail.FailingBackend"
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, application_page, form_data)
    assert response.status_code == 302
    application = DisclosureApplication.objects.get()
    email = application.emails.get()
    assert email.sent_at is None and email.attempts == 1
    assert email.last_error == "ConnectionRefusedError"
    assert len(mail.outbox) == 0

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    Message.objects.filter(pk=email.pk).update(next_attempt_at=timezone.now())  # back-off over
    send_due_messages.enqueue()
    email.refresh_from_db()
    assert email.sent_at is not None and email.attempts == 2
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [form_data["email"]]


def test_organisation_needs_credit_code_legal_representative_and_contact_person(
        client, application_page, organisation_data):
    data = dict(organisation_data, credit_code="", legal_representative="", contact_person="")
    response = post(client, application_page, data)
    errors = response.context["form"].errors
    assert errors["credit_code"] == ["请填写统一社会信用代码。"]
    assert errors["legal_representative"] == ["请填写法定代表人或负责人。"]
    assert errors["contact_person"] == ["请填写联系人姓名。"]
    assert not DisclosureApplication.objects.exists()


def test_valid_organisation_is_stored_without_personal_id_fields(
        client, application_page, organisation_data):
    response = post(client, application_page, dict(organisation_data, id_number="x"))
    assert response.status_code == 302
    application = DisclosureApplication.objects.get()
    assert application.is_organisation and application.id_number == ""


@pytest.mark.parametrize("field, value, message", [
    ("name", "", "请填写姓名或名称。"),
    ("phone", "", "请填写联系电话。"),
    ("phone", "12345", "请填写 11 位手机号码，或带区号的固定电话（例如 0375-1234567）。"),
    ("id_number", "110105194912310021", "居民身份证号码校验位不正确，请核对后重新输入。"),
    ("id_number", "11010519491331002X", "居民身份证号码中的出生日期无效，请核对。"),
    ("email", "not-an-email", "输入一个有效的 Email 地址。"),
    ("postcode", "4670", "邮政编码应为 6 位数字。"),
    ("name", "<script>alert(1)</script>", "请勿输入 HTML 代码或脚本，只填写文字内容。"),
    ("information_title", '<img src=x onerror="alert(1)">', "请勿输入 HTML 代码或脚本，只填写文字内容。"),
])
def test_bad_input_gets_a_chinese_field_error_and_stores_nothing(
        client, application_page, form_data, field, value, message):
    response = post(client, application_page, dict(form_data, **{field: value}))
    assert response.status_code == 400
    assert message in response.context["form"].errors[field][0]
    assert message in response.content.decode()
    assert not DisclosureApplication.objects.exists()
    assert not ApplicationEvent.objects.exists()


def test_invalid_credit_code_check_character_is_refused(client, application_page,
                                                         organisation_data):
    code = organisation_data["credit_code"]
    wrong = code[:17] + ("0" if code[17] != "0" else "1")
    response = post(client, application_page, dict(organisation_data, credit_code=wrong))
    assert response.context["form"].errors["credit_code"] == [
        "统一社会信用代码校验位不正确，请核对后重新输入。"]
    assert not DisclosureApplication.objects.exists()


def test_one_megabyte_of_text_is_refused_with_a_length_error(client, application_page, form_data):
    response = post(client, application_page,
                    dict(form_data, information_description="字" * (1024 * 1024 // 3)))
    assert response.status_code == 400
    assert "2000" in response.context["form"].errors["information_description"][0]
    assert not DisclosureApplication.objects.exists()


def test_request_must_name_the_information_somehow(client, application_page, form_data):
    response = post(client, application_page, dict(form_data, information_title=""))
    assert response.context["form"].errors["information_description"] == [
        "请至少填写所需信息的名称、文号或内容描述中的一项。"]


def test_email_delivery_needs_an_email_and_post_needs_an_address(client, application_page,
                                                                  form_data):
    response = post(client, application_page, dict(form_data, email=""))
    assert response.context["form"].errors["email"] == [
        "选择通过电子邮件获取信息的，请填写电子邮箱。"]
    response = post(client, application_page, dict(form_data, delivery="post", address=""))
    assert response.context["form"].errors["address"] == ["选择邮寄的，请填写通信地址。"]


def test_consent_to_personal_data_handling_is_required(client, application_page, form_data):
    data = dict(form_data)
    data.pop("consent")
    response = post(client, application_page, data)
    assert response.context["form"].errors["consent"] == [
        "请阅读并同意个人信息处理说明，否则无法提交申请。"]
    assert not DisclosureApplication.objects.exists()


def test_honeypot_filled_by_a_robot_stores_nothing(client, application_page, form_data):
    response = post(client, application_page, dict(form_data, website="http://spam.example"))
    assert response.status_code == 400
    assert not DisclosureApplication.objects.exists()


@pytest.mark.parametrize("name, content, message", [
    ("virus.exe", b"MZ\x90\x00", "只能上传 PDF、JPG 或 PNG 文件。"),
    ("fake.pdf", b"<html><script>alert(1)</script></html>", "文件内容与扩展名不符"),
    ("photo.png", b"\xff\xd8\xff\xe0 a jpeg", "文件内容与扩展名不符"),
])
def test_uploads_of_the_wrong_type_are_refused(client, application_page, form_data, name,
                                               content, message):
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    response = post(client, application_page, dict(form_data, attachment=upload))
    assert message in response.context["form"].errors["attachment"][0]
    assert not DisclosureApplication.objects.exists()


def test_oversized_upload_is_refused(client, application_page, form_data, settings):
    settings.APPLICATION_UPLOAD_MAX_BYTES = 1024 * 1024
    upload = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 1))
    response = post(client, application_page, dict(form_data, attachment=upload))
    assert response.context["form"].errors["attachment"] == ["文件不能超过 1 MB。"]
    assert not DisclosureApplication.objects.exists()


def test_valid_upload_is_stored_privately(client, application_page, form_data, settings):
    upload = SimpleUploadedFile("id.pdf", real_pdf())
    assert post(client, application_page, dict(form_data, attachment=upload)).status_code == 302
    application = DisclosureApplication.objects.get()
    assert application.attachment.path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert not application.attachment.path.startswith(str(settings.MEDIA_ROOT))


def test_non_form_content_type_gets_field_errors_not_a_server_error(client, application_page):
    response = client.post(form_url(application_page), data='{"name": "x"}',
                           content_type="application/json")
    assert response.status_code == 400
    assert "请填写姓名或名称。" in response.content.decode()
    assert not DisclosureApplication.objects.exists()


def test_rate_limit_per_identity_number(client, application_page, form_data, settings):
    settings.APPLICATION_RATE_LIMIT_PER_IDENTITY = (2, 3600)
    for index in range(2):
        response = post(client, application_page, form_data, REMOTE_ADDR=f"203.0.113.{index}")
        assert response.status_code == 302
    response = post(client, application_page, form_data, REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 400
    assert "提交过于频繁" in response.content.decode()
    assert DisclosureApplication.objects.count() == 2


def test_rate_limit_per_client_address(client, application_page, form_data, settings):
    from tests.applications.conftest import OTHER_ID_NUMBER

    settings.APPLICATION_RATE_LIMIT_PER_ADDRESS = (1, 3600)
    assert post(client, application_page, form_data).status_code == 302
    response = post(client, application_page, dict(form_data, id_number=OTHER_ID_NUMBER))
    assert "提交过于频繁" in response.content.decode()
    assert DisclosureApplication.objects.count() == 1


def test_personal_data_is_hidden_from_error_reports(rf, application_page, form_data):
    from django.views.debug import SafeExceptionReporterFilter

    request = rf.post(form_url(application_page), form_data)
    from applications import views

    # The decorator marks the request when the view runs; run it and read the filter's view.
    request.session = {}
    request.user = None
    try:
        views.application_form(request, application_page)
    except Exception:  # noqa: S110 - only the marking matters here
        pass
    filtered = SafeExceptionReporterFilter().get_post_parameters(request)
    assert filtered["id_number"] != form_data["id_number"]
    assert filtered["name"] != form_data["name"]
