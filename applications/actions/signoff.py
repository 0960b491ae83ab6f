"""The sign-off of a reply before it leaves (issue 22; the agency's practice for letters issued
in its name): the head (科室负责人) of the handling department approves or returns every reply;
the refusing kinds and any reply after an extension also need the head of the disclosure
office (which kinds is a setting); a reply the office answers itself (自办) needs the office's
head alone. Whoever drafted a reply never approves it. The statutory clock keeps running.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import step_forms
from ..announcements import announce, department_signers, department_team, office_signers
from ..conf import setting
from ..models import ReplyDraft, State
from ..privacy import is_department_signer, is_office_signer
from ..replies import REPLY_TYPES
from .base import ActionError, ApplicationAction

DEPARTMENT, OFFICE = "department", "office"
STAGE_LABELS = {DEPARTMENT: gettext_lazy("科室负责人"), OFFICE: gettext_lazy("政务公开办公室负责人")}


def current_draft(application) -> ReplyDraft | None:
    """The reply waiting for review or approved and not yet sent, if any."""
    return application.reply_drafts.filter(
        state__in=[ReplyDraft.State.PENDING, ReplyDraft.State.APPROVED]).order_by("-pk").first()


def required_stages(application, reply_type: str) -> list[str]:
    if application.department_id is None:
        return [OFFICE]
    stages = [DEPARTMENT]
    if (REPLY_TYPES[reply_type].group in setting("APPLICATION_OFFICE_SIGN_OFF_GROUPS")
            or (application.extension_days
                and setting("APPLICATION_OFFICE_SIGN_OFF_AFTER_EXTENSION"))):
        stages.append(OFFICE)
    return stages


def next_stage(draft) -> str | None:
    approved = {DEPARTMENT: draft.department_approved_by_id, OFFICE: draft.office_approved_by_id}
    return next((stage for stage in required_stages(draft.application, draft.reply_type)
                 if approved[stage] is None), None)


def may_sign(user, application, stage) -> bool:
    if stage == DEPARTMENT:
        return is_department_signer(user, application)
    return stage == OFFICE and is_office_signer(user)


def announce_next_stage(application, draft):
    stage = next_stage(draft)
    signers = (department_signers(application.department) if stage == DEPARTMENT
               else office_signers())
    announce(application, "review", signers, what=_("答复待%(who)s审核")
             % {"who": STAGE_LABELS[stage]}, exclude=draft.drafted_by)


class ReviewReply(ApplicationAction):
    """What approving and returning share: a pending draft, and a reviewer of its next stage."""

    states = (State.IN_PROGRESS,)

    @property
    def draft(self):
        return current_draft(self.application)

    def user_may_act(self, user) -> bool:
        draft = self.draft
        if draft is None or draft.state != ReplyDraft.State.PENDING:
            # Nothing to review: a reviewer is told so by check_state.
            return may_sign(user, self.application, DEPARTMENT) or is_office_signer(user)
        return may_sign(user, self.application, next_stage(draft))

    def check_state(self):
        draft = self.draft
        if draft is None or draft.state != ReplyDraft.State.PENDING:
            raise ActionError(_("没有等待审核的答复。"))
        if self.user is not None and self.user.pk == draft.drafted_by_id:
            raise ActionError(_("起草人不能审核自己起草的答复。"))


class ApproveReply(ReviewReply):
    code = "approve_reply"
    label = gettext_lazy("审核通过答复")
    event_kind = "reply_approved"

    def check_state(self):
        super().check_state()
        if self.draft.letter_status != ReplyDraft.LetterStatus.READY:
            raise ActionError(_("答复书尚未生成，请在生成后查看再审核。"))

    def apply(self):
        draft = self.draft
        stage = next_stage(draft)
        setattr(draft, f"{stage}_approved_by", self.user)
        if next_stage(draft) is None:
            draft.state = ReplyDraft.State.APPROVED
            draft.approved_checksum = draft.letter_checksum
        draft.save()
        return draft, {"draft": draft.pk, "stage": stage, "checksum": draft.letter_checksum}

    def after(self, draft):
        if draft.state == ReplyDraft.State.PENDING:
            announce_next_stage(self.application, draft)
        else:
            announce(self.application, "approved", department_team(self.application.department),
                     what=_("答复审核通过，请发出"), comment=self.reason)


class ReturnReply(ReviewReply):
    code = "return_reply"
    form_class = step_forms.CommentForm
    label = gettext_lazy("退回答复")
    event_kind = "reply_returned"

    def check_params(self, **params):
        if not self.reason.strip():
            raise ActionError(_("请写明退回意见。"))

    def apply(self):
        draft = self.draft
        stage = next_stage(draft)
        draft.state = ReplyDraft.State.RETURNED
        draft.return_comment = self.reason
        draft.save(update_fields=["state", "return_comment"])
        return draft, {"draft": draft.pk, "stage": stage}

    def after(self, draft):
        recipients = list(department_team(self.application.department))
        if draft.drafted_by is not None:
            recipients.append(draft.drafted_by)
        announce(self.application, "returned", recipients, what=_("答复退回修改"),
                 comment=self.reason, exclude=self.user)
