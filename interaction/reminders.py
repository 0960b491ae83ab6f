"""The daily reminder to the people who handle messages (issue 18).

Each person gets one email a day listing the open messages in their hands that are due within
DUE_SOON_WORKING_DAYS (3) working days or overdue:
- not yet accepted (acceptance deadline, 7 日, 湖南省“互联网+监督”平台运行维护和使用管理办法
  第二十六条): the disclosure office, which triages;
- with a department: everyone working in it (its handlers and its head, 科室负责人);
- with the same-level discipline body: the discipline role;
- waiting for its transfer to the level above: the discipline role and the office.
The office also gets every message past the 3-month red line of the inspection rules
(政府网站与政务新媒体检查指标, 国办秘函〔2019〕19号) as a hard alarm, answered or not by then.

The emails carry the tracking number, channel, stage, state, due date and a link to the admin,
never who wrote (name, phone, email) nor what they wrote: the department complained about may
be among the recipients (纪检监察机关处理检举控告工作规则 第四十七条). They go through the site's
mail outbox, so a mail outage delays them and loses none; run twice on one day, a person who
already has that day's reminder does not get a second one.

Run daily by `manage.py interaction_reminders` (deploy/portal-daily.service).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from departments.roles import DISCIPLINE_INSPECTION, DISCLOSURE_OFFICE
from outbox import mail
from outbox.models import Message as Email
from workdays.local_time import local_today

from . import deadlines
from .admin_views import NAMESPACE
from .models import PublicMessage, Stage, State

SUBJECT_PREFIX = "【互动交流期限提醒】"


@dataclass
class Digest:
    """What one person is told today."""

    overdue: list = field(default_factory=list)
    due_soon: list = field(default_factory=list)
    alarms: list = field(default_factory=list)

    def add(self, message, clock) -> None:
        target = self.overdue if clock.level == "overdue" else self.due_soon
        if message not in target:
            target.append(message)


def _active(*group_names):
    return get_user_model().objects.filter(is_active=True, groups__name__in=group_names
                                           ).exclude(email="").distinct()


def recipients_of(message):
    """Who has the message in hand now (see the module's docstring)."""
    if message.state == State.SUBMITTED:
        return list(_active(DISCLOSURE_OFFICE.group_name))
    if message.stage == Stage.DEPARTMENT:
        department = message.department
        if department is None or department.group_id is None:
            return list(_active(DISCLOSURE_OFFICE.group_name))
        return list(get_user_model().objects.filter(is_active=True, groups=department.group)
                    .exclude(email="").distinct())
    if message.stage == Stage.DISCIPLINE:
        return list(_active(DISCIPLINE_INSPECTION.group_name))
    return list(_active(DISCIPLINE_INSPECTION.group_name, DISCLOSURE_OFFICE.group_name))


def digests(today: date) -> dict:
    """{user: Digest} of every person with something due soon, overdue or past the red line."""
    found = defaultdict(Digest)
    messages = (PublicMessage.objects.open()
                .select_related("channel", "subject", "department", "department__group")
                .order_by("pk"))
    for message in messages:
        clock = deadlines.clock(message, today)
        if clock.level not in ("overdue", "due_soon"):
            continue
        for user in recipients_of(message):
            found[user].add(message, clock)
    alarms = list(deadlines.alarms(today))
    if alarms:
        for user in _active(DISCLOSURE_OFFICE.group_name):
            found[user].alarms = alarms
    return found


def subject_for(day: date, digest: Digest) -> str:
    subject = SUBJECT_PREFIX + _("%(day)s：逾期 %(overdue)s 件，即将到期 %(soon)s 件") % {
        "day": day.isoformat(), "overdue": len(digest.overdue), "soon": len(digest.due_soon)}
    if digest.alarms:
        subject += _("，超过三个月未答复 %(n)s 件") % {"n": len(digest.alarms)}
    return subject


def body_for(day: date, digest: Digest) -> str:
    base_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")

    def line(message, clock_label):
        due = deadlines.clock(message, day).due_on
        return _("- %(number)s（%(channel)s，%(stage)s，%(state)s）%(what)s：%(due)s\n  %(link)s") % {
            "number": message.tracking_number, "channel": message.channel.name,
            "stage": message.get_stage_display(), "state": message.get_state_display(),
            "what": clock_label, "due": due.isoformat() if due else "—",
            "link": base_url + reverse(f"{NAMESPACE}:detail", args=(message.pk,))}

    parts = [_("您好！截至 %(day)s，以下留言请您及时办理（期限按工作日历计算，节假日顺延）。") % {
        "day": day.isoformat()}]
    if digest.alarms:
        parts.append(_("【红线】以下咨询建言类留言已超过三个月未答复（政府网站检查指标单项否决项），请立即督办："))
        parts += [_("- %(number)s（%(channel)s）收到后三个月期满于 %(limit)s\n  %(link)s") % {
            "number": message.tracking_number, "channel": message.channel.name,
            "limit": message.inspection_limit_on.isoformat(),
            "link": base_url + reverse(f"{NAMESPACE}:detail", args=(message.pk,))}
            for message in digest.alarms]
    if digest.overdue:
        parts.append(_("已逾期："))
        parts += [line(message, _("期限已过")) for message in digest.overdue]
    if digest.due_soon:
        parts.append(_("即将到期（%(days)s 个工作日内）：") % {
            "days": deadlines.DUE_SOON_WORKING_DAYS})
        parts += [line(message, _("期限")) for message in digest.due_soon]
    parts.append(_("本邮件由系统自动发送，不含留言人的身份信息和留言内容，请登录后台查看。"))
    return "\n\n".join(parts) + "\n"


def send_reminders(today: date | None = None) -> dict:
    """Queue today's reminders; return {username: number of messages listed}."""
    day = today or local_today()
    user_type = ContentType.objects.get_for_model(get_user_model())
    sent = {}
    for user, digest in sorted(digests(day).items(), key=lambda pair: pair[0].pk):
        already = Email.objects.filter(
            about_type=user_type, about_id=user.pk,
            subject__startswith=f"{SUBJECT_PREFIX}{day.isoformat()}").exists()
        if already:
            continue
        with transaction.atomic():
            mail.queue(user.email, subject_for(day, digest), body_for(day, digest), about=user)
        sent[user.get_username()] = len(digest.overdue) + len(digest.due_soon) + len(
            digest.alarms)
    return sent
