"""The rules of policy documents: three-sync, repeal and amendment, document numbers, uploads."""

import datetime
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import PageLogEntry, WorkflowPage

from disclosure.models import DisclosureAttachment, PolicyDocument
from disclosure.models.items import validate_attachment_filename
from disclosure.models.policy import normalise_document_number, validate_document_number
from disclosure.publication import ThreeSyncError, three_sync_problem
from tests.disclosure.conftest import publish

pytestmark = pytest.mark.django_db


# --- 三同步 --------------------------------------------------------------------------------


def test_three_sync_document_cannot_go_live_before_its_interpretation(make_document,
                                                                     make_interpretation):
    document = make_document(needs_interpretation=True)
    make_interpretation([document])  # a draft, not approved
    with pytest.raises(ThreeSyncError) as error:
        publish(document)
    assert "三同步" in str(error.value)
    document.refresh_from_db()
    assert not document.live
    assert document.index_number is None  # nothing half-written


def test_three_sync_document_goes_live_once_its_interpretation_is_live(make_document,
                                                                      make_interpretation):
    document = make_document(needs_interpretation=True)
    interpretation = make_interpretation([document])
    publish(interpretation)
    publish(document)
    assert document.live
    assert list(document.live_interpretations()) == [interpretation.page_ptr.specific]


def test_three_sync_both_scheduled_for_the_same_moment_go_live_together(
        make_document, make_interpretation):
    document = make_document(needs_interpretation=True)
    interpretation = make_interpretation([document])
    moment = timezone.now() + datetime.timedelta(hours=1)
    for page in (document, interpretation):
        page.go_live_at = moment
        page.save_revision().publish()
        page.refresh_from_db()
        assert not page.live  # merely scheduled
        assert page.index_number is None  # no number while scheduled (wagtail #13959)
    # The scheduler runs when the moment has come; the document may come first.
    with mock.patch("django.utils.timezone.now",
                    return_value=moment + datetime.timedelta(seconds=30)):
        document.scheduled_revision.publish()
        call_command("publish_scheduled")
    document.refresh_from_db()
    interpretation.refresh_from_db()
    assert document.live and interpretation.live
    assert document.index_number and interpretation.index_number
    assert document.index_number != interpretation.index_number


def test_three_sync_interpretation_scheduled_later_than_the_document_is_not_enough(
        make_document, make_interpretation):
    document = make_document(needs_interpretation=True)
    interpretation = make_interpretation([document])
    interpretation.go_live_at = timezone.now() + datetime.timedelta(days=2)
    interpretation.save_revision().publish()
    assert three_sync_problem(document) is not None
    later = timezone.now() + datetime.timedelta(days=3)
    assert three_sync_problem(document, go_live_at=later) is None


def test_three_sync_not_needed_when_document_not_marked(make_document):
    document = publish(make_document(needs_interpretation=False))
    assert document.live


def test_three_sync_admin_publish_is_stopped_with_a_message(make_document, make_interpretation,
                                                            client, django_user_model):
    # A site without an approval workflow keeps Wagtail's plain "publish" button.
    WorkflowPage.objects.all().delete()
    document = make_document(needs_interpretation=True)
    make_interpretation([document])
    admin = django_user_model.objects.create_superuser("boss", "b@example.test", "pw")
    client.force_login(admin)
    url = f"/admin/pages/{document.pk}/edit/"
    form = client.get(url).context["form"]
    data = _form_data(form)
    data["action-publish"] = "action-publish"
    response = client.post(url, data)
    assert response.status_code == 200  # the form again, with the error
    assert "三同步" in response.content.decode()
    document.refresh_from_db()
    assert not document.live


def _form_data(form):
    """The POST data a browser would send for an unchanged Wagtail admin form."""
    from django.forms.formsets import BaseFormSet

    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        widget = field.widget
        if value is None:
            continue
        data.update({k: v for k, v in _widget_data(widget, form.add_prefix(name), value).items()})
    for formset in form.formsets.values():
        assert isinstance(formset, BaseFormSet)
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
        for subform in formset.forms:
            for name in subform.fields:
                value = subform[name].value()
                if value is not None:
                    data[subform.add_prefix(name)] = value
    return data


def _widget_data(widget, name, value):
    from django.forms.widgets import CheckboxInput

    if isinstance(widget, CheckboxInput):
        return {name: "on"} if value else {}
    rendered = widget.format_value(value) if hasattr(widget, "format_value") else value
    if isinstance(rendered, list | tuple):
        return {name: rendered}
    return {name: "" if rendered is None else rendered}


# --- repeal and amendment -----------------------------------------------------------------


def test_publishing_a_repealing_document_marks_the_old_one_repealed(make_document):
    old = publish(make_document("旧办法"))
    new = make_document("新办法")
    new.repeals.set([old])
    publish(new)
    old.refresh_from_db()
    assert old.validity == "repealed"
    assert list(old.repealed_by.live()) == [new.page_ptr.specific]
    assert PageLogEntry.objects.filter(page=old, action="disclosure.validity_changed").exists()
    # An older revision of the repealed document cannot bring it back to 有效.
    publish(old)
    assert old.validity == "repealed"


def test_repeal_waits_for_publication_not_for_a_draft(make_document):
    old = publish(make_document("旧办法"))
    new = make_document("新办法")
    new.repeals.set([old])
    new.save_revision()
    old.refresh_from_db()
    assert old.validity == "valid"


def test_amending_document_marks_the_old_one_amended(make_document):
    old = publish(make_document("旧规定"))
    new = make_document("修改决定")
    new.amends.set([old])
    publish(new)
    old.refresh_from_db()
    assert old.validity == "amended"


def test_document_created_live_with_its_relations_in_memory_applies_them(make_document, column):
    old = publish(make_document("旧规定"))
    new = PolicyDocument(title="直接发布的修改决定", slug="direct-amend",
                         issuing_body="示例市卫生健康委员会",
                         written_on=datetime.date(2026, 3, 2), author="李文静")
    new.amends = [old]
    column.add_child(instance=new)  # created live, never through a revision
    old.refresh_from_db()
    assert new.live and old.validity == "amended"


def test_saving_a_live_document_asks_the_database_for_relations_not_in_memory(make_document):
    old = publish(make_document("旧办法"))
    new = publish(make_document("新办法"))
    PolicyDocument.repeals.through.objects.create(from_policydocument=new, to_policydocument=old)
    new = PolicyDocument.objects.get(pk=new.pk)  # the relation is only in the database
    new.save()
    old.refresh_from_db()
    assert old.validity == "repealed"


def test_publishing_a_document_without_relations_skips_the_amendment_step(make_document):
    old = publish(make_document("旧办法"))
    plain, amending = make_document("无关联的通知"), make_document("修改决定")
    amending.amends.set([old])
    revisions = [plain.save_revision(), amending.save_revision()]
    with mock.patch("disclosure.publication.apply_amendments", return_value=[]) as apply:
        revisions[0].publish()
        assert apply.call_count == 0  # nothing to amend: no query for targets
        revisions[1].publish()
        assert apply.call_count == 1
    assert PolicyDocument.objects.get(pk=plain.pk).live


def test_both_pages_link_each_other_after_a_repeal(make_document, client):
    old = publish(make_document("旧办法"))
    new = make_document("新办法")
    new.repeals.set([old])
    publish(new)
    old_html = client.get(old.url).content.decode()
    new_html = client.get(new.url).content.decode()
    assert new.url in old_html and "已废止" in old_html
    assert old.url in new_html


def test_a_revision_of_a_repealing_document_and_of_an_interpretation_can_be_viewed(
        make_document, make_interpretation, client, django_user_model):
    """The admin's revision view and preview rebuild the page from its revision, with its
    relations in memory: the related documents must still be listed, not a server error."""
    from django.urls import reverse

    old = publish(make_document("旧办法"))
    new = make_document("新办法")
    new.repeals.set([old])
    publish(new)
    interpretation = make_interpretation([new], title="新办法解读")
    client.force_login(django_user_model.objects.create_superuser("chief", "c@example.cn", "pw"))
    for page in (new, interpretation):
        revision = page.get_latest_revision()
        response = client.get(reverse("wagtailadmin_pages:revisions_view",
                                      args=[page.pk, revision.pk]))
        assert response.status_code == 200
    assert "旧办法" in client.get(reverse("wagtailadmin_pages:revisions_view", args=[
        new.pk, new.get_latest_revision().pk])).content.decode()


# --- document numbers (GB/T 9704) -----------------------------------------------------------


@pytest.mark.parametrize("number", ["平卫〔2021〕3号", "示卫办发〔2026〕12号", "国办函〔2020〕109号"])
def test_document_number_in_gbt_9704_form_is_accepted(number):
    validate_document_number(number)


@pytest.mark.parametrize("number", ["平卫2021-3", "平卫〔21〕3号", "平卫〔2021〕03号", "〔2021〕3号"])
def test_document_number_not_in_gbt_9704_form_is_refused_in_chinese(number):
    with pytest.raises(ValidationError) as error:
        validate_document_number(number)
    assert "GB/T 9704" in error.value.messages[0]


def test_common_brackets_are_turned_into_hexagonal_ones():
    assert normalise_document_number("平卫[2021]3号") == "平卫〔2021〕3号"
    assert normalise_document_number("平卫（2021） 3号") == "平卫〔2021〕3号"


def test_document_number_is_normalised_on_save(make_document):
    document = make_document(document_number="示卫[2026]7号")
    assert PolicyDocument.objects.get(pk=document.pk).document_number == "示卫〔2026〕7号"


# --- attachments -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["通知.pdf", "通知.OFD", "表.xlsx", "表.xls", "文.doc", "文.docx"])
def test_attachment_types_pdf_ofd_word_excel_are_accepted(name):
    validate_attachment_filename(name)


@pytest.mark.parametrize("name", ["病毒.exe", "图.png", "压缩.zip", "无后缀"])
def test_other_attachment_types_are_refused_with_a_chinese_message(name):
    with pytest.raises(ValidationError) as error:
        validate_attachment_filename(name)
    assert "只能上传 PDF、OFD、DOC、DOCX、XLS、XLSX" in error.value.messages[0]


def test_attachment_row_refuses_a_document_of_another_type(make_document):
    Document = get_document_model()
    bad = Document(title="脚本")
    bad.file.save("script.exe", ContentFile(b"MZ"), save=True)
    attachment = DisclosureAttachment(page=make_document(), document=bad)
    with pytest.raises(ValidationError):
        attachment.full_clean()


def test_admin_upload_of_another_type_is_refused(client, django_user_model):
    from django.core.files.uploadedfile import SimpleUploadedFile

    admin = django_user_model.objects.create_superuser("boss", "b@example.test", "pw")
    client.force_login(admin)
    upload = SimpleUploadedFile("恶意.exe", b"MZ-binary", content_type="application/octet-stream")
    response = client.post("/admin/documents/add/", {"title": "恶意", "file": upload,
                                                     "collection": 1})
    assert response.status_code == 200
    assert not get_document_model().objects.filter(title="恶意").exists()


def test_attachment_shows_type_and_size(make_document, client):
    Document = get_document_model()
    pdf = Document(title="实施细则")
    pdf.file.save("xize.pdf", ContentFile(b"%PDF-1.4 " + b"x" * 2048), save=True)
    document = make_document()
    document.attachments.add(DisclosureAttachment(document=pdf))
    publish(document)
    html = client.get(document.url).content.decode()
    assert "实施细则" in html and "PDF" in html and "KB" in html
