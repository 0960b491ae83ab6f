"""The catalogue's columns and the fields every disclosure item carries."""

import datetime

import pytest

from departments.models import Department, DepartmentSection
from departments.roles import department_for_page
from disclosure.models import CatalogueColumn, DisclosureItem, PolicyDocument
from tests.disclosure.conftest import publish

pytestmark = pytest.mark.django_db


def test_column_rule_defaults_follow_rules_table(catalogue, department):
    expected = {"general": (10, "working"), "document": (10, "working"),
                "news": (2, "working"), "other": (3, "working"),
                "budget": (20, "calendar"), "livelihood": (20, "working")}
    for rule, (days, unit) in expected.items():
        column = catalogue.add_child(instance=CatalogueColumn(
            title=f"栏目{rule}", slug=f"col-{rule}", department=department, rule=rule))
        assert (column.deadline_days, column.deadline_unit) == (days, unit)


def test_column_deadline_is_editable(catalogue, department):
    column = catalogue.add_child(instance=CatalogueColumn(
        title="其他", slug="other", department=department, rule="other", deadline_days=5))
    assert (column.deadline_days, column.deadline_unit) == (5, "working")


def test_column_deadline_cannot_pass_twenty_working_days_article_26(catalogue, department):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        catalogue.add_child(instance=CatalogueColumn(
            title="太长", slug="long", department=department, deadline_days=25))
    assert "第二十六条" in str(error.value)


def test_saving_a_column_links_it_to_its_department(catalogue, department):
    column = catalogue.add_child(instance=CatalogueColumn(
        title="医政", slug="yz", department=department))
    assert DepartmentSection.objects.get(page=column).department == department
    assert department_for_page(column) == department
    other = Department.objects.create(code="jikong", name="疾病预防控制科")
    column.department = other
    column.save()
    assert DepartmentSection.objects.get(page=column).department == other


def test_disclosure_item_objects_span_every_type(make_document, make_news):
    document = make_document()
    news = make_news()
    assert set(DisclosureItem.objects.values_list("pk", flat=True)) == {document.pk, news.pk}
    assert not DisclosureItem.is_creatable


def test_get_column_is_the_nearest_column(make_document, column, department):
    sub = column.add_child(instance=CatalogueColumn(
        title="规范性文件", slug="gfxwj", department=department, rule="document"))
    document = make_document(parent=sub)
    assert document.get_column().pk == sub.pk


def test_due_date_ten_working_days_after_issue(make_document):
    # 条例 第二十六条 (corpus 004 政务公开制度 第九条): 10 working days after 2026-09-28 is 2026-10-16 (National Day holiday).
    document = make_document(formed_on=datetime.date(2026, 9, 28))
    assert document.due_on == datetime.date(2026, 10, 16)


def test_index_number_assigned_on_first_publication(make_document):
    document = make_document()
    assert document.index_number is None
    publish(document)
    year = document.first_published_at.year
    assert document.index_number == f"000000000/{year}-00001"
    number = document.index_number
    publish(document)
    assert document.index_number == number


def test_search_document_has_the_contract_keys(make_document):
    document = publish(make_document(summary="概述"))
    data = document.search_document()
    for key in ("title", "body", "summary", "document_number", "index_number", "issuing_body",
                "column", "column_id", "kind", "subject", "validity", "published_on",
                "attachments"):
        assert key in data
    assert data["document_number"] == document.document_number
    assert data["validity"] == "有效"
    assert isinstance(PolicyDocument.objects.get(pk=document.pk), PolicyDocument)
