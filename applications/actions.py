"""Every step of an application as an action class: check() says whether it may happen, execute()
does it in one transaction and records who, when and why in the append-only ApplicationEvent.

The shape follows wagtail/actions/: views, commands and tasks call these, never the model
fields directly. Dates are days in Asia/Shanghai; the clock is in applications.clock.
"""

from datetime import date

from django.core.files.base import File
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from workdays.engine import add_working_days
from workdays.local_time import local_date, local_today

from . import fees
from .clock import correction_deadline, refresh_deadlines, reply_clock
from .conf import (
    CONSULTATION_WORKING_DAYS,
    CORRECTION_NOTICE_WORKING_DAYS,
    FEE_PAYMENT_WORKING_DAYS,
    MAX_EXTENSION_WORKING_DAYS,
    setting,
)
from .letters import make_letter
from .models import (
    ApplicationEvent,
    ClockPause,
    DisclosureApplication,
    Letter,
    ReleasedFile,
    State,
)
from .notifications import queue_email
from .privacy import can_handle, is_office
from .replies import FEE_UNPAID, NO_CORRECTION, PARTLY_DISCLOSED, REPLY_TYPES

EVENT_LABELS = {
    "submitted": gettext_lazy("网上提交申请"),
    "identity_proof_viewed": gettext_lazy("查看申请人上传的身份证明材料"),
    "registered": gettext_lazy("登记纸质或邮寄申请"),
    "receipt_confirmed": gettext_lazy("确认收到申请"),
    "assigned": gettext_lazy("转办承办科室"),
    "returned": gettext_lazy("退回政务公开办公室"),
    "correction_requested": gettext_lazy("告知补正"),
    "correction_received": gettext_lazy("收到补正"),
    "extension_granted": gettext_lazy("批准延期答复"),
    "consultation_started": gettext_lazy("开始征求意见"),
    "consultation_ended": gettext_lazy("结束征求意见"),
    "fee_notice_sent": gettext_lazy("发出收费通知"),
    "fee_paid": gettext_lazy("收到缴费"),
    "file_released": gettext_lazy("上传拟提供的信息"),
    "replied": gettext_lazy("作出答复"),
    "lapsed": gettext_lazy("视为撤回申请"),
    "deadline_moved": gettext_lazy("节假日调整，期限重新计算"),
    "anonymised": gettext_lazy("到期匿名化"),
}


class ActionError(Exception):
    """Why an action may not happen, in words for the person who tried."""


class ApplicationAction:
    """Base of every step: permission and state checks, then one transaction with its event."""

    code = ""
    label = ""
    event_kind = ""
    states: tuple[str, ...] = ()
    office_only = False
    permission = ""  # an extra permission, e.g. approve_extension

    def __init__(self, application: DisclosureApplication, user=None):
        self.application = application
        self.user = user  # None: the system itself (lapses, chores)
        self.reason = ""

    # --- checking ---------------------------------------------------------------------------
    def check(self, **params) -> None:
        """Raise ActionError if this step may not happen now with these parameters."""
        self.check_allowed()
        self.check_params(**params)

    def check_allowed(self) -> None:
        user = self.user
        if user is not None:
            if self.office_only and not is_office(user):
                raise ActionError(_("只有政务公开办公室可以执行此操作。"))
            if not can_handle(user, self.application):
                raise ActionError(_("您无权办理此申请。"))
            if self.permission and not user.has_perm(self.permission):
                raise ActionError(_("您没有执行此操作的权限。"))
        if self.application.anonymised_at:
            raise ActionError(_("此申请已匿名化，不能再办理。"))
        if self.states and self.application.state not in self.states:
            raise ActionError(_("申请当前状态为“%(state)s”，不能%(action)s。") % {
                "state": self.application.get_state_display(), "action": self.label})
        self.check_state()

    def check_state(self) -> None:
        """Further rules on the application's current data (override)."""

    def check_params(self, **params) -> None:
        """Rules on the parameters (override)."""

    def is_available(self) -> bool:
        try:
            self.check_allowed()
        except ActionError:
            return False
        return True

    # --- doing ---------------------------------------------------------------------------
    def execute(self, reason: str = "", **params):
        """Check and apply under a row lock, record the event; return what apply returned.

        The caller's instance is refreshed afterwards, so it shows the new state.
        """
        self.reason = reason
        given = self.application
        with transaction.atomic():
            self.application = (DisclosureApplication.objects.select_for_update()
                                .get(pk=given.pk))
            self.check(**params)
            result, data = self.apply(**params)
            refresh_deadlines(self.application)
            self.application.save()
            ApplicationEvent.objects.create(application=self.application, kind=self.event_kind,
                                            by=self.user, reason=reason, data=data or {})
        given.refresh_from_db()
        return result

    def apply(self, **params) -> tuple[object, dict]:
        raise NotImplementedError

    # --- helpers ---------------------------------------------------------------------------
    @staticmethod
    def today() -> date:
        return local_today()

    def _check_day(self, day: date, *, not_before: date | None = None, label: str = "") -> None:
        if day > self.today():
            raise ActionError(_("%(label)s不能晚于今天。") % {"label": label})
        if not_before and day < not_before:
            raise ActionError(_("%(label)s不能早于 %(day)s。") % {"label": label, "day": not_before})

    def _close(self, reply_code: str, text: str = "") -> Letter:
        """End the application in one reply leaf and send the reply letter."""
        app = self.application
        leaf = REPLY_TYPES[reply_code]
        app.state = State.CLOSED
        app.reply_type = reply_code
        app.reply_text = text
        app.closed_on = self.today()
        paragraphs = [leaf.letter_text]
        if text:
            paragraphs.append(text)
        names = [released.name for released in app.released_files.all()]
        if names:
            paragraphs.append(_("随本答复提供的信息：%(names)s。") % {"names": "；".join(names)})
        paragraphs.append(_("依据：%(basis)s。") % {"basis": leaf.basis})
        letter = make_letter(app, Letter.Kind.REPLY, paragraphs, remedy=True)
        queue_email(app, "reply", {"reply": leaf, "files": bool(names)}, letter=letter)
        return letter


class ConfirmReceipt(ApplicationAction):
    """An online application is received on the day the office confirms it (条例 第三十一条)."""

    code = "confirm_receipt"
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


class AssignDepartment(ApplicationAction):
    """Pass the application to the department that holds the information (转办)."""

    code = "assign"
    label = gettext_lazy("转办承办科室")
    event_kind = "assigned"
    states = (State.SUBMITTED, State.IN_PROGRESS, State.AWAITING_CORRECTION, State.CONSULTING,
              State.AWAITING_FEE)
    office_only = True

    def check_params(self, department, **params):
        if department is None or not department.is_active:
            raise ActionError(_("请选择一个启用中的科室。"))
        if department.pk == self.application.department_id:
            raise ActionError(_("申请已在该科室办理。"))

    def apply(self, department):
        self.application.department = department
        return None, {"department": department.pk}


class ReturnToOffice(ApplicationAction):
    """The department hands the application back to the disclosure office, saying why."""

    code = "return"
    label = gettext_lazy("退回政务公开办公室")
    event_kind = "returned"
    states = AssignDepartment.states

    def check_state(self):
        if self.application.department_id is None:
            raise ActionError(_("申请尚未转办到科室。"))

    def apply(self):
        department = self.application.department_id
        self.application.department = None
        return None, {"department": department}


class RequestCorrection(ApplicationAction):
    """Ask once, fully, for a correction within 7 working days of receipt (条例 第三十条)."""

    code = "request_correction"
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
    label = gettext_lazy("登记收到补正")
    event_kind = "correction_received"
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
    label = gettext_lazy("逾期未补正，视为撤回")
    event_kind = "lapsed"
    states = (State.AWAITING_CORRECTION,)

    def check_state(self):
        if self.today() <= self.application.correction_due_on:
            raise ActionError(_("补正期限（%(day)s）尚未届满。")
                              % {"day": self.application.correction_due_on})

    def apply(self):
        return self._close(NO_CORRECTION), {"reply_type": NO_CORRECTION}


class GrantExtension(ApplicationAction):
    """One extension of at most 20 working days, approved by the office head (条例 第三十三条)."""

    code = "extend"
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
    label = gettext_lazy("征求第三方或其他机关意见")
    event_kind = "consultation_started"
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
    label = gettext_lazy("登记收到缴费")
    event_kind = "fee_paid"
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
    label = gettext_lazy("逾期未缴费，视为撤回")
    event_kind = "lapsed"
    states = (State.AWAITING_FEE,)

    def check_state(self):
        pause = self.application.pauses.filter(ended_on__isnull=True,
                                               kind=ClockPause.Kind.FEE).first()
        if pause is None or self.today() <= pause.limit_on:
            raise ActionError(_("缴费期限尚未届满。"))

    def apply(self):
        return self._close(FEE_UNPAID), {"reply_type": FEE_UNPAID}


class ReleaseFile(ApplicationAction):
    """Store a file to be given to the applicant (privately; delivered by an expiring link)."""

    code = "release_file"
    label = gettext_lazy("上传拟提供的信息")
    event_kind = "file_released"
    states = (State.IN_PROGRESS, State.CONSULTING, State.AWAITING_FEE)

    def check_params(self, upload, **params):
        if upload is None:
            raise ActionError(_("请选择要上传的文件。"))

    def apply(self, upload):
        released = ReleasedFile(application=self.application, name=upload.name[:200],
                                size=upload.size, uploaded_by=self.user)
        released.file.save(upload.name, File(upload), save=False)
        released.save()
        return released, {"file": released.pk, "size": released.size}


class Reply(ApplicationAction):
    """The reply: exactly one leaf of the reply tree, a letter with the remedy notice."""

    code = "reply"
    label = gettext_lazy("作出答复")
    event_kind = "replied"
    states = (State.IN_PROGRESS,)

    def check_params(self, reply_type: str, text: str = "", **params):
        leaf = REPLY_TYPES.get(reply_type)
        if leaf is None or leaf.lapse:
            raise ActionError(_("请从答复类型中选择一项。"))
        has_files = self.application.released_files.exists()
        if reply_type == PARTLY_DISCLOSED and not (has_files and text.strip()):
            raise ActionError(_("部分公开须上传可以公开的部分，并说明不予公开部分的理由。"))
        if leaf.releases_information and not (has_files or text.strip()):
            raise ActionError(_("予以公开须上传提供的信息，或写明获取的方式和途径。"))
        if not leaf.releases_information and not text.strip():
            raise ActionError(_("请写明答复的理由和依据。"))

    def apply(self, reply_type: str, text: str = ""):
        return self._close(reply_type, text), {"reply_type": reply_type}


ACTIONS = (ConfirmReceipt, AssignDepartment, ReturnToOffice, RequestCorrection,
           ReceiveCorrection, CloseForLateCorrection, GrantExtension, StartConsultation,
           EndConsultation, SendFeeNotice, RecordPayment, CloseForUnpaidFee, ReleaseFile, Reply)
ACTIONS_BY_CODE = {action.code: action for action in ACTIONS}


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
