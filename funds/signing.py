"""The hand-over from the approval workflow: when a batch page's workflow is approved (its last
step, 领导签发), the batch is signed off (funds.actions.SignOffBatch)."""


def sign_off_batch_when_approved(sender, instance, user=None, **kwargs):
    """Receiver of wagtail.signals.workflow_approved (connected in FundsConfig.ready())."""
    from funds.actions import SignOffBatch
    from funds.models import FundBatchPage

    page = instance.content_object
    specific = getattr(page, "specific", None)
    if not isinstance(specific, FundBatchPage):
        return
    SignOffBatch(specific.batch, user=user).execute()
