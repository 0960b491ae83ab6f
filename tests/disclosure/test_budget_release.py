"""Budget releases: the 20-calendar-day clock from approval, and the workbook on the edit form."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from disclosure.models import BudgetRelease, CatalogueColumn
from tests.disclosure.budget_workbooks import SUMMARY_MERGES, SUMMARY_ROWS, workbook_bytes


@pytest.fixture
def budget_column(catalogue, department):
    return catalogue.add_child(instance=CatalogueColumn(
        title="预决算公开", slug="yjsgk", department=department, rule="budget"))


@pytest.fixture
def admin_client(client, db):
    user = get_user_model().objects.create_superuser(
        username="budget-admin", password="pw-for-tests-only", email="a@example.test")
    client.force_login(user)
    return client


def workbook_document(data: bytes, name="2026年部门预算公开表.xlsx"):
    return get_document_model().objects.create(
        title="2026年部门预算公开表", file=ContentFile(data, name=name))


def summary_bytes(rows=SUMMARY_ROWS):
    return workbook_bytes({"收支总表": rows}, {"收支总表": SUMMARY_MERGES})


def post_release(admin_client, column, document, **extra):
    data = nested_form_data({
        "title": "示例市卫生健康委员会2026年部门预算",
        "slug": "2026-budget",
        "fiscal_year": 2026,
        "kind": "budget",
        "approved_on": "2026-02-10",
        "summary": "",
        "explanation": rich_text("<p>本部门主要职责是统筹卫生健康事业发展。</p>"),
        "source_workbook": document.pk if document else "",
        "author": "",
        "source": "",
        "extension_days": 0,
        "extension_reason": "",
        "attachments": inline_formset([]),
        "comments": inline_formset([]),
        **extra,
    })
    url = reverse("wagtailadmin_pages:add", args=("disclosure", "budgetrelease", column.pk))
    return admin_client.post(url, data)


def test_approval_date_starts_a_twenty_calendar_day_clock_budget_law_article_14(budget_column):
    release = budget_column.add_child(instance=BudgetRelease(
        title="2026年部门预算", slug="b2026", fiscal_year=2026, kind="budget",
        approved_on=datetime.date(2026, 9, 28), formed_on=datetime.date(2026, 1, 1)))
    release.refresh_from_db()
    assert release.formed_on == datetime.date(2026, 9, 28)
    # 20 calendar days, the National Day holiday included: 2026-09-28 + 20 = 2026-10-18.
    assert release.due_on == datetime.date(2026, 10, 18)
    assert release.get_column().deadline_unit == "calendar"


def test_edit_form_imports_the_tables_of_a_workbook_that_adds_up(admin_client, budget_column):
    response = post_release(admin_client, budget_column, workbook_document(summary_bytes()))
    assert response.status_code == 302, response.context["form"].errors
    release = BudgetRelease.objects.get()
    [table] = release.tables
    assert table["caption"] == "2026年部门收支总表" and table["unit"] == "万元"
    assert release.formed_on == datetime.date(2026, 2, 10)


def test_edit_form_reports_a_total_mismatch_with_the_cell(admin_client, budget_column):
    rows = [list(row) for row in SUMMARY_ROWS]
    rows[7][1] = 4390.72  # 本年收入合计 in B8
    response = post_release(admin_client, budget_column, workbook_document(summary_bytes(rows)))
    assert response.status_code == 200
    errors = response.context["form"].errors["source_workbook"]
    assert "收支总表!B8 本年收入合计 4,390.72 ≠ 各项之和 4,396.72" in errors
    assert "收支总表!B8 本年收入合计 4,390.72 ≠ 各项之和 4,396.72" in response.text
    assert not BudgetRelease.objects.exists()


@pytest.mark.parametrize(("data", "name", "message"), [
    (b"not a spreadsheet at all", "budget.xlsx", "文件不是有效的 Excel 工作簿（.xlsx）。"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "budget.xls", "另存为 .xlsx"),
])
def test_edit_form_refuses_a_hostile_file_with_a_message_not_a_server_error(
        admin_client, budget_column, data, name, message):
    response = post_release(admin_client, budget_column, workbook_document(data, name=name))
    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors["source_workbook"])
    assert not BudgetRelease.objects.exists()


def test_release_without_a_workbook_has_no_tables(admin_client, budget_column):
    response = post_release(admin_client, budget_column, None)
    assert response.status_code == 302
    assert BudgetRelease.objects.get().tables == []


def test_public_page_shows_accessible_tables_with_caption_unit_and_scopes(
        admin_client, client, budget_column):
    post_release(admin_client, budget_column, workbook_document(summary_bytes()))
    release = BudgetRelease.objects.get()
    revision = release.save_revision()
    revision.publish()
    client.logout()
    response = client.get(release.url)
    assert response.status_code == 200
    html = response.text
    assert '<caption id="budget-table-1">2026年部门收支总表' in html
    assert "（单位：万元）" in html
    assert '<th scope="colgroup" colspan="2">收入</th>' in html
    assert '<th scope="row">本年收入合计</th>' in html
    assert '<td class="budget-amount">4,396.72</td>' in html
    assert "下载原始表格：2026年部门预算公开表" in html
    assert "<h1>示例市卫生健康委员会2026年部门预算</h1>" in html


def test_budget_release_only_goes_in_a_budget_column_budget_law_article_14(
        admin_client, column):
    # `column` is the policy-documents column (rule "document": 10 working days).
    response = post_release(admin_client, column, workbook_document(summary_bytes()))
    assert response.status_code == 200
    assert "只能放在公开时限规则为“预决算”的栏目中" in str(response.context["form"].non_field_errors())
    assert not BudgetRelease.objects.exists()
