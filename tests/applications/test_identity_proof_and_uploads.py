"""The applicant's identity proof: opened only by staff who may handle the application, from
private storage, each opening recorded; uploads checked by their whole content; a
double-clicked form makes one application."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from pypdf import PdfWriter

from applications.forms import ApplicationForm
from applications.models import ApplicationEvent, DisclosureApplication

pytestmark = pytest.mark.django_db


def real_pdf() -> bytes:
    writer, out = PdfWriter(), io.BytesIO()
    writer.add_blank_page(width=200, height=200)
    writer.write(out)
    return out.getvalue()


def real_image(kind: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(out, kind)
    return out.getvalue()


def form_url(page):
    return page.url + page.reverse_subpage("application_form")


def proof_url(application):
    return reverse("disclosure_applications:identity_proof", args=[application.pk])


@pytest.fixture
def with_proof(client, application_page, form_data, office, departments, route):
    upload = SimpleUploadedFile("身份证.pdf", real_pdf(), content_type="application/pdf")
    assert client.post(form_url(application_page), dict(form_data, attachment=upload)
                       ).status_code == 302
    application = DisclosureApplication.objects.get()
    route(application, departments["yizheng"], reason="由医政医管科办理")
    return application


def test_handler_of_the_department_opens_the_identity_proof_and_it_is_recorded(
        client, with_proof, handler):
    client.force_login(handler)
    response = client.get(proof_url(with_proof))
    assert response.status_code == 200
    with_proof.attachment.open("rb")
    assert b"".join(response.streaming_content) == with_proof.attachment.read()
    assert "no-store" in response["Cache-Control"]
    opened = ApplicationEvent.objects.filter(application=with_proof, kind="identity_proof_viewed")
    assert [(event.by, event.kind) for event in opened] == [(handler, "identity_proof_viewed")]
    assert "查看申请人上传的身份证明材料" in client.get(
        reverse("disclosure_applications:detail", args=[with_proof.pk])).content.decode()


def test_others_cannot_open_the_identity_proof(client, with_proof, other_handler, make_user,
                                               roles):
    editor = make_user("editor-x", "信息员")
    for user in (other_handler, editor):
        client.force_login(user)
        assert client.get(proof_url(with_proof)).status_code in (403, 404)
    client.logout()
    assert client.get(proof_url(with_proof)).status_code in (302, 403, 404)
    assert not ApplicationEvent.objects.filter(kind="identity_proof_viewed").exists()


@pytest.mark.parametrize("name, content", [
    ("truncated.pdf", b"%PDF-1.4\n<html><script>alert(1)</script></html>"),
    ("polyglot.jpg", b"\xff\xd8\xff\xe0" + b"<?php system($_GET[1]); ?>" * 20),
    ("fake.png", b"\x89PNG\r\n\x1a\n" + b"MZ\x90\x00" * 50),
    ("jpeg-named.png", real_image("JPEG")),
])
def test_uploads_are_checked_by_their_content_not_their_first_bytes(
        client, application_page, form_data, name, content):
    upload = SimpleUploadedFile(name, content)
    response = client.post(form_url(application_page), dict(form_data, attachment=upload))
    assert response.status_code == 400
    assert "文件内容与扩展名不符" in response.context["form"].errors["attachment"][0]
    assert not DisclosureApplication.objects.exists()


@pytest.mark.parametrize("name, content", [
    ("证明.pdf", real_pdf()), ("证明.jpg", real_image("JPEG")), ("证明.png", real_image("PNG")),
])
def test_real_pdf_jpeg_and_png_are_accepted(client, application_page, form_data, name, content):
    upload = SimpleUploadedFile(name, content)
    assert client.post(form_url(application_page), dict(form_data, attachment=upload)
                       ).status_code == 302


def test_a_double_clicked_form_creates_one_application(client, application_page, form_data):
    token = ApplicationForm().fields["submission_token"].initial
    page = client.get(form_url(application_page)).content.decode()
    assert 'name="submission_token"' in page
    first = client.post(form_url(application_page), dict(form_data, submission_token=token))
    second = client.post(form_url(application_page), dict(form_data, submission_token=token))
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    assert DisclosureApplication.objects.count() == 1
    receipt = client.get(second["Location"])
    assert receipt.context["application"] == DisclosureApplication.objects.get()
    third = client.post(form_url(application_page),
                        dict(form_data, submission_token=ApplicationForm().fields[
                            "submission_token"].initial))
    assert third.status_code == 302 and DisclosureApplication.objects.count() == 2


def test_identity_numbers_typed_into_search_are_masked_in_the_query_log(client, home):
    from search.models import QueryLog

    client.get("/search/", {"q": "410105199003071234 低保"})
    client.get("/search/", {"q": "身份证41010519900307123x"})
    logged = sorted(QueryLog.objects.values_list("query", flat=True))
    assert all("199003071" not in text for text in logged), logged
    assert any("410***********1234" in text for text in logged), logged


def test_search_for_document_numbers_and_years_is_logged_unmasked(client, home):
    from search.models import QueryLog

    client.get("/search/", {"q": "平卫〔2021〕3号 2026"})
    assert QueryLog.objects.filter(query__contains="2021").exists()
