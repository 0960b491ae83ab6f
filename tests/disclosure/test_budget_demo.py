"""The demo budget release: made from a generated .xlsx whose totals add up; loading is idempotent."""

from io import BytesIO

from disclosure import budget_demo
from disclosure.budget_tables import read_workbook
from disclosure.budget_totals import check_totals
from disclosure.models import BudgetRelease, CatalogueRoot
from portal import demo as portal_demo


def test_demo_workbook_totals_add_up_in_every_sheet():
    tables = read_workbook(BytesIO(budget_demo.build_workbook()))
    assert [table.sheet for table in tables] == ["收支总表", "一般公共预算支出表", "三公经费预算表"]
    assert all(table.unit == "万元" for table in tables)
    assert check_totals(tables) == []
    assert sum(row["total"] for table in tables for row in table.body) == 4


def test_demo_budget_release_is_loaded_once_and_published(db):
    demo = portal_demo.load()
    catalogue = demo.home.add_child(instance=CatalogueRoot(title="政府信息公开目录", slug="xxgk"))
    budget_demo.load(demo, catalogue)
    budget_demo.load(demo, catalogue)
    release = BudgetRelease.objects.get()
    assert release.live and release.index_number
    assert release.get_column().rule == "budget"
    assert release.get_column().specific.department.code == "caiwu"
    assert len(release.tables) == 3
    assert release.source_workbook.file.name.endswith(".xlsx")
