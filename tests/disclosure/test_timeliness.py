"""Who is late: the deadline dashboard, the monthly timeliness report, the daily reminder."""
# ruff: noqa: F811  (pytest fixtures imported from calendar_support are used as arguments)

from datetime import date, datetime, time
from io import BytesIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from openpyxl import load_workbook

from departments.models import Department
from disclosure import timeliness
from disclosure.reminders import send_deadline_reminders
from tests.workdays.calendar_support import (  # noqa: F401
    catalogue_columns,
    fresh_calendar_cache,
    make_item,
    mark_published,
)
from workdays.local_time import LOCAL_TIME_ZONE

pytestmark = pytest.mark.django_db

TODAY = date(2026, 10, 13)  # a Tuesday after the National Day holiday


@pytest.fixture
def due_items(catalogue_columns):
    yizheng, jikong = catalogue_columns["yizheng"], catalogue_columns["jikong"]
    return {
        "late": make_item(yizheng, date(2026, 9, 1), title="逾期未发布的公告"),  # due 09-15
        "soon": make_item(yizheng, date(2026, 9, 28), title="即将到期的公告"),  # due 10-16
        "later": make_item(yizheng, date(2026, 10, 12), title="时间尚早的公告"),  # due 10-26
        "published": mark_published(make_item(yizheng, date(2026, 9, 1), title="已发布的公告"),
                                    date(2026, 9, 14)),
        "other": make_item(jikong, date(2026, 9, 1), title="疾控科逾期的公告"),
    }


def test_dashboard_shows_overdue_red_and_due_within_three_working_days_amber(due_items):
    departments = Department.objects.all()
    groups = {g.department.code: g for g in timeliness.deadline_dashboard(departments, TODAY)}
    yizheng = groups["yizheng"]
    assert [d.item.pk for d in yizheng.overdue] == [due_items["late"].pk]
    assert [d.item.pk for d in yizheng.due_soon] == [due_items["soon"].pk]
    assert yizheng.due_soon[0].working_days == 3  # 10-14, 10-15, 10-16
    # 09-16..18 (3), 09-20 调休上班 (1), 09-21..24 (4), 09-28..30 (3), 10-08, 10-09,
    # 10-10 调休上班 (3), 10-12, 10-13 (2)
    assert yizheng.overdue[0].working_days == 16
    assert [d.item.pk for d in groups["jikong"].overdue] == [due_items["other"].pk]


def test_published_items_never_appear_on_the_dashboard(due_items):
    groups = timeliness.deadline_dashboard(Department.objects.all(), TODAY)
    shown = {d.item.pk for g in groups for d in g.overdue + g.due_soon}
    assert due_items["published"].pk not in shown
    assert due_items["later"].pk not in shown


def test_disclosure_office_dashboard_covers_every_department(client, due_items, roles, make_user):
    client.force_login(make_user("office", "政务公开办公室"))
    response = client.get(reverse("disclosure_deadlines:dashboard"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "逾期未发布的公告" in text and "疾控科逾期的公告" in text


def test_a_department_dashboard_shows_only_its_own_items(client, due_items, roles, make_user):
    yizheng = Department.objects.get(code="yizheng")
    editor = make_user("yz-editor", "信息员", yizheng.group)
    client.force_login(editor)
    response = client.get(reverse("disclosure_deadlines:dashboard"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "逾期未发布的公告" in text
    assert "疾控科逾期的公告" not in text


def test_someone_outside_every_department_cannot_see_deadlines(client, due_items, roles, make_user):
    client.force_login(make_user("signatory", "分管领导"))
    for name in ("dashboard", "report"):
        response = client.get(reverse(f"disclosure_deadlines:{name}"))
        # Wagtail turns PermissionDenied into a redirect to the admin home with a message
        assert response.status_code in (302, 403)
        assert response.get("Location", "/admin/") == "/admin/"
        assert "疾控科逾期的公告" not in response.content.decode()


@pytest.fixture
def october(catalogue_columns):
    yizheng, jikong = catalogue_columns["yizheng"], catalogue_columns["jikong"]
    mark_published(make_item(yizheng, date(2026, 9, 28), title="按时"), date(2026, 10, 16))
    mark_published(make_item(yizheng, date(2026, 9, 28), title="晚两天"), date(2026, 10, 20))
    mark_published(make_item(jikong, date(2026, 9, 1), title="晚很多"), date(2026, 10, 9))
    mark_published(make_item(jikong, date(2026, 9, 28), title="十一月"), date(2026, 11, 2))
    boundary = make_item(jikong, date(2026, 9, 28), title="北京时间十月一日凌晨")
    moment = datetime.combine(date(2026, 10, 1), time(0, 30), tzinfo=LOCAL_TIME_ZONE)
    type(boundary).objects.filter(pk=boundary.pk).update(first_published_at=moment, live=True)


def test_monthly_report_counts_on_time_rate_and_average_delay_website_rules_article_19(october):
    rows = {r.department.code: r for r in timeliness.monthly_timeliness(
        Department.objects.all(), 2026, 10)}
    yizheng, jikong = rows["yizheng"], rows["jikong"]
    assert (yizheng.published, yizheng.on_time, yizheng.late) == (2, 1, 1)
    assert yizheng.on_time_rate == 0.5
    assert yizheng.average_delay == 1.0  # 10-16 due, 10-20 published: 2 working days late / 2
    # jikong: the 00:30 Beijing item (16:30 UTC on 09-30) is October's; due 09-15, published
    # 10-09 is 13 working days late (09-20 was a make-up workday; 09-25..10-07 mostly off)
    assert (jikong.published, jikong.on_time, jikong.late) == (2, 1, 1)
    assert jikong.average_delay == 6.5


def test_monthly_report_downloads_as_xlsx_and_csv(client, october, roles, make_user):
    client.force_login(make_user("office", "政务公开办公室"))
    url = reverse("disclosure_deadlines:report")
    response = client.get(url, {"year": "2026", "month": "10", "export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "timeliness-2026-10.xlsx" in response["Content-Disposition"]
    sheet = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    assert next(sheet.iter_rows(values_only=True))[:2] == ("科室", "发布数")
    rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["医政医管科"][1:4] == (2, 1, 1)
    assert rows["医政医管科"][5] == 0.5
    assert rows["疾病预防控制科"][6] == 6.5
    assert rows["合计"][1] == 4
    csv_text = b"".join(client.get(url, {"year": "2026", "month": "10", "export": "csv"})
                        .streaming_content).decode()
    assert "医政医管科,2,1,1,0,0.5,1.0" in csv_text


def test_monthly_report_page_answers_a_bad_month_without_error(client, october, roles, make_user):
    client.force_login(make_user("office", "政务公开办公室"))
    response = client.get(reverse("disclosure_deadlines:report"), {"year": "2026", "month": "13"})
    assert response.status_code == 200
    response = client.get(reverse("disclosure_deadlines:report"), {"year": "2026", "month": "10"})
    text = response.content.decode()
    assert "医政医管科" in text and "50%" in text and "合计" in text
    results = client.get(reverse("disclosure_deadlines:report_results"),
                         {"year": "2026", "month": "10"})
    assert results.status_code == 200 and "医政医管科" in results.content.decode()


def test_monthly_report_shows_a_department_only_its_own_row_website_rules_article_19(
        client, october, roles, make_user):
    yizheng = Department.objects.get(code="yizheng")
    client.force_login(make_user("yz", "信息员", yizheng.group))
    response = client.get(reverse("disclosure_deadlines:report"), {"year": "2026", "month": "10"})
    assert [str(row.department) for row in response.context["object_list"]] == [
        str(yizheng), "合计"]


def test_daily_reminder_emails_each_department_its_own_items(
        due_items, django_capture_on_commit_callbacks):
    Department.objects.create(code="caiwu", name="财务科", email="")  # no address: skipped
    with django_capture_on_commit_callbacks(execute=True):  # the outbox sends after commit
        result = send_deadline_reminders.enqueue(TODAY.isoformat())
    assert result.return_value == {"yizheng": 2, "jikong": 1}
    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert set(by_recipient) == {"yizheng@example.test", "jikong@example.test"}
    yizheng = by_recipient["yizheng@example.test"]
    assert "逾期 1 项，即将到期 1 项" in yizheng.subject
    assert "逾期未发布的公告" in yizheng.body and "即将到期的公告" in yizheng.body
    assert "疾控科逾期的公告" not in yizheng.body
    assert "/admin/pages/" in yizheng.body


def test_reminder_command_enqueues_the_task_and_refuses_a_bad_date(
        due_items, capsys, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("deadline_reminders", "--date", TODAY.isoformat())
    assert "已加入队列" in capsys.readouterr().out
    assert len(mail.outbox) == 2
    with pytest.raises(CommandError) as caught:
        call_command("deadline_reminders", "--date", "2026-10-32")
    assert caught.value.returncode == 2


def test_admin_home_shows_a_deadline_summary_to_department_members(client, due_items, roles,
                                                                   make_user):
    yizheng = Department.objects.get(code="yizheng")
    client.force_login(make_user("yz-editor", "信息员", yizheng.group))
    text = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "公开期限" in text and "已逾期" in text
