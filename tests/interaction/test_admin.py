"""The admin: lists by state and due date, the 3-month alarm in red, identity kept from the
department, steps run from the detail page, and the ledger with its .xlsx export."""

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from interaction import actions, statistics
from interaction.models import PublicMessage, State

pytestmark = pytest.mark.django_db


@pytest.fixture
def accepted(make_message, office, departments):
    message = make_message(date(2026, 3, 2))
    actions.Accept(message, office, department=departments["yizheng"],
                   complained_department=departments["yizheng"]).execute()
    message.refresh_from_db()
    return message


def test_office_sees_the_writer_the_department_does_not(client, accepted, office, editor):
    url = f"/admin/interaction_messages/{accepted.pk}/"
    client.force_login(office)
    page = client.get(url).content.decode()
    assert "测试投诉人" in page and "13800000001" in page
    client.force_login(editor)
    page = client.get(url).content.decode()
    assert accepted.content in page
    assert "测试投诉人" not in page and "13800000001" not in page
    assert "tousu@example.test" not in page
    assert "保护举报人" in page


def test_another_department_cannot_open_or_list_it(client, accepted, other_department_handler):
    client.force_login(other_department_handler)
    assert client.get(f"/admin/interaction_messages/{accepted.pk}/").status_code == 404
    listing = client.get("/admin/interaction_messages/").content.decode()
    assert accepted.tracking_number not in listing


def test_list_colours_due_dates_and_raises_the_three_month_alarm(client, make_message, channels,
                                                               office, departments, today):
    message = make_message(date(2026, 3, 2), channel=str(channels["consultation"].pk),
                           name="", phone="")
    actions.Accept(message, office, department=departments["yizheng"]).execute()
    today(date(2026, 6, 10))
    client.force_login(office)
    listing = client.get("/admin/interaction_messages/").content.decode()
    assert "interaction-due--overdue" in listing and "超过 3 个月未答复" in listing
    assert "interaction-alarm" in listing
    home = client.get("/admin/").content.decode()
    assert "件有效留言超过 3 个月未答复" in home


def test_department_drafts_and_head_approves_from_the_detail_page(client, accepted, editor,
                                                                  head):
    client.force_login(editor)
    client.post(f"/admin/interaction_messages/{accepted.pk}/action/draft_reply/",
                {"draft_reply-text": "经核查，该卫生院收费已按规定公示，答复如下。"})
    client.force_login(head)
    response = client.post(f"/admin/interaction_messages/{accepted.pk}/action/approve_reply/",
                           {"approve_reply-reason": ""}, follow=True)
    assert "已完成" in response.content.decode()
    accepted.refresh_from_db()
    assert accepted.state == State.REPLIED


def test_a_refused_step_is_a_chinese_message_not_an_error(client, accepted, editor):
    client.force_login(editor)
    response = client.post(f"/admin/interaction_messages/{accepted.pk}/action/refuse/",
                           {"refuse-reason": "x"}, follow=True)
    assert response.status_code == 200
    assert "您无权对此留言不予受理" in response.content.decode()
    response = client.post(f"/admin/interaction_messages/{accepted.pk}/action/nonsense/", {})
    assert response.status_code == 404


def test_ledger_counts_per_channel_department_month_and_exports_xlsx(
        client, accepted, editor, head, office, discipline, today):
    actions.DraftReply(accepted, editor, text="经核查，收费已按规定公示，答复如下。").execute()
    actions.ApproveReply(accepted, head).execute()
    actions.Feedback(accepted, None, satisfied=False).execute()
    rows, total = statistics.ledger(2026)
    assert (total.received, total.accepted, total.replied, total.on_time, total.dissatisfied,
            total.escalated) == (1, 1, 1, 1, 1, 1)
    assert rows[0].department == "医政医管科" and rows[0].month == 3
    assert statistics.year_totals(2026) == {"received": 1, "finished": 0,
                                            "average_working_days": "0.0"}
    client.force_login(office)
    response = client.get("/admin/interaction_messages/ledger/", {"year": "2026",
                                                                  "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.cell(2, 3).value == "医政医管科" and sheet.cell(3, 1).value == "合计"
    client.force_login(editor)
    assert client.get("/admin/interaction_messages/ledger/").status_code in (302, 403)
    assert PublicMessage.objects.count() == 1
