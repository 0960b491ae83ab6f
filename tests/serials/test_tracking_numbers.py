"""Tracking numbers stay unique when applications arrive at the same moment."""

import threading

import pytest
from django.db import connection, transaction

from applications.models import TrackingCounter, next_tracking_serial

# available_apps: the flush after this test empties only this app's tables, so the root page
# and content types the migrations made stay for later transactional (browser) tests.
pytestmark = pytest.mark.django_db(transaction=True, available_apps=["applications"])


def test_concurrent_submissions_get_distinct_consecutive_serials():
    serials, errors = [], []
    start = threading.Barrier(6)

    def take():
        try:
            start.wait()
            for _ in range(5):
                with transaction.atomic():
                    serials.append(next_tracking_serial(2031))
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
    assert TrackingCounter.objects.get(year=2031).last == 30
