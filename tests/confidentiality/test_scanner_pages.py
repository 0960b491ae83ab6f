"""scan_page: a page's own text, rich text, StreamField blocks, table cells and every attachment;
the editor's one-click mask; the scan report view."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.test import override_settings
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.models import Page, PageLogEntry

from confidentiality.actions import MASK_LOG_ACTION, ApplySuggestedMask, MaskError
from confidentiality.models import ScanRecord
from confidentiality.pages import _walk_stream, html_to_text
from confidentiality.scanner import scan_page
from departments.models import Department
from disclosure.models import CatalogueColumn, CatalogueRoot, PolicyInterpretation, WorkNews
from disclosure.models.items import DisclosureAttachment
from tests.samples import build_docx, build_text, build_xlsx_bomb

pytestmark = pytest.mark.django_db

VALID_ID = "41010519900307123X"


@pytest.fixture
def column(home):
    department = Department.objects.create(code="yizheng", name="医政医管科")
    root = home.add_child(instance=CatalogueRoot(title="政府信息公开目录", slug="xxgk"))
    return root.add_child(instance=CatalogueColumn(title="工作动态", slug="gzdt",
                                                   department=department, rule="news"))


def make_document(title, data, filename):
    return get_document_model().objects.create(title=title, file=ContentFile(data, name=filename))


@pytest.fixture
def news(column):
    page = WorkNews(title="关于发放慢性病补助的通知", slug="news-1", live=False,
                    summary="咨询电话13812345678",
                    body=f"<p>各乡镇卫生院：</p><p>申请人身份证号{VALID_ID}，请核对。</p>")
    return column.add_child(instance=page)


def kinds_at(report):
    return sorted((finding.kind, finding.location) for finding in report.findings)


def test_page_fields_rich_text_and_attachments_are_all_scanned(news):
    document = make_document("补助名单", build_docx(
        ["名单如下"], tables=[[["姓名", "身份证号"], ["张*三", "440306198512014565"]]]), "mingdan.docx")
    draft = news.get_latest_revision_as_object()
    draft.attachments.add(DisclosureAttachment(document=document))
    revision = draft.save_revision()

    report = scan_page(news, revision=revision)
    assert kinds_at(report) == [
        ("id_number", "正文 第2段"),
        ("id_number", "附件“补助名单” 表格1 第2行第2列"),
        ("mobile", "内容概述"),
    ]
    in_attachment = [f for f in report.findings if f.in_attachment]
    assert in_attachment[0].attachment_id == document.pk and in_attachment[0].field == ""
    assert {f.field for f in report.findings if not f.in_attachment} == {"body", "summary"}
    assert "附件“补助名单”" in report.scanned


def test_a_page_loaded_from_the_database_is_scanned_as_it_is(news):
    """The workflow passes the revision under review; a fresh DB object holds its live rows."""
    draft = news.get_latest_revision_as_object()
    draft.attachments.add(DisclosureAttachment(
        document=make_document("说明", build_text(["秘密★1年"]), "a.txt")))
    draft.save_revision()
    assert "classification" not in {f.kind for f in scan_page(Page.objects.get(pk=news.pk)).findings}
    assert "classification" in {f.kind for f in scan_page(news.get_latest_revision_as_object()).findings}


def test_an_unreadable_attachment_blocks_until_a_person_has_looked_at_it(news):
    draft = news.get_latest_revision_as_object()
    draft.attachments.add(DisclosureAttachment(
        document=make_document("扫描件", b"\x89PNG\r\n\x1a\nnot really", "scan.png")))
    report = scan_page(draft, terms=[])
    [finding] = [f for f in report.findings if f.kind == "unreadable_attachment"]
    assert finding.is_blocking and finding.location == "附件“扫描件”"
    assert "人工审查" in finding.note


def test_documents_linked_from_rich_text_are_scanned(news):
    document = make_document("附表", build_text(["联系人手机19912345678"]), "b.txt")
    news.body = f'<p>详见<a linktype="document" id="{document.pk}">附表</a></p>'
    report = scan_page(news, terms=[])
    assert kinds_at(report) == [("mobile", "内容概述"), ("mobile", "附件“附表” 第1行")]


def test_streamfield_text_and_rich_text_blocks_are_scanned(column):
    page = PolicyInterpretation(title="政策解读", slug="jd", live=False, body=[
        ("paragraph", "<p>一、背景</p><p>不含个人信息。</p>"),
        ("question_answer", {"question": "如何咨询？", "answer": "<p>拨打13812345678。</p>"}),
    ])
    report = scan_page(page, terms=[])
    assert kinds_at(report) == [("mobile", "正文 第2块（问答）")]
    assert report.findings[0].field == "body"


def test_table_block_and_typed_table_cells_are_located_by_row_and_column():
    from wagtail import blocks
    from wagtail.contrib.table_block.blocks import TableBlock
    from wagtail.contrib.typed_table_block.blocks import TypedTableBlock

    stream_block = blocks.StreamBlock([
        ("table", TableBlock(label="表格")),
        ("typed", TypedTableBlock([("text", blocks.CharBlock()),
                                   ("rich", blocks.RichTextBlock())], label="数据表")),
    ])
    value = stream_block.to_python([
        {"type": "table", "value": {"data": [["姓名", "电话"], ["张*三", "13812345678"]]}},
        {"type": "typed", "value": {
            "columns": [{"type": "text", "heading": "编号"}, {"type": "rich", "heading": "备注"}],
            "rows": [{"values": ["1", "<p>无</p>"]}, {"values": [VALID_ID, "<p>秘密</p>"]}],
            "caption": ""}},
    ])
    pieces = list(_walk_stream(value, "正文", {}))
    assert ("正文 第1块（表格） 第2行第2列", "13812345678") in [(p[0], p[1]) for p in pieces]
    assert ("正文 第2块（数据表） 第2行第1列", VALID_ID) in [(p[0], p[1]) for p in pieces]
    assert ("正文 第2块（数据表） 第2行第2列", "秘密") in [(p[0], p[1]) for p in pieces]


def test_rich_text_becomes_one_line_per_paragraph():
    assert html_to_text("<h2>标题</h2><p>第一段&amp;<b>加粗</b></p><ul><li>甲</li><li>乙</li></ul>") \
        == "标题\n第一段&加粗\n甲\n乙"


# --- the one-click mask -----------------------------------------------------------------------


@pytest.fixture
def admin(make_user):
    return make_user("admin", is_superuser=True, is_staff=True)


def finding_of(page, kind):
    report = scan_page(page.get_latest_revision_as_object(), terms=[])
    return next(f for f in report.findings if f.kind == kind)


def test_applying_a_mask_writes_a_new_draft_revision_and_leaves_the_live_page(news, admin):
    news.save_revision().publish()
    live_body = WorkNews.objects.get(pk=news.pk).body
    finding = finding_of(news, "id_number")
    revisions_before = news.revisions.count()

    revision = ApplySuggestedMask(news, finding.key, admin).execute()

    assert news.revisions.count() == revisions_before + 1
    masked = revision.as_object()
    assert "410***********123X" in masked.body and VALID_ID not in masked.body
    assert WorkNews.objects.get(pk=news.pk).body == live_body  # live content untouched
    entry = PageLogEntry.objects.get(page=news, action=MASK_LOG_ACTION)
    assert entry.data["mask"] == "410***********123X"
    assert VALID_ID not in str(entry.data)  # the audit trail never copies the personal data


def test_mask_in_a_plain_text_field_and_in_a_streamfield(news, column, admin):
    finding = finding_of(news, "mobile")
    revision = ApplySuggestedMask(news, finding.key, admin).execute()
    assert revision.as_object().summary == "咨询电话138****5678"

    page = column.add_child(instance=PolicyInterpretation(title="解读", slug="jd2", live=False, body=[
        ("question_answer", {"question": "电话？", "answer": "<p>拨打13912345678。</p>"})]))
    page.save_revision()
    finding = finding_of(page, "mobile")
    revision = ApplySuggestedMask(page, finding.key, admin).execute()
    assert "139****5678" in revision.as_object().body[0].value["answer"].source


def test_an_attachment_finding_cannot_be_masked_the_editor_must_replace_the_file(news, admin):
    draft = news.get_latest_revision_as_object()
    draft.attachments.add(DisclosureAttachment(
        document=make_document("名单", build_text([f"身份证{VALID_ID}"]), "c.txt")))
    draft.save_revision()
    report = scan_page(news.get_latest_revision_as_object(), terms=[])
    finding = next(f for f in report.findings if f.in_attachment)
    with pytest.raises(MaskError, match="附件"):
        ApplySuggestedMask(news, finding.key, admin).check()


def test_a_stale_finding_is_refused(news, admin):
    finding = finding_of(news, "id_number")
    ApplySuggestedMask(news, finding.key, admin).execute()
    with pytest.raises(MaskError, match="已不在最新版本"):
        ApplySuggestedMask(news, finding.key, admin).execute()


def test_only_someone_who_may_edit_the_page_applies_a_mask(news, make_user):
    outsider = make_user("outsider")
    finding = finding_of(news, "id_number")
    with pytest.raises(PermissionDenied):
        ApplySuggestedMask(news, finding.key, outsider).execute()


def test_a_page_locked_by_someone_else_is_not_masked(news, admin, make_user):
    other = make_user("other_admin", is_superuser=True)
    news.locked, news.locked_by = True, other
    news.save()
    finding = finding_of(news, "id_number")
    with pytest.raises(MaskError, match="锁定"):
        ApplySuggestedMask(news, finding.key, admin).execute()


# --- the admin views -----------------------------------------------------------------------------


def test_report_view_lists_findings_with_mask_buttons_and_records_the_scan(client, news, admin):
    news.save_revision()
    client.force_login(admin)
    response = client.get(reverse("confidentiality:page", args=[news.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "身份证号码" in html and "410***********123X" in html and 'name="finding"' in html
    record = ScanRecord.objects.get(page=news)
    assert record.has_blocking and record.revision == news.latest_revision
    client.get(reverse("confidentiality:page", args=[news.pk]))
    assert ScanRecord.objects.filter(page=news).count() == 1  # same revision, same result


def test_mask_view_applies_and_redirects_back_with_a_message(client, news, admin):
    client.force_login(admin)
    finding = finding_of(news, "id_number")
    response = client.post(reverse("confidentiality:mask", args=[news.pk]),
                           {"finding": finding.key}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("confidentiality:page", args=[news.pk])
    assert "已将“正文 第2段”中的内容遮盖为“410***********123X”" in response.content.decode()
    bad = client.post(reverse("confidentiality:mask", args=[news.pk]), {"finding": "nope"},
                      follow=True)
    assert "已不在最新版本" in bad.content.decode()


def test_mask_view_ignores_an_offsite_next_url(client, news, admin):
    client.force_login(admin)
    finding = finding_of(news, "id_number")
    response = client.post(reverse("confidentiality:mask", args=[news.pk]),
                           {"finding": finding.key, "next": "https://evil.example/"})
    assert response["Location"] == reverse("confidentiality:page", args=[news.pk])


def test_report_view_is_for_editors_of_the_page_and_officers_only(client, news, make_user, roles):
    client.force_login(make_user("nobody", "信息员"))
    assert client.get(reverse("confidentiality:page", args=[news.pk])).status_code in (302, 403)
    client.force_login(make_user("officer", "保密审查员"))
    response = client.get(reverse("confidentiality:page", args=[news.pk]))
    assert response.status_code == 200
    assert 'name="finding"' not in response.content.decode()  # officers review, editors mask


def test_mask_view_refuses_get(client, news, admin):
    client.force_login(admin)
    assert client.get(reverse("confidentiality:mask", args=[news.pk])).status_code == 405


def test_sensitive_terms_are_kept_in_the_admin(client, admin):
    client.force_login(admin)
    response = client.post(reverse("wagtailsnippets_confidentiality_sensitiveterm:add"),
                           {"term": "试点名单", "severity": "block", "note": "未经批准"})
    assert response.status_code == 302
    from confidentiality.models import SensitiveTerm

    assert SensitiveTerm.objects.get().term == "试点名单"


@override_settings(TEXTEXTRACT_MAX_UNCOMPRESSED_BYTES=1024 * 1024)
def test_a_zip_bomb_attachment_blocks_publication_and_the_editor_is_told_why(news):
    """A workbook that inflates past the limit is never clean: it blocks like any unreadable
    attachment, and the note names the limit (issue 13: 附件……超过……，无法检查)."""
    draft = news.get_latest_revision_as_object()
    draft.attachments.add(DisclosureAttachment(
        document=make_document("补助名单", build_xlsx_bomb(5 * 1024 * 1024), "list.xlsx")))
    report = scan_page(draft, terms=[])
    [finding] = [f for f in report.findings if f.kind == "unreadable_attachment"]
    assert finding.is_blocking and report.has_blocking
    assert finding.note == ("附件“补助名单”超过解压后大小上限（1 MB），无法检查；"
                            "请人工审查该附件后说明理由放行")
