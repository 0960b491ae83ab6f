"""The daily reminder (interaction.reminders): department heads and handlers are told of their
messages due within 3 working days or overdue, the office of messages waiting for acceptance and
of the 3-month red line (政府网站与政务新媒体检查指标); no email names who wrote or what; a mail
outage delays the reminders and loses none."""

from datetime import date

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from interaction import actions
from interaction.reminders import send_reminders
from outbox.models import Message as Email
from outbox.tasks import send_due_messages

pytestmark = pytest.mark.django_db

DAY = date(2026, 9, 29)  # a Tuesday before 国庆节 (10-01 … 10-07 off)


@pytest.fixture
def situation(make_message, channels, office, editor, head, discipline, departments,
              other_department_handler, today):
    consultation = {"channel": str(channels["consultation"].pk), "name": "", "phone": ""}
    # Due soon: received 9-01, 1 个月 → 10-01 (holiday) → 10-08, two working days after 9-29.
    due_soon = make_message(date(2026, 9, 1), **consultation)
    actions.Accept(due_soon, office, department=departments["yizheng"]).execute()
    # Overdue and past the 3-month red line: a complaint received 6-01, due 9-01, unanswered.
    overdue = make_message(date(2026, 6, 1))
    actions.Accept(overdue, office, department=departments["yizheng"]).execute()
    # Not due for a long time: received 9-20, 3 个月.
    later = make_message(date(2026, 9, 20))
    actions.Accept(later, office, department=departments["yizheng"]).execute()
    # Waiting for acceptance: received 9-25, 7 日 → 10-02 (holiday) → 10-08.
    waiting = make_message(date(2026, 9, 25), **consultation)
    # Answered already: nothing to remind of.
    answered = make_message(date(2026, 6, 2))
    actions.Accept(answered, office, department=departments["yizheng"]).execute()
    actions.DraftReply(answered, editor, text="经核查，收费项目已按规定公示，现答复如下。").execute()
    actions.ApproveReply(answered, head).execute()
    today(DAY)
    for message in (due_soon, overdue, later, waiting, answered):
        message.refresh_from_db()
    return {"due_soon": due_soon, "overdue": overdue, "later": later, "waiting": waiting,
            "answered": answered}


def reminders():
    """The reminders queued (the writer's own emails, e.g. "已答复", are in the outbox too)."""
    return Email.objects.filter(subject__startswith="【互动交流期限提醒】")


def emails_to(address):
    return list(reminders().filter(to=address))


def test_heads_and_handlers_are_reminded_of_due_soon_and_overdue_messages(
        situation, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sent = send_reminders()
    assert sent == {"office": 2, "editor": 2, "head": 2}
    for address in ("head@example.test", "editor@example.test"):
        [email] = emails_to(address)
        assert email.subject == "【互动交流期限提醒】2026-09-29：逾期 1 件，即将到期 1 件"
        assert situation["overdue"].tracking_number in email.body
        assert situation["due_soon"].tracking_number in email.body
        assert "2026-10-08" in email.body and "2026-09-01" in email.body
        assert f"/admin/interaction_messages/{situation['due_soon'].pk}/" in email.body
        for quiet in ("later", "waiting", "answered"):
            assert situation[quiet].tracking_number not in email.body
    assert not emails_to("caiwu-handler@example.test")  # another department
    assert not emails_to("jijian@example.test")  # nothing at the discipline stage
    assert {email.to[0] for email in mail.outbox} == {
        "office@example.test", "editor@example.test", "head@example.test"}


def test_the_office_gets_the_three_month_alarm_and_messages_awaiting_acceptance_inspection_rule(
        situation):
    send_reminders()
    [email] = emails_to("office@example.test")
    assert email.subject.endswith("，超过三个月未答复 1 件")
    assert "【红线】" in email.body
    assert situation["overdue"].tracking_number in email.body
    assert situation["waiting"].tracking_number in email.body
    assert situation["due_soon"].tracking_number not in email.body  # the department's


def test_the_discipline_role_is_reminded_of_the_messages_escalated_to_it(
        situation, editor, head, today):
    answered = situation["answered"]
    today(date(2026, 6, 3))
    actions.Feedback(answered, None, satisfied=False, text="没有说明费用依据。").execute()
    answered.refresh_from_db()
    assert answered.reply_due_on == date(2026, 9, 3)  # stage 2 from 6-03: 3 个月
    today(date(2026, 9, 1))
    send_reminders()
    [email] = emails_to("jijian@example.test")
    assert answered.tracking_number in email.body and "同级纪检监察" in email.body


def test_reminders_carry_no_identity_or_content_of_the_writer(situation, form_data):
    send_reminders()
    emails = list(reminders())
    assert len(emails) == 3
    for email in emails:
        text = email.subject + email.body
        for private in (form_data["name"], form_data["phone"], form_data["email"],
                        form_data["title"], form_data["content"][:10]):
            assert private not in text


def test_reminders_go_once_a_day(situation, today):
    assert send_reminders()
    assert send_reminders() == {}
    assert reminders().count() == 3
    today(date(2026, 9, 30))
    assert set(send_reminders()) == {"office", "editor", "head"}
    assert reminders().count() == 6


def test_reminders_survive_a_mail_outage(situation, settings,
                                         django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "tests.applications.failing_mail.FailingBackend"
    with django_capture_on_commit_callbacks(execute=True):
        send_reminders()
    held = reminders().filter(sent_at__isnull=True)
    assert held.count() == 3 and not mail.outbox
    assert all(email.last_error == "ConnectionRefusedError" for email in held)

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    Email.objects.update(next_attempt_at=timezone.now())  # the back-off is over
    send_due_messages.enqueue()
    assert not reminders().filter(sent_at__isnull=True).exists()
    assert {email.to[0] for email in mail.outbox if "期限提醒" in email.subject} == {
        "office@example.test", "editor@example.test", "head@example.test"}


def test_the_daily_command_sends_them_and_refuses_a_bad_date(situation, capsys):
    call_command("interaction_reminders", "--date", "2026-09-29")
    assert "已向 3 人发出留言期限提醒" in capsys.readouterr().out
    assert reminders().count() == 3
    with pytest.raises(CommandError, match="日期“2026-13-01”无效"):
        call_command("interaction_reminders", "--date", "2026-13-01")
