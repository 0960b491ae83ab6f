"""The public search page, /search/?q=…

The view only reads the request, asks `search.service.run_search` and renders; rules live in
the service. Whatever arrives in the query string, the answer is a page, never a server error.
"""

from urllib.parse import urlencode

from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from search.backends import FACETS
from search.forms import SearchForm
from search.service import run_search

FACET_LABELS = {
    "kind": "类型", "column": "栏目", "year": "年份", "issuing_body": "发文机关",
    "validity": "有效性",
}


@require_GET
def search_page(request):
    form = SearchForm(request.GET)
    outcome = run_search(form.query(), form.filters(), form.sort_order(), form.page_number())
    context = {
        "form": form,
        "search_query": outcome.query_text,
        "outcome": outcome,
        "facet_groups": _facet_groups(request, form, outcome),
        "sort_links": _sort_links(request, form),
        "pages": _page_links(request, outcome),
    }
    return TemplateResponse(request, "search/search.html", context)


def _link(request, **changes) -> str:
    """The current search's URL with some parameters changed (None removes one)."""
    params = {key: value for key, value in request.GET.items() if key in SearchForm.base_fields}
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    if "page" not in changes:
        params.pop("page", None)  # a new filter or order starts again at page 1
    return "?" + urlencode(params)


def _facet_groups(request, form, outcome) -> list[dict]:
    from django.utils.translation import gettext as _

    groups = []
    selected = form.filters()
    for name in FACETS:
        values = outcome.results.facets.get(name, []) if outcome.results else []
        chosen = selected.get(name)
        items = [{
            "label": value.label, "count": value.count,
            "selected": chosen is not None and str(chosen) == value.value,
            "url": _link(request, **{name: value.value}),
        } for value in values]
        if items or chosen is not None:
            groups.append({"name": name, "label": _(FACET_LABELS[name]), "items": items,
                           "clear_url": _link(request, **{name: None}) if chosen is not None
                           else None})
    return groups


def _sort_links(request, form) -> list[dict]:
    from django.utils.translation import gettext as _

    current = form.sort_order()
    return [{"label": label, "url": _link(request, sort=key), "current": key == current}
            for key, label in (("relevance", _("按相关度")), ("date", _("按日期")))]


def _page_links(request, outcome) -> list[dict]:
    if not outcome.results or outcome.num_pages <= 1:
        return []
    number, last = outcome.page_number, outcome.num_pages
    shown = sorted({1, last, *range(max(1, number - 2), min(last, number + 2) + 1)})
    links, previous = [], 0
    for page in shown:
        if page - previous > 1:
            links.append({"gap": True})
        links.append({"number": page, "url": _link(request, page=str(page)),
                      "current": page == number})
        previous = page
    return links

