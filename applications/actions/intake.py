"""Taking an application in: receipt and the one request for a correction (条例 第三十、三十一条).
Routing to a department is in applications.actions.routing."""

from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from workdays.engine import add_working_days
from workdays.local_time import local_date

from .. import step_forms
from ..clock import correction_deadline
from ..conf import CORRECTION_NOTICE_WORKING_DAYS, setting
from ..letters import make_letter
from ..models import Letter, State
from ..notifications import queue_email
from ..replies import NO_CORRECTION
from .base import ActionError, ApplicationAction
from .closing import close


class ConfirmReceipt(ApplicationAction):
    """An online application is received on the day the office confirms it (条例 第三十一条)."""

    code = "confirm_receipt"
    form_class = step_forms.ConfirmReceiptForm
    label = gettext_lazy("确认收到申请")
    event_kind = "receipt_confirmed"
    states = (State.SUBMITTED,)
    office_only = True

    def check_params(self, received_on: date, **params):
        self._check_day(received_on, not_before=local_date(self.application.submitted_at),
                        label=_("收到申请之日"))

    def apply(self, received_on: date):
        app = self.application
        app.received_on = app.clock_started_on = received_on
        app.state = State.IN_PROGRESS
        queue_email(app, "received", {})
        return None, {"received_on": received_on.isoformat()}


class RequestCorrection(ApplicationAction):
    """Ask once, fully, for a correction within 7 working days of receipt (条例 第三十条)."""

    code = "request_correction"
    form_class = step_forms.CorrectionForm
    label = gettext_lazy("告知补正")
    event_kind = "correction_requested"
    states = (State.IN_PROGRESS,)

    def check_state(self):
        app = self.application
        if app.correction_requested_on:
            raise ActionError(_("补正只能告知一次（《条例》第三十条“一次性告知”）。"))
        last_day = add_working_days(app.received_on, CORRECTION_NOTICE_WORKING_DAYS)
        if self.today() > last_day:
            raise ActionError(_("告知补正应在收到申请之日起 7 个工作日内（截至 %(day)s）作出，"
                                "现已逾期。") % {"day": last_day})

    def check_params(self, request_text: str, period_days: int | None = None, **params):
        if not request_text.strip():
            raise ActionError(_("请写明需要补正的全部内容。"))
        if period_days is not None and not 1 <= period_days <= 60:
            raise ActionError(_("补正期限应为 1 至 60 个工作日。"))

    def apply(self, request_text: str, period_days: int | None = None):
        app = self.application
        period = period_days or setting("APPLICATION_CORRECTION_PERIOD_DAYS")
        app.state = State.AWAITING_CORRECTION
        app.correction_requested_on = self.today()
        app.correction_period_days = period
        app.correction_due_on = correction_deadline(app.correction_requested_on, period)
        app.correction_request = request_text
        letter = make_letter(app, Letter.Kind.CORRECTION, [
            _("经审查，您的申请内容不够明确，请补正以下内容：%(text)s") % {"text": request_text},
            _("请于%(day)s前提交补正。答复期限自本机关收到补正之日起重新计算；"
              "无正当理由逾期不补正的，视为放弃申请，本机关不再处理该申请。")
            % {"day": app.correction_due_on},
        ])
        queue_email(app, "correction", {}, letter=letter)
        return letter, {"due": app.correction_due_on.isoformat(), "period_days": period}


class ReceiveCorrection(ApplicationAction):
    """The correction came in on time: the 20 working days start again (条例 第三十条)."""

    code = "receive_correction"
    form_class = step_forms.ReceiveCorrectionForm
    label = gettext_lazy("登记收到补正")
    event_kind = "correction_received"
    event_label = gettext_lazy("收到补正")
    states = (State.AWAITING_CORRECTION,)

    def check_params(self, received_on: date, **params):
        app = self.application
        self._check_day(received_on, not_before=app.correction_requested_on,
                        label=_("收到补正之日"))
        if received_on > app.correction_due_on:
            raise ActionError(_("补正已逾期（期限 %(day)s），应按视为放弃申请处理。")
                              % {"day": app.correction_due_on})

    def apply(self, received_on: date):
        app = self.application
        app.correction_received_on = app.clock_started_on = received_on
        app.state = State.IN_PROGRESS
        return None, {"received_on": received_on.isoformat()}


class CloseForLateCorrection(ApplicationAction):
    """No correction by the deadline: the application is withdrawn (条例 第三十条)."""

    code = "close_late_correction"
    form_class = step_forms.ReasonForm
    label = gettext_lazy("逾期未补正，视为撤回")
    event_kind = "lapsed"
    event_label = gettext_lazy("视为撤回申请")
    states = (State.AWAITING_CORRECTION,)

    def check_state(self):
        if self.today() <= self.application.correction_due_on:
            raise ActionError(_("补正期限（%(day)s）尚未届满。")
                              % {"day": self.application.correction_due_on})

    def apply(self):
        return close(self.application, NO_CORRECTION), {"reply_type": NO_CORRECTION}


