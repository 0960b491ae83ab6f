"""The handbook's flow (seed 004 依申请政务公开流程图; issue 22): the head of the disclosure
office reviews acceptance and routing before assignment; every reply is signed off before it
leaves, by the handling department's head and, for the refusing kinds and after an extension,
by the office's head; the drafter never approves; hand-overs are announced through the mail
outbox and the admin; the reply letter is made by a task and sent exactly as approved."""

import hashlib
from datetime import date

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from applications.actions import (
    ActionError,
    ApproveReply,
    ApproveRouting,
    AssignDepartment,
    DraftReply,
    GrantExtension,
    ProposeRouting,
    Reply,
    ReturnReply,
    ReturnRouting,
    current_draft,
)
from applications.models import ReplyDraft, Routing, StaffNotice, State
from applications.reminders import announce_due_soon
from outbox.models import Message
from outbox.tasks import send_due_messages

pytestmark = pytest.mark.django_db

RECEIVED = date(2026, 9, 30)


@pytest.fixture
def received(make_application, office):
    return make_application(submitted_on=date(2026, 9, 29), received_on=RECEIVED, user=office)


@pytest.fixture
def assigned(received, route, departments, handler, head, today):
    today(date(2026, 10, 12))
    return route(received, departments["yizheng"], reason="校验结果由医政医管科掌握")


def draft(application, user, reply_type="disclosed", text="可在本机关网站“医政管理”栏目查阅。",
          capture=None):
    with capture(execute=True):
        return DraftReply(application, user).execute(reply_type=reply_type, text=text)


def staff_mail_to(user):
    return Message.objects.filter(to=user.email)


def test_accepted_application_is_not_assigned_before_the_review_passes_seed_004(
        received, office, office_head, departments, handler):
    with pytest.raises(ActionError, match="审核通过后才能转办"):
        AssignDepartment(received, office).execute(department=departments["yizheng"])
    ProposeRouting(received, office).execute(department=departments["yizheng"],
                                             reason="属医政医管科职责")
    with pytest.raises(ActionError, match="审核通过后才能转办"):
        AssignDepartment(received, office).execute()
    with pytest.raises(ActionError, match="您无权办理"):  # the office itself may not approve
        ApproveRouting(received, office).execute()
    assert StaffNotice.objects.filter(recipient=office_head, kind="review").exists()
    ApproveRouting(received, office_head).execute()
    with pytest.raises(ActionError, match="只能转办审核通过的科室"):
        AssignDepartment(received, office).execute(department=departments["jikong"])
    AssignDepartment(received, office).execute()
    received.refresh_from_db()
    assert received.department == departments["yizheng"] and received.routing == Routing.APPROVED
    assert [kind for kind in received.events.values_list("kind", flat=True)][-3:] == [
        "routing_proposed", "routing_approved", "assigned"]


def test_returned_routing_goes_back_to_the_office_with_its_comment(
        client, received, office, office_head, departments):
    ProposeRouting(received, office).execute(department=departments["jikong"])
    with pytest.raises(ActionError, match="请写明退回意见"):
        ReturnRouting(received, office_head).execute(reason="")
    ReturnRouting(received, office_head).execute(reason="校验结果由医政医管科掌握，请改转医政医管科")
    received.refresh_from_db()
    assert received.routing == Routing.RETURNED and received.department is None
    notice = StaffNotice.objects.get(recipient=office, kind="returned")
    assert received.tracking_number in notice.subject
    email = staff_mail_to(office).get()
    assert "请改转医政医管科" in email.body and received.name not in email.body
    client.force_login(office)
    html = client.get(reverse("disclosure_applications:detail", args=[received.pk])).content
    assert "请改转医政医管科" in html.decode()
    # The office proposes again; the head approves the new routing.
    ProposeRouting(received, office).execute(department=departments["yizheng"])
    ApproveRouting(received, office_head).execute()
    received.refresh_from_db()
    assert received.routing == Routing.APPROVED


def test_a_reply_cannot_be_sent_without_its_sign_off(
        assigned, handler, head, django_capture_on_commit_callbacks):
    with pytest.raises(ActionError, match="审核通过后才能发出"):
        Reply(assigned, handler).execute()
    draft(assigned, handler, capture=django_capture_on_commit_callbacks)
    with pytest.raises(ActionError, match="审核通过后才能发出"):
        Reply(assigned, handler).execute()
    assert assigned.state == State.IN_PROGRESS and not assigned.letters.exists()
    ApproveReply(assigned, head).execute()
    Reply(assigned, handler).execute()
    assert assigned.state == State.CLOSED


def test_the_drafter_never_approves_their_own_reply(
        assigned, make_user, departments, django_capture_on_commit_callbacks):
    from departments.roles import APPLICATION_HANDLER, DEPARTMENT_REVIEWER

    both = make_user("handler-and-head", APPLICATION_HANDLER.group_name,
                     DEPARTMENT_REVIEWER.group_name, departments["yizheng"].group)
    draft(assigned, both, capture=django_capture_on_commit_callbacks)
    with pytest.raises(ActionError, match="起草人不能审核自己起草的答复"):
        ApproveReply(assigned, both).execute()
    assert current_draft(assigned).department_approved_by is None


def test_refusing_kinds_and_replies_after_an_extension_need_the_office_head_too(
        assigned, handler, head, office_head, django_capture_on_commit_callbacks):
    draft(assigned, handler, "withheld_internal_affairs", "属于内部事务信息。",
          capture=django_capture_on_commit_callbacks)
    ApproveReply(assigned, head).execute()
    reply = current_draft(assigned)
    assert reply.state == ReplyDraft.State.PENDING  # the office's head still has to sign
    assert StaffNotice.objects.filter(recipient=office_head, kind="review").exists()
    with pytest.raises(ActionError):
        ApproveReply(assigned, head).execute()
    with pytest.raises(ActionError, match="审核通过后才能发出"):
        Reply(assigned, handler).execute()
    ApproveReply(assigned, office_head).execute()
    assert current_draft(assigned).state == ReplyDraft.State.APPROVED


def test_a_disclosing_reply_after_an_extension_needs_the_office_head_article_33(
        assigned, handler, head, office_head, django_capture_on_commit_callbacks):
    GrantExtension(assigned, office_head).execute(days=10, reason="需要检索多年档案")
    draft(assigned, handler, "disclosed", "见附件。", capture=django_capture_on_commit_callbacks)
    ApproveReply(assigned, head).execute()
    assert current_draft(assigned).state == ReplyDraft.State.PENDING
    ApproveReply(assigned, office_head).execute()
    assert current_draft(assigned).state == ReplyDraft.State.APPROVED


def test_a_disclosing_reply_needs_only_the_department_head(
        assigned, handler, head, django_capture_on_commit_callbacks, settings):
    draft(assigned, handler, "disclosed", "见附件。", capture=django_capture_on_commit_callbacks)
    ApproveReply(assigned, head).execute()
    assert current_draft(assigned).state == ReplyDraft.State.APPROVED
    # Which kinds need the office is a setting.
    settings.APPLICATION_OFFICE_SIGN_OFF_GROUPS = ("disclosed",)
    from applications.actions.signoff import required_stages

    assert required_stages(assigned, "disclosed") == ["department", "office"]


def test_a_returned_reply_goes_back_with_its_comment(
        client, assigned, handler, head, django_capture_on_commit_callbacks):
    draft(assigned, handler, capture=django_capture_on_commit_callbacks)
    ReturnReply(assigned, head).execute(reason="请写明已检索的档案范围。")
    returned = assigned.reply_drafts.get()
    assert returned.state == ReplyDraft.State.RETURNED
    assert returned.return_comment == "请写明已检索的档案范围。"
    assert StaffNotice.objects.filter(recipient=handler, kind="returned").exists()
    assert "请写明已检索的档案范围。" in staff_mail_to(handler).get(
        subject__contains="退回").body
    client.force_login(handler)
    html = client.get(reverse("disclosure_applications:detail", args=[assigned.pk])).content
    assert "请写明已检索的档案范围。" in html.decode()
    with pytest.raises(ActionError, match="没有等待审核的答复"):
        ApproveReply(assigned, head).execute()
    draft(assigned, handler, text="2019年以来的统计表可在本机关网站“医政管理”栏目查阅。",
          capture=django_capture_on_commit_callbacks)
    ApproveReply(assigned, head).execute()
    assert current_draft(assigned).state == ReplyDraft.State.APPROVED


def test_the_statutory_clock_keeps_running_during_review_article_33(
        assigned, handler, head, today, django_capture_on_commit_callbacks):
    due = assigned.due_on
    draft(assigned, handler, capture=django_capture_on_commit_callbacks)
    today(date(2026, 10, 26))
    ApproveReply(assigned, head).execute()
    assigned.refresh_from_db()
    assert assigned.due_on == due == date(2026, 11, 3)
    assert not assigned.pauses.exists()


def test_reply_letter_made_by_a_task_and_the_sent_letter_is_the_approved_one(
        client, assigned, handler, head, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        DraftReply(assigned, handler).execute(reply_type="disclosed",
                                              text="可在本机关网站“医政管理”栏目查阅。")
    reply = current_draft(assigned)
    assert reply.letter_status == ReplyDraft.LetterStatus.QUEUED and not reply.letter_file
    with pytest.raises(ActionError, match="答复书尚未生成"):
        ApproveReply(assigned, head).execute()
    client.force_login(handler)  # the handler follows the progress on the detail page
    progress = reverse("disclosure_applications:letter_progress", args=[assigned.pk])
    assert client.get(progress).json() == {"status": "queued", "label": "排队等待生成"}
    assert "letter_progress.js" in client.get(
        reverse("disclosure_applications:detail", args=[assigned.pk])).content.decode()
    for callback in callbacks:  # the transaction commits: the task runs (immediate backend)
        callback()
    reply.refresh_from_db()
    assert reply.letter_status == ReplyDraft.LetterStatus.READY
    assert client.get(progress).json()["status"] == "ready"
    ApproveReply(assigned, head).execute()
    approved = assigned.events.get(kind="reply_approved").data["checksum"]
    with django_capture_on_commit_callbacks(execute=True):
        letter = Reply(assigned, handler).execute()
    sent = assigned.events.get(kind="replied").data["checksum"]
    with letter.file.open("rb") as stored:
        assert approved == sent == hashlib.sha256(stored.read()).hexdigest()
    reply_mail = [message for message in mail.outbox if "答复书" in message.subject][0]
    assert hashlib.sha256(reply_mail.attachments[0][1]).hexdigest() == approved


def test_a_letter_changed_after_approval_is_not_sent(
        assigned, handler, head, django_capture_on_commit_callbacks):
    from django.core.files.base import ContentFile

    draft(assigned, handler, capture=django_capture_on_commit_callbacks)
    ApproveReply(assigned, head).execute()
    reply = current_draft(assigned)
    reply.letter_file.save("tampered.pdf", ContentFile(b"%PDF-1.4 other"), save=True)
    with pytest.raises(ActionError, match="与审核通过的版本不一致"):
        Reply(assigned, handler).execute()
    assigned.refresh_from_db()
    assert assigned.state == State.IN_PROGRESS and not assigned.letters.exists()


def test_announcements_on_each_hand_over_survive_a_mail_outage(
        received, office, office_head, handler, head, departments, settings,
        django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "tests.applications.failing_mail.FailingBackend"
    with django_capture_on_commit_callbacks(execute=True):
        ProposeRouting(received, office).execute(department=departments["yizheng"])
        ApproveRouting(received, office_head).execute()
        AssignDepartment(received, office).execute()
        DraftReply(received, handler).execute(reply_type="unavailable_not_held", text="未制作。")
        ReturnReply(received, head).execute(reason="请补充检索范围。")
    kinds = {(notice.recipient.username, notice.kind) for notice in StaffNotice.objects.all()}
    assert {("office-head", "review"), ("handler", "assigned"), ("yizheng-head", "assigned"),
            ("yizheng-head", "review"), ("handler", "returned")} <= kinds
    staff = ["office-head@example.test", "handler@example.test", "yizheng-head@example.test",
             "office@example.test"]
    held = Message.objects.filter(sent_at__isnull=True, to__in=staff)
    assert held.count() >= 5 and not mail.outbox
    assert all(message.last_error == "ConnectionRefusedError" for message in held)

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    Message.objects.update(next_attempt_at=timezone.now())  # the back-off is over
    send_due_messages.enqueue()
    assert not Message.objects.filter(sent_at__isnull=True).exists()
    assert {message.to[0] for message in mail.outbox} >= {
        "office-head@example.test", "handler@example.test", "yizheng-head@example.test"}


def test_handlers_and_head_are_told_three_working_days_before_the_due_date_once(
        assigned, handler, head, today):
    assert assigned.due_on == date(2026, 11, 3)
    today(date(2026, 10, 28))  # four working days before
    assert announce_due_soon() == 0
    today(date(2026, 10, 29))  # three working days before (Thu; Fri, Mon, Tue)
    assert announce_due_soon() == 1
    assert announce_due_soon() == 0  # once per due date
    for user in (handler, head):
        notice = StaffNotice.objects.get(recipient=user, kind="due_soon")
        assert "2026-11-03" in notice.subject
    assert assigned.events.filter(kind="due_soon_announced").count() == 1


def test_list_shows_replies_waiting_for_review_with_their_due_dates(
        client, assigned, handler, head, today, django_capture_on_commit_callbacks):
    draft(assigned, handler, capture=django_capture_on_commit_callbacks)
    today(date(2026, 10, 30))
    client.force_login(head)
    html = client.get(reverse("disclosure_applications:index"), {"waiting": "reply"}).content
    html = html.decode()
    assert assigned.tracking_number in html and "答复待审核" in html
    assert "application-due--due-soon" in html  # amber: due 2026-11-03
    today(date(2026, 11, 4))
    html = client.get(reverse("disclosure_applications:index"), {"waiting": "reply"}).content
    assert "application-due--overdue" in html.decode()  # red
    other = client.get(reverse("disclosure_applications:index"), {"waiting": "routing"})
    assert assigned.tracking_number not in other.content.decode()


def test_another_departments_staff_get_404_through_every_url(
        client, assigned, handler, head, other_handler, make_user, departments,
        django_capture_on_commit_callbacks):
    from departments.roles import DEPARTMENT_REVIEWER

    draft(assigned, handler, capture=django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        ApproveReply(assigned, head).execute()
        letter = Reply(assigned, handler).execute()
    reply = assigned.reply_drafts.get()
    other_head = make_user("jikong-head", DEPARTMENT_REVIEWER.group_name,
                           departments["jikong"].group)
    urls = [reverse("disclosure_applications:detail", args=[assigned.pk]),
            reverse("disclosure_applications:letter_progress", args=[assigned.pk]),
            reverse("disclosure_applications:identity_proof", args=[assigned.pk]),
            reverse("disclosure_applications:staff_file", args=[assigned.pk, "letter", letter.pk]),
            reverse("disclosure_applications:staff_file", args=[assigned.pk, "draft", reply.pk])]
    for user in (other_handler, other_head):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 404, (user, url)
        for code in ("approve_reply", "return_reply", "draft_reply", "reply", "assign"):
            url = reverse("disclosure_applications:action", args=[assigned.pk, code])
            assert client.post(url, {}).status_code == 404
        listing = client.get(reverse("disclosure_applications:index")).content.decode()
        assert assigned.tracking_number not in listing
    client.force_login(head)  # the department's own head reads the application and the letter
    assert client.get(urls[0]).status_code == 200
    assert client.get(urls[3]).status_code == 200 and client.get(urls[4]).status_code == 200


# --- 归档: the last step of the flow (seed 004: … → 答复申请人 → 归档) ---------------------------

def test_archive_is_the_last_step_after_the_reply_seed_004(
        make_application, office, send_reply, client, today):
    from applications.actions import Archive
    from applications.models import DisclosureApplication

    first = make_application(submitted_on=date(2026, 9, 29), received_on=RECEIVED, user=office)
    second = make_application(submitted_on=date(2026, 9, 29), received_on=RECEIVED, user=office)
    with pytest.raises(ActionError, match="不能归档"):
        Archive(first, office).execute()
    send_reply(first, "disclosed", "见附件。")
    send_reply(second, "unavailable_not_held", "经查，本机关不掌握该信息。")
    today(date(2026, 11, 3))

    assert Archive(first, office).execute(reason="案卷含申请表、答复书，存档案室 3 号柜") \
        == "2026-YSQ-0001"
    assert Archive(second, office).execute() == "2026-YSQ-0002"

    first.refresh_from_db()
    assert first.archive_number == "2026-YSQ-0001" and first.archived_at is not None
    event = first.events.get(kind="archived")
    assert event.by == office and event.reason.startswith("案卷含申请表")
    assert event.data == {"archive_number": "2026-YSQ-0001"}
    with pytest.raises(ActionError, match="已于 2026-11-03 归档"):
        Archive(first, office).execute()
    # Only the office archives, and only closed applications carry an archive number.
    client.force_login(office)
    listing = client.get(reverse("disclosure_applications:index"), {"archive": "pending"})
    assert first.tracking_number not in listing.content.decode()
    open_one = make_application(submitted_on=date(2026, 11, 3), received_on=date(2026, 11, 3),
                                user=office)
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        DisclosureApplication.objects.filter(pk=open_one.pk).update(archive_number="2026-YSQ-0009")


def test_only_the_office_archives_and_the_detail_page_shows_the_number(
        assigned, handler, head, office, django_capture_on_commit_callbacks, client):
    from applications.actions import Archive

    draft(assigned, handler, "disclosed", "见附件。", capture=django_capture_on_commit_callbacks)
    ApproveReply(assigned, head).execute()
    with django_capture_on_commit_callbacks(execute=True):
        Reply(assigned, handler).execute()
    with pytest.raises(ActionError, match="只有政务公开办公室"):
        Archive(assigned, handler).execute()
    action = reverse("disclosure_applications:action", args=[assigned.pk, "archive"])
    client.force_login(handler)
    client.post(action, {"archive-reason": "—"})
    assigned.refresh_from_db()
    assert assigned.archive_number == ""

    client.force_login(office)
    detail = reverse("disclosure_applications:detail", args=[assigned.pk])
    assert "已办结，尚未归档" in client.get(detail).content.decode()
    pending = client.get(reverse("disclosure_applications:index"), {"archive": "pending"})
    assert assigned.tracking_number in pending.content.decode()
    response = client.post(action, {"archive-reason": "<script>alert(1)</script>"}, follow=True)
    html = response.content.decode()
    assert "已完成：归档" in html and "<script>alert(1)</script>" not in html
    assigned.refresh_from_db()
    assert assigned.archive_number.endswith("-YSQ-0001")
    assert f"归档号 {assigned.archive_number}" in html
