"""Tracking numbers stay unique when applications arrive at the same moment; query codes
check only against their own kind of number."""

import threading

import pytest
from django.db import connection, transaction

from serials.models import SerialCounter
from serials.tracking import TrackingNumbers, normalise_tracking_number

# serialized_rollback: see tests/migration_support.py (the flush at the end).
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_concurrent_submissions_get_distinct_consecutive_serials():
    serials, errors = [], []
    start = threading.Barrier(6)

    def take():
        try:
            start.wait()
            for _ in range(5):
                with transaction.atomic():
                    serials.append(TrackingNumbers("applications").issue(2031).serial)
        except Exception as error:  # reported below; a thread must not die silently
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=take) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert sorted(serials) == list(range(1, 31))
    assert SerialCounter.objects.get(name="applications", scope="2031").last == 30


def test_a_query_code_checks_only_against_its_own_hash_and_kind():
    applications, complaints = TrackingNumbers("applications"), TrackingNumbers("complaints")
    issued = applications.issue(2032)
    assert issued.number == "2032-00001"
    assert applications.check_query_code(issued.query_code.lower(), issued.query_code_hash)
    assert not applications.check_query_code("WRONGCODE2", issued.query_code_hash)
    assert not complaints.check_query_code(issued.query_code, issued.query_code_hash)
    assert not applications.check_query_code(issued.query_code, "md5$$broken")


def test_tracking_numbers_typed_with_spaces_or_wide_dashes_are_understood():
    assert normalise_tracking_number(" 2026 －00042 ") == "2026-00042"
