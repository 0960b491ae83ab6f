"""Fixtures of the inspection tests: a catalogue, columns of each kind, pages published on a
given day (Asia/Shanghai), and the interaction fixtures for the message rule."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from wagtail.models import Page

from departments.models import Department
from disclosure.models import CatalogueColumn, CatalogueRoot, WorkNews
from tests.interaction.conftest import (  # noqa: F401  (fixtures of the message rule)
    channels,
    departments,
    form_data,
    make_message,
    today,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(day: date, hour: int = 10):
    """`hour` o'clock of `day` in Beijing time, but never later than now: a page "published
    today" must not look published in the future (a date finding) when the suite runs early
    in the morning."""
    from django.utils import timezone

    return min(datetime.combine(day, time(hour, 0), tzinfo=SHANGHAI), timezone.now())


def set_published(page, day: date | None):
    """Make `page` look first (and last) published on `day`."""
    moment = at(day) if day else None
    Page.objects.filter(pk=page.pk).update(first_published_at=moment, last_published_at=moment)
    page.refresh_from_db()
    return page


@pytest.fixture
def department(db):
    return Department.objects.create(code="bangongshi", name="办公室")


@pytest.fixture
def catalogue(home):
    catalogue = home.add_child(instance=CatalogueRoot(title="政府信息公开", slug="xxgk"))
    return catalogue


@pytest.fixture
def make_column(catalogue, department):
    counter = {"n": 0}

    def make(title="栏目", kind="other", parent=None, **fields):
        counter["n"] += 1
        return (parent or catalogue).add_child(instance=CatalogueColumn(
            title=title, slug=f"col-{counter['n']}", department=department, column_kind=kind,
            **fields))

    return make


@pytest.fixture
def make_news():
    counter = {"n": 0}

    def make(column, published_on, title="工作动态", body="<p>内容。</p>", **fields):
        counter["n"] += 1
        fields.setdefault("happened_on", published_on)
        fields.setdefault("formed_on", published_on)
        news = column.add_child(instance=WorkNews(
            title=f"{title}{counter['n']}", slug=f"news-{counter['n']}", body=body, **fields))
        news.save_revision().publish()
        return set_published(news, published_on)

    return make
