"""The public statistics of a fund (000 第四条: statistics by project): totals by project,
township and year over its published batches only, and the emergency-aid summary by disease
category and township (002: no person, masked or not, stands beside a diagnosis).

The totals run over every payment row of the fund's published batches (100,000 rows take
more than a second), so no public request computes them: they are computed when the set of
published batches or their rows change (a batch page published, unpublished, moved, deleted
or restricted; a batch signed off or corrected) by the background task
`refresh_fund_statistics`, and stored in `FundStatistics` with a stamp of the batches they
cover. The fund's page reads that row; if its stamp no longer matches the published batches
(a change no hook saw), the page shows that the figures are being updated, asks for a
refresh, and shows no figure of a batch that is no longer public."""

from __future__ import annotations

import hashlib
from decimal import Decimal

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Max, Q, Sum
from django.dispatch import Signal
from django_tasks import task

# Sent with `fund` inside the transaction that stored new statistics: the site purges the
# fund's page from its page cache (portal.cache_signals).
statistics_stored = Signal()

KINDS = (("by_project", "project"), ("by_township", "township"),
         ("by_year", "batch__period_year"))
# A public request whose stored figures are stale asks for a refresh at most this often.
PENDING_SECONDS = 60


def published_batches(fund):
    """The fund's batches whose page is live and public."""
    from funds.models import DisbursementBatch, FundBatchPage

    pages = FundBatchPage.objects.child_of(fund).live().public()
    return DisbursementBatch.objects.filter(page__in=pages)


def batches_stamp(fund) -> str:
    """A short digest of what the statistics cover: the published batches, their totals,
    sign-off and re-publication times and applied corrections (one small query)."""
    from funds.models import Correction

    rows = list(published_batches(fund).order_by("pk").annotate(
        corrected=Max("corrections__applied_at",
                      filter=Q(corrections__state=Correction.APPLIED)))
        .values_list("pk", "signed_off_at", "total", "row_count", "page__last_published_at",
                     "corrected"))
    return hashlib.sha256(repr(rows).encode()).hexdigest()[:32]


def compute_statistics(fund) -> dict:
    """{"by_project"|"by_township"|"by_year": [[label, people, "amount"]]} over every row of
    the fund's published batches (JSON-ready: amounts as strings)."""
    from funds.models import Payment

    rows = Payment.objects.filter(batch__in=published_batches(fund))
    result = {}
    for name, column in KINDS:
        result[name] = [[str(row[column]), row["people"], f"{row['amount'] or Decimal(0):.2f}"]
                        for row in rows.values(column).annotate(
                            people=Count("pk"), amount=Sum("amount")).order_by(column)]
    return result


def store_statistics(fund, force=False):
    """Compute the fund's statistics and store them with their stamp (unless the stored ones
    already cover the same batches: several hooks may ask for one change)."""
    from funds.models import FundStatistics

    with transaction.atomic():
        stamp = batches_stamp(fund)
        stored = FundStatistics.objects.select_for_update().filter(fund=fund).first()
        if stored is not None and stored.stamp == stamp and not force:
            return stored
        figures = compute_statistics(fund)
        stored, _created = FundStatistics.objects.update_or_create(
            fund=fund, defaults={"stamp": stamp, "figures": figures})
        statistics_stored.send(sender=FundStatistics, fund=fund)
    return stored


@task()
def refresh_fund_statistics(fund_id: int) -> str:
    """Background step: recompute and store one fund's statistics."""
    from funds.models import FundPage

    fund = FundPage.objects.filter(pk=fund_id).first()
    if fund is None:
        return "gone"
    store_statistics(fund)
    return "stored"


def schedule_refresh(fund_id) -> None:
    """Refresh the fund's statistics through the background task once the current
    transaction commits (nothing is asked if it rolls back)."""
    if fund_id:
        transaction.on_commit(lambda: refresh_fund_statistics.enqueue(fund_id))


def fund_statistics(fund) -> dict:
    """The stored statistics of the fund as {"by_project"|…: [(label, people, Decimal)],
    "pending": bool}. Never computed here over the rows: stale or missing figures ask the
    background task for a refresh (at most once a minute per fund and state of its batches)
    and show nothing."""
    from funds.models import FundStatistics

    stored = FundStatistics.objects.filter(fund=fund).first()
    stamp = batches_stamp(fund)
    if stored is not None and stored.stamp == stamp:
        result = {name: [(label, people, Decimal(amount))
                         for label, people, amount in stored.figures.get(name, [])]
                  for name, _column in KINDS}
        result["pending"] = False
        return result
    if cache.add(f"funds:stats-pending:{fund.pk}:{stamp}", 1, PENDING_SECONDS):
        schedule_refresh(fund.pk)
    result = {name: [] for name, _column in KINDS}
    result["pending"] = True
    return result


def emergency_aid_table(batch) -> list[tuple]:
    """(病种类别, 乡镇, 人次, 金额) of an emergency-aid batch: counts and amounts only."""
    rows = (batch.payments.values("disease_category", "township")
            .annotate(people=Count("pk"), amount=Sum("amount"))
            .order_by("disease_category", "township"))
    return [(row["disease_category"], row["township"], row["people"], f"{row['amount']:.2f}")
            for row in rows]
