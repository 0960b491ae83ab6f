"""What happens when a policy document goes live: the three-sync gate and amendments/repeals.

三同步 (政策解读与政策文件同步组织、同步审签、同步部署): a policy interpretation is organised, signed off and published
together with its document. A document marked as needing an interpretation may not go live
before one of its interpretations is approved — live already, or approved for publication no
later than the document (so the two may go live together). The gate sits in
`PolicyDocument.save()`, the one place every publication path passes (admin publish, workflow
approval, the scheduler, bulk actions, code), and in the admin form for a friendly message.
"""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import Revision

THREE_SYNC_RULE = "三同步：政策文件与解读同步组织、同步审签、同步部署"


class ThreeSyncError(ValidationError):
    """A policy document needing an interpretation tried to go live without an approved one."""


def three_sync_problem(document, go_live_at=None) -> str | None:
    """Why `document` may not go live at `go_live_at` (default: now), or None when it may."""
    if not document.needs_interpretation:
        return None
    if not document.pk:
        return _("该文件需要政策解读，请先保存草稿并创建解读，解读审核通过后才能发布。")
    moment = go_live_at or timezone.now()
    if interpretation_ready(document, moment):
        return None
    return _("“%(title)s”需要政策解读（三同步）：须待其解读审核通过后才能发布，"
             "或将解读安排在不晚于本文件的时间同时发布。") % {"title": document.title}


def interpretation_ready(document, moment) -> bool:
    """True if some interpretation of `document` is live, or approved to go live by `moment`."""
    from disclosure.models import PolicyInterpretation

    if PolicyInterpretation.objects.live().filter(documents=document).exists():
        return True
    scheduled = Revision.page_revisions.filter(
        content_type__app_label="disclosure", content_type__model="policyinterpretation",
        approved_go_live_at__isnull=False, approved_go_live_at__lte=moment,
    )
    return any(document.pk in (revision.content.get("documents") or [])
               for revision in scheduled.only("content"))


def ensure_three_sync_on_go_live(document) -> None:
    """Raise ThreeSyncError if `document` is being saved live for a new revision without an
    approved interpretation. Saves of an already-live version (e.g. a move) pass."""
    if not document.needs_interpretation:
        return
    previous = (type(document).objects.filter(pk=document.pk)
                .values("live", "live_revision_id").first() if document.pk else None)
    if previous and previous["live"] and previous["live_revision_id"] == document.live_revision_id:
        return
    problem = three_sync_problem(document)
    if problem:
        raise ThreeSyncError(problem, code="three_sync")


def apply_amendments(document) -> list:
    """On publication, mark what `document` repeals as 已废止 and what it amends as 已修改.

    The change is made on the live row and on the target's latest revision (so a later publish
    of an older draft cannot undo it), and logged in the target's history. Returns the targets
    whose validity changed.
    """
    from disclosure.models.policy import VALIDITY_AMENDED, VALIDITY_REPEALED

    changed = []
    for targets, validity in ((document.repeals.all(), VALIDITY_REPEALED),
                              (document.amends.all(), VALIDITY_AMENDED)):
        for target in targets:
            if target.pk == document.pk or target.validity == validity:
                continue
            if target.validity == VALIDITY_REPEALED:
                continue  # a repealed document stays repealed when someone amends it
            old = target.validity
            # The change falls on the day the newer document takes effect (its 施行日期, else
            # its 成文日期): the annual report's table 二 counts repeals by this day.
            changed_on = document.effective_on or document.written_on
            type(target).objects.filter(pk=target.pk).update(
                validity=validity, validity_changed_on=changed_on)
            revision = target.latest_revision
            if revision is not None and revision.content.get("validity") != validity:
                revision.content["validity"] = validity
                revision.content["validity_changed_on"] = changed_on.isoformat()
                revision.save(update_fields=["content"])
            target.validity = validity
            target.validity_changed_on = changed_on
            log(instance=target, action="disclosure.validity_changed",
                data={"old": old, "new": validity, "by_page": document.pk,
                      "by_title": document.title})
            changed.append(target)
    return changed
