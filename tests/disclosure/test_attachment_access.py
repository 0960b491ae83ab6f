"""Attachments are served only through the one rule of disclosure/attachments.py: the public
gets the files of live, public, unexpired, not withdrawn pages; staff get those of pages they
may edit or moderate, or of collections they hold a permission on (条例 第十四条: what is
withdrawn for confidentiality is unreachable at once)."""

import datetime
import io
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import escape_uri_path
from pypdf import PdfWriter
from wagtail.documents import get_document_model
from wagtail.models import Collection, PageViewRestriction

from departments.roles import department_collection
from disclosure.attachments import documents_for, may_download, pages_still_linking
from disclosure.models import DisclosureAttachment, PolicyDocument
from portal.models import SectionPage
from publishing.actions.withdraw import WithdrawAction
from tests.publishing.workflow_support import (  # noqa: F401  (fixtures)
    CHECKLIST,
    clean_scan_fixture,
    decide,
    desk_fixture,
    submit,
)

pytestmark = pytest.mark.django_db



def _blank_pdf() -> bytes:
    writer, out = PdfWriter(), io.BytesIO()
    writer.add_blank_page(width=72, height=72)
    writer.write(out)
    return out.getvalue()


PDF = _blank_pdf()


def upload(title, collection=None):
    return get_document_model().objects.create(
        title=title, file=ContentFile(PDF, name=f"{title}.pdf"),
        collection=collection or Collection.get_first_root_node())


def item_with_attachment(parent, document, slug, **fields):
    page = PolicyDocument(
        title=f"附件测试 {slug}", slug=slug, live=False, issuing_body="示例市卫生健康委员会",
        document_number=f"示卫〔2026〕{abs(hash(slug)) % 1000}号", author="李文静",
        written_on=datetime.date(2026, 3, 2), formed_on=datetime.date(2026, 3, 2),
        body="<p>正文。</p>", **fields)
    page.attachments = [DisclosureAttachment(document=document)]
    return parent.add_child(instance=page)


def linking_page(parent, document, slug):
    """A page whose rich text links the document (no attachment row)."""
    return parent.add_child(instance=SectionPage(
        title=f"链接 {slug}", slug=slug, live=False,
        body=f'<p>见<a linktype="document" id="{document.pk}">附件</a>。</p>'))


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def public_status(document):
    return Client().get(document.url).status_code


@pytest.fixture
def people(desk, make_user, roles):
    department = desk.department
    from departments.models import Department

    other = Department.objects.get(code="jikong")
    return {
        "editor": desk.editor,
        "reviewer": desk.reviewer,
        "other_editor": make_user("editor2", "信息员", other.group),
        "officer": desk.officer,
        "signatory": desk.signatory,
        "office": desk.office,
        # The handler works for the department's applications and holds no page permission.
        "handler": make_user("handler", "依申请公开办理人"),
        "anonymous": None,
        "department": department,
    }


# --- the public -------------------------------------------------------------------------------

def test_public_gets_attachment_of_a_live_public_page(desk):
    document = upload("公开附件")
    publish(item_with_attachment(desk.section, document, "live"))
    assert public_status(document) == 200


def test_public_gets_document_linked_in_rich_text_of_a_live_page(desk):
    document = upload("正文链接")
    publish(linking_page(desk.section, document, "linked"))
    assert public_status(document) == 200


def test_public_gets_404_for_attachment_of_a_draft(desk):
    document = upload("草稿附件")
    item_with_attachment(desk.section, document, "draft")
    assert public_status(document) == 404


def test_public_gets_404_for_attachment_of_a_scheduled_page(desk):
    document = upload("定时附件")
    page = item_with_attachment(desk.section, document, "scheduled")
    page.go_live_at = timezone.now() + datetime.timedelta(days=2)
    page.save_revision().publish()
    page.refresh_from_db()
    assert not page.live
    assert public_status(document) == 404


def test_public_gets_404_for_attachment_of_a_page_under_view_restriction(desk):
    document = upload("受限附件")
    page = publish(item_with_attachment(desk.section, document, "restricted"))
    PageViewRestriction.objects.create(page=desk.section, restriction_type="login")
    assert page.live
    assert public_status(document) == 404


def test_public_gets_404_for_attachment_of_an_expired_page(desk):
    document = upload("过期附件")
    page = publish(item_with_attachment(desk.section, document, "expired"))
    type(page).objects.filter(pk=page.pk).update(expire_at=timezone.now() - datetime.timedelta(
        minutes=1))  # expired, before the publisher has taken it down
    assert public_status(document) == 404


def test_public_gets_404_for_attachment_of_a_withdrawn_page(desk):
    document = upload("撤回附件")
    page = publish(item_with_attachment(desk.section, document, "withdrawn"))
    WithdrawAction(page, desk.office, "repealed").execute()
    assert public_status(document) == 404


def test_withdrawal_for_confidentiality_makes_a_file_secret_even_where_another_page_links_it(
        desk):
    document = upload("涉密附件")
    secret = publish(item_with_attachment(desk.section, document, "secret"))
    other = publish(linking_page(desk.section, document, "other-link"))
    assert public_status(document) == 200
    WithdrawAction(secret, desk.office, "confidentiality").execute()
    assert public_status(document) == 404
    assert [page.pk for page in pages_still_linking(secret)] == [other.pk]


# --- staff, per role ----------------------------------------------------------------------------

def statuses(people, document):
    result = {}
    for role, user in people.items():
        if role == "department":
            continue
        client = Client()
        if user is not None:
            client.force_login(user)
        result[role] = client.get(document.url).status_code
    return result


def test_draft_attachment_reaches_its_department_and_the_office_only(desk, people):
    document = upload("科室草稿", department_collection(people["department"]))
    item_with_attachment(desk.section, document, "dept-draft")
    assert statuses(people, document) == {
        "editor": 200, "reviewer": 200, "other_editor": 404, "officer": 404,
        "signatory": 404, "office": 200, "handler": 404, "anonymous": 404}


def test_confidentiality_officer_then_signatory_open_the_attachment_at_their_own_task(
        desk, people):
    """The file sits in the root collection and is attached only in the revision under review:
    each reviewer opens it at their own step and not before."""
    document = upload("审查中的附件")
    page = linking_page(desk.section, upload("旧附件"), "in-review")
    page.body = f'<p>新<a linktype="document" id="{document.pk}">附件</a></p>'
    submit(page, desk.editor)
    assert statuses(people, document) == {
        "editor": 200, "reviewer": 200, "other_editor": 404, "officer": 404,
        "signatory": 404, "office": 200, "handler": 404, "anonymous": 404}
    decide(page, desk.reviewer)
    seen = statuses(people, document)
    assert (seen["officer"], seen["signatory"], seen["anonymous"]) == (200, 404, 404)
    decide(page, desk.officer, checklist=CHECKLIST, signature="赵敏")
    seen = statuses(people, document)
    assert (seen["officer"], seen["signatory"], seen["other_editor"]) == (404, 200, 404)


def test_the_rule_is_one_queryset_for_listing_and_download(desk, people):
    mine = upload("本科室", department_collection(people["department"]))
    public = upload("已公开")
    publish(item_with_attachment(desk.section, public, "rule-public"))
    assert set(documents_for(people["other_editor"])) == {public}
    assert set(documents_for(people["editor"])) == {mine, public}
    assert may_download(None, public) and not may_download(None, mine)


def test_admin_documents_api_lists_only_what_the_person_may_download(desk, people):
    mine = upload("本科室文件", department_collection(people["department"]))
    client = Client()
    client.force_login(people["other_editor"])
    listing = client.get("/admin/api/main/documents/").json()
    assert mine.pk not in [item["id"] for item in listing["items"]]
    assert client.get(f"/admin/api/main/documents/{mine.pk}/").status_code == 404
    client.force_login(people["editor"])
    listing = client.get("/admin/api/main/documents/").json()
    assert [item["id"] for item in listing["items"]] == [mine.pk]


def test_withdrawing_as_secret_tells_the_office_which_live_pages_still_link_the_file(desk):
    document = upload("仍被链接")
    secret = publish(item_with_attachment(desk.section, document, "told"))
    other = publish(linking_page(desk.section, document, "still-links"))
    client = Client()
    client.force_login(desk.office)
    response = client.post(reverse("publishing_workflow:withdraw", args=[secret.pk]),
                           {"reason": "confidentiality"}, follow=True)
    assert response.status_code == 200
    text = response.content.decode()
    assert "仍链接该页面的附件" in text and other.title in text


def test_production_download_is_streamed_by_nginx_through_x_accel_redirect(desk, settings):
    from wagtail.utils.sendfile import _get_sendfile

    settings.DOCUMENTS_X_ACCEL_REDIRECT = "/_protected_media/"
    settings.SENDFILE_BACKEND = "portal.sendfile_nginx"
    _get_sendfile.clear()
    try:
        document = upload("大文件")
        publish(item_with_attachment(desk.section, document, "accel"))
        response = Client().get(document.url)
        assert response.status_code == 200
        assert response["X-Accel-Redirect"] == escape_uri_path(
            f"/_protected_media/{document.file.name}")
        assert response.content == b""
        assert "filename" in response["Content-Disposition"]
        draft_file = upload("草稿大文件")
        item_with_attachment(desk.section, draft_file, "accel-draft")
        assert Client().get(draft_file.url).status_code == 404
    finally:
        _get_sendfile.clear()


def test_withdrawal_for_confidentiality_deletes_the_page_images_renditions_at_once(desk):
    from PIL import Image as PILImage
    from wagtail.images import get_image_model

    out = io.BytesIO()
    PILImage.new("RGB", (60, 40), "white").save(out, "PNG")
    image = get_image_model().objects.create(
        title="现场照片", file=ContentFile(out.getvalue(), name="photo.png"),
        collection=Collection.get_first_root_node())
    page = publish(desk.section.add_child(instance=SectionPage(
        title="带图片的页面", slug="with-image", live=False,
        body=f'<embed embedtype="image" id="{image.pk}" format="fullwidth" alt="照片"/>')))
    rendition = image.get_rendition("width-30")
    path = rendition.file.path
    assert Path(path).exists()
    WithdrawAction(page, desk.office, "confidentiality").execute()
    assert not Path(path).exists()
    assert not image.renditions.exists()
    assert Path(image.file.path).exists()  # the original stays, for the office
