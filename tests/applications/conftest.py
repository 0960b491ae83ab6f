"""Fixtures for the applications tests: the page, staff in their roles, valid form data, and a
way to set "today" (Asia/Shanghai) so that clock rules run on real 2026 dates."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache

from applications.models import ApplicationPage
from applications.validators import credit_code_check_character
from departments.roles import (
    APPLICATION_HANDLER,
    DEPARTMENT_REVIEWER,
    DISCLOSURE_OFFICE,
    OFFICE_HEAD,
)
from personaldata import id18_check_character

SHANGHAI = ZoneInfo("Asia/Shanghai")
# Invented identities with valid check characters. The ID numbers' region 419900 is in a real
# province (41, Henan), as the one ID-number rule asks, but city code 99 is not assigned.
ID_NUMBER = "41990019900307123" + id18_check_character("41990019900307123")
OTHER_ID_NUMBER = "41990019851111456" + id18_check_character("41990019851111456")
CREDIT_CODE = "91990000MA0000001" + credit_code_check_character("91990000MA0000001")


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate limits and throttles live in the cache: every test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def application_page(home):
    page = home.add_child(instance=ApplicationPage(
        title="政府信息公开申请", slug="shenqing",
        guide="<p>请写明所需信息的名称、文号或具体描述。</p>",
        privacy_notice="<p>您的个人信息仅用于办理本申请。</p>"))
    return page


@pytest.fixture
def departments(make_department, home, roles):
    yizheng, _ = make_department("yizheng", "医政医管科", home, ("医政栏目",))
    jikong, _ = make_department("jikong", "疾病预防控制科", home, ("疾控栏目",))
    from departments.roles import setup_roles

    setup_roles()
    yizheng.refresh_from_db()
    jikong.refresh_from_db()
    return {"yizheng": yizheng, "jikong": jikong}


@pytest.fixture
def office(make_user, roles):
    return make_user("office", DISCLOSURE_OFFICE.group_name, first_name="丽华", last_name="孙")


@pytest.fixture
def handler(make_user, departments):
    return make_user("handler", APPLICATION_HANDLER.group_name,
                     departments["yizheng"].group)


@pytest.fixture
def other_handler(make_user, departments):
    return make_user("other-handler", APPLICATION_HANDLER.group_name,
                     departments["jikong"].group)


@pytest.fixture
def form_data():
    """A complete, valid natural-person application, as the public form posts it."""
    return {
        "applicant_type": "natural", "name": "测试申请人甲", "id_type": "resident_id",
        "id_number": ID_NUMBER, "phone": "13800000000", "email": "shenqingren@example.test",
        "address": "示例市测试路 1 号", "postcode": "467000",
        "information_title": "2025年度医疗机构校验结果",
        "information_document_number": "", "information_description": "",
        "information_form": "email", "delivery": "email", "consent": "on", "website": "",
    }


@pytest.fixture
def organisation_data(form_data):
    data = dict(form_data, applicant_type="business", name="示例测试科技有限公司",
                credit_code=CREDIT_CODE, legal_representative="测试代表人",
                contact_person="测试联系人")
    data.pop("id_type")
    data.pop("id_number")
    return data


@pytest.fixture
def today(monkeypatch):
    """Call today(date(2026, 9, 30)) to make that the current day in Asia/Shanghai."""
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
def make_application(db, form_data, today):
    """An application as the public submits it, optionally received on a given day."""
    from applications.actions import ConfirmReceipt
    from applications.forms import ApplicationForm
    from applications.services import submit_online

    def make(submitted_on: date | None = None, received_on: date | None = None, user=None,
             address="198.51.100.7", **overrides):
        if submitted_on:
            today(submitted_on)
        data = dict(form_data, **overrides)
        form = ApplicationForm(data)
        assert form.is_valid(), form.errors
        application, code = submit_online(form, address)
        cache.clear()  # helpers make many applications; the rate limits have their own tests
        application.query_code = code
        if received_on:
            today(received_on)
            ConfirmReceipt(application, user).execute(received_on=received_on)
            application.refresh_from_db()
            application.query_code = code
        return application

    return make


@pytest.fixture
def office_head(make_user, roles):
    """The head of the disclosure office: reviews routing, signs off refusals (issue 22)."""
    return make_user("office-head", OFFICE_HEAD.group_name, first_name="建国", last_name="周")


@pytest.fixture
def head(make_user, departments):
    """The head (科室负责人) of 医政医管科, who signs off its replies."""
    return make_user("yizheng-head", DEPARTMENT_REVIEWER.group_name,
                     departments["yizheng"].group)


@pytest.fixture
def route(office, office_head):
    """route(application, department=None): accept if needed, propose 转办 (or 自办), have the
    office's head approve it, and assign — the handbook's flow up to the handling department."""
    from applications.actions import (
        ApproveRouting,
        AssignDepartment,
        ConfirmReceipt,
        ProposeRouting,
    )
    from applications.models import Routing, State

    def do(application, department=None, reason=""):
        if application.state == State.SUBMITTED:
            ConfirmReceipt(application, office).execute(received_on=local_today_for_tests())
        if application.routing != Routing.APPROVED:
            ProposeRouting(application, office).execute(department=department, reason=reason)
            ApproveRouting(application, office_head).execute()
        if department is not None:
            AssignDepartment(application, office).execute(reason=reason)
        application.refresh_from_db()
        return application

    return do


@pytest.fixture
def send_reply(route, office, office_head, django_capture_on_commit_callbacks, request):
    """send_reply(application, reply_type, text, drafter=office): draft the reply (its letter
    made by the task), have every required reviewer approve it, and send it."""
    from applications.actions import ApproveReply, DraftReply, Reply, current_draft
    from applications.actions.signoff import DEPARTMENT, next_stage

    def do(application, reply_type, text="", drafter=None):
        route(application)
        with django_capture_on_commit_callbacks(execute=True):
            DraftReply(application, drafter or office).execute(reply_type=reply_type, text=text)
        while (draft := current_draft(application)).state == "pending":
            signer = (request.getfixturevalue("head") if next_stage(draft) == DEPARTMENT
                      else office_head)
            ApproveReply(application, signer).execute()
        with django_capture_on_commit_callbacks(execute=True):
            letter = Reply(application, drafter or office).execute()
        application.refresh_from_db()
        return letter

    return do


def local_today_for_tests():
    from workdays.local_time import local_today

    return local_today()
