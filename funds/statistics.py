"""The public statistics of a fund (000 第四条: statistics by project): totals by project,
township and year over its published batches only, and the emergency-aid summary by disease
category and township (002: no person, masked or not, stands beside a diagnosis)."""

from __future__ import annotations

import hashlib
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Count, Sum

CACHE_SECONDS = 600


def published_batches(fund):
    """The fund's batches whose page is live and public."""
    from funds.models import DisbursementBatch, FundBatchPage

    pages = FundBatchPage.objects.child_of(fund).live().public()
    return DisbursementBatch.objects.filter(page__in=pages)


def fund_statistics(fund) -> dict:
    """{"by_project"|"by_township"|"by_year": [(label, people, amount)]}, cached until a batch
    of the fund is published, corrected or re-imported (the key carries their stamps)."""
    from funds.models import Payment

    batches = list(published_batches(fund).values_list("pk", "signed_off_at", "total"))
    stamp = hashlib.sha256(repr(batches).encode()).hexdigest()[:16]
    key = f"funds:stats:{fund.pk}:{stamp}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    rows = Payment.objects.filter(batch_id__in=[pk for pk, *_rest in batches])
    result = {}
    for name, column in (("by_project", "project"), ("by_township", "township"),
                         ("by_year", "batch__period_year")):
        result[name] = [(str(row[column]), row["people"], row["amount"] or Decimal("0"))
                        for row in rows.values(column).annotate(
                            people=Count("pk"), amount=Sum("amount")).order_by(column)]
    cache.set(key, result, CACHE_SECONDS)
    return result


def emergency_aid_table(batch) -> list[tuple]:
    """(病种类别, 乡镇, 人次, 金额) of an emergency-aid batch: counts and amounts only."""
    rows = (batch.payments.values("disease_category", "township")
            .annotate(people=Count("pk"), amount=Sum("amount"))
            .order_by("disease_category", "township"))
    return [(row["disease_category"], row["township"], row["people"], f"{row['amount']:.2f}")
            for row in rows]
