"""The statutory clock of an application, on the working-day engine (workdays.engine).

条例 第三十三条: reply within 20 working days of receipt, plus one extension of at most 20.
条例 第三十条: after a correction request the 20 days start again on receipt of the correction.
条例 第三十二、三十四条 and 第三十三条第二款: consultation (15 working days) does not count.
国办函〔2020〕109号: the time to pay a fee (20 working days) does not count either.
"""

from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from workdays.engine import add_working_days, deadline, working_days_between
from workdays.local_time import local_today

from .conf import DUE_SOON_WORKING_DAYS, REPLY_WORKING_DAYS
from .models import ClockPause, State


@dataclass(frozen=True)
class PauseSpan:
    """A pause as the clock counts it: working days (start, end] are not counted."""

    pause: ClockPause
    counted_until: date  # ended_on, or (while open) the pause's own limit
    days: int


@dataclass(frozen=True)
class ReplyClock:
    """Where an application stands against its deadline; what staff and applicants are shown."""

    running: bool
    started_on: date | None = None
    due_on: date | None = None
    provisional: bool = False
    allowed_days: int = 0
    used_days: int = 0
    paused_days: int = 0
    open_pause: ClockPause | None = None
    pauses: list[PauseSpan] = field(default_factory=list)
    today: date | None = None

    @property
    def remaining_days(self) -> int:
        return max(self.allowed_days - self.used_days, 0)

    @property
    def overdue(self) -> bool:
        return self.running and self.due_on is not None and self.today > self.due_on

    @property
    def due_soon(self) -> bool:
        """Amber: due within DUE_SOON_WORKING_DAYS working days and not overdue yet."""
        return (self.running and self.due_on is not None and not self.overdue
                and working_days_between(self.today, self.due_on) <= DUE_SOON_WORKING_DAYS)

    @property
    def urgency(self) -> str:
        """"overdue" (red), "due-soon" (amber) or "" — the classes the staff lists use."""
        if self.overdue:
            return "overdue"
        if self.due_soon:
            return "due-soon"
        return ""


def reply_clock(application, today: date | None = None) -> ReplyClock:
    """The reply clock of `application` on `today` (Asia/Shanghai)."""
    today = today or local_today()
    start = application.clock_started_on
    if start is None or application.state in (State.SUBMITTED, State.AWAITING_CORRECTION):
        return ReplyClock(running=False, today=today)
    closed_on = application.closed_on if application.state == State.CLOSED else None
    spans = pause_spans(application, start)
    allowed = REPLY_WORKING_DAYS + application.extension_days
    paused = sum(span.days for span in spans)
    computed = deadline(start, allowed + paused)
    end = closed_on or today
    paused_so_far = sum(working_days_between(span.pause.started_on, min(span.counted_until, end))
                        for span in spans)
    used = working_days_between(start, end) - paused_so_far
    open_pause = next((span.pause for span in spans if span.pause.ended_on is None), None)
    return ReplyClock(
        running=closed_on is None, started_on=start, due_on=computed.due,
        provisional=computed.provisional, allowed_days=allowed, used_days=max(used, 0),
        paused_days=paused, open_pause=open_pause, pauses=spans, today=today,
    )


def pause_spans(application, start: date) -> list[PauseSpan]:
    spans = []
    for pause in application.pauses.all():
        if pause.started_on < start:
            continue  # a pause before the clock (re)started does not count
        until = pause.ended_on or pause.limit_on
        spans.append(PauseSpan(pause, until, working_days_between(pause.started_on, until)))
    return spans


def correction_deadline(requested_on: date, period_days: int) -> date:
    """The day the applicant's correction is due (条例 第三十条 "合理的补正期限")."""
    return add_working_days(requested_on, period_days)


def refresh_deadlines(application) -> list[tuple[object, str, date | None, date | None]]:
    """Recompute the stored due dates of an open application; return (obj, field, old, new)
    for each date that moved. The caller saves the application (pauses are saved here).

    Stored copies exist for lists and sorting (`due_on`), and for the clocks that run while
    the reply clock is stopped (`correction_due_on`, each open pause's `limit_on`).
    """
    from .conf import CONSULTATION_WORKING_DAYS, FEE_PAYMENT_WORKING_DAYS

    moves = []
    for pause in application.pauses.filter(ended_on__isnull=True):
        days = FEE_PAYMENT_WORKING_DAYS if pause.kind == ClockPause.Kind.FEE \
            else CONSULTATION_WORKING_DAYS
        new = add_working_days(pause.started_on, days)
        if new != pause.limit_on:
            moves.append((pause, "limit_on", pause.limit_on, new))
            pause.limit_on = new
            pause.save(update_fields=["limit_on"])
    if application.correction_requested_on and application.correction_period_days \
            and application.correction_received_on is None:
        new = correction_deadline(application.correction_requested_on,
                                  application.correction_period_days)
        if new != application.correction_due_on:
            moves.append((application, "correction_due_on", application.correction_due_on, new))
            application.correction_due_on = new
    clock = reply_clock(application)
    if clock.due_on is not None or application.state in (State.SUBMITTED,
                                                        State.AWAITING_CORRECTION):
        if clock.due_on != application.due_on:
            moves.append((application, "due_on", application.due_on, clock.due_on))
        application.due_on = clock.due_on
        application.due_provisional = clock.provisional
    return moves


def describe_for_applicant(application, today: date | None = None) -> list[str]:
    """The clock in plain words for the tracking page and emails."""
    clock = reply_clock(application, today)
    lines = []
    if application.state == State.SUBMITTED:
        lines.append(_("您的申请已在网上提交，尚待本机关确认收到。确认收到之日即为收到申请之日"
                       "（《条例》第三十一条），答复期限自该日起计算。"))
        return lines
    if application.received_on:
        lines.append(_("本机关收到您申请的日期：%(day)s。") % {"day": _day(application.received_on)})
    if application.state == State.AWAITING_CORRECTION:
        lines.append(_("您的申请需要补正，请在 %(day)s 前提交补正材料；逾期未补正的，视为放弃申请。"
                       "答复期限自本机关收到补正之日起重新计算。")
                     % {"day": _day(application.correction_due_on)})
        return lines
    if application.correction_received_on:
        lines.append(_("本机关于 %(day)s 收到您的补正，答复期限自该日起重新计算。")
                     % {"day": _day(application.correction_received_on)})
    if application.state == State.CLOSED:
        lines.append(_("本申请已于 %(day)s 办结。") % {"day": _day(application.closed_on)})
        return lines
    lines.append(_("法定答复期限为 %(allowed)s 个工作日，已用 %(used)s 个工作日，"
                   "最迟将于 %(due)s 前答复。")
                 % {"allowed": clock.allowed_days, "used": clock.used_days,
                    "due": _day(clock.due_on)})
    if application.extension_days:
        lines.append(_("经批准，答复期限延长 %(days)s 个工作日。")
                     % {"days": application.extension_days})
    if clock.open_pause is not None:
        if clock.open_pause.kind == ClockPause.Kind.FEE:
            lines.append(_("本机关已发出收费通知，请在 %(day)s 前缴费；缴费期间不计入答复期限，"
                           "逾期未缴纳的视为放弃申请。") % {"day": _day(clock.open_pause.limit_on)})
        else:
            lines.append(_("本机关自 %(day)s 起征求有关方面意见，征求意见期间不计入答复期限，"
                           "上述答复日期已按最长征求意见期限推算。")
                         % {"day": _day(clock.open_pause.started_on)})
    if clock.provisional:
        lines.append(_("答复日期所在年度的法定节假日尚未公布，日期为暂定，公布后将重新计算。"))
    return lines


def _day(value: date | None) -> str:
    return f"{value.year}年{value.month}月{value.day}日" if value else "—"
