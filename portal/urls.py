"""The site's URLs: the admin, operational endpoints, each app's public views, then Wagtail."""

from django.conf import settings
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.documents.views import serve as wagtaildocs_serve
from wagtail.views import authenticate_with_password as page_password_view

from accounts.lockout import guard_password_view
from departments import views as department_views
from portal import views
from publishing.views import creation

urlpatterns = [
    # Wagtail views that would name pages the person may not see (departments.views).
    path("admin/reports/page-types-usage/", department_views.page_types_usage),
    path("admin/reports/page-types-usage/results/", department_views.page_types_usage_results),
    path("admin/choose-page/chosen-multiple/", department_views.chosen_multiple_pages),
    # Wagtail's page create view, creating one page per form (publishing.views.creation).
    path("admin/pages/add/<slug:content_type_app_name>/<slug:content_type_model_name>/"
         "<int:parent_page_id>/", creation.CreateView.as_view()),
    path("admin/", include(wagtailadmin_urls)),
    # Wagtail checks page and document passwords itself: the same lockout as logins (issue 14).
    path("documents/authenticate_with_password/<int:restriction_id>/",
         guard_password_view(wagtaildocs_serve.authenticate_with_password)),
    path("_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
         guard_password_view(page_password_view)),
    path("documents/", include(wagtaildocs_urls)),
    path("healthz", views.healthz, name="healthz"),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("disclosure/", include("disclosure.urls")),
    path("search/", include("search.urls")),
    path("applications/", include("applications.urls")),
]

if settings.DEBUG or settings.SERVE_MEDIA:
    # The development server and the demo (which runs with DEBUG off so that people meet the
    # site's own Chinese error pages) serve uploads themselves; in production nginx does.
    from django.views.static import serve

    # Only image renditions: documents and original images go through the site's check.
    urlpatterns += [re_path(r"^media/images/(?P<path>.*)$", serve,
                            {"document_root": settings.MEDIA_ROOT / "images"})]

urlpatterns += [path("", include(wagtail_urls))]
