"""Demo of the column's standard sections (issue 19): 公开制度, 公开年报, the 卫生健康 standard
catalogue loaded as columns (two elements completed by the office), 文种 on the demo policy
documents, and three replies to 人大代表建议 / 政协委员提案. Written for this project; the
organisation, people and texts are fictional. `load(demo)` adds only what is missing."""

import datetime

from django.db import transaction

from disclosure.demo import join_lines, publish_dated
from disclosure.models import (
    AnnualReportIndexPage,
    CatalogueColumn,
    CatalogueRoot,
    DisclosureRulesPage,
    PolicyDocument,
    ProposalReply,
)
from disclosure.standard_catalogue import SHIPPED_HEALTH_CATALOGUE, load_standard_catalogue

RULES = [
    ("示例市卫生健康委员会政府信息主动公开办法", datetime.date(2024, 3, 18), join_lines("""
<p>一、委机关各科室是本科室职责范围内政府信息的公开责任主体，负责信息的提供、审核和发布。</p>
<p>二、信息自形成或者变更之日起10个工作日内公开；工作动态2个工作日内公开；法律法规对期限另有规定的，
从其规定。</p>
<p>三、拟公开的信息经科室负责人审核、保密审查和分管领导签发后，由办公室在门户网站发布。</p>
""")),
    ("示例市卫生健康委员会政府信息公开保密审查办法", datetime.date(2024, 3, 18), join_lines("""
<p>一、坚持“先审查、后公开”和“一事一审”，未经保密审查的信息不得公开。</p>
<p>二、保密审查员对正文及全部附件逐项审查，发现涉密或者敏感内容的，退回起草科室修改。</p>
<p>三、审查结果和审查人员在发布系统中留痕备查。</p>
""")),
    ("示例市卫生健康委员会依申请公开办理规程", datetime.date(2025, 2, 10), join_lines("""
<p>一、办公室统一受理政府信息公开申请，当日登记，按职责转承办科室。</p>
<p>二、承办科室在10个工作日内提出答复意见，办公室审核后以本委名义答复。</p>
<p>三、答复书载明救济途径，申请材料和答复材料归档保存。</p>
""")),
]

# Elements of the vaccination item the office completes from its own published guideline.
COMPLETED_ELEMENTS = {
    "ggws-ymjz": {
        "机构名称、地点、时间": "各社区卫生服务中心、乡镇卫生院预防接种门诊；"
                          "接种时间为每周二至周六上午8:00—11:30（法定节假日除外）。",
        "投诉渠道": "示例市卫生健康委员会疾病预防控制科，电话0375-0000001；"
                  "12345政务服务便民热线。",
    },
}

# 文种 of the demo policy documents, by document number (the others are 其他文件).
GENRES = {
    "示卫医〔2023〕15号": "normative", "示卫医〔2026〕8号": "normative",
    "示卫医〔2025〕21号": "normative", "示卫疾控〔2024〕12号": "normative",
    "示卫疾控〔2026〕4号": "normative", "示卫法〔2025〕17号": "normative",
    "示卫基层〔2025〕9号": "normative",
}

# (kind, number, proposal title, representative, department code, result, replied on, reply)
PROPOSALS = [
    ("suggestion", "市十六届人大四次会议第0087号", "关于延长社区预防接种门诊服务时间的建议", "刘明代表",
     "jikong", "solved", datetime.date(2025, 6, 20),
     "<p>刘明代表：</p><p>您提出的建议收悉。经研究，自2025年7月起，城区8家社区卫生服务中心的预防接种门诊"
     "在周六上午开放，并试行线上预约分时段接种。下一步，我委将根据接种量评估，逐步扩大周末接种覆盖面。</p>"
     "<p>感谢您对卫生健康工作的关心和支持。</p>"),
    ("suggestion", "市十六届人大四次会议第0112号", "关于推进检查检验结果互认的建议", "陈立华代表",
     "yizheng", "solving", datetime.date(2025, 7, 3),
     "<p>陈立华代表：</p><p>您的建议对减轻患者负担很有意义。目前全市二级以上医院已实现首批42项检验项目"
     "结果互认，影像检查互认正在信息平台上线测试，预计年内完成。</p>"),
    ("proposal", "市政协十届四次会议第0215号", "关于加强基层医疗卫生人才队伍建设的提案", "王静委员",
     "jiceng", "planned", datetime.date(2025, 7, 15),
     "<p>王静委员：</p><p>您提出的加强基层人才队伍建设的提案已列入我委2026年工作计划。我委将会同人社部门"
     "落实乡村医生待遇保障，扩大订单定向免费医学生培养规模。</p>"),
]


def load(demo):
    catalogue = CatalogueRoot.objects.first()
    if catalogue is None:
        return
    with transaction.atomic():
        _rules_page(catalogue)
        _reports_index(catalogue)
        _genres()
    from django.contrib.auth import get_user_model

    load_standard_catalogue(SHIPPED_HEALTH_CATALOGUE,
                            default_department=demo.department("bangongshi").code,
                            user=get_user_model().objects.filter(username="office").first())
    with transaction.atomic():
        _complete_elements()
        _proposals(demo, catalogue)


def _rules_page(catalogue):
    if DisclosureRulesPage.objects.exists():
        return
    page = catalogue.add_child(instance=DisclosureRulesPage(
        title="公开制度", slug="gkzd", live=False,
        intro="<p>本委政府信息公开工作的制度规范。</p>",
        rules=[("rule", {"title": title, "adopted_on": day, "text": text, "document": None})
               for title, day, text in RULES]))
    publish_dated(page, datetime.date(2025, 2, 10))


def _reports_index(catalogue):
    if AnnualReportIndexPage.objects.exists():
        return
    page = catalogue.add_child(instance=AnnualReportIndexPage(
        title="公开年报", slug="gknb", live=False,
        intro="<p>本委每年1月31日前公布上一年度政府信息公开工作年度报告。</p>"))
    publish_dated(page, datetime.date(2025, 1, 2))


def _genres():
    from disclosure.bulk_actions import SetGenreBulkAction

    untyped = PolicyDocument.objects.filter(genre="")
    for genre in ("normative", "other"):
        chosen = [d for d in untyped
                  if (GENRES.get(d.document_number, "other") == genre)]
        SetGenreBulkAction.execute_action(chosen, genre=genre)


def _complete_elements():
    """The office writes the elements in the column's edit form: a new published version."""
    from django.contrib.auth import get_user_model

    office = get_user_model().objects.filter(username="office").first()
    for code, texts in COMPLETED_ELEMENTS.items():
        column = CatalogueColumn.objects.filter(standard_code=code).first()
        if column is None:
            continue
        elements = list(column.elements.all())
        todo = [e for e in elements if e.name in texts and not e.content]
        if not todo:
            continue
        for element in todo:
            element.content = texts[element.name]
        column.elements = elements
        column.save_revision(user=office).publish(user=office, skip_permission_checks=True)


def _proposals(demo, catalogue):
    column = CatalogueColumn.objects.child_of(catalogue).filter(slug="jytabl").first()
    if column is None:
        column = catalogue.add_child(instance=CatalogueColumn(
            title="建议提案办理", slug="jytabl", department=demo.department("bangongshi"),
            rule="general", intro="<p>人大代表建议和政协委员提案的办理结果，经代表（委员）同意后公开答复全文。</p>"))
    for kind, number, title, person, department, result, day, text in PROPOSALS:
        if ProposalReply.objects.filter(kind=kind, year=2025, number=number).exists():
            continue
        page = column.add_child(instance=ProposalReply(
            title=f"对{number}{'建议' if kind == 'suggestion' else '提案'}的答复", live=False,
            kind=kind, year=2025, number=number, proposal_title=title, representative=person,
            handling_department=demo.department(department), result=result, replied_on=day,
            formed_on=day, reply=text, consent=True, author="孙丽华",
            summary=f"{title}的办理结果。"))
        publish_dated(page, day)
