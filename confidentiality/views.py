"""Admin views of the scanner: a page's scan report, and the one-click mask.

Views read input and render; the rules are in confidentiality.scanner (detectors, pages) and
confidentiality.actions (ApplySuggestedMask).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Page

from departments.roles import CONFIDENTIALITY_OFFICER, has_role

from . import pages
from .actions import ApplySuggestedMask, MaskError
from .models import ScanRecord


def can_view_scan(page, user) -> bool:
    """Whoever may edit the page, and the confidentiality officers."""
    return bool(user.is_active and (page.permissions_for_user(user).can_edit()
                                    or has_role(user, CONFIDENTIALITY_OFFICER)))


class PageScanView(WagtailAdminTemplateMixin, TemplateView):
    """保密扫描结果: the findings in the page's latest draft and its attachments."""

    template_name = "confidentiality/scanner_report.html"
    page_title = gettext_lazy("保密扫描")
    header_icon = "warning"

    def dispatch(self, request, *args, **kwargs):
        self.page = get_object_or_404(Page, pk=kwargs["page_id"]).specific
        if not can_view_scan(self.page, request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.page.get_admin_display_title()

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("wagtailadmin_pages:edit", args=[self.page.pk]),
             "label": self.page.get_admin_display_title()},
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        draft = self.page.get_latest_revision_as_object()
        report = pages.scan_page(draft)
        revision = self.page.latest_revision
        if revision is not None:
            last = ScanRecord.objects.filter(revision=revision).order_by("-pk").first()
            if last is None or last.report != report.as_dict():
                ScanRecord.record(self.page, report, revision=revision, user=self.request.user)
        lock = self.page.get_lock()
        context.update(
            page=self.page,
            report=report,
            can_mask=(self.page.permissions_for_user(self.request.user).can_edit()
                      and not (lock and lock.for_user(self.request.user))),
            locked_message=lock.get_message(self.request.user) if lock and lock.for_user(
                self.request.user) else "",
            mask_url=reverse("confidentiality:mask", args=[self.page.pk]),
            edit_url=reverse("wagtailadmin_pages:edit", args=[self.page.pk]),
        )
        return context


@require_POST
def apply_mask(request, page_id):
    """应用建议遮盖: one finding of the page's own text replaced by its mask, as a new draft."""
    page = get_object_or_404(Page, pk=page_id).specific
    action = ApplySuggestedMask(page, request.POST.get("finding", ""), request.user)
    try:
        action.execute()
    except MaskError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("已将“%(location)s”中的内容遮盖为“%(mask)s”，并保存为新的草稿版本。") % {
            "location": action.finding.location, "mask": action.finding.suggestion})
    next_url = request.POST.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()},
                                                    require_https=request.is_secure()):
        return redirect(next_url)
    return redirect("confidentiality:page", page.pk)
