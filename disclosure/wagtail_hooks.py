"""Admin hooks of the catalogue: the log action of a validity change, and the three-sync warning
when a document needing an interpretation is scheduled."""

from django.contrib import messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.log_actions import LogFormatter


@hooks.register("register_log_actions")
def register_disclosure_log_actions(actions):
    @actions.register_action("disclosure.validity_changed")
    class ValidityChanged(LogFormatter):
        label = gettext_lazy("有效性变更")

        def format_message(self, log_entry):
            from disclosure.models.policy import VALIDITY_CHOICES

            data = log_entry.data or {}
            labels = dict(VALIDITY_CHOICES)
            return _("有效性由“%(old)s”变为“%(new)s”（因发布《%(by)s》）") % {
                "old": labels.get(data.get("old"), data.get("old")),
                "new": labels.get(data.get("new"), data.get("new")),
                "by": data.get("by_title", ""),
            }


@hooks.register("after_edit_page")
@hooks.register("after_create_page")
def warn_scheduled_document_without_interpretation(request, page):
    """A document scheduled for later still needs its interpretation approved by then (三同步);
    the scheduler will refuse to publish it otherwise, so say so now."""
    from disclosure.models import PolicyDocument
    from disclosure.publication import three_sync_problem

    page = page.specific
    if not isinstance(page, PolicyDocument) or not page.needs_interpretation:
        return
    revision = page.scheduled_revision
    if revision is None or revision.approved_go_live_at is None:
        return
    problem = three_sync_problem(page, go_live_at=revision.approved_go_live_at)
    if problem:
        messages.warning(request, _("已定时发布，但尚不满足三同步要求：%(problem)s") % {
            "problem": problem})
