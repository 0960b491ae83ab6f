"""A change to the holiday table moves the deadlines of open messages, never of closed ones
(workdays.signals.calendar_changed → interaction.deadlines.recompute_open_deadlines), as it
does for applications and disclosure deadlines."""

from datetime import date

import pytest

from interaction import actions
from interaction.models import MessageEvent, State

pytestmark = pytest.mark.django_db


def test_holiday_table_change_moves_open_messages_deadlines_not_closed_ones(
        make_message, channels, office, editor, head, departments, today,
        django_capture_on_commit_callbacks):
    from workdays.models import DeadlineChange, HolidayDate, HolidayYear

    consultation = {"channel": str(channels["consultation"].pk), "name": "", "phone": ""}
    # Open: received 9-01, 1 个月 → 10-01 (国庆节) → 10-08.
    open_message = make_message(date(2026, 9, 1), **consultation)
    actions.Accept(open_message, office, department=departments["yizheng"]).execute()
    # Closed the same way: answered and rated before the table changes.
    closed = make_message(date(2026, 9, 1), **consultation)
    actions.Accept(closed, office, department=departments["yizheng"]).execute()
    actions.DraftReply(closed, editor, text="您好，接种地点可在社区卫生服务中心查询。").execute()
    actions.ApproveReply(closed, head).execute()
    actions.Feedback(closed, None, satisfied=True).execute()
    # Waiting for acceptance: received 10-01, 7 日 → 10-08.
    submitted = make_message(date(2026, 10, 1), **consultation)
    for message in (open_message, closed, submitted):
        message.refresh_from_db()
    assert open_message.reply_due_on == closed.reply_due_on == date(2026, 10, 8)
    assert submitted.accept_due_on == date(2026, 10, 8)
    assert closed.state == State.CLOSED
    closed_before = {name: getattr(closed, name) for name in (
        "accept_due_on", "reply_due_on", "inspection_limit_on", "feedback_due_on")}

    # The office adds 10-08 to the 2026 holidays.
    with django_capture_on_commit_callbacks(execute=True):
        year = HolidayYear.objects.create(year=2026, notice="测试：国庆节假期延长一天")
        HolidayDate.objects.create(holiday_year=year, date=date(2026, 10, 8), kind="holiday",
                                   name="测试放假日")

    for message in (open_message, closed, submitted):
        message.refresh_from_db()
    assert open_message.reply_due_on == date(2026, 10, 9)
    assert submitted.accept_due_on == date(2026, 10, 9)
    assert {name: getattr(closed, name) for name in closed_before} == closed_before
    change = DeadlineChange.objects.get(object_id=str(open_message.pk), field="reply_due_on")
    assert (change.old_due, change.new_due) == (date(2026, 10, 8), date(2026, 10, 9))
    moved = open_message.events.get(kind="deadline_moved")
    assert moved.data["moves"] == [["reply_due_on", "2026-10-08", "2026-10-09"]]
    assert moved.data["years"] == [2026]
    assert submitted.events.get(kind="deadline_moved").data["moves"] == [
        ["accept_due_on", "2026-10-08", "2026-10-09"]]
    assert not DeadlineChange.objects.filter(object_id=str(closed.pk)).exists()
    assert not MessageEvent.objects.filter(message=closed, kind="deadline_moved").exists()
