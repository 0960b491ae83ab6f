"""Admin for the disclosure office: the word list, promoted results and the search report."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from search.admin_views import QueryReportView
from search.models import PromotedResult, SearchTerm


class SearchTermViewSet(SnippetViewSet):
    model = SearchTerm
    icon = "tag"
    menu_label = _("检索词库")
    list_display = ["word", "synonyms", "updated_at"]
    search_fields = ["word", "synonyms"]
    ordering = ["word"]


class PromotedResultViewSet(SnippetViewSet):
    model = PromotedResult
    icon = "pick"
    menu_label = _("推荐结果")
    list_display = ["query", "page", "sort_order"]
    search_fields = ["query"]


class SearchViewSetGroup(SnippetViewSetGroup):
    items = (SearchTermViewSet, PromotedResultViewSet)
    menu_icon = "search"
    menu_label = _("全文检索")
    menu_name = "site-search"


register_snippet(SearchViewSetGroup)


@hooks.register("register_admin_urls")
def register_report_url():
    return [path("search/report/", QueryReportView.as_view(), name="search_query_report"),
            path("search/report/results/", QueryReportView.as_view(results_only=True),
                 name="search_query_report_results")]


class QueryReportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("search.view_querylog")


@hooks.register("register_reports_menu_item")
def register_report_menu_item():
    return QueryReportMenuItem(_("检索统计"), reverse("search_query_report"), icon_name="search",
                               order=900)


