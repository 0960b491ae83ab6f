"""Every step of a message as an action on Wagtail's action base (wagtail/actions/base.py):
`check()` raises PermissionDenied (who) or ValidationError (what, when), then `execute()` does
the step in one transaction under a row lock and writes its MessageEvent (append-only).

Views, commands and tests call these; nothing else changes a message's state. Dates are days
in Asia/Shanghai (workdays.local_time); deadlines come from interaction.deadlines.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.actions.base import BaseAction

from departments.roles import DISCIPLINE_INSPECTION, SIGNATORY, has_role
from outbox import mail
from workdays.local_time import local_today

from . import deadlines
from .access import can_approve_reply, can_draft_reply, is_discipline, is_office
from .models import ExtensionApprover, MessageEvent, PublicMessage, Reply, Stage, State
from .publication import PublicationBlocked, masked_for_publication
from .signals import message_changed

EVENT_LABELS = {
    "submitted": gettext_lazy("网上提交"),
    "accepted": gettext_lazy("受理并分办"),
    "refused": gettext_lazy("不予受理"),
    "to_application": gettext_lazy("转为依申请公开办理"),
    "reassigned": gettext_lazy("转交其他科室办理"),
    "reply_drafted": gettext_lazy("拟写答复"),
    "reply_approved": gettext_lazy("审核通过并答复"),
    "reply_returned": gettext_lazy("答复退回修改"),
    "copied_to_discipline": gettext_lazy("答复抄送纪检监察"),
    "extended": gettext_lazy("批准延期"),
    "satisfied": gettext_lazy("留言人表示满意"),
    "dissatisfied": gettext_lazy("留言人表示不满意"),
    "escalated": gettext_lazy("转同级纪检监察处理"),
    "awaiting_level_above": gettext_lazy("待转上级纪检监察机关"),
    "transferred_out": gettext_lazy("转上级纪检监察机关办理"),
    "closed_without_feedback": gettext_lazy("评价期满未评价，办结"),
    "published": gettext_lazy("答复公开"),
    "unpublished": gettext_lazy("撤下公开答复"),
    "deadline_moved": gettext_lazy("节假日调整，期限重新计算"),
    "attachment_viewed": gettext_lazy("查看留言附件"),
}


class MessagePermissionError(PermissionDenied):
    """The user may not take this step on this message."""


class MessageAction(BaseAction):
    """Base of every step: who (user_has_permission), what state (check_state), then one
    transaction with its event. `user=None` is the public (feedback) or the system (chores)."""

    action_name = ""
    label = ""
    event_kind = ""
    states: tuple[str, ...] = ()
    public = False  # taken by the writer (no user) rather than by staff
    permission_error_class = MessagePermissionError

    def __init__(self, message: PublicMessage, user=None, reason: str = "", **params):
        super().__init__(message, user)
        self.message = message
        self.reason = (reason or "").strip()
        self.params = params

    # --- checking ---------------------------------------------------------------------------
    def user_has_permission(self) -> bool:
        return is_office(self.user)

    def check(self, skip_permission_checks: bool = False):
        if not skip_permission_checks:
            if self.user is None and not self.public:
                raise self.permission_error_class(_("此操作须由工作人员办理。"))
            if self.user is not None and not self.user_has_permission():
                raise self.permission_error_class(_("您无权对此留言%(action)s。") % {
                    "action": self.label})
        if self.states and self.message.state not in self.states:
            raise ValidationError(_("留言当前状态为“%(state)s”，不能%(action)s。") % {
                "state": self.message.get_state_display(), "action": self.label})
        self.check_state()

    def check_state(self) -> None:
        """Further rules on the message and the parameters (override)."""

    def possible(self) -> bool:
        """Whether the step makes sense now, before any parameter is given (offered in the
        admin only then); check_state still decides on submit."""
        return True

    def is_available(self) -> bool:
        try:
            self.check()
        except (PermissionDenied, ValidationError):
            return False
        return True

    # --- doing ---------------------------------------------------------------------------
    def execute(self, skip_permission_checks: bool = False):
        given = self.message
        with transaction.atomic():
            # Lock the message row only: its subject is optional, and PostgreSQL refuses to
            # lock the nullable side of an outer join.
            self.message = self.instance = (
                PublicMessage.objects.select_for_update(of=("self",))
                .select_related("channel", "subject").get(pk=given.pk))
            self.check(skip_permission_checks=skip_permission_checks)
            result, data = self.apply()
            deadlines.refresh(self.message)
            self.message.save()
            MessageEvent.objects.create(message=self.message, kind=self.event_kind,
                                        by=self.user, reason=self.reason, data=data or {})
            message_changed.send(sender=PublicMessage, message=self.message,
                                 publication=self.changes_publication)
        given.refresh_from_db()
        return result

    def apply(self) -> tuple[object, dict]:
        raise NotImplementedError

    changes_publication = False  # whether the step publishes or takes down the answer

    def require_reason(self, what: str) -> None:
        if len(self.reason) < 2:
            raise ValidationError(_("请填写%(what)s。") % {"what": what})

    def event(self, kind: str, reason: str = "", data: dict | None = None) -> None:
        """A further event inside the same step (e.g. the copy to the discipline body)."""
        MessageEvent.objects.create(message=self.message, kind=kind, by=self.user,
                                    reason=reason, data=data or {})


# --- Triage (the office) --------------------------------------------------------------------
class Accept(MessageAction):
    """受理 and assign to the department that answers (the channel's receiver by default)."""

    action_name = "accept"
    label = gettext_lazy("受理")
    event_kind = "accepted"
    states = (State.SUBMITTED,)

    def check_state(self):
        department = self.params.get("department") or self.message.channel.receiver
        if department is None:
            raise ValidationError(_("请选择承办科室。"))

    def apply(self):
        message = self.message
        message.department = self.params.get("department") or message.channel.receiver
        message.complained_department = self.params.get("complained_department")
        message.state = State.ACCEPTED
        message.accepted_on = local_today()
        message.stage = Stage.DEPARTMENT
        message.stage_started_on = message.received_on  # 3 个月 run from receipt (第二十六条)
        return message, {"department": message.department.name,
                         "late": message.accepted_on > message.accept_due_on}


class Refuse(MessageAction):
    """不予受理, with the reason the writer reads on the tracking page."""

    action_name = "refuse"
    label = gettext_lazy("不予受理")
    event_kind = "refused"
    states = (State.SUBMITTED,)

    def check_state(self):
        self.require_reason(_("不予受理的理由"))

    def apply(self):
        self.message.state = State.REFUSED
        self.message.refusal_reason = self.reason
        self.message.closed_on = local_today()
        return self.message, {}


class ToApplication(MessageAction):
    """A request for government information is not a complaint: it goes to the application
    procedure (条例 第二十七条 ff.), which the writer starts on the 依申请公开 page."""

    action_name = "to_application"
    label = gettext_lazy("转为依申请公开办理")
    event_kind = "to_application"
    states = (State.SUBMITTED,)

    def check_state(self):
        self.require_reason(_("转依申请公开的说明"))

    def apply(self):
        self.message.state = State.TO_APPLICATION
        self.message.refusal_reason = self.reason
        self.message.closed_on = local_today()
        return self.message, {}


class Reassign(MessageAction):
    """转办: the office gives an accepted first-stage message to another department."""

    action_name = "reassign"
    label = gettext_lazy("转交其他科室")
    event_kind = "reassigned"
    states = (State.ACCEPTED,)

    def check_state(self):
        department = self.params.get("department")
        if self.message.stage != Stage.DEPARTMENT:
            raise ValidationError(_("已转纪检监察处理的留言不能再转交科室。"))
        if department is None or department.pk == self.message.department_id:
            raise ValidationError(_("请选择另一个承办科室。"))
        if self.message.replies.filter(approved_at=None).exists():
            raise ValidationError(_("有待审核的答复，不能转交。"))
        self.require_reason(_("转交理由"))

    def possible(self):
        return self.message.stage == Stage.DEPARTMENT

    def apply(self):
        old = self.message.department
        self.message.department = self.params["department"]
        return self.message, {"from": old.name if old else "", "to": self.message.department.name}


# --- Replies ------------------------------------------------------------------------------
class DraftReply(MessageAction):
    """The department drafts its answer for its head; the discipline body answers in its own
    name (第二十三条: 谁处理，谁答复), drafted by one of its people and approved by another, as the
    department's is, unless the channel says its drafts go out at once
    (`Channel.discipline_reply_approval`)."""

    action_name = "draft_reply"
    label = gettext_lazy("拟写答复")
    event_kind = "reply_drafted"
    states = (State.ACCEPTED,)

    def user_has_permission(self):
        return can_draft_reply(self.user, self.message)

    def possible(self):
        return not self.message.replies.filter(approved_at=None).exists()

    def check_state(self):
        text = (self.params.get("text") or "").strip()
        if len(text) < 10:
            raise ValidationError(_("答复内容至少 10 个字。"))
        if self.message.replies.filter(approved_at=None).exists():
            raise ValidationError(_("已有待审核的答复，请等待审核。"))

    def apply(self):
        message = self.message
        reply = Reply.objects.create(
            message=message, stage=message.stage, text=self.params["text"].strip(),
            department=message.department if message.stage == Stage.DEPARTMENT else None,
            drafted_by=self.user)
        if message.stage == Stage.DISCIPLINE and not message.channel.discipline_reply_approval:
            send_reply(self, reply)
            self.event_kind = "reply_approved"
        return reply, {"reply": reply.pk, "stage": message.stage}


class ApproveReply(MessageAction):
    """The department's head (科室负责人), or at the discipline stage another person of the
    discipline role, approves the draft: it is sent and the clock stops."""

    action_name = "approve_reply"
    label = gettext_lazy("审核答复")
    event_kind = "reply_approved"
    states = (State.ACCEPTED,)

    @property
    def draft(self):
        return self.message.replies.filter(approved_at=None).select_related("department").first()

    def user_has_permission(self):
        draft = self.draft
        return draft is not None and can_approve_reply(self.user, draft)

    def check_state(self):
        if self.draft is None:
            raise ValidationError(_("没有待审核的答复。"))

    def apply(self):
        reply = self.draft
        send_reply(self, reply)
        return reply, {"reply": reply.pk}


class ReturnReply(MessageAction):
    """The head sends the draft back with a reason; the department drafts again."""

    action_name = "return_reply"
    label = gettext_lazy("退回答复")
    event_kind = "reply_returned"
    states = (State.ACCEPTED,)

    user_has_permission = ApproveReply.user_has_permission
    draft = ApproveReply.draft

    def check_state(self):
        if self.draft is None:
            raise ValidationError(_("没有待审核的答复。"))
        self.require_reason(_("退回理由"))

    def apply(self):
        reply = self.draft
        text = reply.text
        # The draft leaves the open place; its text stays in the trail.
        Reply.objects.filter(pk=reply.pk).delete()
        return None, {"draft": text}


def send_reply(action: MessageAction, reply: Reply) -> None:
    """Approve `reply` now, stop the clock, copy it where the channel says, tell the writer."""
    message = action.message
    now = timezone.now()
    reply.approved_by, reply.approved_at = action.user, now
    reply.due_on = message.reply_due_on
    reply.copied_to_discipline = message.copies_to_discipline()
    reply.save()
    today = local_today()
    message.state = State.REPLIED
    message.replied_on = today
    message.first_replied_on = message.first_replied_on or today
    message.feedback_due_on = None
    if reply.copied_to_discipline:
        # 平顶山市卫生健康委员会民生监督大数据平台管理使用办法 第十一条: the reply is copied to
        # the discipline body with the leader's agreement (the head's approval is that step).
        for address in discipline_addresses():
            mail.queue(address, _("互动交流答复抄送：%(number)s") % {
                "number": message.tracking_number},
                _("留言 %(number)s（%(channel)s）已答复，请登录后台查看。") % {
                    "number": message.tracking_number, "channel": message.channel.name},
                about=message)
        action.event("copied_to_discipline")
    if message.email:
        mail.queue(message.email, _("您的留言 %(number)s 已答复") % {
            "number": message.tracking_number},
            _("您的留言已答复，请凭编号和查询码在网站“互动交流”栏目查询答复内容，并在期限内评价。"),
            about=message)


def discipline_addresses() -> list[str]:
    users = get_user_model().objects.filter(groups__name=DISCIPLINE_INSPECTION.group_name,
                                            is_active=True).exclude(email="")
    return sorted(set(users.values_list("email", flat=True)))


# --- Extension ------------------------------------------------------------------------------
class Extend(MessageAction):
    """One extension (湖南省“互联网+监督”平台运行维护和使用管理办法 第二十六条: 经上级纪检监察机关
    批准可延长1个月), approved by whom the channel names."""

    action_name = "extend"
    label = gettext_lazy("延期")
    event_kind = "extended"
    states = (State.ACCEPTED,)

    def user_has_permission(self):
        approver = self.message.channel.extension_approver
        if approver == ExtensionApprover.SIGNATORY:
            return self.user.is_active and has_role(self.user, SIGNATORY)
        if approver == ExtensionApprover.DISCIPLINE:
            return is_discipline(self.user)
        return is_office(self.user)

    def check_state(self):
        channel = self.message.channel
        if channel.extension_period is None:
            raise ValidationError(_("本渠道不得延期。"))
        if self.message.extended:
            raise ValidationError(_("每件留言只能延期一次。"))
        self.require_reason(_("延期理由"))
        if channel.extension_approver == ExtensionApprover.LEVEL_ABOVE and not (
                (self.params.get("approval_reference") or "").strip()):
            raise ValidationError(_("请填写上级机关的批准文书（文号或日期）。"))

    def possible(self):
        return (not self.message.extended and self.message.channel.extension_period is not None
                and self.message.stage != Stage.LEVEL_ABOVE)

    def apply(self):
        old = self.message.reply_due_on
        self.message.extended = True
        return self.message, {"old_due": str(old),
                              "approver": self.message.channel.extension_approver,
                              "approval_reference": (self.params.get("approval_reference")
                                                     or "").strip()}


# --- The writer's feedback and the escalation chain --------------------------------------------
class Feedback(MessageAction):
    """The writer says whether they are satisfied, within the channel's days after the reply.

    Dissatisfied (湖南省“互联网+监督”平台运行维护和使用管理办法 第二十三条): after the department's
    answer, the same-level discipline body handles it; after the discipline body's, the level
    above, which does not work in this site: the message waits for its recorded transfer out.
    """

    action_name = "feedback"
    label = gettext_lazy("评价")
    states = (State.REPLIED,)
    public = True

    def user_has_permission(self):
        return False  # only the writer, through the tracking page (user=None)

    def check_state(self):
        if self.params.get("satisfied") is None:
            raise ValidationError(_("请选择满意或不满意。"))
        if self.message.feedback_due_on and local_today() > self.message.feedback_due_on:
            raise ValidationError(_("评价期限已过。"))

    def apply(self):
        message = self.message
        satisfied = bool(self.params["satisfied"])
        text = (self.params.get("text") or "").strip()
        reply = message.approved_replies().last()
        reply.satisfied, reply.feedback_at, reply.feedback_text = satisfied, timezone.now(), text
        reply.save(update_fields=["satisfied", "feedback_at", "feedback_text"])
        self.event_kind = "satisfied" if satisfied else "dissatisfied"
        today = local_today()
        if satisfied or not message.channel.escalates or message.stage >= Stage.LEVEL_ABOVE:
            message.state, message.closed_on = State.CLOSED, today
            return message, {"stage": message.stage}
        message.stage += 1
        message.state = State.ACCEPTED
        message.extended = False
        message.stage_started_on = today
        message.feedback_due_on = None
        if message.stage == Stage.DISCIPLINE:
            message.department = None
            self.event("escalated", data={"stage": message.stage})
        else:
            self.event("awaiting_level_above", data={"stage": message.stage})
        return message, {"stage": message.stage}


class TransferOut(MessageAction):
    """Third stage: the level above handles it; the site records the date, the receiving body
    and the letter sent (第二十三条: 由上级纪检监察机关负责调查处理)."""

    action_name = "transfer_out"
    label = gettext_lazy("转上级纪检监察机关")
    event_kind = "transferred_out"
    states = (State.ACCEPTED,)

    def user_has_permission(self):
        return is_discipline(self.user) or is_office(self.user)

    def check_state(self):
        if self.message.stage != Stage.LEVEL_ABOVE:
            raise ValidationError(_("只有对纪检监察答复仍不满意的投诉才转上级机关。"))
        if not (self.params.get("body") or "").strip():
            raise ValidationError(_("请填写接收的上级纪检监察机关。"))
        if len((self.params.get("letter") or "").strip()) < 10:
            raise ValidationError(_("请填写转办函内容（至少 10 个字）。"))
        sent_on = self.params.get("sent_on")
        if sent_on is None or sent_on > local_today():
            raise ValidationError(_("转交日期不能晚于今天。"))

    def possible(self):
        return self.message.stage == Stage.LEVEL_ABOVE

    def apply(self):
        message = self.message
        message.transfer_body = self.params["body"].strip()
        message.transfer_letter = self.params["letter"].strip()
        message.transferred_on = self.params["sent_on"]
        message.state, message.closed_on = State.TRANSFERRED_OUT, local_today()
        return message, {"body": message.transfer_body,
                         "sent_on": message.transferred_on.isoformat()}


class CloseWithoutFeedback(MessageAction):
    """No word from the writer within the days to say: the answer stands, the message closes."""

    action_name = "close_without_feedback"
    label = gettext_lazy("评价期满办结")
    event_kind = "closed_without_feedback"
    states = (State.REPLIED,)
    public = True  # the system's chore

    def user_has_permission(self):
        return is_office(self.user)

    def check_state(self):
        if not self.message.feedback_due_on or local_today() <= self.message.feedback_due_on:
            raise ValidationError(_("评价期限未满。"))

    def apply(self):
        self.message.state, self.message.closed_on = State.CLOSED, local_today()
        return self.message, {}


# --- Publication ------------------------------------------------------------------------------
class Publish(MessageAction):
    """Publish question and answer in the 互动交流 column: only with the writer's consent, on a
    channel that publishes, after the confidentiality check with personal data masked
    (条例 第十五条)."""

    action_name = "publish"
    changes_publication = True
    label = gettext_lazy("公开答复")
    event_kind = "published"
    states = (State.REPLIED, State.CLOSED, State.TRANSFERRED_OUT)

    def check_state(self):
        message = self.message
        if not message.consent_to_publish:
            raise ValidationError(_("留言人未同意公开，不能公开。"))
        if not message.channel.publish_replies:
            raise ValidationError(_("本渠道的答复不公开。"))
        if not message.approved_replies().exists():
            raise ValidationError(_("尚无答复，不能公开。"))
        try:
            self.masked = masked_for_publication(message)
        except PublicationBlocked as blocked:
            raise ValidationError(str(blocked)) from None

    def possible(self):
        message = self.message
        return (message.consent_to_publish and message.channel.publish_replies
                and not message.is_published)

    def apply(self):
        question, answers, masked = self.masked
        message = self.message
        message.published_question = question
        for reply, text in answers:
            reply.published_text = text
            reply.save(update_fields=["published_text"])
        message.published_at = timezone.now()
        # The trail names how many were masked, never the personal data itself.
        return message, {"masked": masked}


class Unpublish(MessageAction):
    action_name = "unpublish"
    changes_publication = True
    label = gettext_lazy("撤下公开答复")
    event_kind = "unpublished"

    def check_state(self):
        if not self.message.is_published:
            raise ValidationError(_("该留言未公开。"))
        self.require_reason(_("撤下理由"))

    def possible(self):
        return self.message.is_published

    def apply(self):
        message = self.message
        message.published_at = None
        message.published_question = ""
        message.replies.update(published_text="")
        return message, {}


STAFF_ACTIONS = [Accept, Refuse, ToApplication, Reassign, DraftReply, ApproveReply, ReturnReply,
                 Extend, TransferOut, Publish, Unpublish]
ACTIONS_BY_NAME = {action.action_name: action for action in STAFF_ACTIONS}


def available_actions(message, user) -> list[type[MessageAction]]:
    """The staff steps `user` may take on `message` now (parameters are checked on submit)."""
    found = []
    for action_class in STAFF_ACTIONS:
        action = action_class(message, user)
        if action.user_has_permission() and (not action.states
                                             or message.state in action.states) \
                and action.possible():
            found.append(action_class)
    return found
