"""Demo of the annual report (issue 19): the 2025 figures the office entered, the 2025
applications the report counts (earlier history, entered as closed records with their trail),
and the 2025 report itself, published, with all checks passing. Fictional throughout;
`load(demo)` adds only what is missing."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from applications.models import (
    TRACKING_NUMBERS,
    ApplicationEvent,
    ClockPause,
    DisclosureApplication,
)
from disclosure.demo import join_lines, publish_dated
from disclosure.models import AnnualReportIndexPage
from reports.annual_report import build_report
from reports.models import AnnualReportFigures, AnnualReportPage

YEAR = 2025
D = datetime.date

# (serial, applicant type, name, title asked for, received, closed or None, reply leaf, fee)
APPLICATIONS = [
    (1, "natural", "演示申请人戊", "2024年度本市传染病疫情统计", D(2024, 12, 23), D(2025, 1, 14),
     "disclosed", None),
    (2, "natural", "演示申请人己", "某医院2024年医疗纠纷处理情况", D(2025, 3, 4), D(2025, 3, 27),
     "withheld_third_party", None),
    (3, "business", "演示医疗器械有限公司", "2025年医用耗材集中采购目录", D(2025, 4, 8), D(2025, 4, 29),
     "disclosed", None),
    (4, "natural", "演示申请人庚", "本委2019年至2024年全部会议纪要", D(2025, 5, 12), D(2025, 6, 13),
     "partly_disclosed", Decimal("100.00")),
    (5, "natural", "演示申请人辛", "某社区卫生服务中心职工工资明细", D(2025, 7, 1), D(2025, 7, 22),
     "unavailable_not_held", None),
    (6, "research", "演示公共卫生研究院", "2020—2024年全市居民死因监测数据", D(2025, 9, 2),
     D(2025, 9, 26), "unavailable_needs_creation", None),
    (7, "natural", "演示申请人壬", "关于举报某诊所无证行医的处理结果", D(2025, 10, 13), D(2025, 10, 20),
     "not_handled_petition", None),
    (8, "legal_service", "演示律师事务所", "某医疗机构执业许可证变更记录", D(2025, 12, 22), None, "",
     None),
]

OVERVIEW = join_lines("""
<p>2025年，示例市卫生健康委员会深入贯彻《中华人民共和国政府信息公开条例》，坚持以公开为常态、不公开为例外，
围绕预防接种、基层医疗卫生、医疗服务等群众关心的领域推进政务公开。</p>
<p>（一）主动公开。全年在门户网站“政府信息公开”专栏发布政策文件、政策解读、工作动态和公示公告，
按卫生健康领域基层政务公开标准目录梳理公开事项，逐项明确公开要素、时限和责任科室。</p>
<p>（二）依申请公开。全年新收政府信息公开申请7件，上年结转1件，均在法定期限内答复。</p>
<p>（三）政府信息管理。落实“先审查、后公开”，全部拟公开信息经科室审核、保密审查和分管领导签发后发布。</p>
<p>（四）平台建设。政府信息公开专栏按公开指南、公开制度、法定主动公开内容和公开年报四部分设置。</p>
<p>（五）监督保障。将政务公开纳入科室年度考核，每月通报各科室信息发布的及时性。</p>
""")
PROBLEMS = join_lines("""
<p>一是部分公开事项的要素还不完整，标准目录中需由本机关补充的服务地点、时间等信息尚未全部补齐。
二是政策解读形式较为单一，图解和视频解读偏少。</p>
<p>2026年，我委将在一季度内补齐标准目录要素，并推动起草科室同步制作图解和问答解读。</p>
""")
OTHER = join_lines("""
<p>本年度办理市人大代表建议和市政协委员提案的答复，经代表、委员同意后已在“建议提案办理”栏目公开全文。</p>
""")


def load(demo):
    index = AnnualReportIndexPage.objects.first()
    if index is None:
        return
    with transaction.atomic():
        _applications()
        _figures()
    with transaction.atomic():
        _report_page(index)


def _applications():
    office = _user("office")
    for serial, kind, name, title, received, closed, leaf, fee in APPLICATIONS:
        number = f"{received.year}-{90000 + serial:05d}"
        if DisclosureApplication.objects.filter(tracking_number=number).exists():
            continue
        application = DisclosureApplication.objects.create(
            year=received.year, serial=90000 + serial, tracking_number=number,
            query_code_hash=TRACKING_NUMBERS.hash_query_code(f"YANSHI{serial:04d}"),
            channel="in_person", applicant_type=kind, name=name, phone="0375-0000000",
            information_title=title, state="closed" if closed else "in_progress",
            received_on=received, clock_started_on=received, closed_on=closed,
            reply_type=leaf, submitted_at=_moment(received))
        ApplicationEvent.objects.create(application=application, kind="registered", by=office,
                                        at=_moment(received), reason="（演示：2025年度历史申请）")
        if fee:
            ClockPause.objects.create(application=application, kind="fee",
                                      started_on=received + datetime.timedelta(days=7),
                                      limit_on=received + datetime.timedelta(days=35),
                                      ended_on=received + datetime.timedelta(days=14), amount=fee)
        if closed:
            ApplicationEvent.objects.create(application=application, kind="replied", by=office,
                                            at=_moment(closed), data={"reply_type": leaf})


def _figures():
    AnnualReportFigures.objects.get_or_create(year=YEAR, defaults=dict(
        licensing_decisions=186, licensing_source="市政务服务中心卫生健康窗口审批系统",
        penalty_decisions=23, coercion_decisions=1,
        enforcement_source="市卫生健康综合监督执法支队执法案卷台账",
        fees_wan=Decimal("0"), fees_source="本委无行政事业性收费项目（规划财务科核实）",
        review_upheld=1, review_other=0, direct_upheld=1, direct_pending=0,
        review_source="办公室行政复议和行政应诉台账"))


def _report_page(index):
    if AnnualReportPage.objects.filter(year=YEAR).exists():
        return
    page = index.add_child(instance=AnnualReportPage(
        title="", slug="", year=YEAR, live=False, overview=OVERVIEW, problems=PROBLEMS,
        other_matters=OTHER))
    publish_dated(page, D(2026, 1, 20), days_after=2)
    report = build_report(YEAR)
    if not report.passed:  # the demo must show a report whose checks pass
        raise RuntimeError("; ".join(check.message for check in report.failed_checks))


def _moment(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 30)))


def _user(username):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(username=username).first()
