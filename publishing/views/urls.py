"""URLs of the workflow's admin views (under /admin/publishing/workflow/)."""

from django.urls import path

from . import actions, lists

urlpatterns = [
    path("withdraw/<int:page_id>/", actions.withdraw, name="withdraw"),
    path("force-publish/<int:page_id>/", actions.force_publish, name="force_publish"),
    path("forced/", lists.forced_publications, name="forced"),
    path("scheduled/", lists.scheduled, name="scheduled"),
]
