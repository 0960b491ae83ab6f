"""The rules of livelihood-fund disclosure: the workflow and the confidentiality check of a
batch, the freeze and corrections, the cross-checks and who sees them, the beneficiary query,
the deadlines and update-cycle reminders."""

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.core.cache import CacheHandler
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from confidentiality.models import FORBIDDEN_CATEGORIES
from departments.models import Department
from departments.roles import (
    CONFIDENTIALITY_OFFICER,
    DEPARTMENT_REVIEWER,
    DISCIPLINE_INSPECTION,
    DISCLOSURE_OFFICE,
    EDITOR,
    SIGNATORY,
)
from funds import idnumbers
from funds.actions import ImportRows, JustifyFlag, RequestCorrection
from funds.crosscheck import run_crosschecks
from funds.deadlines import expected_periods
from funds.freeze import year_end_frozen
from funds.importer import check_file, store
from funds.models import (
    BeneficiaryQuery,
    Correction,
    FundBatchPage,
    IneligibleEntry,
    IneligibleList,
    Payment,
    PaymentFlag,
)
from publishing.workflow import setup_workflow
from workdays.engine import add_working_days

from .conftest import csv_bytes, invented_id, payment_lines

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(roles, fund_department, make_user):
    other = Department.objects.create(code="other", name="疾病预防控制科")
    return {
        "editor": make_user("f_editor", EDITOR.group_name, fund_department.group),
        "reviewer": make_user("f_reviewer", DEPARTMENT_REVIEWER.group_name,
                              fund_department.group),
        "officer": make_user("f_officer", CONFIDENTIALITY_OFFICER.group_name),
        "signatory": make_user("f_signatory", SIGNATORY.group_name),
        "office": make_user("f_office", DISCLOSURE_OFFICE.group_name),
        "discipline": make_user("f_discipline", DISCIPLINE_INSPECTION.group_name),
        "stranger": make_user("f_stranger", EDITOR.group_name, other.group),
    }


def imported(batch, lines, user=None):
    result = check_file(batch, io.BytesIO(csv_bytes(lines)), "rows.csv")
    assert result.ok, result.errors
    store(batch, result, user)
    batch.refresh_from_db()
    return batch


def batch_page(fund, batch, editor):
    page = fund.add_child(instance=FundBatchPage(title=f"{batch.name}发放明细",
                                                 slug=f"b{batch.pk}", batch=batch, live=False,
                                                 owner=editor))
    page.save_revision(user=editor)
    return page


def through_workflow(page, people, change_note=""):
    page = FundBatchPage.objects.get(pk=page.pk)
    page.get_workflow().start(page, people["editor"])
    review = {"comment": "核对无误。"}
    if change_note:
        review.update(change_kind="major", change_note=change_note)
    for user, data in ((people["reviewer"], review),
                       (people["officer"], {"checklist": [k for k, _l in FORBIDDEN_CATEGORIES],
                                            "signature": "审查员"}),
                       (people["signatory"], {"go_live_at": None, "late_reason": "测试"})):
        page = FundBatchPage.objects.get(pk=page.pk)
        page.current_workflow_task.on_action(page.current_workflow_task_state, user, "approve",
                                             **data)
    return FundBatchPage.objects.get(pk=page.pk)


# --- workflow, confidentiality check, sign-off freezes the rows -----------------------------


def test_batch_page_passes_workflow_and_sign_off_freezes_rows_article_9(fund, make_batch, people):
    setup_workflow()
    batch = imported(make_batch(), payment_lines(10))
    page = through_workflow(batch_page(fund, batch, people["editor"]), people)
    assert page.live
    batch.refresh_from_db()
    assert batch.signed_off_at is not None
    assert "已签发" in batch.freeze_reason()
    result = check_file(batch, io.BytesIO(csv_bytes(payment_lines(10))), "rows.csv")
    with pytest.raises(PermissionDenied):
        ImportRows(batch, result, user=people["editor"]).execute()
    assert Payment.objects.filter(batch=batch).count() == 10
    # the page's revisions carry the reference, never the rows
    content = page.latest_revision.content
    assert content["batch"] == batch.pk
    assert invented_id(0) not in str(content)


def test_confidentiality_check_blocks_batch_whose_public_rows_show_an_id_article_15(
        fund, make_batch, people):
    from confidentiality.models import ConfidentialityReview

    setup_workflow()
    lines = payment_lines(10)
    lines[4][3] = "幸福村" + invented_id(500)  # an ID typed into the village cell
    batch = imported(make_batch(), lines)
    page = batch_page(fund, batch, people["editor"])
    page.get_workflow().start(page, people["editor"])
    page = FundBatchPage.objects.get(pk=page.pk)
    page.current_workflow_task.on_action(page.current_workflow_task_state, people["reviewer"],
                                         "approve", comment="好")
    review = ConfidentialityReview.objects.get(page_id=page.pk)
    blocking = [finding for _i, finding in review.blocking_findings()]
    assert [f["kind"] for f in blocking] == ["id_number"]
    assert "发放明细（公开呈现）" in blocking[0]["location"]
    page = FundBatchPage.objects.get(pk=page.pk)
    with pytest.raises(PermissionDenied):
        page.current_workflow_task.on_action(
            page.current_workflow_task_state, people["officer"], "approve",
            checklist=[k for k, _l in FORBIDDEN_CATEGORIES], signature="审查员")


def test_masked_rows_pass_the_confidentiality_scan(fund, make_batch, people):
    from confidentiality.scanner import scan_page

    batch = imported(make_batch(), payment_lines(10))
    page = batch_page(fund, batch, people["editor"])
    report = scan_page(page)
    assert not report.has_blocking, report.as_dict()


# --- freeze and corrections -----------------------------------------------------------------


def test_previous_year_frozen_from_first_of_april_article_18(settings):
    assert not year_end_frozen(2025, datetime.date(2026, 3, 31))
    assert year_end_frozen(2025, datetime.date(2026, 4, 1))
    assert not year_end_frozen(2026, datetime.date(2026, 12, 31))
    assert year_end_frozen(2024, datetime.date(2026, 1, 2))
    settings.FUNDS_FREEZE_MONTH_DAY = (5, 1)
    assert not year_end_frozen(2025, datetime.date(2026, 4, 30))


def test_frozen_previous_year_batch_refuses_import(make_batch, people, monkeypatch):
    import funds.models

    batch = make_batch(year=2025, period="2025-12", paid_on=datetime.date(2025, 12, 20))
    monkeypatch.setattr(funds.models, "local_today", lambda: datetime.date(2026, 4, 1))
    result = check_file(batch, io.BytesIO(csv_bytes(payment_lines(10, paid_on="2025-12-20"))),
                        "rows.csv")
    with pytest.raises(PermissionDenied, match="冻结"):
        ImportRows(batch, result, user=people["editor"]).execute()
    monkeypatch.setattr(funds.models, "local_today", lambda: datetime.date(2026, 3, 31))
    assert ImportRows(batch, result, user=people["editor"]).execute() == 10


def test_correction_needs_reason_and_applies_only_after_workflow_with_public_history_article_20(
        fund, make_batch, people, client):
    setup_workflow()
    batch = imported(make_batch(), payment_lines(10))
    page = through_workflow(batch_page(fund, batch, people["editor"]), people)
    with pytest.raises(ValidationError):
        RequestCorrection(batch, line=3, field="amount", new_value="250.00", reason=" ",
                          user=people["editor"]).execute()
    with pytest.raises(PermissionDenied):
        RequestCorrection(batch, line=3, field="amount", new_value="250.00", reason="多发",
                          user=people["stranger"]).execute()
    correction = RequestCorrection(batch, line=3, field="amount", new_value="250.00",
                                   reason="系统重复计算了一个月", user=people["editor"]).execute()
    assert Payment.objects.get(batch=batch, line=3).amount == Decimal("300.00")
    assert "系统重复计算了一个月" not in client.get(page.url).content.decode()
    page.correction_note = "更正1人金额"
    page.save_revision(user=people["editor"])
    through_workflow(page, people, change_note="更正1人金额")
    correction.refresh_from_db()
    assert correction.state == Correction.APPLIED
    assert Payment.objects.get(batch=batch, line=3).amount == Decimal("250.00")
    batch.refresh_from_db()
    assert batch.total == Decimal("2950.00")
    text = client.get(page.url).content.decode()
    assert "更正记录" in text and "系统重复计算了一个月" in text and "250.00" in text


def test_batch_deadline_is_twenty_working_days_after_payment_article_8(make_batch):
    batch = make_batch(paid_on=datetime.date(2026, 9, 28))
    due = batch.due()
    assert due.due == add_working_days(datetime.date(2026, 9, 28), 20)
    assert due.due > datetime.date(2026, 9, 28) + datetime.timedelta(days=28)  # 国庆 not counted


# --- cross-checks ---------------------------------------------------------------------------


def test_crosscheck_flags_above_standard_duplicate_and_ineligible(make_batch, fund):
    lines = payment_lines(10)
    lines[1][6] = "400.00"
    lines[2][6] = "200.00"
    batch = imported(make_batch(), lines)
    rules = dict(PaymentFlag.objects.values_list("payment__line", "rule"))
    assert rules == {3: PaymentFlag.ABOVE_STANDARD}
    reference = IneligibleList.objects.create(name="机关事业单位在编人员", reason="财政供养人员不得享受")
    IneligibleEntry.objects.create(reference_list=reference,
                                   id_digest=idnumbers.digest(invented_id(5)))
    other = make_batch(name="补发", amount="300.00")
    Payment.objects.create(batch=other, line=2, name="王某某", id_number=invented_id(7),
                           id_digest=idnumbers.digest(invented_id(7)), township="东城街道",
                           village="幸福1村", project="高龄津贴", amount=Decimal("300.00"),
                           paid_on=datetime.date(2026, 3, 21), method="一卡通")
    assert run_crosschecks(batch) == 3
    flags = {(f.payment.line, f.rule): f.detail for f in PaymentFlag.objects.filter(
        payment__batch=batch)}
    assert flags[(7, PaymentFlag.INELIGIBLE)] == "在“机关事业单位在编人员”中：财政供养人员不得享受"
    assert "补发" in flags[(9, PaymentFlag.DUPLICATE)]


def test_flagged_row_needs_justification_before_going_live(make_batch, fund, people):
    lines = payment_lines(10)
    lines[1][6] = "400.00"
    lines[2][6] = "200.00"
    batch = imported(make_batch(), lines)
    page = batch_page(fund, batch, people["editor"])
    assert "比对疑点" in str(page.go_live_problem(None))
    flag = PaymentFlag.objects.get()
    with pytest.raises(PermissionDenied):
        JustifyFlag(flag, "补发", user=people["stranger"]).execute()
    with pytest.raises(ValidationError):
        JustifyFlag(flag, "  ", user=people["editor"]).execute()
    JustifyFlag(flag, "补发上月差额", user=people["editor"]).execute()
    assert page.go_live_problem(None) is None


def test_flags_seen_only_by_department_office_and_discipline_articles_16_24(
        make_batch, people, client):
    batch = imported(make_batch(), payment_lines(10))
    url = f"/admin/funds/batch/{batch.pk}/flags/"
    for name in ("editor", "office", "discipline"):
        client.force_login(people[name])
        assert client.get(url).status_code == 200, name
    for name in ("stranger", "signatory", "officer"):
        client.force_login(people[name])
        assert client.get(url).status_code in (302, 403, 404), name
    client.logout()
    assert client.get(url).status_code == 302


# --- the beneficiary's own query ------------------------------------------------------------


@pytest.fixture
def published(fund, make_batch, people):
    setup_workflow()
    batch = imported(make_batch(), payment_lines(10))
    return through_workflow(batch_page(fund, batch, people["editor"]), people)


def query(client, funds_root, name, id_number):
    return client.post(funds_root.url + "query/", {"name": name, "id_number": id_number},
                       REMOTE_ADDR="10.0.0.9")


def test_beneficiary_query_shows_own_payments_for_exact_match_only(published, funds_root,
                                                                   client):
    payment = Payment.objects.get(line=2)
    hit = query(client, funds_root, payment.name, payment.id_number).content.decode()
    assert "高龄津贴" in hit and "300.00" in hit and payment.id_number not in hit
    assert "410***********" in hit
    for name, number in ((payment.name[:1], payment.id_number),
                         (payment.name + "华", payment.id_number),
                         (payment.name, invented_id(900))):
        miss = query(client, funds_root, name, number).content.decode()
        assert "没有查到" in miss and "300.00" not in miss


def test_beneficiary_query_does_the_same_work_for_hit_and_miss(published, funds_root, client):
    payment = Payment.objects.get(line=2)
    query(client, funds_root, payment.name, payment.id_number)  # warm the site's caches
    counts = []
    for name in (payment.name, payment.name + "华"):
        with CaptureQueriesContext(connection) as queries:
            query(client, funds_root, name, payment.id_number)
        counts.append([re.sub(r"'[^']*'|\b(?:[01]|true|false)\b", "?", q["sql"])
                       for q in queries.captured_queries
                       if "funds_" in q["sql"]])
    assert counts[0] == counts[1] and counts[0]


def test_beneficiary_query_logged_with_keyed_hash_only(published, funds_root, client):
    payment = Payment.objects.get(line=2)
    query(client, funds_root, payment.name, payment.id_number)
    logged = BeneficiaryQuery.objects.get()
    assert logged.found and logged.id_digest == idnumbers.digest(payment.id_number)
    assert payment.id_number not in str(BeneficiaryQuery.objects.values().get())
    assert "10.0.0.9" not in logged.client


def test_beneficiary_query_throttled_across_workers(published, funds_root, client, settings):
    settings.FUNDS_QUERY_LIMIT = 3
    payment = Payment.objects.get(line=2)
    for _n in range(3):
        assert query(client, funds_root, payment.name, payment.id_number).status_code == 200
    assert query(client, funds_root, payment.name, payment.id_number).status_code == 429
    # a second worker process has its own cache connections but reads the same counter
    other_worker = CacheHandler()["throttle"]
    keys = [key for key in (f"funds:query:{c}" for c in
                            BeneficiaryQuery.objects.values_list("client", flat=True))]
    assert other_worker.get(keys[0]) >= 4



def test_beneficiary_query_counts_each_visitor_behind_the_proxy_apart(published, funds_root,
                                                                      client, settings):
    # Behind nginx every request comes from the proxy's address: the throttle counts the
    # client the trusted proxy names, so one visitor's queries never use up another's.
    settings.FUNDS_QUERY_LIMIT = 2
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    payment = Payment.objects.get(line=2)

    def ask(visitor):
        return client.post(funds_root.url + "query/",
                           {"name": payment.name, "id_number": payment.id_number},
                           REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=visitor).status_code

    assert [ask("198.51.100.7") for _n in range(3)] == [200, 200, 429]
    assert ask("203.0.113.9") == 200

# --- deadlines and update cycles on the dashboard and in reminders -------------------------


def test_open_batch_and_missing_month_are_on_dashboard_and_in_reminder(make_batch, fund,
                                                                     fund_department):
    from disclosure import reminders, timeliness
    from outbox.models import Message

    fund.save_revision().publish()
    batch = make_batch(paid_on=datetime.date(2026, 11, 2))
    today = datetime.date(2026, 11, 30)
    groups = {g.department.pk: g for g in timeliness.deadline_dashboard(
        Department.objects.all(), today)}
    group = groups[fund_department.pk]
    titles = [due.item.title for due in group.overdue + group.due_soon]
    assert any(batch.name in title for title in titles)
    assert any("2026-10 期数据更新" in title for title in titles)  # due 2026-11-30, today
    reminders.send_deadline_reminders.call(today="2026-11-30")
    body = Message.objects.get(to=fund_department.email).body
    assert batch.name in body and f"/admin/funds_batch/edit/{batch.pk}/" in body


def test_update_cycle_due_dates_monthly_and_quarterly():
    assert expected_periods("monthly", datetime.date(2026, 5, 10)) == [
        ("2026-04", datetime.date(2026, 5, 31)), ("2026-03", datetime.date(2026, 4, 30))]
    assert expected_periods("quarterly", datetime.date(2026, 2, 10)) == [
        ("2025-Q4", datetime.date(2026, 1, 31)), ("2025-Q3", datetime.date(2025, 10, 31))]


def test_new_fund_types_only_by_office_department_adds_batches_article_10(funds_root, fund,
                                                                           people):
    editor, office = people["editor"], people["office"]
    assert not funds_root.permissions_for_user(editor).can_add_subpage()
    assert funds_root.permissions_for_user(office).can_add_subpage()
    assert fund.permissions_for_user(editor).can_add_subpage()
    assert not fund.permissions_for_user(people["stranger"]).can_add_subpage()
