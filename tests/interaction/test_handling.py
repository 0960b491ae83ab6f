"""Staff handling: triage, replies approved by the head, the extension, the escalation chain
(湖南省“互联网+监督”平台运行维护和使用管理办法 第二十三、二十六条), the copy to the discipline body
(平顶山市卫生健康委员会民生监督大数据平台管理使用办法 第十一条), and the 3-month alarm."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from interaction import actions, deadlines
from interaction.access import can_see_identity, visible_messages
from interaction.models import MessageEvent, Stage, State
from outbox.models import Message as Email

pytestmark = pytest.mark.django_db


def accept(message, office, department, **params):
    actions.Accept(message, office, department=department, **params).execute()
    message.refresh_from_db()
    return message


def answer(message, drafter, approver, text="经核查，该收费项目已按规定公示，现将核查情况答复如下。"):
    actions.DraftReply(message, drafter, text=text).execute()
    if approver is not None:
        actions.ApproveReply(message, approver).execute()
    message.refresh_from_db()
    return message


def test_accept_within_seven_days_deadline_across_national_day_article_26(make_message, channels):
    message = make_message(date(2026, 9, 28))
    assert message.state == State.SUBMITTED
    assert message.accept_due_on == date(2026, 10, 8)
    assert message.inspection_limit_on == date(2026, 12, 28)


def test_three_months_to_finish_counted_from_receipt_article_26(make_message, office,
                                                               departments, today):
    message = make_message(date(2026, 7, 5))
    today(date(2026, 7, 8))
    accept(message, office, departments["yizheng"])
    assert message.reply_due_on == date(2026, 10, 8)  # 10-05 is 国庆节


def test_fund_complaint_reply_within_one_month_fund_rules_article_11(make_message, channels,
                                                                    office, departments, today):
    fund = channels["complaint"].subjects.get(name="民生资金")
    message = make_message(date(2026, 9, 1), subject=str(fund.pk))
    accept(message, office, departments["caiwu"])
    assert message.reply_due_on == date(2026, 10, 8)  # 10-01 is 国庆节


def test_one_extension_of_one_month_with_the_level_above_approval_article_26(
        make_message, office, departments, today):
    message = make_message(date(2026, 6, 5))
    accept(message, office, departments["yizheng"])
    assert message.reply_due_on == date(2026, 9, 7)
    with pytest.raises(ValidationError, match="批准文书"):
        actions.Extend(message, office, reason="需要现场核查").execute()
    actions.Extend(message, office, reason="需要现场核查",
                   approval_reference="示例市纪委监委 2026年9月1日批复").execute()
    message.refresh_from_db()
    assert message.extended and message.reply_due_on == date(2026, 10, 8)
    with pytest.raises(ValidationError, match="只能延期一次"):
        actions.Extend(message, office, reason="再次延期", approval_reference="x").execute()


def test_extension_approver_is_the_one_the_channel_names(make_message, channels, office,
                                                         signatory, departments):
    message = make_message(date(2026, 3, 2), channel=str(channels["mailbox"].pk))
    accept(message, office, departments["yizheng"])
    with pytest.raises(PermissionDenied):
        actions.Extend(message, office, reason="情况复杂").execute()
    actions.Extend(message, signatory, reason="情况复杂").execute()
    message.refresh_from_db()
    assert message.extended


def test_refusal_needs_a_reason_and_closes(make_message, office):
    message = make_message(date(2026, 3, 2))
    with pytest.raises(ValidationError, match="理由"):
        actions.Refuse(message, office).execute()
    actions.Refuse(message, office, reason="内容与本机关职责无关，请向市场监管部门反映。").execute()
    message.refresh_from_db()
    assert message.state == State.REFUSED and message.closed_on == date(2026, 3, 2)
    assert message.events.filter(kind="refused").exists()


def test_transfer_to_the_application_procedure(make_message, office, editor):
    message = make_message(date(2026, 3, 2))
    with pytest.raises(PermissionDenied):
        actions.ToApplication(message, editor, reason="申请获取文件").execute()
    actions.ToApplication(message, office, reason="您要求获取的是政府信息，请通过依申请公开提出。").execute()
    message.refresh_from_db()
    assert message.state == State.TO_APPLICATION
    with pytest.raises(ValidationError):
        actions.Accept(message, office).execute()


def test_department_reply_is_approved_by_its_head_never_by_the_drafter(
        make_message, office, editor, head, departments, other_department_handler):
    message = accept(make_message(date(2026, 3, 2)), office, departments["yizheng"])
    with pytest.raises(PermissionDenied):
        actions.DraftReply(message, other_department_handler, text="不是本科室的留言，不能答复。").execute()
    actions.DraftReply(message, head, text="经核查，收费项目已按规定公示，答复如下。").execute()
    with pytest.raises(PermissionDenied):
        actions.ApproveReply(message, head).execute()  # the drafter
    message.refresh_from_db()
    assert message.state == State.ACCEPTED


def test_head_returns_a_draft_with_a_reason_and_approves_the_next(
        make_message, office, editor, head, departments):
    message = accept(make_message(date(2026, 3, 2)), office, departments["yizheng"])
    actions.DraftReply(message, editor, text="初稿：收费问题正在核查中，请耐心等待。").execute()
    with pytest.raises(ValidationError, match="退回理由"):
        actions.ReturnReply(message, head).execute()
    actions.ReturnReply(message, head, reason="请写明核查结论和依据。").execute()
    assert not message.replies.exists()
    answer(message, editor, head, text="经核查，该项收费依据市发改委文件，已在院内公示。")
    assert message.state == State.REPLIED
    returned = message.events.get(kind="reply_returned")
    assert returned.data["draft"].startswith("初稿")


def test_escalation_chain_department_then_discipline_then_level_above_article_23(
        make_message, office, editor, head, discipline, discipline_approver, departments, today):
    message = accept(make_message(date(2026, 3, 2)), office, departments["yizheng"])
    today(date(2026, 3, 20))
    answer(message, editor, head)
    assert message.state == State.REPLIED and message.replied_on == date(2026, 3, 20)
    assert message.feedback_due_on == date(2026, 4, 7)  # 3-20 + 15 日 = 4-04 (清明) → 4-07
    actions.Feedback(message, None, satisfied=False, text="没有说明费用依据。").execute()
    message.refresh_from_db()
    assert (message.state, message.stage, message.department) == (
        State.ACCEPTED, Stage.DISCIPLINE, None)
    assert message.stage_started_on == date(2026, 3, 20)
    assert message.feedback_due_on is None  # nothing to rate until the next answer
    assert message.reply_due_on == date(2026, 6, 22)  # 6-20 端午节 (Saturday)
    # The department can no longer see or answer it; the discipline role answers.
    assert not visible_messages(editor).filter(pk=message.pk).exists()
    with pytest.raises(PermissionDenied):
        actions.DraftReply(message, editor, text="科室再次答复的内容。").execute()
    today(date(2026, 4, 10))
    answer(message, discipline, discipline_approver, text="纪检组已约谈卫生院负责人，多收费用已退还。")
    assert message.state == State.REPLIED
    actions.Feedback(message, None, satisfied=False, text="仍不满意").execute()
    message.refresh_from_db()
    assert (message.state, message.stage) == (State.ACCEPTED, Stage.LEVEL_ABOVE)
    with pytest.raises(PermissionDenied):  # the level above answers, not this site
        actions.DraftReply(message, discipline, text="第三次答复不在本站作出。").execute()
    actions.TransferOut(message, discipline, body="示例省纪委监委", sent_on=date(2026, 4, 10),
                        letter="现将该投诉及前两次答复材料转你委处理。").execute()
    message.refresh_from_db()
    assert message.state == State.TRANSFERRED_OUT and message.transfer_body == "示例省纪委监委"
    kinds = list(message.events.values_list("kind", flat=True))
    assert kinds.count("dissatisfied") == 2 and "escalated" in kinds \
        and "awaiting_level_above" in kinds and kinds[-1] == "transferred_out"


def escalated(make_message, office, editor, head, departments, **overrides):
    message = accept(make_message(date(2026, 3, 2), **overrides), office, departments["yizheng"])
    answer(message, editor, head)
    actions.Feedback(message, None, satisfied=False, text="没有说明费用依据。").execute()
    message.refresh_from_db()
    assert message.stage == Stage.DISCIPLINE
    return message


def test_discipline_reply_is_approved_by_a_second_person_never_the_drafter_fund_rules_article_11(
        make_message, office, editor, head, discipline, discipline_approver, departments,
        today):
    message = escalated(make_message, office, editor, head, departments)
    today(date(2026, 3, 25))
    actions.DraftReply(message, discipline, text="纪检组已核实，多收费用已退还本人。").execute()
    message.refresh_from_db()
    draft = message.replies.get(approved_at=None)
    assert message.state == State.ACCEPTED and draft.stage == Stage.DISCIPLINE
    assert message.reply_due_on is not None  # the clock still runs
    with pytest.raises(PermissionDenied):
        actions.ApproveReply(message, discipline).execute()  # the drafter
    with pytest.raises(PermissionDenied):
        actions.ApproveReply(message, head).execute()  # a department head is not the body
    with pytest.raises(PermissionDenied):
        actions.ApproveReply(message, office).execute()
    assert [a.action_name for a in actions.available_actions(message, discipline)
            ].count("approve_reply") == 0
    assert "approve_reply" in [a.action_name for a in
                               actions.available_actions(message, discipline_approver)]
    actions.ReturnReply(message, discipline_approver, reason="请写明退款金额和日期。").execute()
    actions.DraftReply(message, discipline, text="纪检组已核实，多收的 120 元已于 3 月 24 日退还本人。"
                       ).execute()
    actions.ApproveReply(message, discipline_approver).execute()
    message.refresh_from_db()
    reply = message.approved_replies().last()
    assert message.state == State.REPLIED and message.replied_on == date(2026, 3, 25)
    assert (reply.drafted_by, reply.approved_by) == (discipline, discipline_approver)
    assert reply.stage == Stage.DISCIPLINE


def test_discipline_reply_goes_out_at_once_where_the_channel_says_so(
        make_message, channels, office, editor, head, discipline, departments):
    channels["complaint"].discipline_reply_approval = False
    channels["complaint"].save()
    message = escalated(make_message, office, editor, head, departments)
    actions.DraftReply(message, discipline, text="纪检组已核实，多收费用已退还本人。").execute()
    message.refresh_from_db()
    reply = message.approved_replies().last()
    assert message.state == State.REPLIED
    assert (reply.stage, reply.drafted_by, reply.approved_by) == (
        Stage.DISCIPLINE, discipline, discipline)


def test_satisfied_closes_and_feedback_window_is_enforced(make_message, office, editor, head,
                                                          departments, today):
    message = accept(make_message(date(2026, 3, 2)), office, departments["yizheng"])
    answer(message, editor, head)
    today(date(2026, 4, 30))
    with pytest.raises(ValidationError, match="评价期限已过"):
        actions.Feedback(message, None, satisfied=True).execute()
    actions.CloseWithoutFeedback(message, None).execute()
    message.refresh_from_db()
    assert message.state == State.CLOSED


def test_fund_reply_is_copied_to_the_discipline_body_fund_rules_article_11(
        make_message, channels, office, editor, head, discipline, departments):
    discipline.email = "jijian@example.test"
    discipline.save()
    fund = channels["complaint"].subjects.get(name="民生资金")
    message = accept(make_message(date(2026, 3, 2), subject=str(fund.pk)), office,
                     departments["yizheng"])
    answer(message, editor, head)
    reply = message.approved_replies().get()
    assert reply.copied_to_discipline
    assert Email.objects.filter(to="jijian@example.test").exists()
    assert message.events.filter(kind="copied_to_discipline").exists()


def test_identity_is_never_shown_to_the_department_complained_about(
        make_message, office, editor, discipline, departments, make_user):
    message = accept(make_message(date(2026, 3, 2)), office, departments["yizheng"],
                     complained_department=departments["yizheng"])
    assert can_see_identity(office, message) and can_see_identity(discipline, message)
    assert not can_see_identity(editor, message)
    # Even the office's own people lose it when they work in the department complained about.
    insider = make_user("office-insider", "政务公开办公室", departments["yizheng"].group)
    assert not can_see_identity(insider, message)


def test_three_month_alarm_for_an_unanswered_consultation_inspection_rule(
        make_message, channels, office, departments, today):
    message = make_message(date(2026, 7, 5), channel=str(channels["consultation"].pk),
                           name="", phone="")
    accept(message, office, departments["yizheng"])
    assert message.inspection_limit_on == date(2026, 10, 8)
    today(date(2026, 10, 8))
    assert not deadlines.inspection_alarm(message)
    today(date(2026, 10, 9))
    assert deadlines.inspection_alarm(message)
    assert list(deadlines.alarms()) == [message]
    assert deadlines.clock(message).level == "overdue"


def test_petition_channels_do_not_count_for_the_three_month_rule(make_message, channels, today):
    message = make_message(date(2026, 3, 2), channel=str(channels["mailbox"].pk))
    today(date(2026, 7, 1))
    assert not deadlines.inspection_alarm(message)


def test_events_are_append_only(make_message):
    message = make_message(date(2026, 3, 2))
    event = MessageEvent.objects.get(message=message)
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        MessageEvent.objects.filter(message=message).update(reason="x")
    with pytest.raises(PermissionError):
        MessageEvent.objects.filter(message=message).delete()


def test_the_admin_offers_only_the_steps_that_make_sense_now(make_message, office, editor, head,
                                                             departments):
    message = make_message(date(2026, 3, 2))
    assert set(actions.available_actions(message, office)) >= {
        actions.Accept, actions.Refuse, actions.ToApplication}
    assert actions.available_actions(message, editor) == []
    message = accept(message, office, departments["yizheng"])
    assert actions.DraftReply in actions.available_actions(message, editor)
    actions.DraftReply(message, editor, text="经核查，收费项目已按规定公示，答复如下。").execute()
    assert actions.DraftReply not in actions.available_actions(message, editor)
    assert {actions.ApproveReply, actions.ReturnReply} <= set(
        actions.available_actions(message, head))
    assert actions.Publish not in actions.available_actions(message, office)


def test_close_unrated_messages_closes_only_those_past_their_feedback_day(
        make_message, office, editor, head, departments, today):
    from django.core.management import call_command

    message = accept(make_message(date(2026, 3, 2)), office, departments["yizheng"])
    answer(message, editor, head)  # 3-02 + 15 日 = 3-17
    today(date(2026, 3, 17))
    call_command("close_unrated_messages")
    message.refresh_from_db()
    assert message.state == State.REPLIED
    today(date(2026, 3, 18))
    call_command("close_unrated_messages")
    message.refresh_from_db()
    assert message.state == State.CLOSED
    assert message.events.filter(kind="closed_without_feedback").exists()
