"""WithdrawalNoticeMiddleware: the address of a withdrawn item stays and says why it went.

A request that Wagtail answers 404 for is looked up among the withdrawals of the request's
site; the latest active one answers 410 Gone with the date and the reason. After a withdrawal
for confidentiality the 404 stands, so nothing about the item is disclosed.
"""

from django.template.response import TemplateResponse
from wagtail.models import Site


class WithdrawalNoticeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in ("GET", "HEAD"):
            return response
        withdrawal = withdrawal_for(request)
        if withdrawal is None or not withdrawal.shows_notice:
            return response
        notice = TemplateResponse(request, "publishing/withdrawn.html",
                                  {"withdrawal": withdrawal}, status=410)
        notice.render()
        return notice


def withdrawal_for(request):
    """The latest active withdrawal at the requested address, or None."""
    from publishing.workflow_models import Withdrawal

    site = Site.find_for_request(request)
    if site is None:
        return None
    path = request.path_info.strip("/")
    if "\x00" in path:
        return None  # PostgreSQL text cannot hold NUL: no address can match
    url_path = site.root_page.url_path + (f"{path}/" if path else "")
    latest = (Withdrawal.objects.filter(url_path=url_path)
              .select_related("page").order_by("-at", "-id").first())
    if latest is None or not latest.active or latest.page.live:
        return None
    return latest
