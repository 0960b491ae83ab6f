"""The read-only deadline panel the edit page of a disclosure item shows."""
# ruff: noqa: F811  (pytest fixtures imported from calendar_support are used as arguments)

from datetime import date

import pytest
from django.test import RequestFactory

from disclosure.deadline_panel import DeadlinePanel
from disclosure.deadlines import deadline_summary
from tests.workdays.calendar_support import (  # noqa: F401
    catalogue_columns,
    fresh_calendar_cache,
    make_item,
    mark_published,
)

pytestmark = pytest.mark.django_db


def render(item, user):
    request = RequestFactory().get("/")
    request.user = user
    panel = DeadlinePanel().bind_to_model(type(item))
    return panel.get_bound_panel(instance=item, request=request, form=None).render_html()


def test_panel_shows_due_date_rule_and_working_days_left(catalogue_columns, admin_user):
    item = make_item(catalogue_columns["yizheng"], date(2026, 9, 28))
    summary = deadline_summary(item, today=date(2026, 10, 13))
    assert summary["due_on"] == date(2026, 10, 16)
    assert summary["state_label"] == "剩余 3 个工作日"
    html = render(item, admin_user)
    assert "2026-10-16" in html
    assert "2026-09-28 后 10 个工作日" in html


def test_panel_marks_a_provisional_deadline(catalogue_columns, admin_user):
    item = make_item(catalogue_columns["yizheng"], date(2026, 12, 24))
    html = render(item, admin_user)
    assert "2027-01-07" in html and "暂定" in html


def test_panel_reports_how_late_a_published_item_was(catalogue_columns, admin_user):
    item = mark_published(make_item(catalogue_columns["yizheng"], date(2026, 9, 28)),
                          date(2026, 10, 20))
    summary = deadline_summary(item)
    assert (summary["state"], summary["late_by"]) == ("published", 2)
    assert "逾期 2 个工作日发布" in render(item, admin_user)
