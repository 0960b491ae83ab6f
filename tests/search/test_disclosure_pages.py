"""Search over the real disclosure page types (their `search_document()`)."""

import datetime

import pytest

from departments.models import Department
from disclosure.models import CatalogueColumn, CatalogueRoot, PolicyDocument
from search.backends import SearchRequest, get_backend
from search.models import IndexEntry
from search.query import plan

pytestmark = pytest.mark.django_db


def found(text):
    return [hit.page_id for hit in get_backend().search(SearchRequest(plan=plan(text))).hits]


def test_published_policy_document_is_found_by_words_and_document_number(
        home, django_capture_on_commit_callbacks):
    department = Department.objects.create(code="yizheng", name="医政医管科")
    catalogue = home.add_child(instance=CatalogueRoot(title="政府信息公开目录", slug="xxgk"))
    column = catalogue.add_child(instance=CatalogueColumn(
        title="政策文件", slug="zcwj", department=department, rule="document"))
    document = column.add_child(instance=PolicyDocument(
        title="关于规范社区卫生服务中心夜间门诊的通知", slug="yejian", live=False,
        issuing_body="示例市卫生健康委员会", document_number="示卫〔2026〕12号",
        written_on=datetime.date(2026, 3, 2), formed_on=datetime.date(2026, 3, 2),
        author="李文静", body="<p>各社区卫生服务中心应当公布夜间门诊时段和值班电话。</p>"))
    assert found("夜间门诊") == []  # a draft
    with django_capture_on_commit_callbacks(execute=True):
        document.save_revision().publish()
    document.refresh_from_db()
    assert document.live, "the disclosure app refused to publish the document"
    assert found("夜间门诊") == [document.pk]
    assert found("示卫[2026]12号")[0] == document.pk
    entry = IndexEntry.objects.get(page=document)
    assert entry.kind == "政策文件" and entry.column == "政策文件"
    assert entry.issuing_body == "示例市卫生健康委员会" and entry.column_id == column.pk
