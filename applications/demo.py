"""Demo content of the applications app: the application page with its guide, and a few
applications in different states. Every applicant is invented (演示…), with identity numbers
that pass the one ID-number rule of `personaldata` (a real province, a birth date, the check
character) but carry the region code 419900: province 41 (Henan), whose city code 99 GB/T 2260
does not assign.

The demo applications' query codes are "YANSHI" plus the last four digits of their tracking
number (e.g. 2026-00003 → YANSHI0003), so that the tracking page can be tried.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from departments.roles import OFFICE_HEAD
from personaldata import id18_check_character
from workdays.engine import is_working_day
from workdays.local_time import local_today

from .actions import (
    ApproveReply,
    ApproveRouting,
    AssignDepartment,
    ConfirmReceipt,
    DraftReply,
    ProposeRouting,
    ReleaseFile,
    Reply,
    RequestCorrection,
    ReturnReply,
    StartConsultation,
)
from .forms import ApplicationForm, StaffApplicationForm
from .letters import build_draft_letter
from .models import TRACKING_NUMBERS, ApplicationPage, DisclosureApplication
from .services import register_paper, submit_online
from .validators import credit_code_check_character

GUIDE = (
    "<p>公民、法人或者其他组织可以向本机关申请获取本机关制作或者保存的政府信息。"
    "申请时不需要说明用途。</p>"
    "<ul><li>申请人是自然人的，请填写姓名、身份证件名称和号码、联系方式；</li>"
    "<li>申请人是法人或者其他组织的，请填写名称、统一社会信用代码、法定代表人或负责人、联系人及联系方式；</li>"
    "<li>请尽量写明所需信息的名称、文号，或者便于查找的具体描述；</li>"
    "<li>请选择信息的提供形式（纸质、电子邮件、光盘）和获取方式（邮寄、电子邮件、当面领取）。</li></ul>"
    "<p>一份申请最好只涉及一项信息，便于尽快办理。信访、投诉、举报事项请通过信访渠道提出。</p>"
)
REPLY_GUIDE = (
    "<p>网上提交的申请，以本机关确认收到之日为收到申请之日；确认后会以邮件告知。"
    "本机关自收到申请之日起 20 个工作日内答复；需要延长的，经政务公开工作机构负责人同意，"
    "最多延长 20 个工作日，并告知您。</p>"
    "<p>申请内容不明确的，本机关会在 7 个工作日内一次性告知需要补正的内容，"
    "答复期限自收到补正之日起重新计算。征求第三方或其他机关意见的时间不计入答复期限。</p>"
    "<p>答复书和提供的信息可凭受理编号和查询码在本页的查询入口下载。</p>"
)
FEE_GUIDE = (
    "<p>一般不收费。申请数量、频次明显超过合理范围的，按照《政府信息公开信息处理费管理办法》"
    "（国办函〔2020〕109号）收取信息处理费：同一申请人一个自然月内累计申请 10 件以内（含）不收费；"
    "一件申请涉及的信息在 30 页以内（含）不收费。需要收费的，本机关会发出收费通知，"
    "请在 20 个工作日内缴纳，逾期视为放弃申请。</p>"
)
PRIVACY = (
    "<p>您填写的个人信息只用于办理本申请和向您送达文书，仅政务公开办公室和承办科室的办理人员可以查看；"
    "办结满保存期限后将删除，只保留不含个人信息的统计数据。</p>"
)

# The head of the disclosure office (username, full name, password); the other demo logins are
# made by portal.demo.
OFFICE_HEAD_LOGIN = ("officehead", "郑国华", "officehead-demo-2026")
# (name, first 17 ID digits, phone, email) — invented people.
PEOPLE = [
    ("演示申请人甲", "41990019850612032", "13800000001", "jia@example.com"),
    ("演示申请人乙", "41990019920304051", "13800000002", "yi@example.com"),
    ("演示申请人丙", "41990019780923014", "13800000003", "bing@example.com"),
    ("演示申请人丁", "41990020000101025", "13800000004", "ding@example.com"),
]
COMPANY = ("演示健康科技有限公司", "91990000MA0DEM001", "演示法人", "演示联系人")


def load(demo) -> None:
    with transaction.atomic():
        page = _page(demo.home)
        if not DisclosureApplication.objects.exists():
            _applications(demo, page)


def _page(home):
    existing = ApplicationPage.objects.first()
    if existing:
        return existing
    return home.add_child(instance=ApplicationPage(
        title="依申请公开", slug="yishenqing", show_in_menus=True,
        search_description="在线提交政府信息公开申请，查询办理进度和答复。",
        intro="<p>在这里向本机关提出政府信息公开申请，并凭受理编号和查询码查询办理进度。</p>",
        guide=GUIDE, reply_guide=REPLY_GUIDE, fee_guide=FEE_GUIDE, privacy_notice=PRIVACY,
        reconsideration_body="示例市人民政府", court="示例市人民法院"))


def _office_head(demo):
    """The head of the disclosure office, who reviews routing and signs off refusals."""
    User = get_user_model()
    head = User.objects.filter(username=OFFICE_HEAD_LOGIN[0]).first()
    if head is None:
        username, full_name, password = OFFICE_HEAD_LOGIN
        head = User.objects.create_user(
            username=username, password=password, email=f"{username}@example.gov.cn",
            first_name=full_name[1:], last_name=full_name[0])
        head.groups.add(Group.objects.get(name=OFFICE_HEAD.group_name))
        demo.created_logins.append((username, password, OFFICE_HEAD.group_name))
    return head


def _applications(demo, page):
    users = get_user_model().objects
    office = users.filter(username="office").first()
    handler = users.filter(username="handler").first()
    reviewer = users.filter(username="reviewer").first()  # 科室负责人 of 医政医管科
    office_head = _office_head(demo)
    today = local_today()
    earlier = _working_day_before(today, 12)
    yizheng = demo.department("yizheng")

    def route(application, department=None, reason=""):
        ProposeRouting(application, office).execute(department=department, reason=reason)
        ApproveRouting(application, office_head).execute()
        if department is not None:
            AssignDepartment(application, office).execute(reason=reason)

    def draft(application, drafter, reply_type, text):
        made = DraftReply(application, drafter).execute(reply_type=reply_type, text=text)
        build_draft_letter(made.pk)  # the worker would; the demo wants it ready now
        return made

    # 1. Submitted online today, waiting for the office to confirm receipt.
    _online(PEOPLE[0], information_title="本市二级以上医院名单",
            information_form="email", delivery="email")
    # 2. Received, routed to 医政医管科 by the office and its head, in progress there.
    second = _paper(PEOPLE[1], earlier, office, information_title="2025年度医疗机构校验结果",
                    information_description="希望获取本市2025年度医疗机构校验结果汇总表。")
    route(second, yizheng, reason="医疗机构校验由医政医管科负责。")
    # 3. Received today online and asked for a correction.
    third = _online(PEOPLE[2], information_description="关于医院的文件。")
    ConfirmReceipt(third, office).execute(received_on=today)
    RequestCorrection(third, office).execute(
        request_text="请写明所需文件的名称、发文年份或文号，以及涉及的医院。")
    # 4. An organisation's application in third-party consultation.
    fourth = _paper(COMPANY, earlier, office, applicant_type="business",
                    information_title="某医疗器械采购项目的中标合同")
    StartConsultation(fourth, office).execute(kind="third_party", counterpart="中标供应商（演示）",
                                              reason="合同可能涉及商业秘密，征求供应商意见。")
    # 5. Closed: 自办, partly disclosed, signed off by the office's head, letter sent.
    fifth = _paper(PEOPLE[3], earlier, office, information_title="2025年度爱国卫生运动经费使用情况")
    route(fifth, reason="经费使用情况由办公室汇总，自办。")
    ReleaseFile(fifth, office).execute(upload=SimpleUploadedFile(
        "2025年度爱国卫生运动经费使用情况（公开部分）.pdf", _demo_pdf()))
    draft(fifth, office, "partly_disclosed",
          "经费使用情况汇总表予以公开；其中个人银行账户信息涉及个人隐私，已作删除处理。")
    ApproveReply(fifth, office_head).execute()
    Reply(fifth, office).execute()
    # 6. Accepted; the office's proposal (转办 医政医管科) waits for its head's review.
    sixth = _paper(PEOPLE[0], earlier, office, information_title="2026年上半年医疗纠纷调解情况")
    ProposeRouting(sixth, office).execute(department=yizheng, reason="医疗纠纷调解属医政医管科职责。")
    # 7. In 医政医管科: the handler's 不予公开 reply was returned once by the head, and the
    #    corrected draft now waits for the head (then the office's head: a refusing kind).
    seventh = _paper(PEOPLE[2], earlier, office, information_title="某医院内部考核评分细则")
    route(seventh, yizheng, reason="医院考核由医政医管科负责。")
    draft(seventh, handler, "withheld_internal_affairs", "该评分细则属于内部管理规定。")
    ReturnReply(seventh, reviewer).execute(
        reason="请写明依据《条例》第十六条第一款，并说明可另行公开的考核结果。")
    draft(seventh, handler, "withheld_internal_affairs",
          "该评分细则属于本机关内部管理规定，依据《条例》第十六条第一款不予公开；"
          "年度考核结果已在本机关网站公开，可在“医政管理”栏目查阅。")
    for application in DisclosureApplication.objects.all():
        application.query_code_hash = TRACKING_NUMBERS.hash_query_code(f"YANSHI{application.serial:04d}")
        application.save(update_fields=["query_code_hash"])


def _online(person, **request):
    form = ApplicationForm(_data(person, **request))
    if not form.is_valid():
        raise ValueError(form.errors.as_json())
    application, _code = submit_online(form, address="")
    return application


def _paper(person, received_on, office, **request):
    data = _data(person, **request)
    data.update(channel="in_person", received_on=received_on.isoformat())
    form = StaffApplicationForm(data)
    if not form.is_valid():
        raise ValueError(form.errors.as_json())
    application, _code = register_paper(form, office)
    return application


def _data(person, applicant_type="natural", **request):
    if applicant_type == "natural":
        name, id17, phone, email = person
        identity = {"id_type": "resident_id", "id_number": id17 + id18_check_character(id17)}
    else:
        name, code17, representative, contact = person
        identity = {"credit_code": code17 + credit_code_check_character(code17),
                    "legal_representative": representative, "contact_person": contact}
        phone, email = "0375-1234567", "contact@example.com"
    return {"applicant_type": applicant_type, "name": name, "phone": phone, "email": email,
            "address": "示例市演示路 1 号", "postcode": "467000", "information_form": "email",
            "delivery": "email", "consent": "on", **identity,
            "information_title": "", "information_document_number": "",
            "information_description": "", **request}


def _working_day_before(day, count):
    while count:
        day -= timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day


def _demo_pdf() -> bytes:
    from .letters import render_pdf

    class Stub:
        tracking_number = "演示"
        name = "演示"
        submitted_at = timezone.now()
        received_on = None

    return render_pdf(Stub(), "2025年度爱国卫生运动经费使用情况（公开部分）",
                      ["本文件为演示内容，数字均为虚构：宣传教育 12.0 万元，病媒生物防制 8.5 万元。"])
