"""The catalogue's own URLs (the pages themselves are served by Wagtail): its Atom feeds."""

from django.urls import path

from disclosure.feeds import ColumnFeed, LatestDisclosuresFeed

app_name = "disclosure"

urlpatterns = [
    path("feed/", LatestDisclosuresFeed(), name="feed"),
    path("feed/column/<int:column_id>/", ColumnFeed(), name="column_feed"),
]
