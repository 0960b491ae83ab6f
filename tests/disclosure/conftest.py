"""Fixtures of the disclosure tests: a catalogue with one column per rule, and page makers."""

import datetime

import pytest
from django.utils import timezone

from departments.models import Department
from disclosure.models import (
    CatalogueColumn,
    CatalogueRoot,
    PolicyDocument,
    PolicyInterpretation,
    PublicNotice,
    WorkNews,
)


@pytest.fixture
def department(db):
    return Department.objects.create(code="yizheng", name="医政医管科")


@pytest.fixture
def catalogue(home):
    return home.add_child(instance=CatalogueRoot(
        title="政府信息公开目录", slug="xxgk", guide="<p>本指南说明公开的范围和方式。</p>"))


@pytest.fixture
def column(catalogue, department):
    return catalogue.add_child(instance=CatalogueColumn(
        title="政策文件", slug="zcwj", department=department, rule="document"))


@pytest.fixture
def news_column(catalogue, department):
    return catalogue.add_child(instance=CatalogueColumn(
        title="工作动态", slug="gzdt", department=department, rule="news"))


def publish(page, user=None):
    """Publish the page's current state through a revision, as the admin does."""
    revision = page.save_revision(user=user)
    revision.publish(user=user)
    page.refresh_from_db()
    return page


@pytest.fixture
def make_document(column):
    """Add a draft policy document to the column (publish it with `publish`)."""
    counter = {"n": 0}

    def make(title="关于加强医疗质量管理的通知", parent=None, **fields):
        counter["n"] += 1
        fields.setdefault("issuing_body", "示例市卫生健康委员会")
        fields.setdefault("document_number", f"示卫〔2026〕{counter['n']}号")
        fields.setdefault("written_on", datetime.date(2026, 3, 2))
        fields.setdefault("formed_on", datetime.date(2026, 3, 2))
        fields.setdefault("author", "李文静")
        fields.setdefault("body", "<p>各区卫生健康局：现就有关事项通知如下。</p>")
        document = PolicyDocument(title=title, slug=f"doc-{counter['n']}", live=False,
                                  **fields)
        return (parent or column).add_child(instance=document)

    return make


@pytest.fixture
def make_interpretation(column):
    counter = {"n": 0}

    def make(documents, title="《关于加强医疗质量管理的通知》政策解读", **fields):
        counter["n"] += 1
        fields.setdefault("author", "王建国")
        interpretation = PolicyInterpretation(
            title=title, slug=f"interp-{counter['n']}", live=False, **fields)
        interpretation = column.add_child(instance=interpretation)
        interpretation.documents.set(documents)
        interpretation.save_revision()
        return interpretation

    return make


@pytest.fixture
def make_news(news_column):
    counter = {"n": 0}

    def make(title="市卫生健康委召开医疗质量安全工作会议", **fields):
        counter["n"] += 1
        fields.setdefault("body", "<p>会议部署了下一阶段的医疗质量安全工作。</p>")
        fields.setdefault("author", "吴晓燕")
        fields.setdefault("happened_on", timezone.localdate())
        news = WorkNews(title=title, slug=f"news-{counter['n']}", live=False, **fields)
        return news_column.add_child(instance=news)

    return make


@pytest.fixture
def make_notice(news_column):
    def make(title="关于拟表彰先进集体的公示", **fields):
        fields.setdefault("body", "<p>现将拟表彰名单予以公示。</p>")
        fields.setdefault("kind", "announcement")
        notice = PublicNotice(title=title, slug=f"notice-{PublicNotice.objects.count()}",
                              live=False, **fields)
        return news_column.add_child(instance=notice)

    return make
