"""The daily inspection email: a summary to the office, each department only its own findings,
each finding with the admin link to the page to fix; nothing when all is green; once a day."""

from datetime import timedelta

import pytest
from django.urls import reverse

from departments.models import Department
from departments.roles import sync_department
from disclosure.models import CatalogueColumn
from inspection.models import LeaderName
from inspection.notify import send_inspection_email
from inspection.rules import inspect_site
from inspection.tasks import record
from outbox.models import Message as Email
from workdays.local_time import local_today

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(make_user, roles, department, catalogue):
    """The office, a member of the department owning the failing column, a member of another."""
    other = Department.objects.create(code="renshi", name="人事科")
    sync_department(department)
    sync_department(other)
    department.refresh_from_db()
    other.refresh_from_db()
    catalogue.add_child(instance=CatalogueColumn(
        title="人事科栏目", slug="renshi-col", department=other, column_kind="fixed",
        intro="本栏目介绍。"))
    return {"office": make_user("office", "政务公开办公室"),
            "member": make_user("member", department.group),
            "outsider": make_user("outsider", other.group),
            "editor": make_user("editor", "信息员")}


def test_nothing_is_sent_when_every_rule_is_green(people, make_column, make_news):
    make_news(make_column("工作动态", "news"), local_today() - timedelta(days=1))
    inspection = inspect_site()
    assert all(result.status == "green" for result in inspection.results), [
        (r.key, r.findings) for r in inspection.results if r.findings]
    assert send_inspection_email(inspection) == {}
    assert not Email.objects.exists()


def test_the_office_gets_the_summary_and_a_department_only_its_own_findings_with_links(
        people, make_column, make_news, department):
    column = make_column("工作动态", "news")
    LeaderName.objects.create(name="张三", title="主任", miswritten="张叁")
    news = make_news(column, local_today() - timedelta(days=1), body="<p>主任张叁出席。</p>")
    blank = make_column("空栏目", "other")
    inspection = inspect_site()
    sent = send_inspection_email(inspection)
    assert set(sent) == {"office", "member"}  # not the other department, not an editor
    office = Email.objects.get(to="office@example.test")
    assert "触发单项否决" in office.subject and "【红】错敏词" in office.body
    edit = reverse("wagtailadmin_pages:edit", args=[news.pk])
    assert "http://" in office.body and edit in office.body
    member = Email.objects.get(to="member@example.test")
    assert department.name in member.subject
    assert edit in member.body and reverse("wagtailadmin_pages:edit", args=[blank.pk]) in member.body
    assert "领导姓名错写" in member.body and "首页" not in member.body
    assert not Email.objects.filter(to__in=["outsider@example.test", "editor@example.test"])


def test_recording_the_daily_run_sends_the_email_once_a_day(people, make_column, make_news):
    make_column("空栏目", "other")
    make_news(make_column("工作动态", "news"), local_today() - timedelta(days=1))
    record(inspect_site())
    count = Email.objects.count()
    assert count == 2
    record(inspect_site())
    assert Email.objects.count() == count
