"""Routing, as the handbook's flowchart runs it (seed 004 依申请政务公开流程图): the office
accepts the application and proposes 转办 to a department or 自办; the head of the disclosure
office (the reviewing role is a setting) approves or returns the proposal; only an approved
routing is assigned. A department may hand an application back, which needs a new review.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import step_forms
from ..announcements import announce, department_team, office_staff, routing_reviewers
from ..models import Routing, State
from ..privacy import is_routing_reviewer
from .base import ActionError, ApplicationAction

ACCEPTED_STATES = (State.IN_PROGRESS, State.AWAITING_CORRECTION, State.CONSULTING,
                   State.AWAITING_FEE)


class ProposeRouting(ApplicationAction):
    """The office puts its acceptance and routing (转办 or 自办) to its head for review."""

    code = "propose_routing"
    form_class = step_forms.ProposeRoutingForm
    label = gettext_lazy("提请审核受理和转办意见")
    event_kind = "routing_proposed"
    states = ACCEPTED_STATES
    office_only = True

    def check_state(self):
        if self.application.routing == Routing.PROPOSED:
            raise ActionError(_("受理和转办意见正在等待负责人审核。"))
        if self.application.routing == Routing.APPROVED:
            raise ActionError(_("受理和转办意见已审核通过。"))

    def check_params(self, department=None, **params):
        if department is not None and not department.is_active:
            raise ActionError(_("请选择一个启用中的科室。"))

    def apply(self, department=None):
        self.application.routing = Routing.PROPOSED
        self.application.routing_department = department
        return None, {"department": department.pk if department else None}

    def after(self, result):
        announce_review(self.application, self.user)


class ApproveRouting(ApplicationAction):
    """The head of the disclosure office approves the acceptance and the routing."""

    code = "approve_routing"
    label = gettext_lazy("审核通过受理和转办意见")
    event_kind = "routing_approved"
    states = ACCEPTED_STATES

    def user_may_act(self, user) -> bool:
        return is_routing_reviewer(user)

    def check_state(self):
        if self.application.routing != Routing.PROPOSED:
            raise ActionError(_("没有等待审核的受理和转办意见。"))
        if self.user is not None and self.user.pk == proposer_of(self.application):
            raise ActionError(_("不能审核自己提出的受理和转办意见。"))

    def apply(self):
        self.application.routing = Routing.APPROVED
        return None, {"department": self.application.routing_department_id}

    def after(self, result):
        what = (_("转办意见审核通过，请转办%(department)s")
                % {"department": self.application.routing_department}
                if self.application.routing_department_id else _("自办意见审核通过，请办理"))
        announce(self.application, "approved", office_staff(), what=what, comment=self.reason)


class ReturnRouting(ApplicationAction):
    """The head returns the proposal to the office with a comment."""

    code = "return_routing"
    form_class = step_forms.CommentForm
    label = gettext_lazy("退回受理和转办意见")
    event_kind = "routing_returned"
    user_may_act = ApproveRouting.user_may_act
    states = ACCEPTED_STATES

    def check_state(self):
        if self.application.routing != Routing.PROPOSED:
            raise ActionError(_("没有等待审核的受理和转办意见。"))

    def check_params(self, **params):
        if not self.reason.strip():
            raise ActionError(_("请写明退回意见。"))

    def apply(self):
        self.application.routing = Routing.RETURNED
        return None, {"department": self.application.routing_department_id}

    def after(self, result):
        announce(self.application, "returned", office_staff(), what=_("受理和转办意见"),
                 comment=self.reason)


class AssignDepartment(ApplicationAction):
    """Pass the application to the department its approved routing names (转办)."""

    code = "assign"
    label = gettext_lazy("转办承办科室")
    event_kind = "assigned"
    states = ACCEPTED_STATES
    office_only = True

    def check_state(self):
        app = self.application
        if app.routing != Routing.APPROVED:
            raise ActionError(_("受理和转办意见须经负责人审核通过后才能转办。"))
        if app.routing_department_id is None:
            raise ActionError(_("审核通过的意见为政务公开办公室自办，无需转办。"))
        if app.routing_department_id == app.department_id:
            raise ActionError(_("申请已在该科室办理。"))

    def check_params(self, department=None, **params):
        if department is not None and department.pk != self.application.routing_department_id:
            raise ActionError(_("只能转办审核通过的科室：%(department)s。")
                              % {"department": self.application.routing_department})

    def apply(self, department=None):
        self.application.department = self.application.routing_department
        return None, {"department": self.application.department_id}

    def after(self, result):
        announce(self.application, "assigned", department_team(self.application.department),
                 comment=self.reason)


class ReturnToOffice(ApplicationAction):
    """The department hands the application back to the office, saying why; the office's new
    routing needs a new review."""

    code = "return"
    form_class = step_forms.ReturnForm
    label = gettext_lazy("退回政务公开办公室")
    event_kind = "returned"
    states = ACCEPTED_STATES

    def check_state(self):
        if self.application.department_id is None:
            raise ActionError(_("申请尚未转办到科室。"))

    def apply(self):
        department = self.application.department_id
        self.application.department = None
        self.application.routing = ""
        return None, {"department": department}

    def after(self, result):
        announce(self.application, "returned", office_staff(), what=_("承办科室退回"),
                 comment=self.reason)


def proposer_of(application):
    event = application.events.filter(kind="routing_proposed").order_by("-at", "-pk").first()
    return event.by_id if event else None


def announce_review(application, proposer):
    announce(application, "review", routing_reviewers(), what=_("受理和转办意见待审核"),
             exclude=proposer)
