"""Atom feeds of new disclosures: the whole catalogue, and one per column.

Only live, public entries appear (drafts and scheduled pages never do), newest first.
"""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from wagtail.models import Site

from departments.models import Organisation
from disclosure.listings import latest_items
from disclosure.models import CatalogueColumn

FEED_LENGTH = 30


class LatestDisclosuresFeed(Feed):
    """新公开的信息 across the whole catalogue."""

    feed_type = Atom1Feed

    def get_object(self, request, *args, **kwargs):
        self.request = request
        return None

    def title(self):
        return _("%(site)s 政府信息公开：最新信息") % {"site": self._site_name()}

    def link(self):
        return "/"

    def subtitle(self):
        return _("新发布的政策文件、解读、预决算、工作动态和公示公告。")

    def items(self):
        return latest_items(limit=FEED_LENGTH)

    # --- per item ---

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary or item.search_description or ""

    def item_link(self, item):
        return item.get_url(request=self.request)

    def item_guid(self, item):
        return item.get_full_url(request=self.request)

    item_guid_is_permalink = True

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_author_name(self, item):
        return item.author or item.source or None

    def item_categories(self, item):
        column = item.get_column()
        return [column.title] if column else []

    def _site_name(self):
        site = Site.find_for_request(self.request)
        if site is None:
            return ""
        return Organisation.for_site(site).organisation_name


class ColumnFeed(LatestDisclosuresFeed):
    """新公开的信息 of one column (and its sub-columns)."""

    def get_object(self, request, column_id):
        self.request = request
        column = (CatalogueColumn.objects.live().public().filter(pk=column_id).first())
        if column is None:
            raise Http404(_("没有这个栏目。"))
        return column

    def title(self, column):
        return _("%(column)s - %(site)s") % {"column": column.title, "site": self._site_name()}

    def link(self, column):
        return column.get_url(request=self.request)

    def subtitle(self, column):
        return _("栏目“%(column)s”新公开的信息。") % {"column": column.title}

    def items(self, column):
        return latest_items(limit=FEED_LENGTH, within=column)
