"""The deadlines of a message, computed from its channel's rules (interaction.periods).

- acceptance: the channel's period from the day received (7 日, 湖南省“互联网+监督”平台运行
  维护和使用管理办法 第二十六条);
- reply: the subject's or channel's period from the day the current stage started (3 个月,
  第二十六条; 1 个月 for fund complaints, 平顶山市卫生健康委员会民生监督大数据平台管理使用办法
  第十一条), moved on by the one extension (1 个月, 第二十六条) once approved;
- the inspection red line: 3 months from the day received; a valid message of a consultation
  channel still unanswered after it fails the site (政府网站与政务新媒体检查指标, 国办秘函
  〔2019〕19号, 单项否决). A hard alarm, not a reminder.

Lists colour a due date amber within DUE_SOON_WORKING_DAYS working days, red when passed, as
the publication dashboard does.
"""

from dataclasses import dataclass
from datetime import date

from django.db import transaction

from workdays.engine import working_days_between
from workdays.local_time import local_today
from workdays.models import record_deadline_change

from .models import State
from .periods import Period, Unit, period_end

INSPECTION_LIMIT = Period(3, Unit.MONTHS)  # 国办秘函〔2019〕19号: 超过 3 个月未答复
DUE_SOON_WORKING_DAYS = 3
MOVED_REASON = "节假日安排调整，期限按新的工作日历重新计算"


def refresh(message) -> list[tuple[str, date | None, date | None]]:
    """Set the message's deadlines from its rules; return the (field, old, new) that moved."""
    before = {name: getattr(message, name) for name in
              ("accept_due_on", "reply_due_on", "inspection_limit_on", "feedback_due_on")}
    channel = message.channel
    message.accept_due_on = period_end(message.received_on, channel.accept_period).due
    message.inspection_limit_on = period_end(message.received_on, INSPECTION_LIMIT).due
    if message.stage_started_on:
        reply = period_end(message.stage_started_on, message.reply_period())
        due, provisional = reply.due, reply.provisional
        if message.extended and channel.extension_period:
            extension = period_end(due, channel.extension_period)
            due, provisional = extension.due, provisional or extension.provisional
        message.reply_due_on, message.due_provisional = due, provisional
    # The writer rates only the answer now standing; after they did (or it escalated), none.
    message.feedback_due_on = period_end(
        message.replied_on, Period(channel.satisfaction_days, Unit.DAYS)).due \
        if message.state == State.REPLIED and message.replied_on else None
    return [(name, old, getattr(message, name)) for name, old in before.items()
            if old != getattr(message, name)]


@dataclass(frozen=True)
class Clock:
    """Where a message stands against its deadlines today."""

    due_on: date | None
    level: str  # "overdue" (red), "due_soon" (amber), "ok", or "" when nothing runs
    alarm: bool  # the 3-month inspection red line is passed while unanswered

    @property
    def css_class(self) -> str:
        return {"overdue": "deadline-overdue", "due_soon": "deadline-soon"}.get(self.level, "")


def clock(message, today: date | None = None) -> Clock:
    today = today or local_today()
    if not message.is_open:
        return Clock(None, "", False)
    due = message.reply_due_on if message.accepted_on else message.accept_due_on
    if due is None:
        level = ""
    elif today > due:
        level = "overdue"
    elif working_days_between(today, due) <= DUE_SOON_WORKING_DAYS:
        level = "due_soon"
    else:
        level = "ok"
    return Clock(due, level, inspection_alarm(message, today))


def inspection_alarm(message, today: date | None = None) -> bool:
    """A message of a consultation channel, valid (not refused), unanswered past 3 months."""
    today = today or local_today()
    return (message.is_open and message.first_replied_on is None
            and message.channel.counts_for_inspection
            and today > message.inspection_limit_on)


def alarms(today: date | None = None):
    """Every message past the 3-month red line, oldest first (the admin shows them in red)."""
    from .models import InspectionKind, PublicMessage

    today = today or local_today()
    return (PublicMessage.objects.open()
            .filter(first_replied_on=None, inspection_limit_on__lt=today,
                    channel__inspection_kind=InspectionKind.CONSULTATION)
            .select_related("channel").order_by("inspection_limit_on"))


def recompute_open_deadlines(sender, years=None, **kwargs):
    """workdays.signals.calendar_changed: recompute open messages, record every move."""
    from .models import MessageEvent, PublicMessage

    moved = 0
    for message in PublicMessage.objects.open().select_related("channel", "subject"):
        with transaction.atomic():
            moves = refresh(message)
            if not moves:
                continue
            message.save(update_fields=[field for field, _old, _new in moves]
                         + ["due_provisional"])
            for field, old, new in moves:
                record_deadline_change(message, field, old, new, MOVED_REASON)
            MessageEvent.objects.create(
                message=message, kind="deadline_moved", reason=MOVED_REASON,
                data={"years": sorted(years or []),
                      "moves": [[field, str(old), str(new)] for field, old, new in moves]})
            moved += 1
    return moved
