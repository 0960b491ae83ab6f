"""URLs of the workflow's admin views (under /admin/publishing/workflow/)."""

from django.urls import path

from . import actions, lists

urlpatterns = [
    path("withdraw/<int:page_id>/", actions.withdraw, name="withdraw"),
    path("force-publish/<int:page_id>/", actions.force_publish, name="force_publish"),
    path("forced/", lists.ForcedPublicationsView.as_view(), name="forced"),
    path("forced/results/", lists.ForcedPublicationsView.as_view(results_only=True),
         name="forced_results"),
    path("scheduled/", lists.ScheduledView.as_view(), name="scheduled"),
    path("scheduled/results/", lists.ScheduledView.as_view(results_only=True),
         name="scheduled_results"),
]
