"""Two of Wagtail's admin views that name pages without a hook to limit them, replaced at their
own addresses (portal/urls.py puts these first): the page types usage report, which is the
office's, and the page chooser's "chosen" step, which names only pages the person may see."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.chooser import ChosenMultipleView
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView
from wagtail.models import Page

from .visibility import only_visible, sees_every_page


class OfficePageTypesUsageReportView(PageTypesUsageReportView):
    """The report names the last edited page of each page type anywhere in the tree, drafts of
    every department included: only the office (and a superuser) may open it."""

    def dispatch(self, request, *args, **kwargs):
        if not sees_every_page(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class VisibleChosenMultipleView(ChosenMultipleView):
    """The chooser's answer for several pages: only pages the person may see (asked only for
    others, a 404, as for ids that do not exist)."""

    def get(self, request):
        asked = [pk for pk in request.GET.getlist("id") if pk.isdigit()]
        visible = only_visible(Page.objects.filter(pk__in=asked), request.user)
        if not visible.exists():
            raise Http404
        query = request.GET.copy()
        query.setlist("id", [str(pk) for pk in visible.values_list("pk", flat=True)])
        request.GET = query
        return super().get(request)


page_types_usage = require_admin_access(OfficePageTypesUsageReportView.as_view())
page_types_usage_results = require_admin_access(
    OfficePageTypesUsageReportView.as_view(results_only=True))
chosen_multiple_pages = require_admin_access(VisibleChosenMultipleView.as_view())
