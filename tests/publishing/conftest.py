"""Fixtures of the publishing tests."""

import pytest

from confidentiality import pages as scanned_pages
from disclosure.models import CatalogueColumn, CatalogueRoot
from publishing import workflow
from tests.publishing.workflow_support import FakeReport


@pytest.fixture
def catalogue_desk(home, roles, make_department, make_user, monkeypatch):
    monkeypatch.setattr(scanned_pages, "scan_page", lambda page: FakeReport([]))
    department, _sections = make_department("yizheng", "医政医管科", home, ())
    catalogue = home.add_child(instance=CatalogueRoot(title="政府信息公开", slug="xxgk"))
    columns = {rule: catalogue.add_child(instance=CatalogueColumn(
        title=title, slug=slug, department=department, rule=rule))
        for rule, title, slug in (("document", "政策文件", "zcwj"), ("news", "工作动态", "gzdt"),
                                  ("budget", "预决算公开", "yjs"), ("general", "公示公告", "gsgg"))}
    workflow.setup_workflow(roots=[catalogue])
    editor = make_user("editor", "信息员", department.group)
    reviewer = make_user("reviewer", "科室负责人", department.group)
    return columns, editor, reviewer
