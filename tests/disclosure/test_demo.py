"""The catalogue's demo content: 30 entries or more, interpretations linked, safe to load twice."""

import pytest

from disclosure import demo as disclosure_demo
from disclosure.models import DisclosureItem, PolicyDocument, PolicyInterpretation
from portal import demo as portal_demo

pytestmark = pytest.mark.django_db


def test_demo_loads_thirty_live_entries_once_even_when_run_twice():
    site = portal_demo.load()
    disclosure_demo.load(site)
    count = DisclosureItem.objects.count()
    disclosure_demo.load(site)
    assert DisclosureItem.objects.count() == count >= 30
    assert DisclosureItem.objects.live().count() == count
    assert DisclosureItem.objects.filter(index_number__isnull=True).count() == 0
    for interpretation in PolicyInterpretation.objects.all():
        assert interpretation.documents.live().exists()
    for document in PolicyDocument.objects.filter(needs_interpretation=True):
        assert document.interpretations.live().exists()
    assert PolicyDocument.objects.get(document_number="示卫医〔2023〕15号").validity == "repealed"
    assert PolicyDocument.objects.get(document_number="示卫疾控〔2024〕12号").validity == "amended"
