"""Fixtures for the interaction tests: the column page, channels as an office would set them up,
departments and staff in their roles, and a way to set "today" (Asia/Shanghai)."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache

from departments.roles import (
    APPLICATION_HANDLER,
    DEPARTMENT_REVIEWER,
    DISCIPLINE_INSPECTION,
    DISCLOSURE_OFFICE,
    EDITOR,
    SIGNATORY,
)
from interaction.models import (
    Channel,
    ChannelKind,
    ChannelSubject,
    ExtensionApprover,
    InspectionKind,
    InteractionPage,
)
from interaction.periods import Unit

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate limits live in the cache: every test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def interaction_page(home):
    return home.add_child(instance=InteractionPage(
        title="互动交流", slug="hdjl", guide="<p>请如实反映情况。</p>",
        privacy_notice="<p>您的个人信息仅用于办理留言。</p>"))


@pytest.fixture
def departments(make_department, home, roles):
    yizheng, _ = make_department("yizheng", "医政医管科", home, ("医政栏目",))
    caiwu, _ = make_department("caiwu", "财务科", home, ("财务栏目",))
    from departments.roles import setup_roles

    setup_roles()
    yizheng.refresh_from_db()
    caiwu.refresh_from_db()
    return {"yizheng": yizheng, "caiwu": caiwu}


@pytest.fixture
def channels(departments):
    consultation = Channel.objects.create(
        name="咨询", slug="zixun", kind=ChannelKind.CONSULTATION, sort_order=1,
        receiver=departments["yizheng"], accept_amount=7, accept_unit=Unit.DAYS,
        reply_amount=1, reply_unit=Unit.MONTHS, extension_amount=0)
    suggestion = Channel.objects.create(
        name="建议", slug="jianyi", kind=ChannelKind.SUGGESTION, sort_order=2,
        reply_amount=20, reply_unit=Unit.WORKING_DAYS, extension_amount=0)
    complaint = Channel.objects.create(
        name="投诉举报", slug="tousu", kind=ChannelKind.COMPLAINT, sort_order=3,
        inspection_kind=InspectionKind.CONSULTATION, real_name_required=True,
        anonymous_allowed=False, escalates=True, level_above_name="示例省纪委监委",
        extension_approver=ExtensionApprover.LEVEL_ABOVE)
    ChannelSubject.objects.create(channel=complaint, name="民生资金", reply_amount=1,
                                  reply_unit=Unit.MONTHS, copy_to_discipline=True)
    ChannelSubject.objects.create(channel=complaint, name="医疗服务")
    mailbox = Channel.objects.create(
        name="领导信箱", slug="xinxiang", kind=ChannelKind.LEADER_MAILBOX, sort_order=4,
        inspection_kind=InspectionKind.PETITION, real_name_required=True,
        anonymous_allowed=False, publish_replies=False,
        extension_approver=ExtensionApprover.SIGNATORY)
    return {"consultation": consultation, "suggestion": suggestion, "complaint": complaint,
            "mailbox": mailbox}


@pytest.fixture
def office(make_user, roles):
    return make_user("office", DISCLOSURE_OFFICE.group_name)


@pytest.fixture
def discipline(make_user, roles):
    return make_user("jijian", DISCIPLINE_INSPECTION.group_name)


@pytest.fixture
def discipline_approver(make_user, roles):
    return make_user("jijian2", DISCIPLINE_INSPECTION.group_name)


@pytest.fixture
def signatory(make_user, roles):
    return make_user("signatory", SIGNATORY.group_name)


@pytest.fixture
def editor(make_user, departments):
    return make_user("editor", EDITOR.group_name, departments["yizheng"].group)


@pytest.fixture
def head(make_user, departments):
    return make_user("head", DEPARTMENT_REVIEWER.group_name, departments["yizheng"].group)


@pytest.fixture
def other_department_handler(make_user, departments):
    return make_user("caiwu-handler", APPLICATION_HANDLER.group_name, departments["caiwu"].group)


@pytest.fixture
def today(monkeypatch):
    """today(date(2026, 9, 30)) makes that the current day in Asia/Shanghai."""
    from django.utils import timezone

    original_localdate = timezone.localdate

    def set_today(day: date, at: time = time(10, 0)):
        moment = datetime.combine(day, at, tzinfo=SHANGHAI)
        monkeypatch.setattr(timezone, "now", lambda: moment)
        monkeypatch.setattr(timezone, "localdate",
                            lambda value=None, timezone=None: original_localdate(value or moment,
                                                                                  timezone))
        return day

    return set_today


@pytest.fixture
def form_data(channels):
    return {
        "channel": str(channels["complaint"].pk), "subject": "", "anonymous": "",
        "name": "测试投诉人", "phone": "13800000001", "email": "tousu@example.test",
        "title": "某卫生院收取不合理费用", "content": "本人在某卫生院就诊时被收取了未公示的费用，请核查。",
        "consent_to_publish": "on", "consent": "on", "website": "",
    }


@pytest.fixture
def make_message(db, form_data, today):
    """A message as the public submits it, on a given day."""
    from interaction.forms import MessageForm
    from interaction.services import submit_online

    def make(submitted_on: date | None = None, **overrides):
        if submitted_on:
            today(submitted_on)
        form = MessageForm(dict(form_data, **overrides))
        assert form.is_valid(), form.errors
        message, code = submit_online(form, "198.51.100.9")
        cache.clear()
        message.query_code = code
        return message

    return make
