"""The calendar in the admin: the calculator shows its working; the office enters holiday years."""
# ruff: noqa: F811  (pytest fixtures imported from calendar_support are used as arguments)

from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from tests.workdays.calendar_support import fresh_calendar_cache  # noqa: F401
from workdays.engine import is_provisional, is_working_day
from workdays.models import HolidayDate, HolidayYear
from workdays.signals import calendar_changed

pytestmark = pytest.mark.django_db

ADD_URL = "wagtailsnippets_workdays_holidayyear:add"


@pytest.fixture
def office(roles, make_user):
    return make_user("office", "政务公开办公室")


def year_form(year, dates, notice="国务院办公厅关于2027年部分节假日安排的通知"):
    data = {"year": str(year), "notice": notice, "notes": "",
            "dates-TOTAL_FORMS": str(len(dates)), "dates-INITIAL_FORMS": "0",
            "dates-MIN_NUM_FORMS": "0", "dates-MAX_NUM_FORMS": "1000"}
    for index, (day, kind, name) in enumerate(dates):
        data.update({f"dates-{index}-date": day, f"dates-{index}-kind": kind,
                     f"dates-{index}-name": name, f"dates-{index}-id": ""})
    return data


def test_calculator_view_shows_the_answer_and_every_day_counted(client, office):
    client.force_login(office)
    response = client.get(reverse("workdays:calculator"),
                          {"operation": "add", "start": "2026-09-28", "days": "10"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "2026-09-28 之后第 10 个工作日：2026-10-16" in text
    assert "调休上班" in text and "国庆节" in text
    assert response.context["result"].end == date(2026, 10, 16)


def test_calculator_view_counts_between_two_dates(client, office):
    client.force_login(office)
    response = client.get(reverse("workdays:calculator"),
                          {"operation": "between", "start": "2026-09-28", "end": "2026-10-16"})
    assert response.context["result"].count == 10


def test_calculator_view_answers_bad_input_with_a_chinese_message(client, office):
    client.force_login(office)
    response = client.get(reverse("workdays:calculator"),
                          {"operation": "add", "start": "2026-02-30", "days": "-3"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "请按 YYYY-MM-DD 填写日期" in text
    assert "result" not in response.context or response.context["result"] is None


def test_office_enters_2027_and_the_year_is_no_longer_provisional(
        client, office, django_capture_on_commit_callbacks):
    client.force_login(office)
    seen = []

    def listener(sender, years, **kwargs):
        seen.append(set(years))

    calendar_changed.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse(ADD_URL), year_form(2027, [
                ("2027-01-01", "holiday", "元旦"), ("2027-01-09", "workday", "")]))
    finally:
        calendar_changed.disconnect(listener)
    assert response.status_code == 302, response.content.decode()[:2000]
    year = HolidayYear.objects.get(year=2027)
    assert year.changed_by == office
    assert year.dates.count() == 2
    assert seen == [{2027}]
    assert not is_provisional(date(2027, 3, 1))
    assert not is_working_day(date(2027, 1, 1))
    assert is_working_day(date(2027, 1, 9))


def test_holiday_dates_must_lie_inside_the_year(client, office):
    client.force_login(office)
    response = client.post(reverse(ADD_URL), year_form(2027, [("2028-01-01", "holiday", "元旦")]))
    assert response.status_code == 200
    assert "不在 2027 年内" in response.content.decode()
    assert not HolidayYear.objects.exists()


def test_a_holiday_date_cannot_be_listed_twice(client, office):
    client.force_login(office)
    response = client.post(reverse(ADD_URL), year_form(2027, [
        ("2027-10-01", "holiday", "国庆节"), ("2027-10-01", "workday", "")]))
    assert response.status_code == 200
    assert "重复填写" in response.content.decode()
    assert not HolidayDate.objects.exists()


def test_editors_cannot_change_the_holiday_table(client, roles, make_user):
    editor = make_user("editor", "信息员")
    client.force_login(editor)
    response = client.post(reverse(ADD_URL), year_form(2027, [("2027-01-01", "holiday", "元旦")]))
    assert response.status_code in (302, 403)
    assert not HolidayYear.objects.exists()


def test_workdays_add_command_prints_result_and_names_makeup_workdays(capsys):
    call_command("workdays", "add", "2026-09-28", "10")
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "2026-09-28 之后第 10 个工作日：2026-10-16"
    assert "  2026-10-10 周六 调休上班 第 5 个工作日" in out
    assert "  2026-10-01 周四 国庆节 不计" in out
    assert len(out) == 1 + 18


def test_workdays_between_command_marks_a_provisional_year(capsys):
    call_command("workdays", "between", "2026-12-24", "2027-01-08")
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("2026-12-24（不含）至 2027-01-08（含）之间共有 11 个工作日（暂定")
    assert "  2027-01-01 周五 工作日 第 6 个工作日（暂定）" in out


@pytest.mark.parametrize("args", [
    ("add", "2026-13-01", "3"), ("add", "2026-10-01", "x"), ("add", "2026-10-01", "-1"),
    ("add", "2026-10-01", "99999"), ("between", "2026-10-09", "2026-10-01"),
    ("between", "yesterday", "2026-10-01"),
])
def test_workdays_command_bad_input_exits_with_status_2(args):
    with pytest.raises(CommandError) as caught:
        call_command("workdays", *args)
    assert caught.value.returncode == 2
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(caught.value))


def test_deadline_moves_are_listed_for_the_office_and_never_editable(client, office, admin_user):
    from workdays.models import DeadlineChange

    client.force_login(office)
    listing = reverse("wagtailsnippets_workdays_deadlinechange:list")
    assert client.get(listing).status_code == 200
    add = client.get(reverse("wagtailsnippets_workdays_deadlinechange:add"))
    assert add.status_code in (302, 403)
    client.force_login(admin_user)  # not even a superuser writes a move by hand
    assert client.get(reverse("wagtailsnippets_workdays_deadlinechange:add")).status_code in (
        302, 403)
    assert not DeadlineChange.objects.exists()


def test_every_admin_user_may_use_the_calculator_but_not_the_dashboard(client, roles, make_user):
    client.force_login(make_user("signatory", "分管领导"))
    assert client.get(reverse("workdays:calculator")).status_code == 200
    assert client.get(reverse("disclosure_deadlines:dashboard")).status_code in (302, 403)


def test_a_year_and_its_dates_are_announced_once(django_capture_on_commit_callbacks):
    from tests.workdays.calendar_support import NEW_YEAR_2027, enter_year

    seen = []

    def listener(sender, years, **kwargs):
        seen.append(set(years))

    calendar_changed.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            enter_year(2027, NEW_YEAR_2027)  # the year and four dates: five saves
    finally:
        calendar_changed.disconnect(listener)
    assert len(callbacks) == 1
    assert seen == [{2027}]


def test_a_rolled_back_change_does_not_silence_later_announcements(
        django_capture_on_commit_callbacks):
    from django.db import transaction

    from tests.workdays.calendar_support import NEW_YEAR_2027, enter_year

    seen = []

    def listener(sender, years, **kwargs):
        seen.append(set(years))

    calendar_changed.connect(listener)
    try:
        with pytest.raises(RuntimeError), transaction.atomic():
            enter_year(2028, [(date(2028, 1, 1), "holiday", "元旦")])
            raise RuntimeError("roll back")
        with django_capture_on_commit_callbacks(execute=True):
            enter_year(2027, NEW_YEAR_2027)
    finally:
        calendar_changed.disconnect(listener)
    assert seen == [{2027}]


def test_deadlines_menu_gathers_the_calendar_and_the_entries_dashboard_for_the_office(rf, office):
    """期限与日历 is the workdays app's ViewSetGroup; disclosure's viewset joins it through the
    group's submenu hook with its dashboard and report."""
    from wagtail.admin.menu import admin_menu

    request = rf.get("/admin/")
    request.user = office
    [group] = [item for item in admin_menu.menu_items_for_request(request)
               if item.name == "deadlines"]
    assert str(group.label) == "期限与日历"
    items = sorted(group.menu.menu_items_for_request(request), key=lambda item: item.order)
    labels = [str(item.label) for item in items]
    assert labels == ["公开期限看板", "及时性月报", "工作日计算器", "节假日安排", "期限变动记录"]
    assert [item.url for item in items] == [
        "/admin/deadlines/", "/admin/deadlines/report/", "/admin/deadlines/calculator/",
        "/admin/snippets/workdays/holidayyear/", "/admin/snippets/workdays/deadlinechange/"]
