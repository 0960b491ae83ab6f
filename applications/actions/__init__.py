"""Every step of an application as an action on Wagtail's action base: `check()` says whether
it may happen, `execute()` does it in one transaction and records who, when and why in the
append-only ApplicationEvent.

Views, commands and tasks call these, never the model fields directly. This module is the one
registry of steps: each step class carries its code, label, form and event kind, and the labels
of the audit trail come from it too. Import direction: base ← closing ← intake, pauses, routing; signoff ← answer.
"""

from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import DisclosureApplication, State
from .answer import DraftReply, ReleaseFile, Reply
from .base import ActionError, ActionPermissionError, ApplicationAction
from .closing import Archive
from .intake import CloseForLateCorrection, ConfirmReceipt, ReceiveCorrection, RequestCorrection
from .pauses import (
    CloseForUnpaidFee,
    EndConsultation,
    GrantExtension,
    RecordPayment,
    SendFeeNotice,
    StartConsultation,
)
from .routing import ApproveRouting, AssignDepartment, ProposeRouting, ReturnRouting, ReturnToOffice
from .signoff import ApproveReply, ReturnReply, current_draft

__all__ = [
    "ACTIONS", "ACTIONS_BY_CODE", "ActionError", "ActionPermissionError", "ApplicationAction",
    "Archive",
    "ApproveReply", "ApproveRouting", "DraftReply", "ProposeRouting", "ReturnReply",
    "ReturnRouting", "current_draft", "AssignDepartment", "CloseForLateCorrection", "CloseForUnpaidFee", "ConfirmReceipt",
    "EndConsultation", "GrantExtension", "RecordPayment", "ReceiveCorrection", "ReleaseFile",
    "Reply", "RequestCorrection", "ReturnToOffice", "SendFeeNotice", "StartConsultation",
    "available_actions", "close_lapsed", "event_label",
]

# The steps, in the order the detail page offers them.
ACTIONS = (ConfirmReceipt, ProposeRouting, ApproveRouting, ReturnRouting, AssignDepartment,
           ReturnToOffice, RequestCorrection, ReceiveCorrection, CloseForLateCorrection,
           GrantExtension, StartConsultation, EndConsultation, SendFeeNotice, RecordPayment,
           CloseForUnpaidFee, ReleaseFile, DraftReply, ApproveReply, ReturnReply, Reply, Archive)
ACTIONS_BY_CODE = {action.code: action for action in ACTIONS}

# Events that no staff step records: the applicant's submission, what the system does, and
# what a view records on its own (opening the identity proof).
OTHER_EVENT_LABELS = {
    "submitted": gettext_lazy("网上提交申请"),
    "registered": gettext_lazy("登记纸质或邮寄申请"),
    "identity_proof_viewed": gettext_lazy("查看申请人上传的身份证明材料"),
    "deadline_moved": gettext_lazy("节假日调整，期限重新计算"),
    "anonymised": gettext_lazy("到期匿名化"),
    "due_soon_announced": gettext_lazy("到期前提醒承办人员"),
}
EVENT_LABELS = {**OTHER_EVENT_LABELS,
                **{action.event_kind: action.event_label or action.label for action in ACTIONS}}


def event_label(kind: str) -> str:
    return EVENT_LABELS.get(kind, kind)


def available_actions(application, user) -> list[ApplicationAction]:
    return [action for action in (cls(application, user) for cls in ACTIONS)
            if action.is_available()]


def close_lapsed(today: date | None = None) -> list[DisclosureApplication]:
    """Close every application whose correction or fee deadline passed (run daily)."""
    closed = []
    candidates = DisclosureApplication.objects.filter(
        state__in=[State.AWAITING_CORRECTION, State.AWAITING_FEE], anonymised_at__isnull=True)
    for application in candidates:
        for action_class in (CloseForLateCorrection, CloseForUnpaidFee):
            action = action_class(application)
            if action.is_available():
                action.execute(reason=_("期限届满，系统自动处理。"))
                closed.append(application)
                break
    return closed
