"""The workflow in the admin: modals, the "my tasks" panel, the scheduled list, change notes."""

import io

import openpyxl
import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from confidentiality import pages as scanned_pages
from portal.models import SectionPage
from publishing.workflow_models import ChangeNote

from .workflow_support import (  # noqa: F401  (fixtures)
    CHECKLIST,
    FakeReport,
    approve_all,
    clean_scan_fixture,
    decide,
    desk_fixture,
    draft,
    schedule,
    submit,
)

pytestmark = pytest.mark.django_db


def modal_url(page, action):
    state = page.current_workflow_task_state
    return reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, state.pk])


def test_check_modal_shows_scan_findings_and_override_fields(desk, client, monkeypatch):
    finding = {"location": "附件1 第2页", "kind": "id_number", "severity": "block",
               "text": "410102199001011234", "suggestion": "410***********1234"}
    monkeypatch.setattr(scanned_pages, "scan_page", lambda page: FakeReport([finding]))
    page = draft(desk.section)
    submit(page, desk.editor)
    decide(page, desk.reviewer)
    client.force_login(desk.officer)
    html = client.get(modal_url(page, "approve")).json()["html"]
    assert "附件1 第2页" in html and "410***********1234" in html
    assert 'name="override_0"' in html and "个人隐私" in html
    response = client.post(modal_url(page, "approve"),
                           {"checklist": CHECKLIST, "signature": "赵敏", "task_state_id": "0"},
                           headers={"x-requested-with": "XMLHttpRequest"})
    assert "放行理由" in response.json()["html"]  # shown again with the reason asked for


def test_sign_off_modal_submits_through_wagtail_view_and_schedules(desk, client):
    page = draft(desk.section)
    submit(page, desk.editor)
    decide(page, desk.reviewer)
    decide(page, desk.officer, checklist=CHECKLIST, signature="赵敏")
    client.force_login(desk.signatory)
    when = timezone.localtime() + timezone.timedelta(days=1)
    response = client.post(modal_url(page, "approve"), {
        "go_live_at": when.strftime("%Y-%m-%dT%H:%M"), "comment": "同意发布",
        "task_state_id": page.current_workflow_task_state.pk})
    assert response.status_code == 302
    page.refresh_from_db()
    assert not page.live
    assert timezone.localtime(page.go_live_at).strftime("%Y-%m-%d %H:%M") == when.strftime(
        "%Y-%m-%d %H:%M")


def test_my_tasks_panel_lists_waiting_items_with_due_dates(desk, client, monkeypatch):
    due = timezone.localdate() + timezone.timedelta(days=5)
    # The workflow learns the due date from the page itself (publication_due_date()).
    monkeypatch.setattr(SectionPage, "publication_due_date", lambda self: (due, True),
                        raising=False)
    page = draft(desk.section, title="待审核的通知")
    submit(page, desk.editor)
    client.force_login(desk.reviewer)
    text = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "我的待办审批" in text and "待审核的通知" in text
    assert due.isoformat() in text and "（暂定）" in text
    client.force_login(desk.other_reviewer)
    assert "待审核的通知" not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_my_tasks_panel_offers_the_tasks_own_decisions_in_their_modal(desk, client):
    page = draft(desk.section, title="待审核的通知")
    submit(page, desk.editor)
    client.force_login(desk.reviewer)
    text = client.get(reverse("wagtailadmin_home")).content.decode()
    for action in ("approve", "reject"):
        assert f'data-workflow-action-url="{modal_url(page, action)}"' in text
    assert "审核通过：待审核的通知" in text and "workflow-action.js" in text
    client.force_login(desk.editor)  # the submitter decides nothing (second pair of eyes)
    assert modal_url(page, "approve") not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_scheduled_list_shows_go_live_times(desk, client):
    page = draft(desk.section, title="明日发布")
    at = timezone.now() + timezone.timedelta(days=1)
    schedule(page, at)
    client.force_login(desk.office)
    text = client.get(reverse("publishing_workflow:scheduled")).content.decode()
    assert "明日发布" in text and timezone.localtime(at).strftime("%Y-%m-%d %H:%M") in text
    # The filters refresh the results alone (Wagtail's listing fetches this address).
    results = client.get(reverse("publishing_workflow:scheduled_results"), {"kind": "go_live"})
    assert results.status_code == 200 and "明日发布" in results.content.decode()


def scheduled_titles(client, user, **query):
    client.force_login(user)
    response = client.get(reverse("publishing_workflow:scheduled"), query)
    assert response.status_code == 200
    return {page.get_admin_display_title() for page in response.context["object_list"]}


def test_scheduled_list_shows_only_pages_the_person_may_edit_or_decide(desk, client):
    schedule(draft(desk.section, title="医政明日发布"), timezone.now() + timezone.timedelta(days=1))
    expiring = draft(desk.section, title="到期下线的通知",
                     expire_at=timezone.now() + timezone.timedelta(days=3))
    expiring.save_revision().publish()
    submit(expiring, desk.editor)
    decide(expiring, desk.reviewer, change_kind="minor")  # now waiting for the confidentiality officer
    both = {"医政明日发布", "到期下线的通知"}
    assert scheduled_titles(client, desk.office) == both
    assert scheduled_titles(client, desk.editor) == both
    assert scheduled_titles(client, desk.officer) == {"到期下线的通知"}
    assert scheduled_titles(client, desk.other_reviewer) == set()
    assert scheduled_titles(client, desk.signatory) == set()
    assert scheduled_titles(client, desk.office, kind="expire") == {"到期下线的通知"}
    assert scheduled_titles(client, desk.office, kind="go_live") == {"医政明日发布"}


def test_scheduled_list_exports_xlsx_and_csv(desk, client):
    schedule(draft(desk.section, title="明日发布"), timezone.now() + timezone.timedelta(days=1))
    client.force_login(desk.office)
    url = reverse("publishing_workflow:scheduled")
    xlsx = client.get(url, {"export": "xlsx"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(xlsx.streaming_content)))
    rows = list(workbook.active.values)
    assert rows[0][:2] == ("标题", "发布时间") and rows[1][0] == "明日发布"
    csv_text = b"".join(client.get(url, {"export": "csv"}).streaming_content).decode()
    assert "明日发布" in csv_text


def test_major_change_needs_public_change_note_minor_does_not(desk, client):
    page = draft(desk.section, title="收费标准公示", slug="fees")
    submit(page, desk.editor)
    page = approve_all(page, desk)
    page.body = "<p>收费标准自下月起调整。</p>"
    submit(page, desk.editor)
    with pytest.raises(Exception, match="变更"):
        decide(page, desk.reviewer)
    with pytest.raises(Exception, match="变更说明"):
        decide(page, desk.reviewer, change_kind="major", change_note="")
    decide(page, desk.reviewer, change_kind="major", change_note="调整了第二项收费标准。")
    decide(page, desk.officer, checklist=CHECKLIST, signature="赵敏")
    note = ChangeNote.objects.get(page=page)
    assert note.published_at is None  # not public before that version is live
    decide(page, desk.signatory)
    note.refresh_from_db()
    assert note.published_at is not None
    rendered = Template("{% load workflow_tags %}{% change_history page %}").render(
        Context({"page": page}))
    assert "调整了第二项收费标准。" in rendered
    included = Template('{% include "publishing/includes/change_history.html" with page=page %}'
                        ).render(Context({"page": page}))
    assert "调整了第二项收费标准。" in included

    page.refresh_from_db()
    page.body = "<p>收费标准自下月起调整（更正错别字）。</p>"
    submit(page, desk.editor)
    decide(page, desk.reviewer, change_kind="minor", change_note="")
    decide(page, desk.officer, checklist=CHECKLIST, signature="赵敏")
    decide(page, desk.signatory)
    rendered = Template("{% load workflow_tags %}{% change_history page %}").render(
        Context({"page": page}))
    assert rendered.count("<li>") == 2  # first publication + the one major change
