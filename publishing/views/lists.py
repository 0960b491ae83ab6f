"""Lists for the disclosure office: what is scheduled (with its go-live time), what was forced."""

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils import timezone
from wagtail.models import Page, Revision

from publishing.workflow_models import ForcedPublication


def scheduled(request):
    """Every revision waiting for its go-live time, and every live page with an expiry time."""
    if not request.user.has_perm("wagtailadmin.access_admin"):
        raise PermissionDenied
    revisions = (Revision.page_revisions.filter(approved_go_live_at__isnull=False)
                 .select_related("user").order_by("approved_go_live_at"))
    pages = {page.pk: page for page in Page.objects.filter(
        pk__in=[int(r.object_id) for r in revisions]).specific()}
    going_live = [{"revision": revision, "page": pages.get(int(revision.object_id)),
                   "at": revision.approved_go_live_at} for revision in revisions]
    expiring = Page.objects.filter(live=True, expire_at__isnull=False).order_by("expire_at")
    return TemplateResponse(request, "publishing/admin/scheduled.html", {
        "going_live": [row for row in going_live if row["page"] is not None],
        "expiring": expiring, "now": timezone.now()})


def forced_publications(request):
    if not request.user.has_perm("publishing.force_publish"):
        raise PermissionDenied
    records = ForcedPublication.objects.select_related("page", "by").order_by("-at")[:500]
    return TemplateResponse(request, "publishing/admin/forced.html", {"records": records})
