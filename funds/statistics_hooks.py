"""The hooks that refresh a fund's stored statistics (funds.statistics) when the set of its
published batches or their rows change; connected in FundsConfig.ready()."""

from __future__ import annotations

from funds.statistics import schedule_refresh


def _fund_id_of_batch_page(page):
    from funds.models import FundBatchPage, FundPage

    if not isinstance(page, FundBatchPage):
        return None
    parent_path = page.path[:-page.steplen]
    return FundPage.objects.filter(path=parent_path).values_list("pk", flat=True).first()


def batch_page_changed(sender, instance, **kwargs):
    """page_published, page_unpublished, post_delete of a batch page."""
    schedule_refresh(_fund_id_of_batch_page(instance))


def batch_page_moved(sender, instance, parent_page_before=None, parent_page_after=None,
                     **kwargs):
    """post_page_move: both the fund it left and the one it joined."""
    from funds.models import FundBatchPage

    if not isinstance(instance.specific_deferred, FundBatchPage):
        return
    for parent in (parent_page_before, parent_page_after):
        if parent is not None:
            schedule_refresh(parent.pk)


def view_restriction_changed(sender, instance, **kwargs):
    """A privacy setting on a fund, on a batch page or above them changes what is public."""
    from funds.models import FundPage

    page = instance.page
    funds = FundPage.objects.filter(path__startswith=page.path).values_list("pk", flat=True)
    for fund_id in {*funds, _fund_id_of_batch_page(page.specific_deferred)}:
        schedule_refresh(fund_id)
