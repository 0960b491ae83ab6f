"""Upgrading keeps both old counters' positions: the next index number and the next tracking
number continue where they stopped (条例 第十二条: an index number is never reused)."""

import pytest

from serials import counters
from tests.migration_support import BEFORE_SPLIT, migrate, migrate_to_latest

# serialized_rollback: the flush at the end keeps Django from re-making content types under new
# ids, which later tests that restore the serialized database would collide with.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def old_database():
    apps = migrate(BEFORE_SPLIT + [("serials", None)])
    yield apps
    migrate_to_latest()


def test_index_number_and_tracking_counters_continue_after_the_merge(old_database):
    old_database.get_model("disclosure", "IndexNumberCounter").objects.create(
        scope="2025", last_serial=41)
    old_database.get_model("disclosure", "IndexNumberCounter").objects.create(
        scope="all", last_serial=7)
    old_database.get_model("applications", "TrackingCounter").objects.create(year=2025, last=9)

    migrate_to_latest()

    assert counters.take("index_numbers", "2025") == 42
    assert counters.take("index_numbers", "all") == 8
    assert counters.take("applications", "2025") == 10
