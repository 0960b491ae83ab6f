"""Each disclosure item's deadline: its column's rule, its formed date, extensions, recomputation."""
# ruff: noqa: F811  (pytest fixtures imported from calendar_support are used as arguments)

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from disclosure.deadlines import (
    PUBLICATION_HARD_LIMIT_DAYS,
    item_deadline,
    validate_extension,
)
from tests.workdays.calendar_support import (  # noqa: F401
    NEW_YEAR_2027,
    catalogue_columns,
    enter_year,
    fresh_calendar_cache,
    make_item,
    mark_published,
)
from workdays.models import DeadlineChange, record_deadline_change

pytestmark = pytest.mark.django_db


def test_item_due_ten_working_days_after_formed_article_9(catalogue_columns):
    # corpus 004 政务公开制度 第九条; the formed day is not counted; 国庆 skipped, 10-10 worked
    item = make_item(catalogue_columns["yizheng"], date(2026, 9, 28))
    assert (item.due_on, item.due_provisional) == (date(2026, 10, 16), False)
    assert item_deadline(item).due == date(2026, 10, 16)


def test_work_news_due_two_working_days_after_the_event_website_rules_article_15(
        catalogue_columns):
    column = catalogue_columns["yizheng"]
    column.rule, column.deadline_days, column.deadline_unit = "news", 2, "working"
    column.save()
    item = make_item(column, date(2026, 9, 30))  # 10-01..07 off, 10-08, 10-09
    assert item.due_on == date(2026, 10, 9)


def test_budget_due_twenty_calendar_days_after_approval_budget_law_article_14(catalogue_columns):
    column = catalogue_columns["yizheng"]
    column.rule, column.deadline_days, column.deadline_unit = "budget", 20, "calendar"
    column.save()
    item = make_item(column, date(2026, 9, 25))
    assert item.due_on == date(2026, 10, 15)


def test_extension_with_reason_moves_the_deadline_up_to_the_hard_limit_article_26(
        catalogue_columns):
    item = make_item(catalogue_columns["yizheng"], date(2026, 9, 28), extension_days=5,
                     extension_reason="需会签其他部门")
    assert item.due_on == date(2026, 10, 23)  # 15 working days
    assert PUBLICATION_HARD_LIMIT_DAYS == 20
    item.extension_days = 10
    validate_extension(item)  # 10 + 10 = 20: allowed


def test_extension_past_twenty_working_days_is_refused_article_26(catalogue_columns):
    item = make_item(catalogue_columns["yizheng"], date(2026, 9, 28))
    item.extension_days, item.extension_reason = 11, "材料较多"
    with pytest.raises(ValidationError) as caught:
        validate_extension(item)
    assert "extension_days" in caught.value.message_dict
    # and even if stored, the deadline never passes the hard limit
    assert item_deadline(item).days == PUBLICATION_HARD_LIMIT_DAYS


def test_extension_needs_a_recorded_reason_article_26(catalogue_columns):
    item = make_item(catalogue_columns["yizheng"], date(2026, 9, 28))
    item.extension_days, item.extension_reason = 3, "  "
    with pytest.raises(ValidationError) as caught:
        validate_extension(item)
    assert "extension_reason" in caught.value.message_dict


def test_calendar_day_deadlines_cannot_be_extended_budget_law_article_14(catalogue_columns):
    column = catalogue_columns["yizheng"]
    column.rule, column.deadline_days, column.deadline_unit = "budget", 20, "calendar"
    column.save()
    item = make_item(column, date(2026, 9, 25))
    item.extension_days, item.extension_reason = 2, "等待批复文件"
    with pytest.raises(ValidationError):
        validate_extension(item)


def test_a_deadline_in_a_year_without_data_is_provisional(catalogue_columns):
    item = make_item(catalogue_columns["yizheng"], date(2026, 12, 24))
    assert (item.due_on, item.due_provisional) == (date(2027, 1, 7), True)


def test_entering_2027_recomputes_open_items_and_records_what_moved(
        catalogue_columns, django_capture_on_commit_callbacks):
    open_item = make_item(catalogue_columns["yizheng"], date(2026, 12, 24), title="未发布事项")
    untouched = make_item(catalogue_columns["jikong"], date(2026, 11, 2), title="早已到期的事项")
    published = mark_published(
        make_item(catalogue_columns["jikong"], date(2026, 12, 24), title="已发布事项"),
        date(2026, 12, 28))
    assert published.due_on == date(2027, 1, 7)

    with django_capture_on_commit_callbacks(execute=True):
        enter_year(2027, NEW_YEAR_2027)

    open_item.refresh_from_db()
    published.refresh_from_db()
    assert (open_item.due_on, open_item.due_provisional) == (date(2027, 1, 8), False)
    assert published.due_on == date(2027, 1, 7)  # published items keep their historic deadline
    change = DeadlineChange.objects.get()
    assert change.subject.pk == open_item.pk
    assert (change.field, change.old_due, change.new_due) == ("due_on", date(2027, 1, 7),
                                                               date(2027, 1, 8))
    assert "2027" in change.reason
    assert untouched.pk != change.object_id


def test_a_provisional_flag_clears_even_when_the_date_stays(
        catalogue_columns, django_capture_on_commit_callbacks):
    item = make_item(catalogue_columns["yizheng"], date(2026, 12, 28))
    before = item.due_on
    with django_capture_on_commit_callbacks(execute=True):
        enter_year(2027, [(date(2027, 2, 10), "holiday", "春节")])
    item.refresh_from_db()
    assert item.due_on == before and item.due_provisional is False
    assert not DeadlineChange.objects.exists()


def test_record_deadline_change_ignores_a_deadline_that_did_not_move(catalogue_columns):
    item = make_item(catalogue_columns["yizheng"], date(2026, 9, 28))
    assert record_deadline_change(item, "due_on", item.due_on, item.due_on, "测试") is None
    change = record_deadline_change(item, "due_on", date(2026, 10, 16), date(2026, 10, 19), "测试")
    assert str(change).endswith("2026-10-16 → 2026-10-19（测试）")


def test_moving_a_holiday_in_an_entered_year_moves_open_deadlines_again(
        catalogue_columns, django_capture_on_commit_callbacks):
    item = make_item(catalogue_columns["yizheng"], date(2026, 12, 24))
    with django_capture_on_commit_callbacks(execute=True):
        year = enter_year(2027, NEW_YEAR_2027)
    item.refresh_from_db()
    assert item.due_on == date(2027, 1, 8)
    with django_capture_on_commit_callbacks(execute=True):
        extra = year.dates.get(date=date(2027, 1, 9))  # the make-up Saturday becomes a day off
        extra.date, extra.kind, extra.name = date(2027, 1, 8), "holiday", "元旦补休"
        extra.save()
    item.refresh_from_db()
    assert item.due_on == date(2027, 1, 11)
    assert [c.new_due for c in DeadlineChange.objects.order_by("pk")] == [date(2027, 1, 8),
                                                                          date(2027, 1, 11)]


def test_deleting_an_entered_year_makes_its_deadlines_provisional_again(
        catalogue_columns, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        year = enter_year(2027, NEW_YEAR_2027)
    item = make_item(catalogue_columns["yizheng"], date(2026, 12, 24))
    assert (item.due_on, item.due_provisional) == (date(2027, 1, 8), False)
    with django_capture_on_commit_callbacks(execute=True):
        year.delete()
    item.refresh_from_db()
    assert (item.due_on, item.due_provisional) == (date(2027, 1, 7), True)
    assert DeadlineChange.objects.get().old_due == date(2027, 1, 8)
