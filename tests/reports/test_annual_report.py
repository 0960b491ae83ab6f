"""The annual report (国办公开办函〔2021〕30号) built from the data: table 二 from the documents,
table 三 from the applications with its checks, table 四 as entered, the command's output."""

import datetime
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from applications.models import DisclosureApplication
from disclosure.annual_counts import document_counts
from disclosure.models import PolicyDocument
from reports.annual_report import build_report
from reports.exports import as_xlsx
from reports.models import AnnualReportFigures
from tests.reports.conftest import make_application

pytestmark = pytest.mark.django_db
D = datetime.date
FIXTURE = Path(__file__).parent / "fixtures" / "annual_report_2025.json"


def test_annual_report_2025_json_matches_the_hand_computed_fixture(year_2025):
    out = io.StringIO()
    call_command("annual_report", "2025", "--format", "json", stdout=out)
    assert json.loads(out.getvalue()) == json.loads(FIXTURE.read_text(encoding="utf-8"))
    assert out.getvalue() == FIXTURE.read_text(encoding="utf-8")


def _counts(year, genre):
    counts = document_counts(year)[genre]
    return counts.issued, counts.repealed, counts.in_force


def test_table_two_counts_issuing_repealing_and_validity_changes_from_the_documents(
        make_document):
    older = make_document("normative", D(2024, 3, 1))
    amended = make_document("normative", D(2024, 5, 1))
    assert _counts(2025, "normative") == (0, 0, 2)

    # Issuing a normative document in 2025 that repeals the older one and amends another.
    newer = make_document("normative", D(2025, 4, 10), live=False)
    newer.repeals.set([older])
    newer.amends.set([amended])
    newer.save_revision().publish()
    older.refresh_from_db()
    amended.refresh_from_db()
    assert (older.validity, older.validity_changed_on) == ("repealed", D(2025, 4, 10))
    assert amended.validity == "amended"  # 已修改 still counts as in force
    assert _counts(2025, "normative") == (1, 1, 2)
    assert _counts(2024, "normative") == (2, 0, 2)

    # The repeal is re-dated into 2026: not repealed in 2025, still in force on 31 December.
    PolicyDocument.objects.filter(pk=older.pk).update(validity_changed_on=D(2026, 2, 1))
    assert _counts(2025, "normative") == (1, 0, 3)

    # A document that simply lapses (已失效) in 2025 counts as repealed in 2025.
    amended.validity = "expired"
    amended.validity_changed_on = D(2025, 12, 31)
    amended.save_revision().publish()
    assert _counts(2025, "normative") == (1, 1, 2)
    # Genres are counted apart; 其他文件 never counts.
    make_document("other", D(2025, 1, 6))
    make_document("rule", D(2025, 1, 7))
    assert _counts(2025, "rule") == (1, 0, 1)
    assert _counts(2025, "normative") == (1, 1, 2)


def test_validity_change_without_a_date_is_dated_today_and_cleared_when_valid_again(
        make_document):
    document = make_document("rule", D(2024, 1, 8))
    document.validity = "repealed"
    document.save()
    assert document.validity_changed_on is not None
    document.validity = "valid"
    document.save()
    assert document.validity_changed_on is None


def test_table_three_balance_and_leaf_checks_pass_on_clean_data(year_2025):
    report = build_report(2025)
    assert report.passed, [check.message for check in report.failed_checks]


def test_table_three_balance_failure_names_its_cell(year_2025):
    # A row closed before it was received: counted as new in 2025, handled in 2024.
    make_application("business", D(2025, 3, 10), D(2024, 12, 1), "disclosed")
    report = build_report(2025)
    failed = [check for check in report.failed_checks if "结转下年度" in check.name]
    assert len(failed) == 1
    assert failed[0].cell == "表三!C31 商业企业 四、结转下年度继续办理"
    assert "本年新收 2 + 上年结转 0 = 2 ≠ 办理结果总计 1 + 结转下年度 0 = 1" in failed[0].message
    # The cell named is that cell in the spreadsheet.
    sheet = load_workbook(io.BytesIO(as_xlsx(report.as_dict())))["表三"]
    assert sheet["A31"].value.strip() == "四、结转下年度继续办理"
    assert sheet["C2"].value == "商业企业"


def test_every_application_handled_in_the_year_is_in_exactly_one_leaf(year_2025):
    application = make_application("natural", D(2025, 10, 9))
    # A closing date without a reply leaf (half-written data): counted as handled, in no leaf.
    DisclosureApplication.objects.filter(pk=application.pk).update(closed_on=D(2025, 10, 30))
    report = build_report(2025)
    failed = {check.name: check for check in report.failed_checks}
    leaf = failed["表三 每件办结的申请只计入一种答复类型"]
    assert leaf.cell == "表三!B30 自然人 三、本年度办理结果总计"
    assert "办理结果总计 5 ≠ 各答复类型之和 4" in leaf.message


def test_table_four_and_entered_figures_need_their_source_and_totals_are_computed(
        client, office_user):
    client.force_login(office_user)
    url = reverse("wagtailsnippets_reports_annualreportfigures:add")
    data = {"year": "2024", "licensing_decisions": "5", "licensing_source": "",
            "penalty_decisions": "1", "coercion_decisions": "0", "enforcement_source": "台账",
            "fees_wan": "0", "fees_source": "无收费职权",
            "review_upheld": "2", "review_corrected": "1", "review_other": "0",
            "review_pending": "1", "direct_upheld": "0", "direct_corrected": "0",
            "direct_other": "0", "direct_pending": "0", "after_review_upheld": "0",
            "after_review_corrected": "0", "after_review_other": "0",
            "after_review_pending": "-1", "review_source": "复议台账"}
    response = client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "请写明数据来源" in html
    assert not AnnualReportFigures.objects.exists()
    data.update(licensing_source="审批系统", after_review_pending="0")
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    report = build_report(2024)
    groups = {group["code"]: group["cells"] for group in report.table_four["groups"]}
    assert groups["review"] == [2, 1, 0, 1, 4]
    assert report.table_two["licensing"] == {"label": "行政许可", "decisions": 5,
                                             "source": "审批系统"}


def test_missing_entered_figures_fail_a_check_naming_the_cell(make_document):
    report = build_report(2023)
    failed = {check.name: check for check in report.failed_checks}
    assert failed["表二、表四 本机关填报的数据"].cell == "表二!B6 行政许可 本年处理决定数量"


def test_command_refuses_a_bad_year_and_exits_1_when_a_check_fails(db, tmp_path):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="年度"):
        call_command("annual_report", "20x5")
    err = io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("annual_report", "2023", "--format", "xlsx", "--output",
                     str(tmp_path / "r.xlsx"), stderr=err)
    assert exit_info.value.code == 1
    assert "表二!B6" in err.getvalue()
    assert load_workbook(tmp_path / "r.xlsx").sheetnames == ["表二", "表三", "表四", "核对"]
