"""Demo content of the interaction app: the 留言与答复 page under 互动交流, four channels as an
office would set them up, a 纪检监察 login, and invented messages in every state of every
channel — one complaint escalated twice (department → 纪检监察 → the level above).

The demo messages' query codes are "HUDONG" plus the last four digits of their number
(2026-00007 → HUDONG0007), so that the tracking page can be tried. Every writer is invented.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from wagtail.models import Page

from departments.roles import DEPARTMENT_REVIEWER, DISCIPLINE_INSPECTION, EDITOR
from workdays.local_time import local_today

from . import actions, deadlines
from .forms import MessageForm
from .models import (
    TRACKING_NUMBERS,
    Channel,
    ChannelKind,
    ChannelSubject,
    ExtensionApprover,
    InspectionKind,
    InteractionPage,
    PublicMessage,
)
from .periods import Unit
from .services import submit_online

LOGINS = [
    # (username, full name, role, department code, password)
    ("jijian", "郑正清", DISCIPLINE_INSPECTION, None, "jijian-demo-2026"),
    # A second discipline person approves its answers (Channel.discipline_reply_approval).
    ("jijian2", "韩立诚", DISCIPLINE_INSPECTION, None, "jijian2-demo-2026"),
    ("caiwu", "何秀梅", EDITOR, "caiwu", "caiwu-demo-2026"),
    ("caiwuhead", "许立新", DEPARTMENT_REVIEWER, "caiwu", "caiwuhead-demo-2026"),
]

# (channel slug, subject or "", days ago received, title, content, path, department code)
MESSAGES = [
    ("zixun", "", 2, "儿童免疫规划疫苗接种地点如何查询",
     "孩子刚满两个月，请问本市接种第一针乙肝疫苗以外的免疫规划疫苗，应到哪里接种？需要预约吗？",
     "submitted", "jikong"),
    ("zixun", "", 20, "异地就医备案后门诊费用能否直接结算",
     "本人退休后长期居住外地，已办理异地就医备案，想了解门诊慢特病费用能否在居住地直接结算。",
     "accepted", "yizheng"),
    ("zixun", "", 15, "护士执业证书延续注册的办理时间",
     "我的护士执业证书下个月到期，请问延续注册要提前多久申请，需要哪些材料？",
     "replied", "yizheng"),
    ("zixun", "", 40, "社区卫生服务中心周末是否开诊",
     "请问城区各社区卫生服务中心周六周日是否开诊，能否提供家庭医生签约服务？",
     "closed", "yizheng"),
    ("zixun", "", 10, "要求提供某医院2025年度财务审计报告",
     "请提供市第二人民医院2025年度财务审计报告全文，以电子邮件方式发送。",
     "to_application", ""),
    # 80 days: approaching the 3-month red line (issue 20: the inspection demo shows exactly
    # its four seeded problems, so no message of the demo is past the line itself).
    ("zixun", "", 80, "基层医疗机构药品目录调整咨询",
     "听说基层医疗机构的用药目录今年有调整，高血压常用药是否还在目录内？",
     "alarm", "yizheng"),
    ("zixun", "", 6, "咨询某公司股票走势",
     "请问某医药上市公司的股票近期是否值得买入？",
     "refused", ""),
    ("jianyi", "", 3, "建议延长周末疫苗接种门诊时间",
     "上班族工作日很难请假带孩子接种，建议部分接种门诊周六全天开放。",
     "submitted", "jikong"),
    ("jianyi", "", 12, "建议在医院停车场增设无障碍车位",
     "陪同行动不便的老人就医时发现无障碍车位太少且经常被占用，建议增设并加强管理。",
     "drafted", "yizheng"),
    ("jianyi", "", 35, "建议公布各医院专家门诊排班表",
     "目前只能到医院现场或各医院公众号查询，建议在委网站集中公布专家门诊排班。",
     "closed", "yizheng"),
    ("jianyi", "", 8, "对小区垃圾清运的意见",
     "我小区垃圾清运不及时，夏天异味严重，希望尽快解决。",
     "refused", ""),
    ("tousu", "医疗服务", 4, "某卫生院门诊收费未公示",
     "我在镇卫生院看门诊时被收取了一项未在收费公示栏列出的检查费，请核查。",
     "submitted", "yizheng"),
    ("tousu", "民生资金", 18, "老年村医补助未按时发放",
     "我村两名老年乡村医生反映，去年第四季度的补助至今没有发放，请核查原因。",
     "accepted", "caiwu"),
    ("tousu", "医疗服务", 25, "医院预约挂号后仍需长时间排队",
     "通过网上预约了上午九点的号，到医院后仍排队两个多小时，预约形同虚设。",
     "replied", "yizheng"),
    ("tousu", "民生资金", 50, "两癌筛查补助资金发放对象有误",
     "公示的两癌免费筛查补助名单里有已去世多年的人员，怀疑存在冒领，请调查。",
     "escalated_once", "caiwu"),
    ("tousu", "民生资金", 70, "计划生育家庭奖励扶助金被挪用",
     "我符合奖励扶助条件，但连续两年未收到扶助金，村里说资金另有用途，请查处。",
     "escalated_twice", "caiwu"),
    ("tousu", "医疗服务", 30, "对急诊科医生服务态度的投诉",
     "深夜带孩子看急诊，值班医生态度冷漠、问诊敷衍，希望加强管理。",
     "closed", "yizheng"),
    ("tousu", "", 6, "邻居装修噪音扰民",
     "楼上邻居每天晚上十点后还在装修施工，影响休息，请处理。",
     "refused", ""),
    ("xinxiang", "", 5, "关于基层医生职称评审的建议",
     "基层医生科研条件有限，建议职称评审更重视临床工作量和群众评价。",
     "submitted", "yizheng"),
    ("xinxiang", "", 22, "关于加强农村地区急救网络建设",
     "我县偏远乡镇急救车到达时间较长，建议增设急救站点。",
     "accepted", "yizheng"),
    ("jianyi", "", 16, "建议增加儿科夜间门诊",
     "孩子夜间发热时只能去急诊，排队时间很长，建议综合医院开设儿科夜间门诊。",
     "replied", "yizheng"),
    ("tousu", "", 9, "要求公开某项目招标文件",
     "请公开市妇幼保健院新院区建设项目的招标文件和中标合同。",
     "to_application", ""),
    ("xinxiang", "", 14, "关于家庭医生签约服务内容的意见",
     "签约后家庭医生很少联系，建议明确随访次数并公开服务内容。",
     "replied", "yizheng"),
    ("xinxiang", "", 11, "个人债务纠纷求助",
     "朋友借款不还，希望领导出面协调。",
     "refused", ""),
    ("xinxiang", "", 28, "关于医院陪护床位收费的意见",
     "部分医院陪护床位按天收费偏高，且不开具收据，建议规范。",
     "closed", "yizheng"),
]

REPLIES = {
    "department": "您好！经我委核查，您反映的情况已转有关单位办理。{extra}感谢您对卫生健康工作的关心。",
    "discipline": "您好！派驻纪检组已对您反映的问题进行核查，约谈了有关单位负责人，责令限期整改，"
                  "并将跟踪整改结果。",
}
EXTRA = {
    "护士执业证书延续注册的办理时间": "护士执业证书有效期届满需继续执业的，应在有效期届满前30日申请延续注册，可通过全国护士电子注册系统在线办理。",
    "社区卫生服务中心周末是否开诊": "城区各社区卫生服务中心周六上午正常开诊，家庭医生签约服务可在开诊时间办理。",
    "建议公布各医院专家门诊排班表": "我委已采纳您的建议，将在网站便民服务栏目集中发布各医院专家门诊排班。",
    "医院预约挂号后仍需长时间排队": "经核查，该院当日因系统故障导致分时段预约失效，现已修复并向就诊患者致歉。",
    "对急诊科医生服务态度的投诉": "经核查，已对当班医生进行批评教育，医院已开展急诊服务规范培训。",
    "关于医院陪护床位收费的意见": "我委已会同有关部门对陪护床位收费开展检查，要求各医院公示标准并开具票据。",
    "两癌筛查补助资金发放对象有误": "经核查，名单中两名人员系信息录入错误，补助资金未实际发放，已更正公示名单。",
    "计划生育家庭奖励扶助金被挪用": "经核查，您的扶助资格已审核通过，资金因银行账户信息错误被退回，现已重新发放。",
}


def load(demo) -> None:
    with transaction.atomic():
        _logins(demo)
        page = _page(demo.home)
        channels = _channels(demo)
        if not PublicMessage.objects.exists():
            _messages(demo, channels)
        else:
            keep_current(local_today())
        return page


def keep_current(today) -> int:
    """On a kept demo database (`make demo` again on a later day): move the demo's messages that
    are still waiting for a first reply forward, so each is again `days ago` old as MESSAGES
    says and no new deadline passes just because the calendar moved (issue 20: the inspection
    demo must not drift into new findings). Answered messages keep their history. Returns how
    many moved."""
    ages = {title: days_ago for _slug, _subject, days_ago, title, *_rest in MESSAGES}
    moved = 0
    for message in PublicMessage.objects.filter(title__in=ages, first_replied_on=None):
        shift = today - timedelta(days=ages[message.title]) - message.received_on
        if shift.days <= 0:
            continue
        message.received_on += shift
        if message.stage_started_on:
            message.stage_started_on += shift
        message.submitted_at += shift
        deadlines.refresh(message)
        message.save()
        moved += 1
    return moved


def _logins(demo):
    User = get_user_model()
    for username, full_name, role, department_code, password in LOGINS:
        if User.objects.filter(username=username).exists():
            continue
        user = User.objects.create_user(
            username=username, password=password, email=f"{username}@example.gov.cn",
            first_name=full_name[1:], last_name=full_name[0])
        user.groups.add(Group.objects.get_or_create(name=role.group_name)[0])
        department = "—"
        if department_code:
            user.groups.add(demo.department(department_code).group)
            department = demo.departments[department_code].name
        demo.created_logins.append((username, password, f"{role.group_name}（{department}）"))


def _page(home):
    existing = InteractionPage.objects.first()
    if existing:
        return existing
    parent = home.get_children().filter(slug="interaction").first() or home
    page = InteractionPage(
        title="留言与答复", slug="liuyan", show_in_menus=True,
        intro="<p>欢迎就卫生健康工作提出咨询、建议和投诉举报。经留言人同意，部分答复在此公开（已隐去个人信息）。</p>",
        guide="<p>请选择留言类别，如实、具体地写明事项。要求获取政府信息的，请通过依申请公开提出。"
              "涉及个人隐私的内容请勿写入标题。</p>",
        privacy_notice="<p>您的姓名和联系方式只由政务公开办公室和纪检监察掌握，仅用于办理留言和回复您，"
                       "不会告知承办科室或被投诉的单位和个人。</p>")
    # The 依申请公开 page, found by its type's name (this app does not import applications).
    page.application_page = Page.objects.filter(
        content_type__app_label="applications", content_type__model="applicationpage").first()
    parent.specific.add_child(instance=page)
    # Published by the office, as a person: the reports show who published every page.
    office = get_user_model().objects.filter(username="office").first()
    page.save_revision(user=office).publish(user=office)
    return page


def _channels(demo):
    office = demo.department("bangongshi")
    specs = [
        dict(name="咨询", slug="zixun", kind=ChannelKind.CONSULTATION, sort_order=1,
             description="政策、办事流程等咨询。", accept_amount=7, accept_unit=Unit.DAYS,
             reply_amount=1, reply_unit=Unit.MONTHS, extension_amount=0, receiver=None),
        dict(name="建议", slug="jianyi", kind=ChannelKind.SUGGESTION, sort_order=2,
             description="对卫生健康工作的意见建议。", reply_amount=20,
             reply_unit=Unit.WORKING_DAYS, extension_amount=0, receiver=None),
        dict(name="投诉举报", slug="tousu", kind=ChannelKind.COMPLAINT, sort_order=3,
             description="须实名。对答复不满意的，可逐级投诉（职能科室、派驻纪检组、上级纪检监察机关）。",
             real_name_required=True, anonymous_allowed=False, escalates=True,
             level_above_name="示例市纪委监委", extension_approver=ExtensionApprover.LEVEL_ABOVE,
             receiver=None),
        dict(name="领导信箱", slug="xinxiang", kind=ChannelKind.LEADER_MAILBOX, sort_order=4,
             description="写给委领导的信件，由办公室呈报。", inspection_kind=InspectionKind.PETITION,
             real_name_required=True, anonymous_allowed=False, publish_replies=False,
             extension_approver=ExtensionApprover.SIGNATORY, receiver=office),
    ]
    channels = {}
    for spec in specs:
        channel, _created = Channel.objects.get_or_create(slug=spec["slug"], defaults=spec)
        channels[channel.slug] = channel
    complaint = channels["tousu"]
    ChannelSubject.objects.get_or_create(
        channel=complaint, name="民生资金",
        defaults={"reply_amount": 1, "reply_unit": Unit.MONTHS, "copy_to_discipline": True,
                  "sort_order": 1})
    ChannelSubject.objects.get_or_create(channel=complaint, name="医疗服务",
                                         defaults={"sort_order": 2})
    return channels


def _messages(demo, channels):
    User = get_user_model()
    office = User.objects.get(username="office")
    editor = User.objects.get(username="editor")
    reviewer = User.objects.get(username="reviewer")
    jijian = (User.objects.get(username="jijian"), User.objects.get(username="jijian2"))
    caiwu_editor = User.objects.get(username="caiwu")
    caiwu_head = User.objects.get(username="caiwuhead")
    today = local_today()
    for index, (slug, subject, days_ago, title, content, path, code) in enumerate(MESSAGES):
        channel = channels[slug]
        subject_obj = channel.subjects.filter(name=subject).first() if subject else None
        anonymous = channel.anonymous_allowed and index % 3 == 0
        form = MessageForm({
            "channel": str(channel.pk), "subject": str(subject_obj.pk) if subject_obj else "",
            "anonymous": "on" if anonymous else "", "name": f"演示留言人{index + 1:02d}",
            "phone": f"1380000{index + 100:04d}", "email": f"liuyan{index + 1}@example.com",
            "title": title, "content": content, "consent_to_publish": "on" if index % 4 else "",
            "consent": "on", "website": ""})
        if not form.is_valid():
            raise ValueError(f"演示留言无效：{title} {form.errors.as_text()}")
        message, _code = submit_online(form, "")
        received = today - timedelta(days=days_ago)
        message.received_on = received
        message.submitted_at = timezone.now() - timedelta(days=days_ago)
        message.query_code_hash = TRACKING_NUMBERS.hash_query_code(
            f"HUDONG{message.serial:04d}")
        deadlines.refresh(message)
        message.save()
        department = demo.department(code) if code else None
        drafter, head = (caiwu_editor, caiwu_head) if code == "caiwu" else (editor, reviewer)
        _walk(message, path, office, drafter, head, jijian, department, title)


def _walk(message, path, office, drafter, head, jijian, department, title):
    if path == "submitted":
        return
    if path == "refused":
        actions.Refuse(message, office, reason="该事项不属于本机关职责，请向属地街道办事处或住房城乡建设部门反映。"
                       ).execute()
        return
    if path == "to_application":
        actions.ToApplication(message, office, reason="您要求获取的是政府信息，请通过依申请公开渠道提出申请。"
                              ).execute()
        return
    actions.Accept(message, office, department=department).execute()
    if path in ("accepted", "alarm"):
        return
    text = REPLIES["department"].format(extra=EXTRA.get(title, "我们将继续跟进办理情况。"))
    actions.DraftReply(message, drafter, text=text).execute()
    if path == "drafted":
        return
    actions.ApproveReply(message, head).execute()
    if path == "replied":
        return
    if path == "closed":
        actions.Feedback(message, None, satisfied=True).execute()
        if message.consent_to_publish and message.channel.publish_replies:
            actions.Publish(message, office).execute()
        return
    actions.Feedback(message, None, satisfied=False, text="答复没有回应我反映的核心问题。").execute()
    if path == "escalated_once":
        return
    jijian, jijian_approver = jijian
    actions.DraftReply(message, jijian, text=REPLIES["discipline"]).execute()
    if message.channel.discipline_reply_approval:
        actions.ApproveReply(message, jijian_approver).execute()
    actions.Feedback(message, None, satisfied=False, text="仍未说明责任人如何处理。").execute()
    actions.TransferOut(message, jijian, body=message.channel.level_above_name,
                        sent_on=local_today(),
                        letter="现将该投诉件及职能科室、派驻纪检组的两次答复材料转你委，请依规处理。").execute()

