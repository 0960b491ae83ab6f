"""The applications' place in the Wagtail admin: a viewset with only the views staff need.

One application's page is Wagtail's InspectView (applications.admin_detail). No edit or delete
views: every change is a recorded step (applications.actions), and the
audit trail (ApplicationEvent) has no admin at all, so no one can edit or delete it.
"""

from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.admin_url_finder import ModelAdminURLFinder
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.viewsets.model import ModelViewSet

from . import admin_detail, admin_views
from .models import DisclosureApplication, StaffNotice
from .privacy import is_office


class ApplicationViewSet(ModelViewSet):
    model = DisclosureApplication
    name = admin_detail.NAMESPACE
    icon = "form"
    menu_label = _("依申请公开")
    menu_order = 260
    add_to_admin_menu = True
    index_view_class = admin_views.ApplicationIndexView
    filterset_class = admin_views.ApplicationFilterSet
    ordering = "due_on"
    add_to_reference_index = False
    inspect_view_enabled = True
    inspect_view_class = admin_detail.ApplicationInspectView
    inspect_view_fields = admin_detail.ApplicationInspectView.request_fields

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("new/", admin_views.RegisterPaperView.as_view(), name="add"),
            path("<int:pk>/", self.inspect_view, name="detail"),
            path("<int:pk>/action/<slug:code>/", admin_detail.ApplicationActionView.as_view(),
                 name="action"),
            path("<int:pk>/letter-progress/", admin_detail.LetterProgressView.as_view(),
                 name="letter_progress"),
            path("<int:pk>/identity-proof/", admin_detail.IdentityProofView.as_view(),
                 name="identity_proof"),
            path("<int:pk>/<slug:kind>/<int:file_pk>/", admin_detail.StaffFileView.as_view(),
                 name="staff_file"),
            path("statistics/", admin_views.StatisticsView.as_view(), name="statistics"),
        ]

    @property
    def url_finder_class(self):
        """Links to an application from elsewhere in the admin open its detail page."""
        return type("ApplicationURLFinder", (ModelAdminURLFinder,),
                    {"edit_url_name": self.get_url_name("detail")})

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(edit_url_name=None, delete_url_name=None,
                                               **kwargs)

    def get_index_view_kwargs(self, **kwargs):
        view_kwargs = super().get_index_view_kwargs(**kwargs)
        view_kwargs["edit_url_name"] = None
        view_kwargs["delete_url_name"] = None
        view_kwargs["inspect_url_name"] = self.get_url_name("detail")
        return view_kwargs


application_viewset = ApplicationViewSet()


@hooks.register("register_admin_viewset")
def register_application_viewset():
    return application_viewset


class OfficeMenuItem(MenuItem):
    def is_shown(self, request):
        return is_office(request.user)


@hooks.register("register_admin_menu_item")
def register_statistics_menu_item():
    return OfficeMenuItem(_("依申请公开统计"), reverse(f"{admin_detail.NAMESPACE}:statistics"),
                          icon_name="table", order=261)


@hooks.register("insert_global_admin_css")
def application_admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("applications/admin.css"))


class StaffNoticesPanel(Component):
    """The user's unread announcements about applications (assigned, returned, waiting for
    their review, due soon), newest first, on the admin's home page."""

    name = "application_notices"
    template_name = "applications/admin/notices_panel.html"
    order = 55

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        notices = (StaffNotice.objects.filter(recipient=request.user, read_at__isnull=True)
                   .select_related("application")[:20])
        return {"notices": notices, "request": request}


@hooks.register("construct_homepage_panels")
def add_notices_panel(request, panels):
    if StaffNotice.objects.filter(recipient=request.user, read_at__isnull=True).exists():
        panels.insert(0, StaffNoticesPanel())


class ReviewMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("applications.view_disclosureapplication")


@hooks.register("register_admin_menu_item")
def register_review_menu_item():
    return ReviewMenuItem(_("待审核的答复"),
                          reverse(f"{admin_detail.NAMESPACE}:index") + "?waiting=reply",
                          icon_name="tasks", order=262)
