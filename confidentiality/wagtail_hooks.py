"""Admin registration of the scanner: the sensitive-term list, the scan report and mask views,
the "保密扫描" page button, and the audit-log action types.
"""

from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .actions import MASK_LOG_ACTION
from .exif import EXIF_LOG_ACTION
from .models import SensitiveTerm

LOG_ACTIONS = [
    (MASK_LOG_ACTION, _("应用保密遮盖"), _("应用保密遮盖")),
    (EXIF_LOG_ACTION, _("移除图片元数据"), _("移除图片元数据（位置、设备、作者）")),
]


class SensitiveTermViewSet(SnippetViewSet):
    """敏感词表: words and phrases the disclosure office wants every page checked for."""

    model = SensitiveTerm
    icon = "warning"
    menu_label = _("敏感词表")
    add_to_admin_menu = False
    add_to_settings_menu = True
    list_display = ["term", "severity", "note", "updated_at"]
    list_filter = ["severity"]
    search_fields = ["term", "note"]
    ordering = ["term"]


register_snippet(SensitiveTermViewSet())


@hooks.register("register_log_actions")
def register_scanner_log_actions(actions):
    for action, label, message in LOG_ACTIONS:
        actions.register_action(action, label, message)


@hooks.register("register_admin_urls")
def register_scanner_urls():
    from . import urls

    return [path("confidentiality/", include((urls.urlpatterns, "confidentiality"),
                                                namespace="confidentiality"))]


class PageScanButton(PageMenuItem):
    label = _("保密扫描")
    icon_name = "warning"
    url_name = "confidentiality:page"
    priority = 66

    def is_shown(self, user):
        from .views import can_view_scan

        return can_view_scan(self.page, user)


@hooks.register("register_page_header_buttons")
def page_scan_header_button(page, user, view_name, next_url=None):
    yield PageScanButton(page=page)
