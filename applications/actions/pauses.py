"""Steps that move the statutory clock: the one extension (条例 第三十三条), consultations whose
time does not count (第三十二、三十四条), and the information-processing fee (第四十二条)."""

from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from workdays.engine import add_working_days

from .. import fees, step_forms
from ..clock import reply_clock
from ..conf import CONSULTATION_WORKING_DAYS, FEE_PAYMENT_WORKING_DAYS, MAX_EXTENSION_WORKING_DAYS
from ..letters import make_letter
from ..models import ClockPause, Letter, State
from ..notifications import queue_email
from ..replies import FEE_UNPAID
from .base import ActionError, ApplicationAction
from .closing import close


class GrantExtension(ApplicationAction):
    """One extension of at most 20 working days, approved by the office head (条例 第三十三条)."""

    code = "extend"
    form_class = step_forms.ExtensionForm
    label = gettext_lazy("批准延期答复")
    event_kind = "extension_granted"
    states = (State.IN_PROGRESS, State.CONSULTING, State.AWAITING_FEE)
    permission = "applications.approve_extension"

    def check_state(self):
        app = self.application
        if app.extension_days:
            raise ActionError(_("答复期限只能延长一次（《条例》第三十三条）。"))
        due = reply_clock(app).due_on
        if due and self.today() > due:
            raise ActionError(_("答复期限（%(day)s）已过，不能再延期。") % {"day": due})

    def check_params(self, days: int, **params):
        if not 1 <= days <= MAX_EXTENSION_WORKING_DAYS:
            raise ActionError(_("延长的期限最长不超过 20 个工作日。"))
        if not self.reason.strip():
            raise ActionError(_("请写明延期理由，理由将告知申请人。"))

    def apply(self, days: int):
        app = self.application
        app.extension_days = days
        app.extension_reason = self.reason
        due = reply_clock(app).due_on
        letter = make_letter(app, Letter.Kind.EXTENSION, [
            _("因%(reason)s，经本机关政府信息公开工作机构负责人同意，答复期限延长%(days)s个工作日，"
              "最迟于%(due)s前答复。") % {"reason": self.reason, "days": days, "due": due},
        ])
        queue_email(app, "extension", {"days": days, "due": due}, letter=letter)
        return letter, {"days": days, "due": due.isoformat()}


class StartConsultation(ApplicationAction):
    """Ask a third party or another agency; 15 working days that do not count (第三十二、三十四条)."""

    code = "start_consultation"
    form_class = step_forms.ConsultationForm
    label = gettext_lazy("征求第三方或其他机关意见")
    event_kind = "consultation_started"
    event_label = gettext_lazy("开始征求意见")
    states = (State.IN_PROGRESS,)

    def check_params(self, kind: str, counterpart: str, **params):
        if kind not in (ClockPause.Kind.THIRD_PARTY, ClockPause.Kind.AGENCY):
            raise ActionError(_("请选择征求第三方意见或征求其他机关意见。"))
        if not counterpart.strip():
            raise ActionError(_("请填写征求意见的对象。"))

    def apply(self, kind: str, counterpart: str):
        today = self.today()
        pause = ClockPause.objects.create(
            application=self.application, kind=kind, counterpart=counterpart, started_on=today,
            limit_on=add_working_days(today, CONSULTATION_WORKING_DAYS))
        self.application.state = State.CONSULTING
        return pause, {"kind": kind, "limit": pause.limit_on.isoformat()}


class EndConsultation(ApplicationAction):
    """The opinion came in (or the 15 days ran out): the reply clock runs again."""

    code = "end_consultation"
    form_class = step_forms.EndConsultationForm
    label = gettext_lazy("结束征求意见")
    event_kind = "consultation_ended"
    states = (State.CONSULTING,)

    def open_pause(self):
        return self.application.pauses.filter(ended_on__isnull=True).exclude(
            kind=ClockPause.Kind.FEE).first()

    def check_params(self, ended_on: date, **params):
        self._check_day(ended_on, not_before=self.open_pause().started_on, label=_("结束日期"))

    def apply(self, ended_on: date):
        pause = self.open_pause()
        # Time beyond the counterpart's 15 working days counts against the reply again.
        pause.ended_on = min(ended_on, pause.limit_on)
        pause.save(update_fields=["ended_on"])
        self.application.state = State.IN_PROGRESS
        return pause, {"ended_on": pause.ended_on.isoformat()}


class SendFeeNotice(ApplicationAction):
    """Fee notice for clearly excessive volume (条例 第四十二条; 国办函〔2020〕109号)."""

    code = "fee_notice"
    form_class = step_forms.FeeForm
    label = gettext_lazy("发出收费通知")
    event_kind = "fee_notice_sent"
    states = (State.IN_PROGRESS,)

    def check_state(self):
        if self.application.pauses.filter(kind=ClockPause.Kind.FEE).exists():
            raise ActionError(_("本申请已发出过收费通知。"))

    def check_params(self, method: str, pages: int = 0, **params):
        if method not in (fees.PER_APPLICATION, fees.PER_PAGE):
            raise ActionError(_("请选择按件或按量计收。"))
        if method == fees.PER_PAGE and pages <= 0:
            raise ActionError(_("按量计收请填写页数。"))
        if fees.fee(self.application, method, pages) <= 0:
            raise ActionError(_("按收费标准（%(source)s），本申请不收费。")
                              % {"source": fees.tariff_source()})

    def apply(self, method: str, pages: int = 0):
        app = self.application
        amount = fees.fee(app, method, pages)
        today = self.today()
        pause = ClockPause.objects.create(
            application=app, kind=ClockPause.Kind.FEE, started_on=today, amount=amount,
            limit_on=add_working_days(today, FEE_PAYMENT_WORKING_DAYS))
        app.state = State.AWAITING_FEE
        letter = make_letter(app, Letter.Kind.FEE, [
            _("依据%(source)s，您的申请需缴纳信息处理费%(amount)s元（%(method)s）。")
            % {"source": fees.tariff_source(), "amount": amount,
               "method": dict(fees.METHOD_CHOICES)[method]},
            _("请于%(day)s前缴纳。缴费期间不计入答复期限；逾期未缴纳的，视为放弃申请。")
            % {"day": pause.limit_on},
        ])
        queue_email(app, "fee", {"amount": amount, "limit": pause.limit_on}, letter=letter)
        return pause, {"amount": str(amount), "method": method, "pages": pages,
                       "limit": pause.limit_on.isoformat()}


class RecordPayment(ApplicationAction):
    code = "fee_paid"
    form_class = step_forms.PaymentForm
    label = gettext_lazy("登记收到缴费")
    event_kind = "fee_paid"
    event_label = gettext_lazy("收到缴费")
    states = (State.AWAITING_FEE,)

    def open_pause(self):
        return self.application.pauses.filter(ended_on__isnull=True,
                                              kind=ClockPause.Kind.FEE).first()

    def check_params(self, paid_on: date, **params):
        pause = self.open_pause()
        self._check_day(paid_on, not_before=pause.started_on, label=_("缴费日期"))
        if paid_on > pause.limit_on:
            raise ActionError(_("缴费已逾期（期限 %(day)s），应按视为放弃申请处理。")
                              % {"day": pause.limit_on})

    def apply(self, paid_on: date):
        pause = self.open_pause()
        pause.ended_on = paid_on
        pause.save(update_fields=["ended_on"])
        self.application.state = State.IN_PROGRESS
        return pause, {"paid_on": paid_on.isoformat()}


class CloseForUnpaidFee(ApplicationAction):
    """Not paid within 20 working days: the application is withdrawn (国办函〔2020〕109号)."""

    code = "close_unpaid_fee"
    form_class = step_forms.ReasonForm
    label = gettext_lazy("逾期未缴费，视为撤回")
    event_kind = "lapsed"
    event_label = gettext_lazy("视为撤回申请")
    states = (State.AWAITING_FEE,)

    def check_state(self):
        pause = self.application.pauses.filter(ended_on__isnull=True,
                                               kind=ClockPause.Kind.FEE).first()
        if pause is None or self.today() <= pause.limit_on:
            raise ActionError(_("缴费期限尚未届满。"))

    def apply(self):
        return close(self.application, FEE_UNPAID), {"reply_type": FEE_UNPAID}


