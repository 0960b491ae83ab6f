"""Force publish (强制发布): disclosure office only, with a reason; the scan still runs and is kept."""

import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.models import PageLogEntry

from confidentiality import pages as scanned_pages
from publishing.actions.force_publish import (
    FORCE_PUBLISH_LOG_ACTION,
    ForcePublishAction,
    ForcePublishPermissionError,
)
from publishing.workflow_models import ForcedPublication

from .workflow_support import (  # noqa: F401  (fixtures)
    FakeReport,
    clean_scan_fixture,
    desk_fixture,
    draft,
    submit,
)

pytestmark = pytest.mark.django_db


def test_force_publish_needs_a_reason(desk):
    page = draft(desk.section)
    page.save_revision(user=desk.editor)
    with pytest.raises(ValidationError):
        ForcePublishAction(page, desk.office, "  ").execute()
    page.refresh_from_db()
    assert not page.live and not ForcedPublication.objects.exists()


def test_force_publish_only_for_the_disclosure_office(desk, client):
    page = draft(desk.section)
    page.save_revision(user=desk.editor)
    url = reverse("publishing_workflow:force_publish", args=[page.pk])
    for user in (desk.editor, desk.reviewer, desk.officer, desk.signatory):
        with pytest.raises(ForcePublishPermissionError, match="只有政务公开办公室可以强制发布"):
            ForcePublishAction(page, user, "紧急疫情通报").execute()
        client.force_login(user)
        assert client.get(url).status_code in (302, 403)
        assert client.post(url, {"reason": "紧急疫情通报"}).status_code in (302, 403)
    page.refresh_from_db()
    assert not page.live and not ForcedPublication.objects.exists()


def test_force_publish_logs_the_reason_and_the_scan_result(desk):
    page = draft(desk.section)
    page.save_revision(user=desk.editor)
    record = ForcePublishAction(page, desk.office, "突发公共卫生事件，须立即公布。").execute()
    entry = PageLogEntry.objects.get(page=page, action=FORCE_PUBLISH_LOG_ACTION)
    assert entry.user == desk.office and entry.revision == record.revision
    assert entry.data == {"reason": "突发公共卫生事件，须立即公布。", "scan_has_blocking": False,
                          "findings": 0}


def test_force_publish_runs_the_scan_records_it_and_ends_the_workflow(desk, monkeypatch):
    finding = {"location": "正文", "kind": "phone", "severity": "block", "text": "13800000000",
               "suggestion": "138****0000"}
    monkeypatch.setattr(scanned_pages, "scan_page", lambda page: FakeReport([finding]))
    page = draft(desk.section, title="关于发热门诊调整的紧急通知")
    submit(page, desk.editor)
    record = ForcePublishAction(page, desk.office, "突发公共卫生事件，须立即公布。").execute()
    page.refresh_from_db()
    assert page.live and page.current_workflow_state is None
    assert record.scan_has_blocking and record.scan_report["findings"][0]["kind"] == "phone"


def test_forced_publications_report_lists_them_for_the_office_only(desk, client):
    page = draft(desk.section, title="紧急通知")
    page.save_revision(user=desk.editor)
    ForcePublishAction(page, desk.office, "突发公共卫生事件，须立即公布。").execute()
    client.force_login(desk.office)
    text = client.get(reverse("publishing_workflow:forced")).content.decode()
    assert "紧急通知" in text and "突发公共卫生事件" in text and "未发现问题" in text
    filtered = client.get(reverse("publishing_workflow:forced"), {"scan_has_blocking": "true"})
    assert list(filtered.context["object_list"]) == []
    for user in (desk.editor, desk.reviewer, desk.officer, desk.signatory):
        client.force_login(user)
        assert client.get(reverse("publishing_workflow:forced")).status_code in (302, 403)


def test_forced_publications_report_exports_xlsx_and_csv(desk, client):
    page = draft(desk.section, title="紧急通知")
    page.save_revision(user=desk.editor)
    ForcePublishAction(page, desk.office, "突发公共卫生事件，须立即公布。").execute()
    client.force_login(desk.office)
    url = reverse("publishing_workflow:forced")
    xlsx = client.get(url, {"export": "xlsx"})
    rows = list(openpyxl.load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active.values)
    assert rows[0][1:] == ("标题", "操作人", "理由", "自动扫描")
    assert rows[1][1] == "紧急通知" and rows[1][3] == "突发公共卫生事件，须立即公布。"
    csv_text = b"".join(client.get(url, {"export": "csv"}).streaming_content).decode()
    assert "紧急通知" in csv_text and "未发现问题" in csv_text


def test_plain_publish_button_refused_for_pages_under_the_workflow(desk, client):
    page = draft(desk.section, title="绕过流程")
    client.force_login(desk.office)
    response = client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]),
                           {"title": "绕过流程", "slug": page.slug, "body": "[]",
                            "action-publish": "1"})
    assert response.status_code == 302
    page.refresh_from_db()
    assert not page.live
