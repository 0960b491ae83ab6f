"""The statutory clock on real 2026 dates around 国庆 (1–7 October off, Saturday 10 October a
make-up workday). Receipt on Wednesday 30 September: the 20th working day after it is 3 November.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.core import mail

from applications import fees
from applications.actions import (
    ActionError,
    CloseForLateCorrection,
    ConfirmReceipt,
    EndConsultation,
    GrantExtension,
    ReceiveCorrection,
    RecordPayment,
    RequestCorrection,
    SendFeeNotice,
    StartConsultation,
    close_lapsed,
)
from applications.clock import describe_for_applicant, reply_clock
from applications.models import ApplicationEvent, ClockPause, Letter, State
from applications.replies import FEE_UNPAID, NO_CORRECTION

pytestmark = pytest.mark.django_db

RECEIVED = date(2026, 9, 30)  # the day before 国庆


@pytest.fixture
def received(make_application, office):
    return make_application(submitted_on=date(2026, 9, 29), received_on=RECEIVED, user=office)


def test_reply_due_twenty_working_days_after_receipt_article_33(received, today):
    assert received.due_on == date(2026, 11, 3)
    clock = reply_clock(received, today(date(2026, 10, 20)))
    assert clock.allowed_days == 20
    assert clock.used_days == 10  # 8, 9, 10 (make-up Saturday), 12–16, 19, 20 October
    assert clock.remaining_days == 10


def test_online_application_received_on_day_office_confirms_article_31(
        make_application, office, today):
    application = make_application(submitted_on=date(2026, 9, 30))
    assert application.received_on is None and application.due_on is None
    today(date(2026, 10, 8))
    with pytest.raises(ActionError, match="不能早于"):
        ConfirmReceipt(application, office).execute(received_on=date(2026, 9, 29))
    with pytest.raises(ActionError, match="不能晚于今天"):
        ConfirmReceipt(application, office).execute(received_on=date(2026, 10, 9))
    ConfirmReceipt(application, office).execute(received_on=date(2026, 10, 8))
    application.refresh_from_db()
    assert application.received_on == date(2026, 10, 8)
    assert application.state == State.IN_PROGRESS
    # 20 working days after 8 October: 9, 10, 12–16, 19–23, 26–30 October, 2–4 November.
    assert application.due_on == date(2026, 11, 4)
    assert "2026年10月8日" in " ".join(describe_for_applicant(application))


def test_only_the_office_confirms_receipt(make_application, handler):
    application = make_application(submitted_on=date(2026, 9, 30))
    with pytest.raises(ActionError, match="政务公开办公室"):
        ConfirmReceipt(application, handler).execute(received_on=date(2026, 9, 30))


def test_correction_request_only_within_seven_working_days_article_30(
        make_application, office, today):
    late = make_application(submitted_on=date(2026, 9, 29), received_on=RECEIVED, user=office)
    today(date(2026, 10, 16))  # the 8th working day after receipt
    with pytest.raises(ActionError, match="7 个工作日"):
        RequestCorrection(late, office).execute(request_text="请写明文件名称。")
    in_time = make_application(submitted_on=date(2026, 9, 29), received_on=RECEIVED, user=office)
    today(date(2026, 10, 15))  # the 7th working day: 8, 9, 10, 12, 13, 14, 15 October
    RequestCorrection(in_time, office).execute(request_text="请写明文件名称。", period_days=10)
    in_time.refresh_from_db()
    assert in_time.state == State.AWAITING_CORRECTION
    assert in_time.due_on is None  # the reply clock waits for the correction
    assert in_time.correction_due_on == date(2026, 10, 29)
    assert in_time.letters.get().kind == Letter.Kind.CORRECTION
    with pytest.raises(ActionError):
        RequestCorrection(in_time, office).execute(request_text="再补一次。")


def test_correction_restarts_the_clock_on_receipt_of_the_correction_article_30(
        received, office, today):
    today(date(2026, 10, 9))
    RequestCorrection(received, office).execute(request_text="请写明年份。")
    today(date(2026, 10, 20))
    ReceiveCorrection(received, office).execute(received_on=date(2026, 10, 20))
    received.refresh_from_db()
    assert received.clock_started_on == date(2026, 10, 20)
    assert received.due_on == date(2026, 11, 17)
    assert reply_clock(received, date(2026, 10, 20)).used_days == 0


def test_correction_not_received_in_time_ends_application_as_withdrawn_article_30(
        received, office, today):
    today(date(2026, 10, 8))
    RequestCorrection(received, office).execute(request_text="请写明年份。")  # period 15
    received.refresh_from_db()
    assert received.correction_due_on == date(2026, 10, 28)
    today(date(2026, 10, 28))
    assert close_lapsed() == []  # the last day still counts
    today(date(2026, 10, 29))
    with pytest.raises(ActionError, match="逾期"):
        ReceiveCorrection(received, office).execute(received_on=date(2026, 10, 29))
    assert CloseForLateCorrection(received, None).is_available()
    closed = close_lapsed()
    assert [application.pk for application in closed] == [received.pk]
    received.refresh_from_db()
    assert received.state == State.CLOSED and received.reply_type == NO_CORRECTION
    assert received.events.filter(kind="lapsed", by=None).exists()
    assert received.letters.filter(kind=Letter.Kind.REPLY).exists()


def test_one_extension_of_at_most_twenty_working_days_by_office_head_article_33(
        received, office, handler, today, django_capture_on_commit_callbacks):
    today(date(2026, 10, 20))
    with pytest.raises(ActionError, match="20 个工作日"):
        GrantExtension(received, office).execute(days=21, reason="涉及档案较多")
    with pytest.raises(ActionError, match="延期理由"):
        GrantExtension(received, office).execute(days=20)
    with django_capture_on_commit_callbacks(execute=True):
        GrantExtension(received, office).execute(days=20, reason="涉及档案较多，需逐件检索")
    received.refresh_from_db()
    assert received.extension_days == 20
    assert received.due_on == date(2026, 12, 1)
    assert received.letters.get().kind == Letter.Kind.EXTENSION
    assert any("延期答复" in message.subject for message in mail.outbox)
    assert "经批准，答复期限延长 20 个工作日。" in describe_for_applicant(received)
    with pytest.raises(ActionError, match="只能延长一次"):
        GrantExtension(received, office).execute(days=5, reason="再延一次")


def test_extension_needs_the_approve_extension_permission(
        received, office, handler, departments, today, route):
    route(received, departments["yizheng"])
    with pytest.raises(ActionError, match="权限"):
        GrantExtension(received, handler).execute(days=10, reason="需要更多时间")


def test_extension_refused_after_the_due_date(received, office, today):
    today(date(2026, 11, 4))
    with pytest.raises(ActionError, match="已过"):
        GrantExtension(received, office).execute(days=10, reason="太晚了")


def test_consultation_pauses_the_reply_clock_articles_32_34(received, office, today):
    today(date(2026, 10, 12))
    StartConsultation(received, office).execute(kind="third_party", counterpart="某第三方企业")
    received.refresh_from_db()
    pause = received.pauses.get()
    assert pause.limit_on == date(2026, 11, 2)  # its own 15 working days
    assert received.state == State.CONSULTING
    assert received.due_on == date(2026, 11, 24)  # 20 + the longest pause of 15
    today(date(2026, 10, 19))
    EndConsultation(received, office).execute(ended_on=date(2026, 10, 19))
    received.refresh_from_db()
    assert received.due_on == date(2026, 11, 10)  # 20 + the 5 working days 13–16, 19 October
    clock = reply_clock(received, date(2026, 10, 19))
    assert clock.paused_days == 5 and clock.used_days == 4


def test_consultation_time_beyond_fifteen_working_days_counts_again_article_32(
        received, office, today):
    today(date(2026, 10, 12))
    StartConsultation(received, office).execute(kind="agency", counterpart="示例市某局")
    today(date(2026, 11, 5))
    EndConsultation(received, office).execute(ended_on=date(2026, 11, 5))
    received.refresh_from_db()
    assert received.pauses.get().ended_on == date(2026, 11, 2)
    assert received.due_on == date(2026, 11, 24)


def test_fee_tariff_by_the_piece_and_by_pages_guoban_2020_109():
    assert [fees.fee_for_nth_application(n) for n in (10, 11, 30, 31, 40, 41)] == [
        Decimal(0), Decimal(100), Decimal(100), Decimal(200), Decimal(200), Decimal(300)]
    assert fees.fee_for_pages(30) == 0
    assert fees.fee_for_pages(31) == 10
    assert fees.fee_for_pages(100) == 700
    assert fees.fee_for_pages(101) == 720
    assert fees.fee_for_pages(201) == 700 + 2000 + 40


def test_fee_notice_pauses_the_clock_until_payment_article_42(received, office, today):
    today(date(2026, 10, 12))
    with pytest.raises(ActionError, match="不收费"):
        SendFeeNotice(received, office).execute(method="per_page", pages=30)
    SendFeeNotice(received, office).execute(method="per_page", pages=40)
    received.refresh_from_db()
    pause = received.pauses.get(kind=ClockPause.Kind.FEE)
    assert pause.amount == Decimal(100) and pause.limit_on == date(2026, 11, 9)
    assert received.state == State.AWAITING_FEE
    assert received.letters.get().kind == Letter.Kind.FEE
    today(date(2026, 10, 14))
    RecordPayment(received, office).execute(paid_on=date(2026, 10, 14))
    received.refresh_from_db()
    assert received.state == State.IN_PROGRESS
    assert received.due_on == date(2026, 11, 5)  # 13 and 14 October did not count


def test_fee_unpaid_within_twenty_working_days_ends_application_as_withdrawn_article_42(
        received, office, today):
    today(date(2026, 10, 12))
    SendFeeNotice(received, office).execute(method="per_page", pages=120)
    today(date(2026, 11, 9))
    assert close_lapsed() == []
    today(date(2026, 11, 10))
    with pytest.raises(ActionError, match="逾期"):
        RecordPayment(received, office).execute(paid_on=date(2026, 11, 10))
    assert [application.pk for application in close_lapsed()] == [received.pk]
    received.refresh_from_db()
    assert received.state == State.CLOSED and received.reply_type == FEE_UNPAID


def test_due_soon_is_amber_within_three_working_days_and_overdue_is_red(received):
    assert reply_clock(received, date(2026, 10, 28)).urgency == ""
    assert reply_clock(received, date(2026, 10, 29)).urgency == "due-soon"
    assert reply_clock(received, date(2026, 11, 3)).urgency == "due-soon"
    assert reply_clock(received, date(2026, 11, 4)).urgency == "overdue"


def test_reply_stops_the_clock_and_days_used_stay_fixed(received, office, today, send_reply):
    today(date(2026, 10, 20))
    send_reply(received, "unavailable_not_held", "经检索，本机关未制作该信息。")
    received.refresh_from_db()
    assert received.closed_on == date(2026, 10, 20)
    clock = reply_clock(received, date(2026, 12, 31))
    assert not clock.running and clock.used_days == 10 and clock.urgency == ""


def test_holiday_table_change_recomputes_open_deadlines_and_records_the_move(
        received, office, today, django_capture_on_commit_callbacks):
    from workdays.models import DeadlineChange, HolidayDate, HolidayYear

    with django_capture_on_commit_callbacks(execute=True):
        year = HolidayYear.objects.create(year=2026, notice="测试：调整节假日")
        HolidayDate.objects.create(holiday_year=year, date=date(2026, 10, 20), kind="holiday",
                                   name="测试放假日")
    received.refresh_from_db()
    assert received.due_on == date(2026, 11, 4)
    change = DeadlineChange.objects.get(object_id=str(received.pk), field="due_on")
    assert (change.old_due, change.new_due) == (date(2026, 11, 3), date(2026, 11, 4))
    event = received.events.get(kind="deadline_moved")
    assert event.data["moves"] == [["due_on", "2026-11-03", "2026-11-04"]]
    assert ApplicationEvent.objects.filter(kind="deadline_moved").count() == 1
