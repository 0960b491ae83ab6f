"""The ledger (台账) of messages per month, channel and department, and the year's totals.

湖南省“互联网+监督”平台运行维护和使用管理办法 第二十二条 asks for a ledger of complaint
handling (工作台账); the website annual report (政府网站工作年度报表, 国办函〔2018〕12号) asks for
网民留言数量, 办结数量 and 平均办理时间 — `year_totals()` gives them.

A message counts in the month it was received; its department is the one that answered (or
holds) its first stage. "On time": the first answer approved no later than its due date.
Average working days: from receipt to the first answer (workdays.engine).
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from workdays.engine import working_days_between

from .models import PublicMessage, Stage, State

COLUMNS = [
    ("received", _("收到")),
    ("accepted", _("受理")),
    ("refused", _("不予受理或转依申请")),
    ("replied", _("已答复")),
    ("on_time", _("按期答复")),
    ("average_days", _("平均答复用时（工作日）")),
    ("satisfied", _("满意")),
    ("dissatisfied", _("不满意")),
    ("escalated", _("逐级投诉")),
    ("transferred_out", _("转上级机关")),
    ("open", _("在办")),
]


@dataclass
class Row:
    month: int | None
    channel: str
    department: str
    received: int = 0
    accepted: int = 0
    refused: int = 0
    replied: int = 0
    on_time: int = 0
    satisfied: int = 0
    dissatisfied: int = 0
    escalated: int = 0
    transferred_out: int = 0
    open: int = 0
    days: list = field(default_factory=list)

    @property
    def average_days(self) -> str:
        return f"{sum(self.days) / len(self.days):.1f}" if self.days else "—"

    def values(self) -> list:
        return [getattr(self, name) for name, _label in COLUMNS]

    def add(self, message, replies) -> None:
        self.received += 1
        self.accepted += message.accepted_on is not None
        self.refused += message.state in (State.REFUSED, State.TO_APPLICATION)
        first = replies[0] if replies else None
        if first is not None:
            self.replied += 1
            answered = first.approved_at.date()
            self.on_time += bool(first.due_on and message.first_replied_on <= first.due_on)
            self.days.append(working_days_between(message.received_on,
                                                  message.first_replied_on or answered))
        self.satisfied += sum(1 for reply in replies if reply.satisfied is True)
        self.dissatisfied += sum(1 for reply in replies if reply.satisfied is False)
        self.escalated += message.stage >= Stage.DISCIPLINE
        self.transferred_out += message.state == State.TRANSFERRED_OUT
        self.open += message.is_open


def ledger(year: int) -> tuple[list[Row], Row]:
    """Rows per (month, channel, department) of `year`, and the year's total row."""
    rows: dict[tuple, Row] = {}
    total = Row(None, str(_("合计")), "")
    for message, replies in _messages(year):
        department = _department(message, replies)
        key = (message.received_on.month, message.channel.name, department)
        row = rows.setdefault(key, Row(*key))
        row.add(message, replies)
        total.add(message, replies)
    return [rows[key] for key in sorted(rows)], total


def year_totals(year: int) -> dict:
    """For the website annual report: 网民留言数量, 办结数量, 平均办理时间 (working days)."""
    _rows, total = ledger(year)
    finished = total.received - total.open
    return {"received": total.received, "finished": finished,
            "average_working_days": total.average_days}


def _messages(year):
    by_message = defaultdict(list)
    messages = list(PublicMessage.objects.filter(received_on__year=year)
                    .select_related("channel", "department").order_by("received_on", "pk"))
    from .models import Reply

    for reply in (Reply.objects.filter(message__in=messages).exclude(approved_at=None)
                  .select_related("department").order_by("approved_at", "pk")):
        by_message[reply.message_id].append(reply)
    return [(message, by_message[message.pk]) for message in messages]


def _department(message, replies) -> str:
    for reply in replies:
        if reply.stage == Stage.DEPARTMENT and reply.department_id:
            return reply.department.name
    if message.department_id:
        return message.department.name
    return str(_("（未分办）"))


def workbook(year: int):
    """The ledger as an openpyxl workbook: one sheet, a header, one row per group, the total."""
    from openpyxl import Workbook

    rows, total = ledger(year)
    book = Workbook()
    sheet = book.active
    sheet.title = f"{year}年互动交流台账"
    sheet.append([str(_("月份")), str(_("渠道")), str(_("科室"))]
                 + [str(label) for _name, label in COLUMNS])
    for row in rows:
        sheet.append([f"{year}-{row.month:02d}", row.channel, row.department] + row.values())
    sheet.append([str(_("合计")), "", ""] + total.values())
    return book
