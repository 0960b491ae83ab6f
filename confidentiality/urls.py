"""URLs of the scanner's admin views (under /admin/confidentiality/)."""

from django.urls import path

from . import views

urlpatterns = [
    path("page/<int:page_id>/", views.PageScanView.as_view(), name="page"),
    path("page/<int:page_id>/mask/", views.apply_mask, name="mask"),
]
