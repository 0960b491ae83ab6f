"""Demo of the livelihood funds: two funds with invented data (no real person).

- 计划生育家庭特别扶助金 (医政医管科, quarterly): two batches of 160 people each, taken through
  the whole workflow by the demo users; one row paid above the standard is flagged and
  justified; one correction (a village name) passes the workflow and shows in 更正记录.
- 疾病应急救助 (医政医管科, per batch): one batch of 40 cases, published only as counts and
  amounts by disease category and township.

Names are drawn from common surnames and given names; ID numbers use the invented county code
410999 (none exists) with computed check characters. `load(demo)` adds only what is missing.
"""

from __future__ import annotations

import datetime
import io
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction

from confidentiality.models import FORBIDDEN_CATEGORIES
from funds.actions import JustifyFlag, RequestCorrection
from funds.idnumbers import check_character
from funds.importer import check_file, store
from funds.models import (
    EMERGENCY_AID,
    PER_BATCH,
    QUARTERLY,
    Allocation,
    DisbursementBatch,
    FundBatchPage,
    FundIndexPage,
    FundPage,
    PaymentFlag,
)
from funds.statistics import store_statistics
from publishing.workflow import setup_workflow

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = ["建华", "秀兰", "志刚", "桂芳", "德明", "淑珍", "玉兰", "国强", "春梅", "永生",
         "凤英", "振华", "丽娟", "长青", "金花", "卫东", "文秀", "保国", "翠萍", "庆丰"]
TOWNSHIPS = {"城关镇": ["东关社区", "西街社区", "南湖村"], "河口乡": ["河口村", "柳树湾村", "前进村"],
             "石桥镇": ["石桥村", "新庄村", "王家岗村"], "青山街道": ["青山社区", "光明社区"]}
SUPPORT_STANDARD = Decimal("1770.00")  # 590 元/月 × 3 个月
AID_DISEASES = ["急性心脑血管疾病", "严重创伤", "急性中毒", "重症感染"]


def load(demo):
    home = demo.home
    department = demo.departments.get("yizheng")
    if department is None:
        return
    users = {user.username: user for user in get_user_model().objects.filter(
        username__in=["editor", "reviewer", "officer", "signatory", "office"])}
    if len(users) < 5:
        return
    with transaction.atomic():
        setup_workflow()
        root = FundIndexPage.objects.child_of(home).first()
        if root is None:
            root = home.add_child(instance=FundIndexPage(owner=users["office"],
                title="民生资金公开", slug="msz", show_in_menus=True,
                intro="<p>本栏目公开本委负责的民生资金类别、政策依据、资金下达、分批发放明细和统计，"
                      "个人姓名和身份证号均已脱敏。受益人可查询本人的发放记录。</p>"))
            setup_workflow()
        # New fund types are added by the disclosure office (000 第十条).
        support = _fund(root, "计划生育家庭特别扶助金", "jhsy-tfz", department, QUARTERLY,
                        SUPPORT_STANDARD, "general", users["office"])
        aid = _fund(root, "疾病应急救助", "jbyjjz", department, PER_BATCH, None, EMERGENCY_AID,
                    users["office"])
    first = _batch(support, "2026年第二季度", "2026-Q2", datetime.date(2026, 7, 15), 160, 0,
                   users, above_standard_line=37)
    _batch(support, "2026年第三季度", "2026-Q3", datetime.date(2026, 10, 15), 160, 0, users)
    _batch(aid, "2026年上半年", "2026-H1", datetime.date(2026, 7, 10), 40, 500, users,
           emergency=True)
    _correction(first, users)
    # The statistics are stored now, not left to the worker that `make demo` starts later.
    for fund in (support, aid):
        store_statistics(fund)


def _fund(root, title, slug, department, cycle, standard, kind, office):
    fund = FundPage.objects.child_of(root).filter(slug=slug).first()
    if fund is not None:
        return fund
    fund = root.add_child(instance=FundPage(
        title=title, slug=slug, kind=kind, level="county", department=department,
        update_cycle=cycle, standard=standard,
        description=("<p>对独生子女死亡或伤残、未再生育或收养子女的家庭，按月发放特别扶助金，"
                     "按季度拨付到人。</p>" if kind == "general" else
                     "<p>对急救后身份不明或无力缴费的患者，由应急救助基金支付急救费用。"
                     "为保护患者隐私，只公开按病种和乡镇汇总的人次和金额。</p>"),
    ))
    Allocation.objects.create(fund=fund, document_number=f"示财社〔2026〕{len(slug) + 11}号",
                              allocated_on=datetime.date(2026, 3, 2),
                              amount=Decimal("600000.00"), recipient="示例县卫生健康委员会")
    fund.save_revision(user=office).publish(user=office)
    return fund


def _rows(count, seed, paid_on, emergency=False, above_standard_line=None):
    rng = random.Random(seed + paid_on.toordinal())
    lines = []
    for n in range(count):
        township = rng.choice(sorted(TOWNSHIPS))
        birth = datetime.date(1950, 1, 1) + datetime.timedelta(days=rng.randrange(0, 9000))
        first17 = f"410999{birth:%Y%m%d}{(seed + n) % 1000:03d}"
        amount = (Decimal(rng.choice([1200, 2850, 4600, 8300])) if emergency
                  else SUPPORT_STANDARD)
        if above_standard_line is not None and n + 2 == above_standard_line:
            amount = SUPPORT_STANDARD + Decimal("590.00")
        row = [rng.choice(SURNAMES) + rng.choice(GIVEN), first17 + check_character(first17),
               township, rng.choice(TOWNSHIPS[township]),
               "应急救助" if emergency else "特别扶助金", "" if emergency else f"{SUPPORT_STANDARD}",
               f"{amount}", paid_on.isoformat(), "医疗机构结算" if emergency else "一卡通"]
        if emergency:
            row.append(rng.choice(AID_DISEASES))
        lines.append(row)
    return lines


def _batch(fund, name, period, paid_on, count, seed, users, above_standard_line=None,
           emergency=False):
    batch = DisbursementBatch.objects.filter(fund=fund, period=period, name=name).first()
    if batch is not None:
        return batch
    header = ["姓名", "身份证号", "乡镇（街道）", "村（社区）", "项目", "标准", "金额", "发放日期", "发放方式"]
    if emergency:
        header.append("病种类别")
    lines = _rows(count, seed, paid_on, emergency, above_standard_line)
    total = sum(Decimal(row[6]) for row in lines)
    data = "\n".join(",".join(row) for row in [header, *lines]).encode("utf-8")
    with transaction.atomic():
        batch = DisbursementBatch.objects.create(
            fund=fund, name=name, period_year=paid_on.year, period=period, paid_on=paid_on,
            amount=total)
        result = check_file(batch, io.BytesIO(data), f"{period}.csv")
        if not result.ok:
            raise RuntimeError(f"demo batch has errors: {result.errors[:3]}")
        store(batch, result, users["editor"])
        for flag in PaymentFlag.objects.filter(payment__batch=batch):
            JustifyFlag(flag, "该户上季度因银行卡挂失未能发放，本季度一并补发，已核实。",
                        user=users["editor"]).execute()
        page = fund.add_child(instance=FundBatchPage(
            title=f"{fund.title}{name}发放明细", slug=f"{period.lower()}", batch=batch,
            live=False, owner=users["editor"],
            note=f"{name}发放 {count} 人，通过{('医疗机构结算' if emergency else '社会保障卡（一卡通）')}发放。"))
        page.save_revision(user=users["editor"])
    _through_workflow(page, users)
    return batch


def _through_workflow(page, users, change_note=""):
    page = FundBatchPage.objects.get(pk=page.pk)
    page.get_workflow().start(page, users["editor"])
    review = {"comment": "数据与发放系统一致。"}
    if change_note:
        review.update(change_kind="major", change_note=change_note)
    steps = [(users["reviewer"], review),
             (users["officer"], {"checklist": [key for key, _label in FORBIDDEN_CATEGORIES],
                                 "signature": "赵敏"}),
             (users["signatory"], {"go_live_at": None,
                                   "late_reason": "发放数据须与银行代发回单逐笔对账后公开。"})]
    for user, data in steps:
        page = FundBatchPage.objects.get(pk=page.pk)
        page.current_workflow_task.on_action(page.current_workflow_task_state, user, "approve",
                                             **data)


def _correction(batch, users):
    """One correction: a village name typed wrong in the payment system."""
    if batch.corrections.exists():
        return
    payment = batch.payments.order_by("line")[10]
    village = next(name for name in TOWNSHIPS[payment.township] if name != payment.village)
    RequestCorrection(batch, line=payment.line, field="village", new_value=village,
                      reason="发放系统中村（社区）录入错误，经乡镇核实更正。",
                      user=users["editor"]).execute()
    page = FundBatchPage.objects.get(batch=batch)
    page.correction_note = "更正1人的村（社区）名称。"
    page.save_revision(user=users["editor"])
    _through_workflow(page, users, change_note="更正1人的村（社区）名称。")
