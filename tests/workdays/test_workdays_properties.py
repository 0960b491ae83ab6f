"""Property tests: adding working days and counting them agree, for any start and any count."""
# ruff: noqa: F811  (pytest fixtures imported from calendar_support are used as arguments)

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.workdays.calendar_support import NEW_YEAR_2027, enter_year, fresh_calendar_cache  # noqa: F401
from workdays.engine import (
    add_working_days,
    deadline,
    is_provisional,
    is_working_day,
    working_days_between,
)

pytestmark = pytest.mark.django_db

starts = st.dates(min_value=date(2004, 1, 1), max_value=date(2028, 12, 31))
counts = st.integers(min_value=0, max_value=80)
examples = settings(max_examples=200, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture
def with_2027(db):
    enter_year(2027, NEW_YEAR_2027)


@examples
@given(start=starts, n=counts)
def test_counting_back_what_was_added_gives_n(start, n):
    assert working_days_between(start, add_working_days(start, n)) == n


@examples
@given(start=starts, n=st.integers(min_value=1, max_value=80))
def test_the_nth_working_day_is_a_working_day_and_the_day_before_has_n_minus_1(start, n):
    due = add_working_days(start, n)
    assert is_working_day(due)
    assert working_days_between(start, due - timedelta(days=1)) == n - 1


@examples
@given(start=starts, span=st.integers(min_value=0, max_value=120))
def test_adding_the_count_between_lands_on_the_last_working_day_not_after_end(start, span):
    end = start + timedelta(days=span)
    n = working_days_between(start, end)
    due = add_working_days(start, n)
    assert due <= end
    assert working_days_between(due, end) == 0


@examples
@given(a=starts, gap1=st.integers(0, 60), gap2=st.integers(0, 60))
def test_counts_over_adjacent_spans_add_up(a, gap1, gap2):
    b = a + timedelta(days=gap1)
    c = b + timedelta(days=gap2)
    assert working_days_between(a, c) == working_days_between(a, b) + working_days_between(b, c)


@examples
@given(start=st.dates(min_value=date(2026, 10, 1), max_value=date(2027, 12, 31)), n=counts)
def test_add_and_between_agree_across_an_entered_2027(with_2027, start, n):
    due = deadline(start, n)
    assert working_days_between(start, due.due) == n
    assert due.provisional == (due.due.year >= 2028)  # 2028 has no data yet


@examples
@given(start=st.dates(min_value=date(2026, 10, 1), max_value=date(2027, 12, 31)), n=counts)
def test_provisional_exactly_when_a_counted_day_lies_in_a_year_without_data(start, n):
    due = deadline(start, n)
    # the counted days are (start, due]: their years, none when nothing was counted
    first_counted = start + timedelta(days=1)
    touched = set(range(first_counted.year, due.due.year + 1)) if due.due > start else set()
    assert due.provisional == any(is_provisional(date(year, 1, 1)) for year in touched)
